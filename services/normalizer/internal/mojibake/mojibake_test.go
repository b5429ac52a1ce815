package mojibake

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFix(t *testing.T) {
	// Mojibake built for this test by encoding text as UTF-8 and decoding
	// it with a code page, plus clean text that must not change.
	tests := []struct {
		in, want    string
		wantChanged bool
	}{
		{"Â£5.8bn", "£5.8bn", true},
		{"it doesnâ€™t matter", "it doesn’t matter", true},
		{"â€œquotedâ€\u009d", "“quoted”", true},
		{"Ã©tÃ© Ã\u00a0 Paris", "été à Paris", true},
		{"GrÃ¼ÃŸe aus KÃ¶ln", "Grüße aus Köln", true},
		{"doubled: cafÃƒÂ©", "doubled: café", true},
		{"ÐœÐ¾Ñ\u0081ÐºÐ²Ð°", "Москва", true},
		{"РњРѕСЃРєРІР°", "Москва", true},
		{"plain ASCII", "plain ASCII", false},
		{"Grüße aus Köln — “quoted”, it’s fine…", "Grüße aus Köln — “quoted”, it’s fine…", false},
		{"Москва, 5 января", "Москва, 5 января", false},
		{"São Paulo, ÀÉÎÕÜ, façade, naïve", "São Paulo, ÀÉÎÕÜ, façade, naïve", false},
		{"10 Å—", "10 Å—", false},
		{"5×£35", "5×£35", false},
		{"", "", false},
		{"ellipsis\u0085", "ellipsis…", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, changed := Fix(tt.in)
			if got != tt.want || changed != tt.wantChanged {
				t.Errorf("Fix(%q) = %q, %v, want %q, %v", tt.in, got, changed, tt.want, tt.wantChanged)
			}
		})
	}
}

func TestBadnessClean(t *testing.T) {
	clean := []string{
		"The minister said on Tuesday that the £2bn plan – first floated in 2019 – was “dead”.",
		"Le président a déclaré mercredi qu’il ne céderait pas.",
		"Die Bürgermeisterin äußerte sich über die Öffnung.",
		"Rząd zapowiedział w środę podwyżkę podatków.",
		"Правительство объявило о снижении налогов.",
		"Η κυβέρνηση ανακοίνωσε μείωση των φόρων.",
		"政府在星期三宣布减税。",
	}
	for _, s := range clean {
		if got := Badness(s); got != 0 {
			t.Errorf("Badness(%q) = %d, want 0", s, got)
		}
	}
}

func FuzzFix(f *testing.F) {
	for _, s := range []string{"Â£", "â€™", "Ã©tÃ©", "ÐœÐ¾", "í\u00a0½í¸\u008d", "voilÃ le", "×‘×”", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, changed := Fix(s)
		if !changed && got != s {
			t.Fatalf("Fix(%q) = %q but reported no change", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fix(%q) = %q, not valid UTF-8", s, got)
		}
		if len(got) > 4*len(s)+4 {
			t.Fatalf("Fix(%q) grew to %d bytes", s, len(got))
		}
	})
}

func BenchmarkFixClean(b *testing.B) {
	s := strings.Repeat("The minister said on Tuesday that the £2bn plan – first floated in 2019 – was “dead”, and that it’s over. ", 100)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Fix(s)
	}
}

func BenchmarkFixASCII(b *testing.B) {
	s := strings.Repeat("The minister said on Tuesday that the plan, first floated in 2019, was dead. ", 100)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Fix(s)
	}
}

// TestFlagTable checks the lookup table against the character sets it
// replaces, for every rune it covers and one past it.
func TestFlagTable(t *testing.T) {
	sets := []struct {
		chars string
		flag  uint8
	}{{lead2Chars, fLead2}, {afterLead2Chars, fAfterLead2}, {afterAcircChars, fAfterAcirc}, {twoByteLeads, fTwoByteLead}}
	for r := rune(-1); r <= tableSize; r++ {
		for _, s := range sets {
			if got, want := has(r, s.flag), strings.ContainsRune(s.chars, r); got != want {
				t.Errorf("has(%q, %#x) = %v, want %v", r, s.flag, got, want)
			}
		}
	}
}

// refBadness is Badness rune by rune, without skipping ASCII runs: the
// reference the faster loop must match.
func refBadness(s string) int {
	n := 0
	var p3, p2, p1 rune = ' ', ' ', ' '
	var c2, c1 = clsSpace, clsSpace
	for _, r := range s {
		if r < 0x80 && p1 < 0x80 && p2 < 0x80 {
			p3, p2, c2, p1, c1 = p2, p1, c1, r, classOf(r)
			continue
		}
		c := classOf(r)
		n += pairBad(p1, c1, r, c)
		n += tripleBad(p2, c2, p1, c1, r, c)
		if r == ' ' && p1 == 'Ã' && p2 == ' ' && unicode.IsLower(p3) {
			n++
		}
		p3, p2, c2, p1, c1 = p2, p1, c1, r, c
	}
	n += pairBad(p1, c1, ' ', clsSpace)
	n += tripleBad(p2, c2, p1, c1, ' ', clsSpace)
	return n
}

// FuzzBadness checks Badness against the reference, and that text it
// scores 0 has no C1 control for fixC1 to replace (Fix relies on it).
func FuzzBadness(f *testing.F) {
	for _, s := range []string{"Â£", "relatifs Ã l’", "ab Ã cd", "x\u0085y", "Ä“t", "plain ascii", "tisĂ\u00adc", "Größe – „gut“"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Badness(s), refBadness(s)
		if got != want {
			t.Fatalf("Badness(%q) = %d, want %d", s, got, want)
		}
		if got == 0 && fixC1(s) != s {
			t.Fatalf("Badness(%q) = 0 but fixC1 changes it", s)
		}
	})
}
