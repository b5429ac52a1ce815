package cluster

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
)

// Term is one weighted word of a vector.
type Term struct {
	T string  `json:"t"`
	W float64 `json:"w"`
}

// Vector is a sparse weighted bag of words, sorted by term.
type Vector []Term

const (
	// leadWords is how much of an article's text describes its event: the
	// lead carries who, what, where; the tail background shared with other
	// events.
	leadWords = 300
	// vectorTerms bounds an article's vector; centroidTerms a story's.
	vectorTerms   = 48
	centroidTerms = 96
	// Boosts: a headline word counts twice, a name (capitalised inside a
	// sentence, or an entity the tagger found) more, since names and
	// numbers tell two events of one kind apart.
	titleBoost  = 2.0
	nameBoost   = 3.0
	numberBoost = 2.0
	entityBoost = 2.0
)

// Features returns the article's vector: words of its title and lead, with
// stop words dropped, names and numbers weighted up, unit length.
func Features(a *article.Article) Vector {
	acc := make(map[string]float64, 256)
	addWords(acc, a.Title, titleBoost, -1)
	addWords(acc, a.Text, 1, leadWords)
	if a.Tags != nil {
		for _, e := range a.Tags.Entities {
			name := e.Canonical
			if name == "" {
				name = e.Text
			}
			forTokens(name, func(tok string, _ bool) {
				if t, ok := term(tok); ok {
					acc[t] += entityBoost
				}
			})
		}
	}
	v := make(Vector, 0, len(acc))
	for t, w := range acc {
		v = append(v, Term{T: t, W: w})
	}
	// The heaviest by count are the heaviest by 1 + log(count): the
	// logarithm is taken of the terms kept only.
	v = heaviest(v, vectorTerms)
	for i := range v {
		v[i].W = 1 + math.Log(v[i].W)
	}
	return unit(v)
}

// heaviest returns the n heaviest terms of v (byWeight order decides
// ties), in no particular order, reusing v. It selects with a min-heap of n
// instead of sorting all of v: an article has a few hundred terms and
// keeps vectorTerms.
func heaviest(v Vector, n int) Vector {
	if len(v) <= n {
		return v
	}
	h := v[:n]
	// lighter reports whether x comes after y in byWeight order.
	lighter := func(x, y Term) bool { return byWeight(x, y) > 0 }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && lighter(h[r], h[l]) {
				l = r
			}
			if !lighter(h[l], h[i]) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, t := range v[n:] {
		if lighter(h[0], t) {
			h[0] = t
			down(0)
		}
	}
	return h
}

// addWords adds the words of s (at most limit, all when negative) to acc.
func addWords(acc map[string]float64, s string, boost float64, limit int) {
	n := 0
	forTokens(s, func(tok string, sentenceStart bool) {
		if limit >= 0 && n >= limit {
			return
		}
		n++
		t, ok := term(tok)
		if !ok {
			return
		}
		w := boost
		r, _ := utf8.DecodeRuneInString(tok)
		switch {
		case unicode.IsDigit(r):
			w *= numberBoost
		case unicode.IsUpper(r) && !sentenceStart:
			w *= nameBoost
		}
		acc[t] += w
	})
}

// forTokens calls f with each word of s (letters, digits, inner
// apostrophes and decimal points) and whether it opens a sentence.
func forTokens(s string, f func(tok string, sentenceStart bool)) {
	start, inTok, sentence := 0, false, true
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) ||
			inTok && (r == '\'' || r == '’' || r == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && i > 0 && s[i-1] >= '0' && s[i-1] <= '9')
		if word {
			if !inTok {
				start, inTok = i, true
			}
			continue
		}
		if inTok {
			f(s[start:i], sentence)
			inTok, sentence = false, false
		}
		switch r {
		case '.', '!', '?', '\n', '"', '“', ':':
			sentence = true
		}
	}
	if inTok {
		f(s[start:], sentence)
	}
}

// term folds a token to the form vectors compare (lower case, possessive
// and plural s removed) and reports whether it carries meaning.
func term(tok string) (string, bool) {
	t := tok
	for i := 0; i < len(t); i++ {
		if c := t[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			t = strings.ToLower(tok)
			break
		}
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
	r, _ := utf8.DecodeRuneInString(t)
	if unicode.IsDigit(r) {
		return t, len(t) >= 2
	}
	if utf8.RuneCountInString(t) < 3 || stopWords[t] {
		return "", false
	}
	if len(t) > 4 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss") && !strings.HasSuffix(t, "us") && !strings.HasSuffix(t, "is") {
		t = t[:len(t)-1]
	}
	return t, true
}

// byWeight orders terms heaviest first, then by term.
func byWeight(a, b Term) int {
	if a.W != b.W {
		if a.W > b.W {
			return -1
		}
		return 1
	}
	return strings.Compare(a.T, b.T)
}

// unit scales v to unit length and sorts it by term.
func unit(v Vector) Vector {
	norm := 0.0
	for _, t := range v {
		norm += t.W * t.W
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range v {
			v[i].W /= norm
		}
	}
	slices.SortFunc(v, func(a, b Term) int { return strings.Compare(a.T, b.T) })
	return slices.Clip(v)
}

// Cosine is the cosine similarity of two vectors sorted by term.
func Cosine(a, b Vector) float64 {
	dot, na, nb := 0.0, 0.0, 0.0
	for _, t := range a {
		na += t.W * t.W
	}
	for _, t := range b {
		nb += t.W * t.W
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i].T, b[j].T); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			dot += a[i].W * b[j].W
			i++
			j++
		}
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// add returns the sum of a story centroid c and an article vector v, cut
// to the centroid's size.
func add(c, v Vector) Vector {
	sum := make(Vector, 0, len(c)+len(v))
	i, j := 0, 0
	for i < len(c) || j < len(v) {
		switch {
		case j >= len(v) || i < len(c) && c[i].T < v[j].T:
			sum = append(sum, c[i])
			i++
		case i >= len(c) || v[j].T < c[i].T:
			sum = append(sum, v[j])
			j++
		default:
			sum = append(sum, Term{T: c[i].T, W: c[i].W + v[j].W})
			i++
			j++
		}
	}
	if len(sum) <= centroidTerms {
		return sum
	}
	slices.SortFunc(sum, byWeight)
	sum = sum[:centroidTerms]
	slices.SortFunc(sum, func(a, b Term) int { return strings.Compare(a.T, b.T) })
	return sum
}

// keyTerms returns the n heaviest terms of v: the words under which the
// article's story is indexed and looked up.
func keyTerms(v Vector, n int) []string {
	w := slices.Clone(v)
	slices.SortFunc(w, byWeight)
	out := make([]string, 0, n)
	for _, t := range w[:min(n, len(w))] {
		out = append(out, t.T)
	}
	return out
}
