package token

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func words(s string) []string {
	var out []string
	for _, t := range Split(s, nil) {
		out = append(out, s[t.Start:t.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Mr. Kato's trip", []string{"Mr.", "Kato", "'s", "trip"}},
		{"The U.S. and the U.N. agreed.", []string{"The", "U.S.", "and", "the", "U.N.", "agreed", "."}},
		{"didn't cost $1,000.50", []string{"did", "n't", "cost", "$", "1,000.50"}},
		{"AT&T (ATT) al-Qaida O'Brien", []string{"AT&T", "(", "ATT", ")", "al-Qaida", "O'Brien"}},
		{"Iran’s leader—wept", []string{"Iran", "’s", "leader", "—", "wept"}},
		{"e.g. this", []string{"e.g.", "this"}},
		{"Taliban-led US-based pro-Russian al-Qaida Guinea-Bissau", []string{"Taliban", "-", "led", "US", "-", "based", "pro", "-", "Russian", "al-Qaida", "Guinea-Bissau"}},
		{"English-speaking English-language Chung-hsing Jong-un", []string{"English", "-", "speaking", "English", "-", "language", "Chung-hsing", "Jong-un"}},
		{"JD.com and Booking.com rose. It closed.Commerce", []string{"JD.com", "and", "Booking.com", "rose", ".", "It", "closed", ".", "Commerce"}},
		{"Kim Jong-un met Moon Jae-in", []string{"Kim", "Jong-un", "met", "Moon", "Jae-in"}},
		{"ab\xffcd", []string{"ab", "\xff", "cd"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, words(tt.in)); diff != "" {
				t.Errorf("Split(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestFold(t *testing.T) {
	if Fold("Iran") != Fold("IRAN") || Fold("Zürich") != Fold("ZÜRICH") {
		t.Errorf("Fold is not case-insensitive")
	}
	if Fold("Iran") == Fold("Iraq") {
		t.Errorf("Fold(%q) == Fold(%q)", "Iran", "Iraq")
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"Mr. Kato's U.S. trip", "didn't", "1,000.5", "\xff'", "A.B.C", "x-'s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		boundary := map[int]bool{len(s): true}
		for i := range s {
			boundary[i] = true
		}
		last := 0
		for _, tk := range Split(s, nil) {
			if tk.Start < last || tk.End <= tk.Start || tk.End > len(s) || !boundary[tk.Start] || !boundary[tk.End] {
				t.Fatalf("Split(%q): bad token %+v after offset %d", s, tk, last)
			}
			if r, _ := utf8.DecodeRuneInString(s[tk.Start:]); r == ' ' {
				t.Fatalf("Split(%q): token %+v starts with a space", s, tk)
			}
			last = tk.End
		}
	})
}

// BenchmarkSplit splits the tagger's seed article (testdata of the tag
// package) repeated to about 50 KB.
func BenchmarkSplit(b *testing.B) {
	seed, err := os.ReadFile("../tag/testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(string(seed)+"\n\n", 50_000/len(seed)+1)
	b.SetBytes(int64(len(text)))
	var toks []Token
	for b.Loop() {
		toks = Split(text, toks[:0])
	}
}
