package figure

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/money"
	"github.com/newswire/newswire/services/tagger/internal/scan"
)

// got is what the tests compare: the essentials of one article.Figure.
type got struct {
	Text     string
	Unit     string
	Value    float64
	Min, Max float64
	Approx   bool
}

func simplify(fs []article.Figure) []got {
	var out []got
	for _, f := range fs {
		g := got{Text: f.Text, Unit: f.Unit, Approx: f.Approximate}
		if f.Value != nil {
			g.Value = *f.Value
		}
		if f.Min != nil {
			g.Min = *f.Min
		}
		if f.Max != nil {
			g.Max = *f.Max
		}
		out = append(out, g)
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []got
	}{
		{"counted noun", "Trump listed 52 targets in Iran.", []got{{Text: "52 targets", Unit: "targets", Value: 52}}},
		{"of phrase", "It drew up 13 sets of plans.", []got{{Text: "13 sets of plans", Unit: "sets of plans", Value: 13}}},
		{"compound noun", "The bank announced 2,500 job cuts.", []got{{Text: "2,500 job cuts", Unit: "job cuts", Value: 2500}}},
		{"adjective and noun", "Police arrested 14 young men.", []got{{Text: "14 young men", Unit: "young men", Value: 14}}},
		{"proper adjectives", "It killed 13 South African soldiers.", []got{{Text: "13 South African soldiers", Unit: "South African soldiers", Value: 13}}},
		{"million", "Some 1.2 million voters stayed home.", []got{{Text: "1.2 million voters", Unit: "voters", Value: 1.2e6, Approx: true}}},
		{"spelled", "He has twenty-six cousins and a dozen uncles.", []got{{Text: "twenty-six cousins", Unit: "cousins", Value: 26}, {Text: "a dozen uncles", Unit: "uncles", Value: 12}}},
		{"percent sign", "Inflation hit 3.5% in May.", []got{{Text: "3.5%", Unit: "percent", Value: 3.5}}},
		{"per cent", "Turnout fell 3.5 per cent.", []got{{Text: "3.5 per cent", Unit: "percent", Value: 3.5}}},
		{"percent word", "Prices rose 30 percent.", []got{{Text: "30 percent", Unit: "percent", Value: 30}}},
		{"inverted percent", "Per cent of twenty-two, they said.", []got{{Text: "Per cent of twenty-two", Unit: "percent", Value: 22}}},
		{"per cent of the whole", "Per cent of 2,000 voters backed it.", []got{{Text: "2,000 voters", Unit: "voters", Value: 2000}}},
		{"share of a number", "Some 52 per cent of 20 schools and a large percent of 40.", []got{{Text: "52 per cent", Unit: "percent", Value: 52, Approx: true}, {Text: "20 schools", Unit: "schools", Value: 20}, {Text: "40", Value: 40}}},
		{"percentage points", "Rates rose by 2 percentage points.", []got{{Text: "2 percentage points", Unit: "percentage points", Value: 2}}},
		{"thousands of", "Thousands of people fled.", []got{{Text: "Thousands of people", Unit: "people", Min: 2000, Approx: true}}},
		{"crowd of thousands", "a crowd of thousands gathered", []got{{Text: "thousands", Min: 2000, Approx: true}}},
		{"tens of thousands", "tens of thousands of workers struck", []got{{Text: "tens of thousands of workers", Unit: "workers", Min: 20000, Approx: true}}},
		{"hundreds", "hundreds were hurt", []got{{Text: "hundreds", Min: 200, Approx: true}}},
		{"dozens", "dozens of homes burned", []got{{Text: "dozens of homes", Unit: "homes", Min: 24, Approx: true}}},
		{"approximate number", "nearly 40 firefighters and more than 300 residents", []got{{Text: "40 firefighters", Unit: "firefighters", Value: 40, Approx: true}, {Text: "300 residents", Unit: "residents", Value: 300, Approx: true}}},
		{"range", "between 10 and 15 soldiers", []got{{Text: "10 and 15 soldiers", Unit: "soldiers", Min: 10, Max: 15}}},
		{"hyphen range", "10-15 trucks", []got{{Text: "10-15 trucks", Unit: "trucks", Min: 10, Max: 15}}},
		{"hyphen unit", "a two-year ban", []got{{Text: "two-year", Unit: "year", Value: 2}}},
		{"age", "a nine-year-old girl", []got{{Text: "nine-year-old", Unit: "year-old", Value: 9}}},
		{"glued unit", "a 10km walk", []got{{Text: "10km", Unit: "km", Value: 10}}},
		{"year", "after a raid in 1979.", nil},
		{"date", "On 7 January 2020, and in March 2019", nil},
		{"time", "at 10:45 GMT and at 2pm, 3 pm and 9.30 a.m.", nil},
		{"ordinal", "the 21st century and the 3rd time", nil},
		{"model numbers", "a Boeing 737, an A40 road, Covid-19, 5G and the F-35", nil},
		{"phone", "call 020 7946 0958 or +44 20 7946", nil},
		{"score", "United won 3-1 on Saturday", nil},
		{"lone one", "one of the men", nil},
		{"spelled compound adjective", "a zero-tolerance policy and a two-faced man", nil},
		{"decade", "the 1960s", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Find(tt.text, nil)
			if diff := cmp.Diff(tt.want, simplify(fs)); diff != "" {
				t.Errorf("Find(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			checkOffsets(t, tt.text, fs)
		})
	}
}

func TestFindSkipsMoney(t *testing.T) {
	text := "an additional £170million for 52 targets"
	skip := SpansOf(money.Find(text, money.Options{}))
	want := []got{{Text: "52 targets", Unit: "targets", Value: 52}}
	if diff := cmp.Diff(want, simplify(Find(text, skip))); diff != "" {
		t.Errorf("Find(%q, money spans) mismatch (-want +got):\n%s", text, diff)
	}
}

func TestSeedArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	var skip []scan.Span
	for _, m := range money.Find(text, money.Options{}) {
		skip = append(skip, scan.Span{Start: m.Start, End: m.End})
	}
	fs := simplify(Find(text, skip))
	for _, w := range []got{
		{Text: "52 targets", Unit: "targets", Value: 52},
		{Text: "13 sets of plans", Unit: "sets of plans", Value: 13},
		{Text: "thousands", Min: 2000, Approx: true},
	} {
		found := false
		for _, g := range fs {
			found = found || g == w
		}
		if !found {
			t.Errorf("Find(seed) = %v, want it to contain %v", fs, w)
		}
	}
	for _, g := range fs {
		if strings.Contains(g.Text, "1979") || strings.Contains(g.Text, "170") || strings.Contains(g.Text, "2020") {
			t.Errorf("Find(seed) contains %v, which is a year, a date or money", g)
		}
	}
}

