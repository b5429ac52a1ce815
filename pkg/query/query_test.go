package query

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query/querytest"
)

var now = querytest.Now

func TestParseCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"rolls royce", "(rolls AND royce)"},
		{"Rolls-Royce", `"rolls royce"`},
		{`"interest rates" OR inflation`, `("interest rates" OR inflation)`},
		{"a OR b c", "(a OR (b AND c))"},
		{"a AND (b OR c)", "(a AND (b OR c))"},
		{"NOT a", "NOT a"},
		{"-a b", "(NOT a AND b)"},
		{"x-ray", `"x ray"`},
		{"and or not", "(and AND or AND not)"},
		{`entity:"Goldman Sachs"`, `entity:"goldman sachs"`},
		{`ENTITY:Pfizer`, `entity:"pfizer"`},
		{"id:GB", `id:"GB"`},
		{"type:org", `type:"ORG"`},
		{"watch:true", "watch:true"},
		{"watch:no", "watch:false"},
		{"money>=100m", "money>=100000000"},
		{"money:gbp>=1.5bn", `money:"GBP">=1500000000`},
		{"money:EUR", `money:"EUR"`},
		{"money<1,000", "money<1000"},
		{"figure:jobs>=1000", `figure:"jobs">=1000`},
		{`figure:"Job Cuts">2k`, `figure:"job cuts">2000`},
		{"figure>=10", "figure>=10"},
		{"source:bbc-world", `source:"bbc-world"`},
		{"lang:EN", `lang:"en"`},
		{"story:abc123", `story:"abc123"`},
		{"published:>=2024-05-01", "published:>=2024-05-01T00:00:00Z"},
		{"published:2024-05-01", "(published:>=2024-05-01T00:00:00Z AND published:<2024-05-02T00:00:00Z)"},
		{"published:2024-05", "(published:>=2024-05-01T00:00:00Z AND published:<2024-06-01T00:00:00Z)"},
		{"published:<=2024-05-01", "published:<2024-05-02T00:00:00Z"},
		{"published:>2024-05-01", "published:>=2024-05-02T00:00:00Z"},
		{"published:>=now-7d", "published:>=2024-05-03T12:00:00Z"},
		{"published:<2024-05-01T10:00:00+02:00", "published:<2024-05-01T08:00:00Z"},
		{`"a \"b\" c"`, `"a b c"`},
		{"  (  a  )  ", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := ParseAt(tt.in, now)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := q.Canonical(); got != tt.want {
				t.Errorf("Parse(%q).Canonical() = %s, want %s", tt.in, got, tt.want)
			}
			// The canonical form parses to itself.
			q2, err := ParseAt(q.Canonical(), now)
			if err != nil {
				t.Fatalf("Parse(%q): %v", q.Canonical(), err)
			}
			if q2.Canonical() != q.Canonical() {
				t.Errorf("Parse(%q).Canonical() = %s, want itself", q.Canonical(), q2.Canonical())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		want string // part of the message
	}{
		{"", 0, "empty query"},
		{"   ", 0, "empty query"},
		{"a AND", 5, "expected a term after AND"},
		{"a OR", 4, "expected a term after OR"},
		{"NOT", 3, "expected a term after NOT"},
		{"(a b", 0, "unclosed ("},
		{"a b)", 3, "unmatched )"},
		{"()", 0, "empty parentheses"},
		{`"open phrase`, 0, "unterminated quote"},
		{`a entity:"Goldman`, 9, "unterminated quote"},
		{"entitiy:x", 0, `unknown field "entitiy"`},
		{"type:CAT", 5, "want PERSON, ORG, LOC or NORP"},
		{"money>=lots", 7, "is not a number"},
		{"money:pounds>=1", 6, "ISO 4217"},
		{"money:", 6, "needs a value"},
		{"entity:", 7, "needs a value"},
		{`figure:""`, 7, "figure: needs a unit"},
		{`money:"">=5`, 6, "money: needs a currency"},
		{"money=>5", 5, "unknown comparison"},
		{"published:>=yesterday", 12, "is not a date"},
		{"published:>=now-7w", 12, "unit is d, h or m"},
		{"published:<0001-01", 11, "before the year 1000"},
		{"watch:maybe", 6, "want true or false"},
		{"source>=x", 6, "takes no comparison"},
		{`entity:"a"b`, 10, `unexpected "b"`},
		{"&&", 0, "no letters or digits"},
		{"a \xff", 2, "invalid UTF-8"},
		{strings.Repeat("(", 70) + "a" + strings.Repeat(")", 70), 64, "nested deeper"},
		{strings.Repeat("NOT ", 33) + "a", 0, "nested deeper than 32"},
		{"x (" + strings.Repeat("-", 32) + "a OR b)", 3, "nested deeper than 32"},
		{strings.Repeat("a ", 70), 128, "more than 64 terms"},
		{strings.Repeat("a", MaxLen+1), MaxLen, "longer than"},
		// 60 months: 1,256 bytes, 4,438 with each month's two bounds.
		{strings.TrimSuffix(strings.Repeat("published:2024-05 OR ", 60), " OR "), 1256, "written out in full (4438)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseAt(tt.in, now)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) = %v, want an *Error", tt.in, err)
			}
			if qe.Pos != tt.pos || !strings.Contains(qe.Msg, tt.want) {
				t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.in, qe.Msg, qe.Pos, tt.want, tt.pos)
			}
			if !strings.Contains(err.Error(), "column") {
				t.Errorf("Parse(%q).Error() = %q, want the column", tt.in, err.Error())
			}
		})
	}
}

