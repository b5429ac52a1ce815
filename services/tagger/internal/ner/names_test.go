package ner

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// TestEditDistance checks editDistance against the textbook recurrence,
// capped at limit+1, for names that fit its stack rows and longer ones.
func TestEditDistance(t *testing.T) {
	ref := func(a, b string) int {
		ra, rb := []rune(a), []rune(b)
		d := make([][]int, len(ra)+1)
		for i := range d {
			d[i] = make([]int, len(rb)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(ra); i++ {
			for j := 1; j <= len(rb); j++ {
				c := 1
				if ra[i-1] == rb[j-1] {
					c = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			}
		}
		return d[len(ra)][len(rb)]
	}
	long := strings.Repeat("Abdul ", 7)
	words := []string{"", "a", "Smith", "Smyth", "Müller", "Mueller", "Khamenei", "Khamenai", long, long + "x", strings.ToLower(long), "Zhōu Ēnlái", "Zhou Enlai"}
	for _, a := range words {
		for _, b := range words {
			for _, limit := range []int{0, 1, 2, 100} {
				want := min(ref(a, b), limit+1)
				got := editDistance(a, b, limit)
				if got > limit {
					got = limit + 1
				}
				if got != want {
					t.Errorf("editDistance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
				}
			}
		}
	}
}

// TestGazMatch checks that gazMatch reports every entry the gazetteer
// lists under a mention's whole name, for names with a few entries and
// with more than its stack buffer holds ("Democratic Party").
func TestGazMatch(t *testing.T) {
	tg := newTagger(t)
	for _, name := range []string{"Democratic Party", "Santa Cruz", "London", "Jordan", "Barclays Xyzzy"} {
		text := "Reports from " + name + " said so."
		d := &doc{text: text, toks: token.Split(text, nil)}
		start := 2
		m := mention{start: start, end: start + len(token.Split(name, nil))}
		var got []gazetteer.Entry
		tg.gazMatch(d, m, func(e gazetteer.Entry) { got = append(got, e) })
		want := tg.gaz.Lookup(name, nil)
		if !slices.Equal(got, want) {
			t.Errorf("gazMatch(%q) = %d entries, want %d: %v", name, len(got), len(want), got)
		}
		if name == "Democratic Party" && len(got) <= 8 {
			t.Errorf("gazMatch(%q) = %d entries, want more than 8", name, len(got))
		}
	}
}

// phonetic is samePhonetic's key built as a string, as it was before the
// comparison walked the keys: the reference for TestSamePhonetic.
func phonetic(s string) string {
	var b strings.Builder
	var last rune
	for i, r := range s {
		r = unicode.ToLower(r)
		switch r {
		case 'q', 'c':
			r = 'k'
		case 'z':
			r = 's'
		case 'y':
			r = 'i'
		}
		if i > 0 && strings.ContainsRune("aeiouh'’-", r) {
			continue
		}
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// TestSamePhonetic checks samePhonetic against comparing the built keys,
// on name pairs and on every pair of a set of awkward words.
func TestSamePhonetic(t *testing.T) {
	words := []string{"", "a", "h", "qassem", "kasem", "gaddafi", "qaddafi", "kaddafi",
		"soleimani", "suleimani", "mohammed", "muhammad", "smith", "smyth", "zoe", "soe",
		"o'brien", "obrien", "ó'brian", "ahh", "hha", "aaa", "Ärzte", "ärzte", "ccc", "k",
		"x\xffy", "x\ufffdy", "\xff", "\ufffd", "jean-luc", "jeanluc", "’t", "t’", "yy", "ii"}
	for _, a := range words {
		for _, b := range words {
			if got, want := samePhonetic(a, b), phonetic(a) == phonetic(b); got != want {
				t.Errorf("samePhonetic(%q, %q) = %v, keys %q and %q", a, b, got, phonetic(a), phonetic(b))
			}
		}
	}
}

func FuzzSamePhonetic(f *testing.F) {
	f.Add("qassem", "kasem")
	f.Add("o'brien", "obrien")
	f.Add("x\xffy", "x\ufffdy")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := samePhonetic(a, b), phonetic(a) == phonetic(b); got != want {
			t.Errorf("samePhonetic(%q, %q) = %v, keys %q and %q", a, b, got, phonetic(a), phonetic(b))
		}
	})
}