func checkOffsets(t *testing.T, text string, fs []article.Figure) {
	t.Helper()
	last := 0
	for _, f := range fs {
		if f.Start < last || f.End <= f.Start || f.End > len(text) {
			t.Fatalf("Find(%q): bad offsets [%d,%d) after %d", text, f.Start, f.End, last)
		}
		if !boundary(text, f.Start) || !boundary(text, f.End) {
			t.Fatalf("Find(%q): offsets [%d,%d) split a rune", text, f.Start, f.End)
		}
		if f.Text != text[f.Start:f.End] {
			t.Fatalf("Find(%q): Text %q != text[%d:%d] %q", text, f.Text, f.Start, f.End, text[f.Start:f.End])
		}
		if f.Value == nil && f.Min == nil {
			t.Fatalf("Find(%q): %q has neither Value nor Min", text, f.Text)
		}
		last = f.End
	}
}

// boundary reports whether i is where a rune starts when ranging over
// text (an invalid byte counts as a rune of its own), or the end.
func boundary(text string, i int) bool {
	if i == len(text) {
		return true
	}
	for j := range text {
		if j == i {
			return true
		}
		if j > i {
			break
		}
	}
	return false
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"52 targets", "13 sets of plans", "tens of thousands of people", "3.5 per cent", "2 1/2 in", "⅓ cup", "8- to 16-meter", "4e14 s-1", "−5", "\xe2\x85", "per cent of 20", "between 44 mg and 50 mg"} {
		f.Add(s, 0, 0)
	}
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		var skip []scan.Span
		if a >= 0 && b > a && b <= len(s) {
			skip = []scan.Span{{Start: a, End: b}}
		}
		fs := Find(s, skip)
		checkOffsets(t, s, fs)
		for _, f := range fs {
			for _, sp := range skip {
				if f.Start < sp.End && sp.Start < f.End {
					t.Fatalf("Find(%q, %v) = %q, which overlaps a skip span", s, skip, f.Text)
				}
			}
		}
	})
}

func benchText(b *testing.B) string {
	seed, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 50_000 {
		sb.Write(seed)
		sb.WriteString(benchParagraphs)
	}
	return sb.String()
}

func BenchmarkFind(b *testing.B) {
	text := benchText(b)
	skip := SpansOf(money.Find(text, money.Options{}))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text, skip)
	}
}

const benchParagraphs = `
The council approved a £4.5m budget on Tuesday, up 3.2% on last year, after about 2,000 residents signed a petition. Officials said 14 schools and 3 libraries would share the money.
Shares in the firm fell 40p to 612p in London, wiping nearly $1.2bn off its value; analysts expect 250 job cuts and a 15 per cent drop in profits.
Tens of thousands of people marched through the capital, and police said 23 officers were injured. The 2019 protests cost the city an estimated €30 million.
`

// scanPlurals is appendPlurals as approxPlural once found the words, by
// scanning every word of t: the starts of runs of ASCII letters not after
// a letter or digit that pluralBase reads.
func scanPlurals(t string) []int {
	var out []int
	for j := 0; j < len(t); {
		if !scan.IsAlpha(t[j]) {
			j++
			continue
		}
		we := scan.WordEnd(t, j)
		if (j == 0 || !scan.IsAlnum(t[j-1])) && pluralBase(t[j:we]) != 0 {
			out = append(out, j)
		}
		j = we
	}
	return out
}

var pluralCases = []string{
	"", "tens", "Tens of thousands", "TENS", "dozens of hundreds", "5thousands", "x-millions",
	"citizens happens Athens lens", "billions,millions;Hundreds thousands. Dozens", "stallions lions",
	"über-thousands", "tens tens tens tens tens tens tens tens tens tens", "sandsands thousandsx",
}

// TestPlurals checks appendPlurals against a scan of every word.
func TestPlurals(t *testing.T) {
	for _, s := range pluralCases {
		if got, want := appendPlurals(nil, s), scanPlurals(s); !slices.Equal(got, want) {
			t.Errorf("appendPlurals(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzPlurals checks appendPlurals against a scan of every word.
func FuzzPlurals(f *testing.F) {
	for _, s := range pluralCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendPlurals(nil, s), scanPlurals(s); !slices.Equal(got, want) {
			t.Errorf("appendPlurals(%q) = %v, want %v", s, got, want)
		}
	})
}
