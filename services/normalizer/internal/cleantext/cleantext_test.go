package cleantext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"crlf", "one\r\ntwo\rthree", "one\ntwo\nthree"},
		{"collapse spaces", "a  b\t\tc", "a b c"},
		{"nbsp and thin space", "10\u00a0000\u2009km", "10 000 km"},
		{"trim lines", "  first  \n   second\t", "first\nsecond"},
		{"blank lines", "para one\n\n\n\n  \npara two", "para one\n\npara two"},
		{"leading trailing", "\n\n  text \n\n", "text"},
		{"controls", "a\x00b\x07c\u0085d", "abcd"},
		{"zero width", "zero\u200bwidth\u2060joiner\ufeff", "zerowidthjoiner"},
		{"bom at start", "\ufeffHello", "Hello"},
		{"soft hyphen", "news\u00adpaper", "newspaper"},
		{"bidi marks", "\u200fabc\u202a", "abc"},
		{"zwj in emoji kept", "dev 👩\u200d💻 ok", "dev 👩\u200d💻 ok"},
		{"zwj in ascii removed", "a\u200db", "ab"},
		{"zwnj in persian kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"zwnj before space removed", "word\u200c next", "word next"},
		{"nfc", "Cafe\u0301", "Café"},
		{"typography kept", "“Quoted” – it’s … fine—really", "“Quoted” – it’s … fine—really"},
		{"tab between words", "a\tb", "a b"},
		{"space only lines", " \n \n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanIdempotent(t *testing.T) {
	for _, s := range []string{"a  b\n\n\nc", "x\u00a0\u200by\r\n z ", "👩\u200d💻"} {
		if got, want := isClean(s), refIsClean(s); got != want {
			t.Fatalf("isClean(%q) = %v, the byte-by-byte reference says %v", s, got, want)
		}
		once := Clean(s)
		if twice := Clean(once); twice != once {
			t.Errorf("Clean(Clean(%q)) = %q, want %q", s, twice, once)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("a  b\r\n\n\nc\u200b")
	f.Add("already clean “text” – fine…")
	f.Add("ends in a no-break space\u00a0")
	f.Fuzz(func(t *testing.T, s string) {
		if isClean(s) {
			if full := clean(s); full != s {
				t.Fatalf("isClean(%q) = true, but the full pass gives %q", s, full)
			}
		}
		if got, want := isClean(s), refIsClean(s); got != want {
			t.Fatalf("isClean(%q) = %v, the byte-by-byte reference says %v", s, got, want)
		}
		once := Clean(s)
		if strings.Contains(once, "  ") || strings.Contains(once, "\n\n\n") {
			t.Fatalf("Clean(%q) = %q has a double space or two blank lines", s, once)
		}
	})
}

// refIsClean is isClean written byte by byte, with every white-space rule
// in the loop: the reference the table-driven isClean must match.
func refIsClean(s string) bool {
	if s == "" {
		return true
	}
	if c := s[0]; c == ' ' || c == '\n' {
		return false
	}
	if c := s[len(s)-1]; c == ' ' || c == '\n' {
		return false
	}
	ascii := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c > ' ' && c != 0x7F:
			case c == ' ':
				if p := s[i-1]; p == ' ' || p == '\n' {
					return false
				}
			case c == '\n':
				if p := s[i-1]; p == ' ' || p == '\n' && s[i-2] == '\n' {
					return false
				}
			default:
				return false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r <= 0x9F, r == '\u200d' || r == '\u200c', invisible(r), unicode.IsSpace(r):
			return false
		}
		i += size
	}
	return ascii || norm.NFC.IsNormalString(s)
}

// TestNFCStable checks the claim isClean relies on: every rune of the
// nfcStable ranges is in NFC alone, has combining class 0 and does not
// combine with the rune before it.
func TestNFCStable(t *testing.T) {
	for _, rg := range nfcStableRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			s := string(r)
			p := norm.NFC.PropertiesString(s)
			if !norm.NFC.IsNormalString(s) || !p.BoundaryBefore() || p.CCC() != 0 {
				t.Errorf("%U in nfcStableRanges: NFC %v, boundary before %v, combining class %d",
					r, norm.NFC.IsNormalString(s), p.BoundaryBefore(), p.CCC())
			}
		}
	}
	for i := 1; i < len(nfcStableRanges); i++ {
		if nfcStableRanges[i][0] <= nfcStableRanges[i-1][1] {
			t.Errorf("nfcStableRanges not sorted at %d", i)
		}
	}
}

func TestIsClean(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"Plain text.\n\nA second paragraph.", true},
		{"“Quoted” – it’s fine…", true},
		{"Café au lait", true},
		{"double  space", false},
		{"trailing space ", false},
		{"\nleading newline", false},
		{"three\n\n\nnewlines", false},
		{"space \nbefore newline", false},
		{"tab\there", false},
		{"no-break\u00a0space", false},
		{"zero\u200bwidth", false},
		{"Cafe\u0301", false}, // not NFC
		{"Ä\u0323", false},    // a stable rune, then a mark NFC reorders
		{"Łódź – €5 “ok”", true},
		{"\u1100\u1161", false}, // Hangul jamo that compose
		{"bad \xff byte", false},
	}
	for _, tt := range tests {
		if got := isClean(tt.in); got != tt.want {
			t.Errorf("isClean(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func BenchmarkClean(b *testing.B) {
	s := strings.Repeat("The minister said on Tuesday that the £2bn plan – first floated in 2019 – was “dead”, and that it’s over.\n\n", 100)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Clean(s)
	}
}

// BenchmarkCleanAlreadyClean is the common case of extracted paragraphs:
// the input is returned as is.
func BenchmarkCleanAlreadyClean(b *testing.B) {
	s := strings.Repeat("The minister said on Tuesday that the £2bn plan – first floated in 2019 – was “dead”, and that it’s over. ", 100)
	s = strings.TrimSpace(s)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Clean(s)
	}
}

func TestCollapse(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "\u3000a\u0085", "\n\n", "a\xffb", " \xff ", "é è",
	} {
		if got, want := Collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("Collapse(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzCollapse checks Collapse against the expression it replaces.
func FuzzCollapse(f *testing.F) {
	for _, s := range []string{"", " a  b ", "a\u00a0\u2003b", "a\xc3 b", "\t\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("Collapse(%q) = %q, want %q", s, got, want)
		}
	})
}
