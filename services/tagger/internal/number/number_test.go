package number

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

type got struct {
	Text  string
	Value float64
}

func simplify(text string, ms []Match) []got {
	var out []got
	for _, m := range ms {
		out = append(out, got{text[m.Start:m.End], m.Value})
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []got
	}{
		{"52", []got{{"52", 52}}},
		{"2,500 and 1,234,567.5", []got{{"2,500", 2500}, {"1,234,567.5", 1234567.5}}},
		{"a crowd of 12 500 fans", []got{{"12 500", 12500}}},
		{".5 and -3 and −4", []got{{".5", 0.5}, {"-3", -3}, {"−4", -4}}},
		{"£170million", []got{{"170million", 170e6}}},
		{"1.5bn, 10k, 3m, 2tn", []got{{"1.5bn", 1.5e9}, {"10k", 1e4}, {"3m", 3e6}, {"2tn", 2e12}}},
		{"2 million and 4.5 billion", []got{{"2 million", 2e6}, {"4.5 billion", 4.5e9}}},
		{"170million and 52 targets, 3 million 20 cars", []got{{"170million", 170e6}, {"52", 52}, {"3 million", 3e6}, {"20", 20}}},
		{"13 lakh and 6 crore", []got{{"13 lakh", 13e5}, {"6 crore", 6e7}}},
		{"twenty-six", []got{{"twenty-six", 26}}},
		{"Nine hundred and ninety-nine", []got{{"Nine hundred and ninety-nine", 999}}},
		{"two thousand and twelve", []got{{"two thousand and twelve", 2012}}},
		{"a hundred people", []got{{"a hundred", 100}}},
		{"half a million", []got{{"half a million", 5e5}}},
		{"half million, a half million, quarter million", []got{{"half million", 5e5}, {"a half million", 5e5}, {"quarter million", 2.5e5}}},
		{"12,34,567.89 rupees", []got{{"12,34,567.89", 1234567.89}}},
		{"a quarter of a billion", []got{{"a quarter of a billion", 2.5e8}}},
		{"a dozen eggs and four dozen rolls", []got{{"a dozen", 12}, {"four dozen", 48}}},
		{"two thirds", []got{{"two thirds", 2.0 / 3}}},
		{"five point two five", []got{{"five point two five", 5.25}}},
		{"minus seven", []got{{"minus seven", -7}}},
		{"2 1/2 and ½ and 3/40", []got{{"2 1/2", 2.5}, {"½", 0.5}, {"3/40", 0.075}}},
		{"4e3 and 2×10^3", []got{{"4e3", 4000}, {"2×10^3", 2000}}},
		{"one two three", []got{{"one", 1}, {"two", 2}, {"three", 3}}},
		{"3 hundred and 2 hundred", []got{{"3 hundred", 300}, {"2 hundred", 200}}},
		{"someone often said the tone", nil},
		{"version 1.2.3 on 07.01.2020", nil},
	}
	for _, tt := range tests {
		ms := Find(tt.text)
		if diff := cmp.Diff(tt.want, simplify(tt.text, ms)); diff != "" {
			t.Errorf("Find(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestGlued(t *testing.T) {
	tests := []struct{ text, glued string }{
		{"10kg", "kg"}, {"21st", "st"}, {"50p", "p"}, {"737MAX", "MAX"},
	}
	for _, tt := range tests {
		ms := Find(tt.text)
		if len(ms) != 1 || ms[0].Glued != tt.glued {
			t.Errorf("Find(%q) = %+v, want one match with Glued %q", tt.text, ms, tt.glued)
		}
	}
}

func TestScaled(t *testing.T) {
	if got := Scaled(16.4, 1e6); got != 16400000 {
		t.Errorf("Scaled(16.4, 1e6) = %v, want 16400000", got)
	}
	if got := Scaled(0.5, 10); got != 5 {
		t.Errorf("Scaled(0.5, 10) = %v, want 5", got)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"twenty-one trillion and three hundred", "1,234.5 million", "2 1/2", "⅓", "- 10  k", "4e14", "half a", "a quarter of a", "−", "\xe2\x88"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, m := range Find(s) {
			if m.Start < last || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("Find(%q): bad span [%d,%d) after %d", s, m.Start, m.End, last)
			}
			last = m.End
		}
	})
}

func BenchmarkFind(b *testing.B) {
	text := ""
	for len(text) < 50_000 {
		text += "Some 1.2 million people, a quarter of a billion dollars, twenty-six cases, 3.5% and 2,500 job cuts were reported by the council on Tuesday after a long meeting. "
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}
