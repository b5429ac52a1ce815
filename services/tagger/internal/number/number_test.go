package number

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/services/tagger/internal/scan"
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

// TestFindFinite checks that an exponent past float64's range leaves every
// value finite: the tagger writes them as JSON numbers, which have no NaN or
// infinity (fuzzing found "0e700").
func TestFindFinite(t *testing.T) {
	for _, s := range []string{"0e700", "5e400", "1e308", "2e308", "-3e999 people", "0.0e-700", "9×10^999"} {
		for _, m := range Find(s) {
			if math.IsInf(m.Value, 0) || math.IsNaN(m.Value) {
				t.Errorf("Find(%q): value %v", s, m.Value)
			}
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"twenty-one trillion and three hundred", "1,234.5 million", "2 1/2", "⅓", "- 10  k", "4e14", "half a", "a quarter of a", "−", "\xe2\x88", "0e700", "5e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Find(s), appendFindRef(nil, s); !cmp.Equal(got, want) {
			t.Fatalf("Find(%q) = %+v, want %+v (the byte-at-a-time loop)", s, got, want)
		}
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

// startsNumberRef is StartsNumber without its table: the reference for
// the words startLens lets through or stops.
func startsNumberRef(w string) bool {
	k, _ := classify(w)
	return startsWith(w, k)
}

// lookupWords returns the words lookupWord knows.
func lookupWords(testing.TB) []string {
	var words []string
	for _, w := range numberWords {
		words = append(words, w.word)
	}
	return words
}

// startsNumberCases are lookupWord's words in several cases, with a letter
// dropped, changed or added, and bytes that only look like letters when
// or-ed with 0x20.
func startsNumberCases(t testing.TB) []string {
	cases := []string{"", "a", "A", "an", "AN", "aN", "a@", "@", "`n", "\x01", "ten\x00", "TEN", "Quarter", "QUARTER", "quArter", "\xc3\xa9"}
	for _, w := range lookupWords(t) {
		up := strings.ToUpper(w)
		cases = append(cases, w, up, up[:1]+w[1:], w[:len(w)-1], w+"s", w+"e", "x"+w, w[:len(w)-1]+"\x00")
		for i := range len(w) {
			b := []byte(w)
			b[i] ^= 0x20
			cases = append(cases, string(b))
			b[i] ^= 0x20 | 0x40
			cases = append(cases, string(b))
		}
	}
	return cases
}

// TestStartsNumber compares StartsNumber with classify on every word
// lookupWord knows.
func TestStartsNumber(t *testing.T) {
	for _, w := range startsNumberCases(t) {
		if got, want := StartsNumber(w), startsNumberRef(w); got != want {
			t.Errorf("StartsNumber(%q) = %v, want %v", w, got, want)
		}
	}
}

// FuzzStartsNumber compares StartsNumber with classify.
func FuzzStartsNumber(f *testing.F) {
	for _, w := range startsNumberCases(f) {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := StartsNumber(w), startsNumberRef(w); got != want {
			t.Errorf("StartsNumber(%q) = %v, want %v", w, got, want)
		}
	})
}

// appendFindRef is AppendFind as it was before it walked a word once:
// the reference for the order of its tests.
func appendFindRef(dst []Match, text string) []Match {
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case scan.IsDigit(c), c == '.', c == '-', c == 0xE2, c == 0xC2:
			if scan.IsDigit(c) {
				if end := dottedCode(text, i); end > i {
					i = end
					continue
				}
			}
			if BoundaryBefore(text, i) {
				if m, ok := Parse(text, i); ok {
					dst = append(dst, m)
					i = m.End
					continue
				}
			}
			if scan.IsDigit(c) {
				for i < len(text) && scan.IsAlnum(text[i]) {
					i++
				}
				continue
			}
			i++
		case scan.IsAlpha(c):
			if startLetter(c) && BoundaryBefore(text, i) && StartsNumber(text[i:scan.WordEnd(text, i)]) {
				if m, ok := Parse(text, i); ok {
					dst = append(dst, m)
					i = m.End
					continue
				}
			}
			for i < len(text) && scan.IsAlpha(text[i]) {
				i++
			}
		default:
			i++
		}
	}
	return dst
}

// TestAppendFindRef compares Find with appendFindRef on text with words
// glued to numbers, non-ASCII letters and numbers that start mid-word.
func TestAppendFindRef(t *testing.T) {
	for _, s := range []string{
		"Some 1.2 million people, a quarter of a billion dollars, twenty-six cases, 3.5% and 2,500 job cuts.",
		"xtwenty twenty5 5twenty élevenone one-two ½half −3 -x .5.5 1.2.3a tenten TEN Minus five",
		"halfa half a million, Quarter million, quarter-final, an hundred, a dozen and ten",
	} {
		if got, want := Find(s), appendFindRef(nil, s); !cmp.Equal(got, want) {
			t.Errorf("Find(%q) = %+v, want %+v", s, got, want)
		}
	}
}

// startLetter reports whether a word starting with c may start a number.
func startLetter(c byte) bool {
	switch c | 0x20 {
	case 'z', 'o', 't', 'f', 's', 'e', 'n', 'a', 'h', 'm', 'q':
		return true
	}
	return false
}

// TestWordLens checks that every word lookupWord knows, in any case,
// passes classify's wordLens test.
func TestWordLens(t *testing.T) {
	for _, w := range lookupWords(t) {
		for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			if wordLens[v[0]&0x1f][v[len(v)-1]&0x1f]>>len(v)&1 == 0 {
				t.Errorf("wordLens has no bit for %q", v)
			}
			if k, _ := classify(v); k == wNone {
				t.Errorf("classify(%q) = wNone, want lookupWord(%q)", v, w)
			}
		}
	}
}

// classifyRef is classify without the wordLens test.
func classifyRef(w string) (wordKind, float64) {
	if len(w) == 0 || len(w) > 9 {
		return wNone, 0
	}
	var buf [9]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return lookupWord(string(buf[:len(w)]))
}

// FuzzClassify compares classify with classifyRef.
func FuzzClassify(f *testing.F) {
	for _, w := range startsNumberCases(f) {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		k, v := classify(w)
		rk, rv := classifyRef(w)
		if k != rk || v != rv {
			t.Errorf("classify(%q) = %v, %v, want %v, %v", w, k, v, rk, rv)
		}
	})
}

// TestNumberWords checks what lookupWord's comparison relies on: every
// word in lower-case letters, none twice.
func TestNumberWords(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range numberWords {
		if w.word == "" || strings.Trim(w.word, "abcdefghijklmnopqrstuvwxyz") != "" || seen[w.word] {
			t.Errorf("numberWords: %q", w.word)
		}
		seen[w.word] = true
	}
}
