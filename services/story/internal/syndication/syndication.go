// Package syndication finds copies of one text among others: the same wire
// copy run by several outlets with another headline, paragraphs dropped,
// added or reordered, other boilerplate or a correction appended.
//
// A text is reduced to a Sketch: the hashes of its word 5-shingles, the
// smallest MaxSketch of them when there are more (a bottom-k sample, so two
// sketches stay comparable below the lower of their largest values). The
// sketch gives containment (how much of the shorter text stands in the
// longer), which, unlike Jaccard similarity, stays high when a copy is
// trimmed to half its length: exactly up to MaxSketch shingles (some 500
// words), as an estimate beyond. Keys, a sample of the hashes chosen by
// value alone (so two texts sample the same shingles wherever they share
// them), let a store find earlier texts sharing shingles without comparing
// against all of them.
package syndication

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
)

const (
	// ShingleWords is the number of words in a shingle.
	ShingleWords = 5
	// keyMod keeps one shingle hash in keyMod as a lookup key.
	keyMod = 16
	// MaxSketch bounds a sketch: the smallest values are kept, so two
	// capped sketches remain comparable below the lower of their maxima.
	MaxSketch = 512
	// MaxKeys bounds the lookup keys of one text.
	MaxKeys = 16
	// MinSample is the fewest shingles a comparison needs to be trusted;
	// shorter texts are matched only when identical.
	MinSample = 4
)

// Sketch is a text's shingle hashes, sorted ascending and unique.
// Capped reports whether values above the last were dropped.
type Sketch struct {
	Values []uint32
	Capped bool
}

// Of returns the sketch of text.
func Of(text string) Sketch {
	sample := make([]uint32, 0, len(text)/6+1)
	var win [ShingleWords]uint64
	n := 0
	forWords(text, func(w uint64) {
		win[n%ShingleWords] = w
		n++
		if n < ShingleWords {
			return
		}
		// The shingle's hash depends on its words in order.
		h := uint64(0x9e3779b97f4a7c15)
		for i := n - ShingleWords; i < n; i++ {
			h = mix(h ^ win[i%ShingleWords])
		}
		sample = append(sample, uint32(h>>32))
	})
	slices.Sort(sample)
	sample = slices.Compact(sample)
	s := Sketch{Values: sample}
	if len(sample) > MaxSketch {
		s.Values = slices.Clip(sample[:MaxSketch])
		s.Capped = true
	}
	return s
}

// Keys returns the lookup keys of the sketch: the values that a sparser
// sampling by value keeps, smallest first, at most MaxKeys. Two texts sharing a good
// part of their shingles share some keys.
func (s Sketch) Keys() []uint32 {
	var keys []uint32
	for _, v := range s.Values {
		if v%keyMod == 0 {
			keys = append(keys, v)
			if len(keys) == MaxKeys {
				break
			}
		}
	}
	return keys
}

// Containment estimates the share of the smaller text's shingles that stand
// in the other (0-1), and whether the texts were long enough for it to
// mean anything.
func Containment(a, b Sketch) (float64, bool) {
	limit := uint32(1<<32 - 1)
	if a.Capped && len(a.Values) > 0 {
		limit = min(limit, a.Values[len(a.Values)-1])
	}
	if b.Capped && len(b.Values) > 0 {
		limit = min(limit, b.Values[len(b.Values)-1])
	}
	na, nb, both := 0, 0, 0
	i, j := 0, 0
	for i < len(a.Values) && a.Values[i] <= limit || j < len(b.Values) && b.Values[j] <= limit {
		switch {
		case j >= len(b.Values) || b.Values[j] > limit || i < len(a.Values) && a.Values[i] <= limit && a.Values[i] < b.Values[j]:
			na++
			i++
		case i >= len(a.Values) || a.Values[i] > limit || b.Values[j] < a.Values[i]:
			nb++
			j++
		default:
			na++
			nb++
			both++
			i++
			j++
		}
	}
	smaller := min(na, nb)
	if smaller < MinSample {
		return 0, false
	}
	return float64(both) / float64(smaller), true
}

// Encode packs the sketch into bytes for storage: four bytes per value,
// little endian, then one byte for Capped.
func (s Sketch) Encode() []byte {
	b := make([]byte, 0, 4*len(s.Values)+1)
	for _, v := range s.Values {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	if s.Capped {
		return append(b, 1)
	}
	return append(b, 0)
}

// Decode reverses Encode. Malformed input gives an empty sketch.
func Decode(b []byte) Sketch {
	if len(b)%4 != 1 {
		return Sketch{}
	}
	s := Sketch{Values: make([]uint32, 0, len(b)/4), Capped: b[len(b)-1] == 1}
	for i := 0; i+4 <= len(b)-1; i += 4 {
		s.Values = append(s.Values, binary.LittleEndian.Uint32(b[i:]))
	}
	return s
}

// forWords calls f with a hash of each word of text: a run of letters and
// digits, case folded. Punctuation, spacing and case do not change a
// word's hash, so re-typeset copies match.
func forWords(text string, f func(uint64)) {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h, inWord := uint64(offset), false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		case r == '\'' || r == '’':
			// Apostrophes inside words ("don't") do not split them.
			continue
		default:
			if inWord {
				f(h)
				h, inWord = offset, false
			}
			continue
		}
		h = (h ^ uint64(r)) * prime
		inWord = true
	}
	if inWord {
		f(h)
	}
}

// mix is splitmix64's finalizer: every input bit moves every output bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
