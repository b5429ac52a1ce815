package tag

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	loadOnce sync.Once
	shared   *Tagger
	loadErr  error
)

func tagger(t testing.TB) *Tagger {
	t.Helper()
	loadOnce.Do(func() { shared, loadErr = New() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shared
}

// seedText is the seed article's body as the normalizer leaves it: the
// scraped body once, paragraphs separated by blank lines, without the
// title, byline and highlights.
func seedText(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var body []string
	for _, l := range lines[2:] {
		if strings.HasPrefix(l, "- ") {
			break
		}
		body = append(body, l)
	}
	return strings.Join(body, "\n\n")
}

// TestSeedGolden pins every entity, money item and figure the tagger finds
// in the seed article. Run with -update after a deliberate change and read
// the diff.
func TestSeedGolden(t *testing.T) {
	text := seedText(t)
	got := tagger(t).Tag(text, "en-GB")
	checkTags(t, text, got)
	path := filepath.Join("testdata", "seed.golden.json")
	if *update {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	var want article.Tags
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tag(seed) differs from %s (-want +got):\n%s", path, diff)
	}

	// The facts the issue names, whatever else the golden file holds.
	var gbp, targets, plans bool
	for _, m := range got.Money {
		gbp = gbp || (m.Text == "£170million" && m.Currency == "GBP" && m.Amount != nil && *m.Amount == 170e6)
	}
	for _, f := range got.Figures {
		targets = targets || (f.Unit == "targets" && f.Value != nil && *f.Value == 52)
		plans = plans || (f.Unit == "sets of plans" && f.Value != nil && *f.Value == 13)
		if strings.Contains(f.Text, "1979") {
			t.Errorf("figure %q: a year is not a figure", f.Text)
		}
	}
	if !gbp || !targets || !plans {
		t.Errorf("seed: £170million as GBP 170000000 %v, 52 targets %v, 13 sets of plans %v; want all", gbp, targets, plans)
	}
	canon := map[string]string{}
	for _, e := range got.Entities {
		canon[e.Text] = e.Canonical
	}
	if canon["Khamenei"] != canon["Ayatollah Ali Khamenei"] && canon["Khamenei"] != canon["Ali Khamenei"] {
		t.Errorf("Khamenei -> %q, Ayatollah Ali Khamenei -> %q: want one canonical", canon["Khamenei"], canon["Ayatollah Ali Khamenei"])
	}
	if canon["Qassem Soleimani"] == "" || canon["Qassem Soleimani"] != canon["Qasem Soleimani"] {
		t.Errorf("Qassem Soleimani -> %q, Qasem Soleimani -> %q: want one canonical", canon["Qassem Soleimani"], canon["Qasem Soleimani"])
	}
}

// checkTags checks what must hold of any tagging: offsets that give back
// the text (on rune boundaries, when the text is valid UTF-8, as the
// normalizer guarantees), and no entity inside an amount of money.
func checkTags(t *testing.T, text string, tags article.Tags) {
	t.Helper()
	valid := utf8.ValidString(text)
	span := func(kind, s string, start, end int) {
		if start < 0 || end > len(text) || start >= end || (valid && (!utf8.RuneStart(text[start]) || (end < len(text) && !utf8.RuneStart(text[end])))) {
			t.Errorf("%s %q: bad offsets [%d,%d)", kind, s, start, end)
			return
		}
		if text[start:end] != s {
			t.Errorf("%s %q: text[%d:%d] = %q", kind, s, start, end, text[start:end])
		}
	}
	for _, e := range tags.Entities {
		span("entity", e.Text, e.Start, e.End)
		for _, m := range tags.Money {
			if e.Start < m.End && m.Start < e.End {
				t.Errorf("entity %q overlaps money %q", e.Text, m.Text)
			}
		}
	}
	for _, m := range tags.Money {
		span("money", m.Text, m.Start, m.End)
	}
	for _, f := range tags.Figures {
		span("figure", f.Text, f.Start, f.End)
	}
}

func TestTagMoneyDefersToLocale(t *testing.T) {
	text := "The council will spend $40m on the new stadium in Brisbane."
	for locale, want := range map[string]string{"": "USD", "en-AU": "AUD", "en-US": "USD"} {
		got := tagger(t).Tag(text, locale)
		if len(got.Money) != 1 || got.Money[0].Currency != want {
			t.Errorf("Tag(%q, %q).Money = %+v, want one %s amount", text, locale, got.Money, want)
		}
	}
}

func TestTagKeepsEntitiesOutOfMoney(t *testing.T) {
	text := "The deal is worth 5 billion Hong Kong dollars, officials in Hong Kong said."
	got := tagger(t).Tag(text, "")
	checkTags(t, text, got)
	if len(got.Money) != 1 || got.Money[0].Currency != "HKD" {
		t.Errorf("money = %+v, want one HKD amount", got.Money)
	}
}

func TestTagSkipsLinks(t *testing.T) {
	text := "Read https://www.test.com/search?q=30%25%2020%24 or www.bbc.co.uk/news/2020/52-targets, " +
		"write to tips@reuters.com, and see that 52 targets cost $5m."
	got := tagger(t).Tag(text, "")
	checkTags(t, text, got)
	if len(got.Figures) != 1 || got.Figures[0].Text != "52 targets" {
		t.Errorf("figures = %+v, want only 52 targets", got.Figures)
	}
	if len(got.Money) != 1 || got.Money[0].Text != "$5m" {
		t.Errorf("money = %+v, want only $5m", got.Money)
	}
	for _, e := range got.Entities {
		if strings.Contains(e.Text, "reuters") || strings.Contains(e.Text, "bbc") {
			t.Errorf("entity %+v inside a link", e)
		}
	}
}

func FuzzTag(f *testing.F) {
	f.Add("Ayatollah Ali Khamenei approved £170million for 52 targets in Iran.")
	f.Add("US$5m, €2-3bn and 40,000 people in São Paulo")
	tg := tagger(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkTags(t, text, tg.Tag(text, ""))
	})
}

// BenchmarkAmounts is the tagger's cost for money and figures alone (links,
// then money, then figures skipping both) on the same text as BenchmarkTag.
func BenchmarkAmounts(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Amounts(text, "")
	}
}

// BenchmarkTag is the whole tagger (money, figures, entities) on news text:
// the seed article's body repeated to about 50 KB. Run with GOMAXPROCS=1
// for the per-core figure.
func BenchmarkTag(b *testing.B) {
	text := benchText(b)
	tg := tagger(b)
	words := len(strings.Fields(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		tg.Tag(text, "")
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

// benchText is the seed article's body repeated to about 50 KB.
func benchText(b *testing.B) string {
	text := seedText(b)
	var sb strings.Builder
	for sb.Len() < 50_000 {
		sb.WriteString(text)
		sb.WriteString("\n\n")
	}
	return sb.String()
}
