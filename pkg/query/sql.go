package query

import (
	"errors"
	"fmt"
	"strings"
)

// TextVector is the full-text vector word terms are matched against in
// SQL, over the sink's articles table aliased a: a stored column (sink
// migrations 00007 and 00008) with the positions of to_tsvector('simple',
// the first MaxTextChars characters of title || ' ' || text), the title's
// words weighted A and the text's D for ranking, GIN-indexed. The simple
// configuration lower-cases words and neither stems nor drops stop words,
// as Match reads them.
const TextVector = `a.search_vector`

// Schema says which optional columns the database has: a query that needs
// a missing one fails to compile with ErrUnsupported, rather than failing
// at the database.
type Schema struct {
	// StoryID: articles.story_id exists.
	StoryID bool
	// Watch: entities.watch exists.
	Watch bool
}

// ErrUnsupported is returned by Compile for a term the database cannot
// answer yet.
var ErrUnsupported = errors.New("not supported by this database")

// SQL is a compiled query: a condition over the sink's articles table
// (aliased a) with positional parameters.
type SQL struct {
	// Where is the condition, with parameters $<ArgBase+1>....
	Where string
	// Args are the parameters' values, in order.
	Args []any
}

// Compile turns q into a parameterised SQL condition over the PostgreSQL
// sink's tables, numbering its parameters after the argBase the caller
// already uses. It never puts a value into the SQL text.
func (q *Query) Compile(schema Schema, argBase int) (SQL, error) {
	c := &compiler{schema: schema, base: argBase}
	var b strings.Builder
	if err := c.node(&b, q.root); err != nil {
		return SQL{}, err
	}
	return SQL{Where: b.String(), Args: c.args}, nil
}

type compiler struct {
	schema Schema
	base   int
	args   []any
}

func (c *compiler) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", c.base+len(c.args))
}

func (c *compiler) node(b *strings.Builder, n node) error {
	switch n := n.(type) {
	case andNode, orNode:
		kids, sep := []node(nil), " AND "
		if o, ok := n.(orNode); ok {
			kids, sep = o, " OR "
		} else {
			kids = n.(andNode)
		}
		b.WriteByte('(')
		for i, k := range kids {
			if i > 0 {
				b.WriteString(sep)
			}
			if err := c.node(b, k); err != nil {
				return err
			}
		}
		b.WriteByte(')')
	case notNode:
		// IS NOT TRUE, not NOT: a NULL column (no language, no
		// publication time) fails the term, so NOT of it holds, as in
		// Match.
		b.WriteByte('(')
		if err := c.node(b, n.x); err != nil {
			return err
		}
		b.WriteString(") IS NOT TRUE")
	case wordNode:
		fmt.Fprintf(b, "%s @@ plainto_tsquery('simple', %s)", TextVector, c.arg(string(n)))
	case phraseNode:
		fmt.Fprintf(b, "%s @@ phraseto_tsquery('simple', %s)", TextVector, c.arg(strings.Join(n, " ")))
	case fieldNode:
		return c.field(b, n)
	default:
		return fmt.Errorf("query: cannot compile %T", n)
	}
	return nil
}

func (c *compiler) field(b *strings.Builder, f fieldNode) error {
	switch f.kind {
	case fSource:
		fmt.Fprintf(b, "a.source_name = %s", c.arg(f.s))
	case fLang:
		fmt.Fprintf(b, "a.language = %s", c.arg(f.s))
	case fStory:
		if !c.schema.StoryID {
			return fmt.Errorf("story: %w (the sink has no story_id column yet)", ErrUnsupported)
		}
		fmt.Fprintf(b, "a.story_id = %s", c.arg(f.s))
	case fPublished:
		var parts []string
		if !f.lo.IsZero() {
			parts = append(parts, "a.published_at >= "+c.arg(f.lo))
		}
		if !f.hi.IsZero() {
			parts = append(parts, "a.published_at < "+c.arg(f.hi))
		}
		if len(parts) == 0 {
			b.WriteString("a.published_at IS NOT NULL")
		} else {
			b.WriteString("(" + strings.Join(parts, " AND ") + ")")
		}
	case fEntity:
		fmt.Fprintf(b, "EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND lower(e.canonical) = %s)", c.arg(f.s))
	case fEntityID:
		fmt.Fprintf(b, "EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.entity_id = %s)", c.arg(f.s))
	case fType:
		fmt.Fprintf(b, "EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.type = %s)", c.arg(f.s))
	case fWatch:
		if !c.schema.Watch {
			return fmt.Errorf("watch: %w (the sink has no entities.watch column yet)", ErrUnsupported)
		}
		if !f.b {
			b.WriteString("NOT ")
		}
		b.WriteString("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.watch)")
	case fMoney, fFigure:
		table, alias, key := "money", "m", "currency"
		if f.kind == fFigure {
			table, alias, key = "figures", "f", "unit"
		}
		fmt.Fprintf(b, "EXISTS (SELECT 1 FROM %s %s WHERE %s.article_id = a.id", table, alias, alias)
		if f.s != "" {
			fmt.Fprintf(b, " AND %s.%s = %s", alias, key, c.arg(f.s))
		}
		if f.hasNum {
			fmt.Fprintf(b, " AND %s.magnitude %s %s", alias, opNames[f.op], c.arg(f.num))
		}
		b.WriteByte(')')
	default:
		return fmt.Errorf("query: cannot compile field %d", f.kind)
	}
	return nil
}

// RankQuery returns a tsquery (for to_tsquery('simple', ...)) that any of
// the query's words and phrases satisfy, to rank results by relevance
// with ts_rank over TextVector; "" when the query has no words.
func (q *Query) RankQuery() string {
	var parts []string
	for _, ws := range q.Words() {
		quoted := make([]string, len(ws))
		for i, w := range ws {
			// Words hold only letters, digits and marks (Tokens), so
			// quoting them is enough to keep tsquery syntax out.
			quoted[i] = "'" + w + "'"
		}
		parts = append(parts, "("+strings.Join(quoted, " <-> ")+")")
	}
	return strings.Join(parts, " | ")
}
