// Package dedupe removes repeated paragraphs from extracted article text:
// a paragraph the page printed twice (a pull quote, a caption repeated
// under a gallery) and a whole body the scraper captured twice (the seed
// article repeats its body after a highlights list and a byline).
package dedupe

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sync"
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
	defer keysPool.Put(ks)
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
// count: no string per paragraph. Paragraphs takes one from keysPool and
// returns it, so the buffers are reused across documents.
type keys struct {
	buf   []byte
	end   []int // key i is buf[end[i-1]:end[i]]
	hash  []uint64
	words []int
}

var keysPool = sync.Pool{New: func() any { return new(keys) }}

// hashSeed seeds the key hashes; any seed will do, as hashes are only
// compared within one call.
var hashSeed = maphash.MakeSeed()

// maxPooledKeyBytes bounds the key buffer a pooled keys keeps, so one huge
// document does not pin its buffer for the life of the process.
const maxPooledKeyBytes = 1 << 20

func newKeys(paras []string) *keys {
	total := 0
	for _, p := range paras {
		total += len(p)
	}
	ks := keysPool.Get().(*keys)
	if cap(ks.buf) > maxPooledKeyBytes {
		ks.buf = nil
	}
	ks.buf = slices.Grow(ks.buf[:0], total)
	ks.end = resize(ks.end, len(paras))
	ks.hash = resize(ks.hash, len(paras))
	ks.words = resize(ks.words, len(paras))
	seed := hashSeed
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

// resize returns s with length n, reusing its array when it is big enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
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

// appendKey appends p's key to dst. ASCII takes a branch-free path: each
// byte is looked up in keyByte (lower case, white space as a space) and
// written, and the write is kept unless it is white space after white
// space or at the start, so word boundaries cost no mispredicted branch.
// A trailing space is cut at the end.
func appendKey(dst []byte, p string) []byte {
	start := len(dst)
	dst = slices.Grow(dst, len(p))
	buf := dst[:start+len(p)] // room for one byte per input byte
	n := start
	prevSpace := byte(1) // 1 after white space and at the start
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			buf[n] = keyByte[c]
			sp := keySpace[c]
			n += int(1 &^ (sp & prevSpace))
			prevSpace = sp
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		if unicode.IsSpace(r) {
			buf[n] = ' '
			n += int(1 &^ prevSpace)
			prevSpace = 1
			continue
		}
		prevSpace = 0
		r = unicode.ToLower(r)
		if need := utf8.RuneLen(r); need > size {
			// The lower case (or U+FFFD for a bad byte) is longer.
			buf = slices.Grow(buf[:n], need+len(p)-i)
			buf = buf[:n+need+len(p)-i]
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	if n > start && buf[n-1] == ' ' {
		n--
	}
	return buf[:n]
}

// keyByte maps an ASCII byte to its key byte: lower case, and a space for
// the white space Key collapses (\v and \f are kept, as they always were);
// keySpace marks that white space.
var keyByte, keySpace = func() (b, sp [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		b[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			b[c] = byte(c + 'a' - 'A')
		}
	}
	for _, c := range []byte{' ', '\t', '\n', '\r'} {
		b[c], sp[c] = ' ', 1
	}
	return b, sp
}()
