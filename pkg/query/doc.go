// Package query is newswire's search language: one parser, and two ways to
// run what it parses, so a search and a saved-search alert agree on what
// matches. Compile turns a query into a parameterised SQL condition over
// the PostgreSQL sink's tables; Match evaluates it on one article in
// memory (the search service's file backend, the alert notifier).
//
// The language:
//
//	rolls royce            words: both must appear in the title or text (AND is implied)
//	"interest rates"       a phrase: the words in this order
//	a OR b, a AND b, NOT a, -a, ( ... )
//	entity:"Goldman Sachs" an entity by canonical name (case does not matter)
//	id:GB                  an entity by id
//	type:ORG               an entity of this type (PERSON, ORG, LOC, NORP)
//	watch:true             an entity on the watch list (watch:false: none)
//	money>=100m            an amount of money, any currency (k, m, bn, tn)
//	money:GBP>=100m        in one currency; money:GBP alone: any GBP amount
//	figure:jobs>=1000      a figure counting this unit; figure:percent
//	source:bbc-world       the source's name
//	lang:en                the language
//	published:>=2024-05-01 the publication time (also <, <=, >, a day
//	                       2024-05-01, an RFC 3339 time, now-7d, now-24h)
//	story:<id>             the story's id
//
// Words match whole words, case-insensitively, in the first MaxTextChars
// characters of the title and text. AND, OR and NOT are operators only
// in capitals; NOT binds tighter than AND, and AND tighter than OR.
package query
