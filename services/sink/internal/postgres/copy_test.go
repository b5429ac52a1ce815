package postgres

import (
	"testing"

	"github.com/newswire/newswire/pkg/article"
)

func TestTagCopy(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name string
		tags article.Tags
		want [3]string // entities, money, figures
	}{
		{"empty", article.Tags{}, [3]string{}},
		{"escapes", article.Tags{Entities: []article.Entity{
			{Type: "PERSON", Text: "a\tb\nc\rd\\e", Canonical: `\N`, Start: 1, End: 2},
			{Type: "LOC", Text: "Iran", Canonical: "Iran", ID: "IR", Start: 3, End: 7, Watch: true},
		}}, [3]string{"x\t0\tPERSON\ta\\tb\\nc\\rd\\\\e\t\\\\N\t\\N\t1\t2\tf\nx\t1\tLOC\tIran\tIran\tIR\t3\t7\tt\n", "", ""}},
		{"numbers", article.Tags{
			Money:   []article.Money{{Text: "£50m to £200m", Currency: "GBP", Min: f(50e6), Max: f(200e6), Start: 0, End: 9}},
			Figures: []article.Figure{{Text: "0.1%", Value: f(0.1), Unit: "percent", Approximate: true, Start: 5, End: 9}},
		}, [3]string{"", "x\t0\t£50m to £200m\tGBP\t\\N\t5e+07\t2e+08\tf\t0\t9\n", "x\t0\t0.1%\t0.1\t\\N\t\\N\tpercent\tt\t5\t9\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c tagCopy
			c.add("x", &tc.tags)
			for i, got := range []string{string(c.entities.b), string(c.money.b), string(c.figures.b)} {
				if got != tc.want[i] {
					t.Errorf("tagCopy.add(%+v) table %d = %q, want %q", tc.tags, i, got, tc.want[i])
				}
			}
		})
	}
}
