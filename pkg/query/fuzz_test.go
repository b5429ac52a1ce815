package query

import (
	"errors"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/query/querytest"
)

// FuzzParse: any input either parses or returns a positioned *Error
// inside it; what parses compiles, matches without panicking, and its
// canonical form parses to the same canonical form.
func FuzzParse(f *testing.F) {
	for _, c := range querytest.Cases {
		f.Add(c.Query)
	}
	for _, s := range []string{"", "(", `"`, `a OR (b AND NOT "c d") -e`, `money:gbp>=1.5bn`, "published:>=now-7d",
		`entity:"a\"b\\"`, "figure:\"x\">=-1e3", "NOT NOT NOT a", "x:y", "a\x00b", "money=>5"} {
		f.Add(s)
	}
	d := NewDoc(querytest.Article())
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseAt(s, querytest.Now)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) = %v, not an *Error", s, err)
			}
			if qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("Parse(%q): error position %d outside the query", s, qe.Pos)
			}
			return
		}
		m := q.Match(d)
		if got := NewSet([]*Query{q}).Match(d); (len(got) == 1) != m {
			t.Fatalf("%q: Set.Match = %v, Match = %v", s, got, m)
		}
		sql, err := q.Compile(Schema{StoryID: true, Watch: true}, 0)
		if err != nil {
			t.Fatalf("Compile(%q): %v", s, err)
		}
		if strings.Count(sql.Where, "$") != len(sql.Args) {
			t.Fatalf("Compile(%q): %d parameters for %d args", s, strings.Count(sql.Where, "$"), len(sql.Args))
		}
		c := q.Canonical()
		q2, err := ParseAt(c, querytest.Now)
		if err != nil {
			t.Fatalf("Parse(Canonical(%q) = %q): %v", s, c, err)
		}
		if c2 := q2.Canonical(); c2 != c {
			t.Fatalf("Canonical(%q) = %q, which parses to %q", s, c, c2)
		}
		if q.Match(d) != q2.Match(d) {
			t.Fatalf("%q and its canonical form %q match differently", s, c)
		}
	})
}
