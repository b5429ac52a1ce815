// Package ner finds named entities in English news text: people (PERSON),
// organisations (ORG), places (LOC) and nationalities, religious and
// political groups (NORP). An averaged perceptron with a greedy BIO decoder
// labels tokens from word, shape, affix, cluster and gazetteer features;
// rules then trim titles, link acronyms in brackets, make labels consistent
// within the article and resolve each mention to a canonical name.
package ner

import (
	_ "embed"
	"fmt"
	"sync"
	"unsafe"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/ner/perceptron"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// embeddedModel is the model as the trainer writes it, uncompressed and
// read in place from the binary: its weights are mostly incompressible
// (gzip saved a third of its 6 MB), and inflating it and the gazetteer's
// list was a third of the tagger's start.
//
//go:embed model/model.bin
var embeddedModel []byte

// embeddedTable holds the model's weights of both passes as they lie in
// memory (Model.WriteTable, TestEmbeddedTable): Load reads them in place
// from the binary, where decoding model.bin's filled 19 MB of fresh memory
// that the kernel zeroes first, 2 to 36 ms of each start (BENCHMARKS.md,
// issue 15, eleventh look). It is a string, read-only: the weights are
// never written once read.
//
//go:embed model/weights.tbl
var embeddedTable string

// Tagger tags entities. It is immutable after construction and safe for
// concurrent use.
type Tagger struct {
	model *Model
	gaz   *gazetteer.Gazetteer
	feat  *featurizer
	// closed holds the hashes of function words, never a name alone.
	closed map[uint64]bool
	pool   sync.Pool
}

// Load returns a Tagger with the model and gazetteer built into the binary.
func Load() (*Tagger, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("load ner: %w", err)
	}
	m, err := parseModel(embeddedModel, unsafe.Slice(unsafe.StringData(embeddedTable), len(embeddedTable)))
	if err != nil {
		return nil, fmt.Errorf("load ner: %w", err)
	}
	return New(m, g)
}

// New returns a Tagger for a model and a gazetteer.
func New(m *Model, g *gazetteer.Gazetteer) (*Tagger, error) {
	if m == nil || m.weights == nil {
		return nil, fmt.Errorf("new ner tagger: no model")
	}
	if g == nil {
		return nil, fmt.Errorf("new ner tagger: no gazetteer")
	}
	t := &Tagger{model: m, gaz: g, feat: newFeaturizer(g, m.clusters), closed: closedSet()}
	t.pool.New = func() any { return &doc{} }
	return t, nil
}

// Tag returns the entities mentioned in text, in order of offset. Offsets
// are UTF-8 byte offsets into text, end exclusive, and Text is
// text[Start:End].
func (t *Tagger) Tag(text string) []article.Entity {
	d := t.pool.Get().(*doc)
	defer t.pool.Put(d)
	d.toks = token.Split(text, d.toks[:0])
	if len(d.toks) == 0 {
		return nil
	}
	// Sentences in capitals or in small letters are tagged as they would
	// be written; offsets are the same, and Text comes from text.
	d.text, d.cased = t.truecase(text, d.toks, d.cased)
	d.recased = d.text != text
	d.orig = text
	t.feat.prepare(d)
	t.decode(d)
	ms := t.mentions(d)
	ms = t.rules(d, ms)
	ms = t.resolve(d, ms)
	out := make([]article.Entity, 0, len(ms))
	for _, m := range ms {
		s, e := d.toks[m.start].Start, nameEnd(text, d.toks, m)
		out = append(out, article.Entity{Type: m.typ, Text: text[s:e], Canonical: m.canon, ID: m.id, Start: s, End: e})
	}
	d.text, d.orig = "", ""
	return out
}

// nameEnd returns where the name m of text ends: at its last token's end,
// or before the full stop of a capitalised abbreviation that closes a name
// of two or more tokens ("Reliance Industries Ltd." names "Reliance
// Industries Ltd"; "Butte, Mont" + "." names "Butte, Mont").
func nameEnd(text string, toks []token.Token, m mention) int {
	e := toks[m.end-1].End
	last := m.end - 1
	if text[toks[last].Start:e] == "." && last-1 > m.start && toks[last-1].End == toks[last].Start {
		last-- // "Mont" "." read as one listed name
	}
	if last > m.start && abbreviation(text[toks[last].Start:e]) {
		e--
	}
	return e
}

