// Package mojibake repairs text that was encoded as UTF-8 and decoded with
// a single-byte code page, once or several times over: "Â£" becomes "£",
// "â€™" becomes "’", "Ã©" becomes "é". It follows the idea of python-ftfy:
// a badness heuristic says whether text looks like mojibake, and a repair
// (re-encode with a code page, decode as UTF-8) is kept only when it makes
// the text less bad, so clean text is never changed.
package mojibake

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// codec maps the runes of one single-byte code page back to its bytes.
type codec struct {
	name string
	back map[rune]byte
}

// codecs are tried in order. Windows-1252 from the WHATWG index maps its
// five unassigned bytes to the C1 controls, so it also undoes Latin-1.
var codecs = buildCodecs()

func buildCodecs() []codec {
	pages := []struct {
		name string
		cm   *charmap.Charmap
	}{
		{"windows-1252", charmap.Windows1252},
		{"windows-1251", charmap.Windows1251},
		{"windows-1250", charmap.Windows1250},
		{"iso-8859-2", charmap.ISO8859_2},
		{"macintosh", charmap.Macintosh},
		{"cp437", charmap.CodePage437},
		{"windows-1253", charmap.Windows1253},
		{"windows-1254", charmap.Windows1254},
		{"windows-1257", charmap.Windows1257},
	}
	out := make([]codec, 0, len(pages))
	for _, p := range pages {
		back := make(map[rune]byte, 128)
		for b := 0x80; b <= 0xFF; b++ {
			r := p.cm.DecodeByte(byte(b))
			if r == utf8.RuneError {
				continue
			}
			back[r] = byte(b)
		}
		// Text decoded as Latin-1 (or ISO-8859-x) instead of the
		// Windows code page carries C1 controls where the Windows page
		// has punctuation: map U+0080..U+009F to their own bytes, as
		// ftfy's "sloppy" codecs do, so both readings are undone.
		for b := 0x80; b <= 0x9F; b++ {
			if _, ok := back[rune(b)]; !ok {
				back[rune(b)] = byte(b)
			}
		}
		out = append(out, codec{name: p.name, back: back})
	}
	return out
}

// maxRounds bounds how many layers of mojibake Fix peels off.
const maxRounds = 4

// Fix repairs mojibake in s and reports whether it changed anything. Text
// that Badness scores 0 is returned unchanged. Fix first tries to re-decode
// the whole text; when that fails because the text mixes correct and
// broken characters, it repairs each run of mojibake on its own.
func Fix(s string) (string, bool) {
	if isASCII(s) {
		return s, false
	}
	bad := Badness(s)
	if bad == 0 {
		// Badness counts every C1 control, so there is none for fixC1.
		return s, false
	}
	changed := false
	for range maxRounds {
		t, ok := fixWhole(s, bad)
		if !ok {
			t, ok = fixRuns(s)
		}
		if !ok {
			break
		}
		s, changed = t, true
		if bad = Badness(s); bad == 0 {
			break
		}
	}
	if t := fixC1(s); t != s {
		s, changed = t, true
	}
	return s, changed
}

// fixC1 replaces C1 controls with the punctuation Windows-1252 has at
// those bytes ("\u0085" becomes "…"), as the HTML standard does for
// character references: C1 controls do not occur in real text, they are
// Windows-1252 read as Latin-1. The five bytes Windows-1252 leaves
// unassigned stay as they are.
func fixC1(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9F }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x80 && r <= 0x9F {
			if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError && w >= 0xA0 {
				return w
			}
		}
		return r
	}, s)
}

// fixWhole re-encodes all of s with the first code page that can encode it
// and whose bytes decode as UTF-8 to less bad text.
func fixWhole(s string, bad int) (string, bool) {
	for _, c := range codecs {
		b, ok := c.encode(s)
		if !ok {
			continue
		}
		t, ok := decodeUTF8(b)
		if !ok || t == s {
			continue
		}
		if Badness(t) < bad {
			return t, true
		}
	}
	return "", false
}

// fixRuns repairs each maximal run of characters that encodes, in one code
// page, to well-formed multi-byte UTF-8 and looks bad on its own.
func fixRuns(s string) (string, bool) {
	for _, c := range codecs[:3] {
		if t, ok := c.fixRuns(s); ok {
			return t, true
		}
	}
	return "", false
}

