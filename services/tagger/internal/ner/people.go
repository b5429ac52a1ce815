package ner

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// person is a group of PERSON mentions taken to name one person.
type person struct {
	forms map[string]int // full name form -> occurrences
	first []string       // given names seen, lower-cased
	last  []string       // surnames seen, lower-cased
	count int
	canon string
}

// resolvePeople gives every PERSON mention in the document a canonical
// name. Names of two or more words are grouped when their surnames and
// given names match allowing small spelling differences ("Qassem
// Soleimani", "Qasem Soleimani"); each group's canonical name is its most
// frequent form, the longest on a tie. A one-word mention joins the
// largest group whose surname (or, failing that, given name) it matches.
func resolvePeople(d *doc, ms []mention, idx []int) {
	// Work on distinct forms, not mentions: an article repeats names.
	freq := map[string]int{}
	var fulls []string
	singles := map[string]string{} // lower-cased word -> canonical name
	for _, k := range idx {
		name := ms[k].canon
		if strings.Contains(name, " ") {
			if freq[name] == 0 {
				fulls = append(fulls, name)
			}
			freq[name]++
		} else {
			singles[strings.ToLower(name)] = ""
		}
	}
	// Most frequent forms first so each group starts from a good name.
	slices.SortStableFunc(fulls, func(a, b string) int {
		if freq[a] != freq[b] {
			return freq[b] - freq[a]
		}
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	var groups []*person
	of := make(map[string]*person, len(fulls))
	for _, name := range fulls {
		words := strings.Fields(strings.ToLower(name))
		fn, ln := words[0], words[len(words)-1]
		var g *person
		for _, p := range groups {
			if fuzzyIn(ln, p.last) && (fuzzyIn(fn, p.first) || initialOf(fn, p.first)) {
				g = p
				break
			}
		}
		if g == nil {
			g = &person{forms: map[string]int{}}
			groups = append(groups, g)
		}
		g.forms[name] += freq[name]
		g.count += freq[name]
		g.first = appendNew(g.first, fn)
		g.last = appendNew(g.last, ln)
		of[name] = g
	}
	for _, g := range groups {
		best, bc := "", 0
		for f, c := range g.forms {
			if c > bc || c == bc && (wordCount(f) > wordCount(best) || wordCount(f) == wordCount(best) && (len(f) > len(best) || len(f) == len(best) && f < best)) {
				best, bc = f, c
			}
		}
		g.canon = best
	}
	for w := range singles {
		var g *person
		for _, pass := range [2]bool{true, false} {
			for _, p := range groups {
				list := p.first
				if pass {
					list = p.last
				}
				if fuzzyIn(w, list) && (g == nil || p.count > g.count) {
					g = p
				}
			}
			if g != nil {
				break
			}
		}
		if g != nil {
			singles[w] = g.canon
		}
	}
	for _, k := range idx {
		name := ms[k].canon
		if g, ok := of[name]; ok {
			ms[k].canon = g.canon
		} else if c := singles[strings.ToLower(name)]; c != "" {
			ms[k].canon = c
		}
	}
}

func wordCount(s string) int { return strings.Count(s, " ") + 1 }

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func fuzzyIn(w string, list []string) bool {
	for _, x := range list {
		if similarName(w, x) {
			return true
		}
	}
	return false
}

// initialOf reports whether w is an initial ("j." or "j") of a name in list.
func initialOf(w string, list []string) bool {
	w = strings.TrimSuffix(w, ".")
	if utf8.RuneCountInString(w) != 1 {
		return false
	}
	for _, x := range list {
		if strings.HasPrefix(x, w) {
			return true
		}
	}
	return false
}

// similarName reports whether two lower-cased name words are the same name
// spelled differently: equal, within a small edit distance for their
// length, or equal under a rough phonetic key (vowels dropped after the
// first letter, doubled letters merged, q/k/c and z/s merged).
func similarName(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if min(la, lb) < 5 {
		return false // short names differ by a letter too often: John, Joan
	}
	limit := 1
	if min(la, lb) >= 8 {
		limit = 2
	}
	if abs(la-lb) <= limit && editDistance(a, b, limit) <= limit {
		return true
	}
	return samePhonetic(a, b)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance returns the Levenshtein distance of a and b in runes, or
// limit+1 when it is larger than limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	// Names are short: rows of up to 32 runes are on the stack.
	var pb, cb [33]int
	prev, cur := pb[:], cb[:]
	if len(rb) >= len(pb) {
		prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	prev, cur = prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// samePhonetic reports whether a and b have the same rough phonetic key:
// vowels, h, apostrophes and hyphens dropped after the first letter,
// repeated letters merged, q/c read as k, z as s, y as i. It walks both
// keys a rune at a time: resolvePeople compares every name word with every
// group's, and building the keys as strings was most of its allocations.
func samePhonetic(a, b string) bool {
	var ka, kb phoneticKey
	ka.s, kb.s = a, b
	for {
		ra, oka := ka.next()
		rb, okb := kb.next()
		if oka != okb || ra != rb {
			return false
		}
		if !oka {
			return true
		}
	}
}

// phoneticKey yields the runes of s's phonetic key one at a time.
type phoneticKey struct {
	s    string
	i    int  // the byte offset of the next rune of s
	last rune // the last rune read, mapped, kept or dropped
}

func (k *phoneticKey) next() (rune, bool) {
	for k.i < len(k.s) {
		first := k.i == 0
		r, n := utf8.DecodeRuneInString(k.s[k.i:])
		k.i += n
		r = phoneticRune(r)
		if !first && strings.ContainsRune("aeiouh'’-", r) {
			continue
		}
		keep := r != k.last
		k.last = r
		if keep {
			return r, true
		}
	}
	return 0, false
}

// phoneticRune maps a rune of a name to its rune in the phonetic key.
func phoneticRune(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case 'q', 'c':
		r = 'k'
	case 'z':
		r = 's'
	case 'y':
		r = 'i'
	}
	return r
}
