package watch_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/watch"
	"github.com/newswire/newswire/services/tagger/internal/watch/watchtest"
)

const testList = `
entities:
  - id: gs
    type: org
    name: Goldman Sachs
    aliases: [Goldman Sachs Group, GS]
  - id: apple
    type: ORG
    name: Apple Inc.
    ambiguous: [Apple]
    context: [iPhone, shares, Tim Cook]
  - id: tenhag
    type: PERSON
    name: Erik ten Hag
    aliases: [ten Hag]
  - id: mcd
    type: ORG
    name: McDonald's
  - id: rr
    type: ORG
    name: Rolls-Royce
  - id: meta
    type: ORG
    name: Meta Platforms
    aliases: [Meta]
  - id: bofa
    type: ORG
    name: Bank of America
  - id: us
    type: LOC
    name: America
  - id: jordan-country
    type: LOC
    name: Jordan
  - id: mj
    type: PERSON
    name: Michael Jordan
    ambiguous: [Jordan]
    context: [basketball, Bulls]
  - id: sp
    type: LOC
    name: São Paulo
  - id: ebay
    type: ORG
    name: eBay
  - id: handle
    type: ORG
    name: Acme News
    aliases: ["@AcmeNews"]
`

func matcher(t testing.TB, list string) *watch.Matcher {
	t.Helper()
	m, err := watch.Load([]byte(list), watch.Options{Window: 10})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

// found is what a test compares: id and text of each mention.
type found struct{ ID, Text string }

func ids(text string, es []article.Entity) []found {
	var out []found
	for _, e := range es {
		if text[e.Start:e.End] != e.Text || !e.Watch {
			out = append(out, found{"BAD", e.Text})
			continue
		}
		out = append(out, found{e.ID, e.Text})
	}
	return out
}

func TestFind(t *testing.T) {
	m := matcher(t, testList)
	for _, c := range []struct {
		name, text string
		want       []found
	}{
		{"exact", "Goldman Sachs cut jobs.", []found{{"gs", "Goldman Sachs"}}},
		{"all caps headline", "GOLDMAN SACHS CUTS JOBS", []found{{"gs", "GOLDMAN SACHS"}}},
		{"lower case is not the name", "goldman sachs", nil},
		{"acronym only in capitals", "GS rose; gs fell; Gs held", []found{{"gs", "GS"}}},
		{"longest alias wins", "The Goldman Sachs Group said", []found{{"gs", "Goldman Sachs Group"}}},
		{"inside a longer span", "Goldman Sachs Asset Management grew", []found{{"gs", "Goldman Sachs"}}},
		{"line break inside", "Goldman\nSachs and Goldman  Sachs", []found{{"gs", "Goldman\nSachs"}, {"gs", "Goldman  Sachs"}}},
		{"paragraph break ends a name", "Goldman\n\nSachs", nil},
		{"possessive", "Goldman Sachs's and Goldman Sachs\u2019 bankers", []found{{"gs", "Goldman Sachs"}, {"gs", "Goldman Sachs"}}},
		{"particle in lower case", "Erik ten Hag and Ten Hag and TEN HAG", []found{{"tenhag", "Erik ten Hag"}, {"tenhag", "Ten Hag"}, {"tenhag", "TEN HAG"}}},
		{"typographic apostrophe", "McDonald\u2019s and MCDONALD'S", []found{{"mcd", "McDonald\u2019s"}, {"mcd", "MCDONALD'S"}}},
		{"hyphenated name and non-breaking hyphen", "Rolls-Royce, Rolls\u2011Royce-backed", []found{{"rr", "Rolls-Royce"}, {"rr", "Rolls\u2011Royce"}}},
		{"word edges", "Metadata and MetaMask and Meta's AI", []found{{"meta", "Meta"}}},
		{"before a hyphen", "a Meta-owned app", []found{{"meta", "Meta"}}},
		{"longer of overlapping aliases", "Bank of America and America", []found{{"bofa", "Bank of America"}, {"us", "America"}}},
		{"non-ASCII in capitals", "SÃO PAULO and São Paulo and são paulo", []found{{"sp", "SÃO PAULO"}, {"sp", "São Paulo"}}},
		{"capital inside a name", "eBay, EBAY, Ebay and ebay", []found{{"ebay", "eBay"}, {"ebay", "EBAY"}}},
		{"ambiguous without context", "An apple a day. Apple pie is sweet.", nil},
		{"ambiguous with context near", "Apple sold more iPhone models.", []found{{"apple", "Apple"}}},
		{"ambiguous with context before", "Tim Cook said Apple would grow.", []found{{"apple", "Apple"}}},
		{"ambiguous context too far", "Apple " + strings.Repeat("word ", 20) + "shares.", nil},
		{"ambiguous named elsewhere", "Apple Inc. reported. Later, Apple said more.", []found{{"apple", "Apple Inc."}, {"apple", "Apple"}}},
		{"ambiguous reading with evidence wins", "Jordan scored for the Bulls.", []found{{"mj", "Jordan"}}},
		{"unconditional reading otherwise", "Jordan closed its border.", []found{{"jordan-country", "Jordan"}}},
		{"alias opening with a symbol", "Follow @AcmeNews or Acme News, not x@AcmeNews", []found{{"handle", "@AcmeNews"}, {"handle", "Acme News"}}},
		{"no list names", "Nothing to see here.", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ids(c.text, m.Find(c.text))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Find(%q) (-want +got):\n%s", c.text, diff)
			}
		})
	}
}

