// Package querytest holds the conformance cases every runner of the
// query language passes: the in-memory matcher (package query's tests) and
// the SQL compiler against a real PostgreSQL (the search service's tests).
// One article, and queries with whether it matches.
package querytest

import (
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// Now is the time relative dates (now-7d) are resolved against.
var Now = time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)

func f64(v float64) *float64 { return &v }

// Article returns the article the cases run on.
func Article() *article.Article {
	pub := time.Date(2024, 5, 7, 9, 30, 0, 0, time.UTC)
	text := "Rolls-Royce will cut 2,500 jobs, Goldman Sachs said. The £170million deal was approved in London. It will close 5-10 sites."
	return &article.Article{
		ID: "a1", Source: article.Source{Name: "bbc-world", Kind: article.KindRSS}, Language: "en",
		Title: "Engine maker to cut jobs", Text: text, PublishedAt: &pub, StoryID: "s1",
		Tags: &article.Tags{
			Entities: []article.Entity{
				{Type: "ORG", Text: "Rolls-Royce", Canonical: "Rolls-Royce", Start: 0, End: 11, Watch: true},
				{Type: "ORG", Text: "Goldman Sachs", Canonical: "Goldman Sachs", Start: 33, End: 46},
				{Type: "LOC", Text: "London", Canonical: "London", ID: "Q84", Start: 91, End: 97},
			},
			Money:   []article.Money{{Text: "£170million", Currency: "GBP", Amount: f64(170e6), Start: 57, End: 69}},
			Figures: []article.Figure{{Text: "2,500 jobs", Value: f64(2500), Unit: "jobs", Start: 21, End: 31}, {Text: "5-10 sites", Min: f64(5), Max: f64(10), Unit: "sites", Start: 113, End: 123}},
		},
	}
}

// Cases are queries and whether Article matches each, at Now.
var Cases = []struct {
	Query string
	Want  bool
}{
	{"rolls", true},
	{"ROLLS royce", true},
	{`"rolls royce"`, true},
	{`"royce rolls"`, false},
	{"Rolls-Royce", true},
	{"engine", true},
	{"engines", false},
	{"cut jobs", true},
	{`"cut 2 500 jobs"`, true},
	{"boeing", false},
	{"boeing OR airbus OR london", true},
	{"NOT boeing", true},
	{"-london", false},
	{"rolls -boeing", true},
	{`entity:"goldman sachs"`, true},
	{`entity:"Goldman Sachs"`, true},
	{`entity:Goldman`, false},
	{"id:Q84", true},
	{"id:q84", false},
	{"type:ORG", true},
	{"type:PERSON", false},
	{"watch:true", true},
	{"watch:false", false},
	{"money>=100m", true},
	{"money>170m", false},
	{"money:GBP>=170m", true},
	{"money:USD", false},
	{"money:GBP", true},
	{"figure:jobs>=1000", true},
	{"figure:jobs>2500", false},
	{"figure:sites>=10", true},
	{"figure:sites>10", false},
	{"figure:JOBS", true},
	{"figure<=5", false},
	{"source:bbc-world", true},
	{"source:BBC-world", false},
	{"lang:en", true},
	{"lang:de", false},
	{"NOT lang:de", true},
	{"published:>=2024-05-01", true},
	{"published:2024-05-07", true},
	{"published:2024-05-08", false},
	{"published:<2024-05-07T09:30:00Z", false},
	{"published:<=2024-05-07T09:30:00Z", true},
	{"published:>=now-7d", true},
	{"published:>=now-24h", false},
	{"story:s1", true},
	{"story:s2", false},
	{"(boeing OR rolls) AND money:GBP>=100m AND NOT type:PERSON", true},
}
