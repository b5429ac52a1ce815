// Package dedupe removes repeated paragraphs from extracted article text:
// a paragraph the page printed twice (a pull quote, a caption repeated
// under a gallery) and a whole body the scraper captured twice (the seed
// article repeats its body after a highlights list and a byline).
package dedupe

import (
	"strings"
	"unicode"
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
	keys := make([]string, len(paras))
	first := make(map[string]int, len(paras))
	for i, p := range paras {
		keys[i] = Key(p)
	}
	drop := make([]bool, len(paras))
	for j := 0; j < len(paras); j++ {
		k := keys[j]
		if k == "" {
			drop[j] = true
			continue
		}
		i, seen := first[k]
		if !seen {
			first[k] = j
			continue
		}
		// Extend the match: paras[i:i+n] repeated at paras[j:j+n]. The
		// copy may not overlap the original.
		n := 0
		for j+n < len(paras) && i+n < j && keys[i+n] == keys[j+n] && keys[j+n] != "" {
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
		if words(k) >= MinWords {
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

// Key is the form paragraphs are compared in: lower case, white space
// collapsed to single spaces, trimmed.
func Key(p string) string {
	var b strings.Builder
	b.Grow(len(p))
	space := false
	for _, r := range p {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= 0x80 && unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func words(key string) int { return strings.Count(key, " ") + 1 }