func TestFindFields(t *testing.T) {
	m := matcher(t, testList)
	text := "Shares of GOLDMAN SACHS fell."
	got := m.Find(text)
	want := []article.Entity{{Type: "ORG", Text: "GOLDMAN SACHS", Canonical: "Goldman Sachs", ID: "gs", Start: 10, End: 23, Watch: true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Find(%q) (-want +got):\n%s", text, diff)
	}
}

func TestNilAndEmpty(t *testing.T) {
	var m *watch.Matcher
	if got := m.Find("Goldman Sachs"); got != nil || m.Len() != 0 {
		t.Errorf("nil Matcher: Find = %v, Len = %d", got, m.Len())
	}
	e, err := watch.Load([]byte("entities: []\n"), watch.Options{})
	if err != nil || e.Len() != 0 || e.Find("Goldman Sachs") != nil {
		t.Errorf("empty list: %v, %d entities", err, e.Len())
	}
}

// TestRecall is the watch list's quality target: every alias of the
// 225-entity test list, in every placement, is found with its id and exact
// offsets (recall 1.000), and no ambiguous alias is taken without its
// evidence.
func TestRecall(t *testing.T) {
	m, err := watchtest.Matcher()
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() < 200 {
		t.Fatalf("test list has %d entities, want >= 200", m.Len())
	}
	r := watchtest.Score(m.Entities(), m.Find)
	t.Logf("%d entities, %d aliases: recall %d/%d, rejected %d/%d", m.Len(), m.Aliases(), r.Found, r.Recall, r.Rejected, r.Reject)
	for _, s := range r.Misses {
		t.Errorf("missed %s", s)
	}
	for _, s := range r.FalseHits {
		t.Errorf("false hit %s", s)
	}
	if r.Recall < 1000 || r.Reject < 50 {
		t.Errorf("%d recall and %d rejection cases, want >= 1000 and >= 50", r.Recall, r.Reject)
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Goldman Sachs and GOLDMAN\nSACHS in São Paulo; Apple's iPhone")
	f.Add("Rolls\u2011Royce\u2029McDonald\u2019s \xff\xfe Meta")
	m := matcher(f, testList)
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, e := range m.Find(text) {
			if e.Start < end || e.End <= e.Start || e.End > len(text) || text[e.Start:e.End] != e.Text {
				t.Fatalf("Find(%q): bad or overlapping span %+v", text, e)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[e.Start]) || (e.End < len(text) && !utf8.RuneStart(text[e.End]))) {
				t.Fatalf("Find(%q): span %+v splits a rune", text, e)
			}
			end = e.End
		}
	})
}

// BenchmarkFind is the matcher alone with the 225-entity test list over
// news text (the seed article repeated to about 50 KB). Run with
// GOMAXPROCS=1 for the per-core figure.
func BenchmarkFind(b *testing.B) {
	m, err := watchtest.Matcher()
	if err != nil {
		b.Fatal(err)
	}
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Find(text)
	}
}

func BenchmarkLoad(b *testing.B) {
	data := watchtest.List()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := watch.Load(data, watch.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