// TestDepthCanonical: the depth limit is the tree's, so a query at the
// limit and its canonical form (which adds parentheses the text did not
// have) are accepted together. Found by FuzzParse.
func TestDepthCanonical(t *testing.T) {
	for _, in := range []string{
		"0 " + strings.Repeat("-", 31) + "00",
		strings.Repeat("(", 40) + "a" + strings.Repeat(")", 40),
		"a OR " + strings.Repeat("NOT ", 30) + "b c",
	} {
		q, err := ParseAt(in, now)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if _, err := ParseAt(q.Canonical(), now); err != nil {
			t.Errorf("Parse(Canonical(%q) = %q): %v", in, q.Canonical(), err)
		}
	}
}

func TestMatch(t *testing.T) {
	d := NewDoc(querytest.Article())
	for _, tt := range querytest.Cases {
		q, err := ParseAt(tt.Query, now)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.Query, err)
		}
		if got := q.Match(d); got != tt.Want {
			t.Errorf("Match(%q) = %v, want %v", tt.Query, got, tt.Want)
		}
	}
}

func TestMatchUntagged(t *testing.T) {
	a := querytest.Article()
	a.Tags, a.PublishedAt, a.Language = nil, nil, ""
	d := NewDoc(a)
	for q, want := range map[string]bool{
		"type:ORG": false, "watch:false": true, "money>=1": false,
		"published:>=2000-01-01": false, "NOT published:>=2000-01-01": true, "NOT lang:en": true,
		// No language is no value, as the sink's NULL column: lang:"" matches nothing.
		`lang:""`: false, `NOT lang:""`: true, `story:""`: false,
	} {
		if got := MustParse(t, q).Match(d); got != want {
			t.Errorf("Match(%q) on an untagged article = %v, want %v", q, got, want)
		}
	}
}

func MustParse(t *testing.T, s string) *Query {
	t.Helper()
	q, err := ParseAt(s, now)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

func TestSearchedTextLimit(t *testing.T) {
	a := &article.Article{Title: "T", Text: strings.Repeat("é", MaxTextChars) + " needle"}
	if MustParse(t, "needle").Match(NewDoc(a)) {
		t.Errorf("a word after MaxTextChars characters matched")
	}
	if got := len([]rune(SearchedText(a.Title, a.Text))); got != MaxTextChars {
		t.Errorf("SearchedText has %d characters, want %d", got, MaxTextChars)
	}
}

func TestCompile(t *testing.T) {
	q := MustParse(t, `(rolls OR "goldman sachs") money:GBP>=100m -source:x published:2024-05-01`)
	got, err := q.Compile(Schema{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := `((` + TextVector + ` @@ plainto_tsquery('simple', $3) OR ` + TextVector + ` @@ phraseto_tsquery('simple', $4)) AND ` +
		`EXISTS (SELECT 1 FROM money m WHERE m.article_id = a.id AND m.currency = $5 AND m.magnitude >= $6) AND ` +
		`(a.source_name = $7) IS NOT TRUE AND (a.published_at >= $8 AND a.published_at < $9))`
	if got.Where != want {
		t.Errorf("Compile().Where =\n%s\nwant\n%s", got.Where, want)
	}
	wantArgs := []any{"rolls", "goldman sachs", "GBP", 100e6, "x",
		time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(wantArgs, got.Args); diff != "" {
		t.Errorf("Compile().Args (-want +got):\n%s", diff)
	}
	// Values never reach the SQL text.
	evil := MustParse(t, `source:"x'; DROP TABLE articles; --" entity:"a'b"`)
	s, err := evil.Compile(Schema{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.Where, "DROP") || strings.Contains(s.Where, "a'b") {
		t.Errorf("Compile put a value in the SQL: %s", s.Where)
	}
}

func TestCompileUnsupported(t *testing.T) {
	for _, s := range []string{"story:x", "watch:true", "a OR NOT watch:false"} {
		if _, err := MustParse(t, s).Compile(Schema{}, 0); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Compile(%q) without the column = %v, want ErrUnsupported", s, err)
		}
		if _, err := MustParse(t, s).Compile(Schema{StoryID: true, Watch: true}, 0); err != nil {
			t.Errorf("Compile(%q) = %v", s, err)
		}
	}
}

func TestRankQuery(t *testing.T) {
	q := MustParse(t, `rolls "goldman sachs" -boeing entity:x`)
	if got, want := q.RankQuery(), `('rolls') | ('goldman' <-> 'sachs')`; got != want {
		t.Errorf("RankQuery() = %s, want %s", got, want)
	}
}

func TestSpans(t *testing.T) {
	s := "Rolls-Royce and rolls; Goldman Sachs, goldman."
	got := Spans(s, MustParse(t, `rolls "goldman sachs" royce`).Words())
	want := [][2]int{{0, 5}, {6, 11}, {16, 21}, {23, 36}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Spans (-want +got):\n%s", diff)
	}
}
