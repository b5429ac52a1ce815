// Package dedupe removes repeated paragraphs from extracted article text:
// a paragraph the page printed twice (a pull quote, a caption repeated
// under a gallery) and a whole body the scraper captured twice (the seed
// article repeats its body after a highlights list and a byline).
package dedupe

import (
	"bytes"
	"hash/maphash"
	"unicode"
	"unicode/utf8"
)

// MinWords is the length, in words, from which a single repeated paragraph
// is removed. Shorter paragraphs (speaker labels in a transcript, "* * *"
// separators, "Advertisement") are legitimately repeated or harmless, and
// are removed only as part of a repeated block.
const MinWords = 4

// MinBlock is how many consecutive paragraphs must repeat, in order, for
// the later copy to be removed as a block, short paragraphs included.
const MinBlock = 3

// Paragraphs returns paras without repeats, keeping the first occurrence,
// and how many it removed. Paragraphs are compared on a key that is case
// folded with white space collapsed. A run of at least MinBlock
// consecutive paragraphs that repeats an earlier run is removed whole; on
// its own, a repeated paragraph is removed when it has at least MinWords
// words. Empty paragraphs are dropped and not counted.
func Paragraphs(paras []string) (kept []string, removed int) {
	ks := newKeys(paras)
	first := make(map[uint64]int, len(paras))
	drop := make([]bool, len(paras))
	for j := 0; j < len(paras); j++ {
		if ks.empty(j) {
			drop[j] = true
			continue
		}
		i, seen := first[ks.hash[j]]
		if !seen || !ks.equal(i, j) {
			if !seen {
				first[ks.hash[j]] = j
			}
			continue
		}
		// Extend the match: paras[i:i+n] repeated at paras[j:j+n]. The
		// copy may not overlap the original.
		n := 0
		for j+n < len(paras) && i+n < j && !ks.empty(j+n) && ks.equal(i+n, j+n) {
			n++
		}
		if n >= MinBlock {
			for m := j; m < j+n; m++ {
				drop[m] = true
				removed++
			}
			j += n - 1
			continue
		}
		if ks.words[j] >= MinWords {
			drop[j] = true
			removed++
		}
	}
	kept = make([]string, 0, len(paras)-removed)
	for i, p := range paras {
		if !drop[i] {
			kept = append(kept, p)
		}
	}
	return kept, removed
}

// keys holds every paragraph's key in one buffer, with its hash and word
// count: no string per paragraph.
type keys struct {
	buf   []byte
	end   []int // key i is buf[end[i-1]:end[i]]
	hash  []uint64
	words []int
}

func newKeys(paras []string) *keys {
	total := 0
	for _, p := range paras {
		total += len(p)
	}
	ks := &keys{
		buf:   make([]byte, 0, total),
		end:   make([]int, len(paras)),
		hash:  make([]uint64, len(paras)),
		words: make([]int, len(paras)),
	}
	seed := maphash.MakeSeed()
	for i, p := range paras {
		start := len(ks.buf)
		ks.buf = appendKey(ks.buf, p)
		ks.end[i] = len(ks.buf)
		k := ks.buf[start:]
		ks.hash[i] = maphash.Bytes(seed, k)
		ks.words[i] = bytes.Count(k, []byte{' '}) + 1
	}
	return ks
}

func (ks *keys) key(i int) []byte {
	start := 0
	if i > 0 {
		start = ks.end[i-1]
	}
	return ks.buf[start:ks.end[i]]
}

func (ks *keys) empty(i int) bool { return len(ks.key(i)) == 0 }

func (ks *keys) equal(i, j int) bool {
	return ks.hash[i] == ks.hash[j] && bytes.Equal(ks.key(i), ks.key(j))
}

// Key is the form paragraphs are compared in: lower case, white space
// collapsed to single spaces, trimmed.
func Key(p string) string { return string(appendKey(nil, p)) }

// appendKey appends p's key to dst. Runs of ASCII are copied whole and
// lower-cased in place.
func appendKey(dst []byte, p string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if asciiSpace(c) {
				space = len(dst) > start
				i++
				continue
			}
			if space {
				dst = append(dst, ' ')
				space = false
			}
			j := i + 1
			for j < len(p) && p[j] < utf8.RuneSelf && !asciiSpace(p[j]) {
				j++
			}
			k := len(dst)
			dst = append(dst, p[i:j]...)
			for ; k < len(dst); k++ {
				if b := dst[k]; 'A' <= b && b <= 'Z' {
					dst[k] = b + 'a' - 'A'
				}
			}
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		if unicode.IsSpace(r) {
			space = len(dst) > start
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// asciiSpace reports the ASCII white space Key collapses (\v and \f are
// kept, as they always were).
func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
