package ner

import "github.com/newswire/newswire/services/tagger/internal/token"

// numNonlocal is how many document-level features each token has in the
// second pass.
const numNonlocal = 4

func typeIndex(l Label) int {
	if l == O || l >= numLabels {
		return 0
	}
	return int(l-1)/2 + 1
}

// nonlocal computes, from a first pass's labels, what the rest of the
// document says about each capitalised word (Ratinov and Roth's context
// aggregation): the type most often given to its other occurrences, the
// type of its previous occurrence, whether it is the first or last word of
// a longer mention elsewhere (and of which type), and whether it follows a
// title anywhere in the document.
func (d *doc) nonlocal(first []Label) {
	n := len(d.toks)
	d.nl = grow(d.nl, n*numNonlocal)
	d.agg = grow(d.agg, len(d.words))
	d.parts = grow(d.parts, len(d.words))
	d.last = grow(d.last, len(d.words))
	clear(d.agg)
	clear(d.parts)
	clear(d.last)
	for i := 0; i < n; i++ {
		if d.flags[i]&flagUpper == 0 {
			continue
		}
		d.agg[d.wid[i]][typeIndex(first[i])]++
		if first[i].IsBegin() {
			// Words of longer mentions: 2 bits per type, first and last word.
			j := i + 1
			for j < n && first[j] == first[i].Inside() {
				j++
			}
			if j-i >= 2 {
				shift := 2 * uint(typeIndex(first[i])-1)
				d.parts[d.wid[i]] |= 1 << shift
				d.parts[d.wid[j-1]] |= 2 << shift
			}
		}
		if i > 0 && d.flags[i-1]&flagTitle != 0 {
			d.parts[d.wid[i]] |= 1 << 7 // seen right after a title
		}
	}
	for i := 0; i < n; i++ {
		out := d.nl[i*numNonlocal : (i+1)*numNonlocal]
		if d.flags[i]&flagUpper == 0 {
			out[0], out[1], out[2], out[3] = fNLAgg, fNLPrev, fNLPart, fNLTitle
			continue
		}
		c := d.agg[d.wid[i]]
		c[typeIndex(first[i])]--
		maj, best := 0, int32(0)
		for t := 1; t < 5; t++ {
			if c[t] > best {
				maj, best = t, c[t]
			}
		}
		bucket := uint64(0)
		switch {
		case best >= 4:
			bucket = 3
		case best >= 2:
			bucket = 2
		case best == 1:
			bucket = 1
		}
		oMajor := uint64(0)
		if c[0] > best {
			oMajor = 1
		}
		out[0] = token.Mix(fNLAgg, uint64(maj)<<4|bucket<<1|oMajor)
		out[1] = token.Mix(fNLPrev, uint64(d.last[d.wid[i]]))
		d.last[d.wid[i]] = uint8(typeIndex(first[i])) + 1
		p := d.parts[d.wid[i]]
		out[2] = token.Mix(fNLPart, uint64(p&0x7f))
		out[3] = token.Mix(fNLTitle, uint64(p>>7))
	}
}