func (c codec) fixRuns(s string) (string, bool) {
	rs := []rune(s)
	var out []rune
	changed := false
	for i := 0; i < len(rs); {
		end := c.runEnd(rs, i)
		if end == i {
			out = append(out, rs[i])
			i++
			continue
		}
		run := string(rs[i:end])
		// Judge the run with a character of context on each side, so
		// that "relatifs Ã l’" counts as bad while "Ã " alone does not.
		before, after := string(rs[max(0, i-2):i]), string(rs[end:min(len(rs), end+1)])
		if bad := Badness(before + run + after); bad > 0 {
			if b, ok := c.encode(run); ok {
				if t, ok := decodeUTF8(b); ok && Badness(before+t+after) < bad {
					out = append(out, []rune(t)...)
					changed = true
					i = end
					continue
				}
			}
		}
		out = append(out, rs[i:end]...)
		i = end
	}
	if !changed {
		return "", false
	}
	return string(out), true
}

// runEnd returns the end of the run of UTF-8-shaped sequences starting at
// rs[i], or i when none starts there.
func (c codec) runEnd(rs []rune, i int) int {
	j := i
	for j < len(rs) {
		b, ok := c.back[rs[j]]
		if !ok {
			break
		}
		if b >= 0xC2 && b <= 0xDF && j+1 < len(rs) && rs[j+1] == ' ' {
			j += 2 // the no-break space turned into a space; see decodeUTF8
			continue
		}
		n := 0
		switch {
		case b >= 0xC2 && b <= 0xDF:
			n = 1
		case b >= 0xE0 && b <= 0xEF:
			n = 2
		case b >= 0xF0 && b <= 0xF4:
			n = 3
		default:
			return j
		}
		k := j + 1
		for ; k <= j+n && k < len(rs); k++ {
			cb, ok := c.back[rs[k]]
			if !ok || cb < 0x80 || cb > 0xBF {
				break
			}
		}
		if k != j+n+1 {
			return j
		}
		j = k
	}
	return j
}

// encode maps s back to the bytes of code page c. ASCII passes through.
func (c codec) encode(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			out = append(out, byte(r))
			continue
		}
		b, ok := c.back[r]
		if !ok {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}

// decodeUTF8 decodes b as UTF-8, also accepting CESU-8 surrogate pairs
// (emoji written by Java and MySQL's old "utf8") and a two-byte lead
// followed by a space where the trailing no-break space was turned into a
// space ("Ã " for "à"). It fails if b has any other invalid sequence or no
// multi-byte sequence at all.
func decodeUTF8(b []byte) (string, bool) {
	out := make([]rune, 0, len(b))
	multi := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			out = append(out, rune(c))
			i++
			continue
		}
		if c == 0xED && i+5 < len(b) && b[i+1] >= 0xA0 && b[i+1] <= 0xAF && b[i+3] == 0xED && b[i+4] >= 0xB0 && b[i+4] <= 0xBF &&
			isCont(b[i+2]) && isCont(b[i+5]) {
			hi := rune(b[i+1]&0x0F)<<6 | rune(b[i+2]&0x3F) + 0xD800
			lo := rune(b[i+4]&0x0F)<<6 | rune(b[i+5]&0x3F) + 0xDC00
			out = append(out, (hi-0xD800)<<10+(lo-0xDC00)+0x10000)
			i += 6
			multi = true
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(b) && b[i+1] == ' ' {
			// The continuation byte was 0xA0, a no-break space in every
			// code page here, later turned into a space. "à" (C3 A0)
			// often ends a word (à, voilà, déjà), so its space is kept;
			// for any other letter the space was the byte itself.
			out = append(out, rune(c&0x1F)<<6|0x20)
			if c == 0xC3 {
				i++
			} else {
				i += 2
			}
			multi = true
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return "", false
		}
		out = append(out, r)
		i += size
		multi = true
	}
	if !multi {
		return "", false
	}
	return string(out), true
}

func isCont(b byte) bool { return b >= 0x80 && b <= 0xBF }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
