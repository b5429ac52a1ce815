package scan

import (
	"strings"
	"testing"
)

func TestSkipSpaces(t *testing.T) {
	for _, tt := range []struct {
		in     string
		i, max int
		want   int
	}{
		{"a  b", 1, 5, 3},
		{"a  b", 1, 1, 2},
		{"a\t\tb", 1, 5, 3},
		{"a\nb", 1, 5, 1},
		{"a ", 1, 5, 2},
		{"", 0, 5, 0},
	} {
		if got := SkipSpaces(tt.in, tt.i, tt.max); got != tt.want {
			t.Errorf("SkipSpaces(%q, %d, %d) = %d, want %d", tt.in, tt.i, tt.max, got, tt.want)
		}
	}
}

func TestWordEnd(t *testing.T) {
	for _, tt := range []struct {
		in   string
		i    int
		want int
	}{
		{"£170million", 5, 12},
		{"52 targets", 3, 10},
		{"abc1", 0, 3},
		{"é", 0, 0},
		{"", 0, 0},
	} {
		if got := WordEnd(tt.in, tt.i); got != tt.want {
			t.Errorf("WordEnd(%q, %d) = %d, want %d", tt.in, tt.i, got, tt.want)
		}
	}
}

func TestClasses(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		digit := b >= '0' && b <= '9'
		alpha := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if IsDigit(b) != digit || IsAlpha(b) != alpha || IsAlnum(b) != (digit || alpha) {
			t.Errorf("byte %#x: IsDigit %v IsAlpha %v IsAlnum %v", b, IsDigit(b), IsAlpha(b), IsAlnum(b))
		}
	}
}

// wordEndRef is WordEnd a byte at a time, the reference for its eight-byte
// steps.
func wordEndRef(t string, i int) int {
	for i < len(t) && IsAlpha(t[i]) {
		i++
	}
	return i
}

// TestWordEndBytes compares WordEnd with a byte-at-a-time scan for every
// byte value at every place of an eight-byte step, after runs of letters
// of each length up to 17.
func TestWordEndBytes(t *testing.T) {
	for n := 0; n <= 17; n++ {
		for c := 0; c < 256; c++ {
			for _, tail := range []string{"", "abcdefghij"} {
				s := strings.Repeat("aZ", 9)[:n] + string([]byte{byte(c)}) + tail
				for i := 0; i <= n; i++ {
					if got, want := WordEnd(s, i), wordEndRef(s, i); got != want {
						t.Fatalf("WordEnd(%q, %d) = %d, want %d", s, i, got, want)
					}
				}
			}
		}
	}
}

// FuzzWordEnd compares WordEnd with a byte-at-a-time scan.
func FuzzWordEnd(f *testing.F) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi ", "ABCDEFGH@", "abc\xc1def", "zzzzzzz{", "Wz[`@"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, i int) {
		if i < 0 || i > len(s) {
			return
		}
		if got, want := WordEnd(s, i), wordEndRef(s, i); got != want {
			t.Fatalf("WordEnd(%q, %d) = %d, want %d", s, i, got, want)
		}
	})
}

// TestEqualFold compares EqualFold with lower-casing w's ASCII capitals
// and comparing, on words of letters and of other bytes.
func TestEqualFold(t *testing.T) {
	lowerASCII := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	words := []string{"", "a", "A", "dollar", "Dollar", "DOLLAR", "dollaR", "dollars", "t\xc3\xb6gr\xc3\xb6g",
		"T\xc3\xb6GR\xc3\xb6G", "T\xc3\x96GR\xc3\x96G", "@", "`", "[", "{", "A1", "a1", "\x01", "\x21", "tn", "TN"}
	for _, w := range words {
		for _, l := range words {
			if l != lowerASCII(l) {
				continue // lower must be in lower case
			}
			if got, want := EqualFold(w, l), lowerASCII(w) == l; got != want {
				t.Errorf("EqualFold(%q, %q) = %v, want %v", w, l, got, want)
			}
		}
	}
}

func FuzzEqualFold(f *testing.F) {
	f.Add("Dollar", "dollar")
	f.Add("@", "`")
	f.Fuzz(func(t *testing.T, w, l string) {
		want := true
		if len(w) != len(l) {
			want = false
		}
		for i := 0; want && i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			want = c == l[i]
		}
		for i := 0; i < len(l); i++ {
			if 'A' <= l[i] && l[i] <= 'Z' {
				return // lower must be in lower case
			}
		}
		if got := EqualFold(w, l); got != want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", w, l, got, want)
		}
	})
}