// abbreviation reports whether w is a capitalised word shortened with a
// full stop ("Ltd.", "Co.", "Inc.", "Jr."): a name that ends in one ends
// before the stop, which is punctuation, often the sentence's too.
// Initials ("U.S.") keep theirs.
func abbreviation(w string) bool {
	n := len(w)
	if n < 3 || n > 5 || w[n-1] != '.' || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i < n-1; i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// Labels returns the model's raw BIO label for each token of text, before
// any rule runs; for evaluation and debugging.
func (t *Tagger) Labels(text string, toks []token.Token) []Label {
	d := &doc{text: text, toks: toks}
	t.feat.prepare(d)
	t.decode(d)
	return d.labels
}

// decode labels the tokens of d greedily, left to right, with weights w;
// with nonlocal set it also uses the features nonlocal computed from a
// first pass. In a first pass followed by a second, beside is the second
// pass's model: the label-free sums of both are taken together, and the
// second pass starts from those it finds (see doc.static2). Otherwise it
// is nil.
func decode(f *featurizer, w, beside *perceptron.Model, d *doc, nonlocal bool) {
	d.wordScores = grow(d.wordScores, len(d.words))
	d.scored = grow(d.scored, len(d.words))
	if !nonlocal {
		clear(d.scored) // the second pass keeps the word sums the first took for it
	}
	if beside != nil {
		d.wordScores2 = grow(d.wordScores2, len(d.words))
		d.static2 = grow(d.static2, len(d.toks))
		d.has2 = grow(d.has2, len(d.toks))
		clear(d.has2)
	}
	var scores, next [NumLabels]float32
	nextAt := -1 // the token whose label-free scores next holds
	prev, prev2 := start, start
	for k := range d.ahead {
		d.ahead[k].tok = -1
	}
	for i := range d.toks {
		if k := i + lookAhead; k < len(d.toks) && d.flags[k]&flagUpper != 0 {
			prefetchRows(f, w, d, k, nonlocal)
		}
		if d.flags[i]&flagSentence != 0 {
			prev, prev2 = start, start
		}
		// Outside a name, a word with no capital letter almost never
		// starts one: skip scoring it, most of a text's tokens.
		if (prev == O || prev == start) && d.flags[i]&flagUpper == 0 {
			d.labels[i] = O
			prev2, prev = prev, O
			continue
		}
		if nextAt == i {
			scores = next
		} else {
			labelFree(f, w, beside, d, i, nonlocal, &scores)
		}
		// A token with a capital is always scored: add up its label-free
		// weights now, so that fetching their rows from memory overlaps
		// this token's, which wait for the label before.
		if j := i + 1; j < len(d.toks) && d.flags[j]&flagUpper != 0 {
			labelFree(f, w, beside, d, j, nonlocal, &next)
			nextAt = j
		}
		w.Add(d.dynamic(i, prev, prev2), scores[:])
		l := argmax(scores[:], prev)
		d.labels[i] = l
		prev2, prev = prev, l
	}
}

// lookAhead is how many tokens ahead of the one being labelled decode
// prefetches the rows of a token with a capital letter, which is always
// scored.
const lookAhead = 4

// prefetchRows starts fetching the rows that labelFree will read for token k:
// in the first pass its context's and, unless already scored, its word's,
// whose features it keeps for labelFree in d.ahead; in the second, whose
// rows sit beside the first's, its document features.
func prefetchRows(f *featurizer, w *perceptron.Model, d *doc, k int, nonlocal bool) {
	// The rows of k's features that depend on the label before it are
	// fetched for a guess at that label: the first pass's in the second
	// pass, outside a name in the first, none at a sentence's start.
	// A right guess saves a wait on memory once the label is known.
	prev := O
	switch {
	case d.flags[k]&flagSentence != 0:
		prev = start
	case nonlocal:
		prev = d.first[k-1]
	}
	dyn := [...]uint64{
		token.Mix(token.Mix(fPrevW, uint64(prev)), d.lw[k]),
		token.Mix(token.Mix(fPrevShape, uint64(prev)), d.shape[k]),
		token.Mix(token.Mix(fPrevGaz, uint64(prev)), d.gaz[k]),
		token.Mix(token.Mix(fLowerSeen, uint64(prev)), d.lowerSeen(k)),
	}
	w.Prefetch(dyn[:])
	if nonlocal {
		// The first pass summed k's other rows when it scored k
		// (has2[k]); if not, they are read as they come.
		w.Prefetch(d.nl[k*numNonlocal : (k+1)*numNonlocal])
		return
	}
	a := &d.ahead[k%len(d.ahead)]
	a.tok, a.word = k, false
	st := a.feats[numWord:]
	f.contextFeatures(d, k, st)
	if !d.scored[d.wid[k]] {
		f.wordFeatures(d, k, a.feats[:numWord])
		a.word = true
		st = a.feats[:]
	}
	w.Prefetch(st)
}

// labelFree sets scores to the sum of token i's weights that do not depend
// on earlier labels: its word's (cached per word and pass), its context's
// and, in the second pass, the document's. With beside set (a first pass)
// it also keeps the second pass's sums of the word and context for that
// pass, which starts from them where it finds them.
func labelFree(f *featurizer, w, beside *perceptron.Model, d *doc, i int, nonlocal bool, scores *[NumLabels]float32) {
	if nonlocal && d.has2[i] {
		*scores = d.static2[i]
		w.Add(d.nl[i*numNonlocal:(i+1)*numNonlocal], scores[:])
		return
	}
	// The features prefetchRows worked out for i, if it did.
	st, a := d.static, &d.ahead[i%len(d.ahead)]
	ahead := a.tok == i
	if ahead {
		st = a.feats[:]
	}
	id := d.wid[i]
	ws := &d.wordScores[id]
	if !d.scored[id] {
		if !ahead || !a.word {
			f.wordFeatures(d, i, st[:numWord])
		}
		*ws = [NumLabels]float32{}
		if beside != nil {
			d.wordScores2[id] = [NumLabels]float32{}
			w.AddBeside(beside, st[:numWord], ws[:], d.wordScores2[id][:])
		} else {
			w.Add(st[:numWord], ws[:])
		}
		d.scored[id] = true
	}
	*scores = *ws
	if !ahead {
		f.contextFeatures(d, i, st[numWord:])
	}
	if beside != nil {
		s2 := &d.static2[i]
		*s2 = d.wordScores2[id]
		w.AddBeside(beside, st[numWord:], scores[:], s2[:])
		d.has2[i] = true
		return
	}
	w.Add(st[numWord:], scores[:])
	if nonlocal {
		w.Add(d.nl[i*numNonlocal:(i+1)*numNonlocal], scores[:])
	}
}

// wordAlone returns the final pass's summed weights of word i's own
// features (its spelling, shape, affixes and cluster): decode's per-word
// cache when that pass scored the word, else worked out the same way.
func (t *Tagger) wordAlone(d *doc, i int) [NumLabels]float32 {
	if id := d.wid[i]; int(id) < len(d.scored) && d.scored[id] {
		return d.wordScores[id]
	}
	w := t.model.weights
	if t.model.second != nil {
		w = t.model.second
	}
	var st [numWord]uint64
	t.feat.wordFeatures(d, i, st[:])
	var s [NumLabels]float32
	w.Add(st[:], s[:])
	return s
}

// decode runs the first pass and, when the model has one, the second.
func (t *Tagger) decode(d *doc) {
	decode(t.feat, t.model.weights, t.model.second, d, false)
	if t.model.second != nil {
		d.first = append(d.first[:0], d.labels...)
		d.nonlocal(d.first)
		// The first pass summed the second model's word weights of every
		// word it scored: the second pass's word cache starts with them.
		d.wordScores, d.wordScores2 = d.wordScores2, d.wordScores
		decode(t.feat, t.model.second, nil, d, true)
	}
}
