package ner

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// Feature templates. Each feature is the hash of its template number and
// its values, so no feature string is ever built.
const (
	fBias uint64 = iota + 1
	fW
	fWm1
	fWp1
	fWm2
	fWp2
	fWm1W
	fWWp1
	fRaw
	fShape
	fShapeM1
	fShapeP1
	fShape3
	fSuf2
	fSuf3
	fSuf4
	fPre3
	fGaz
	fGazM1
	fGazP1
	fGazShape
	fTitleM1
	fTitleM2
	fSuffixNext
	fIsSuffix
	fCluster
	fClusterM1
	fClusterP1
	fClusterShape
	fSentStartShape
	fParenAcr
	fLowerSeen
	fPrev
	fPrev2
	fPrevW
	fPrevShape
	fPrevGaz
	fNLAgg
	fNLPrev
	fNLPart
	fNLTitle
)

// numStatic is how many label-independent features each token has, and
// numWord how many of them, first, depend on the word alone.
const (
	numStatic = 31
	numWord   = 10
)

const boundary = 0x5bd1e9955bd1e995 // the hash of a word beyond the sentence

// Flags of a token's form.
const (
	flagCap      = 1 << iota // starts with an upper-case letter
	flagAllCaps              // two or more letters, none lower-case
	flagSentence             // first token of a sentence
	flagTitle                // an honorific or office ("Mr", "President")
	flagSuffix               // a word that ends organisation names
	flagAlpha                // starts with a letter
	flagUpper                // has an upper-case letter
)

// featurizer turns tokens into hashed features. It is read-only after
// construction and shared by all goroutines.
type featurizer struct {
	gaz    *gazetteer.Gazetteer
	titles map[uint64]bool
	// lex merges titles, suffixes, clusters and the business cues so a
	// word costs one lookup.
	lex      lexTable
	suffixes map[uint64]bool
}

func newFeaturizer(g *gazetteer.Gazetteer, clusters wordTable) *featurizer {
	f := &featurizer{gaz: g, titles: map[uint64]bool{}, suffixes: map[uint64]bool{}}
	for _, t := range gazetteer.Titles() {
		f.titles[token.Fold(t)] = true
	}
	for _, s := range gazetteer.OrgSuffixes() {
		f.suffixes[token.Fold(s)] = true
	}
	f.lex = newLexTable(clusters.len() + len(f.titles) + len(f.suffixes) + len(cueWords))
	for i := range clusters.len() {
		w, c := clusters.record(i)
		f.lex.entry(w).cluster = binary.LittleEndian.Uint16(c)
	}
	for w := range f.titles {
		f.lex.entry(w).flags |= flagTitle
	}
	for w := range f.suffixes {
		f.lex.entry(w).flags |= flagSuffix
	}
	for w := range cueWords {
		f.lex.entry(w).cue = true
	}
	return f
}

type lexEntry struct {
	cluster uint16
	flags   uint8
	cue     bool // one of cueWords
}

// doc holds the per-document working state of one Tag call; it is reused
// through a sync.Pool so a steady stream of articles allocates little.
type doc struct {
	text  string
	cased []byte // the buffer of a truecased text
	// recased is set when some sentence of text was truecased: its
	// capitals are then the case table's guesses, not the writer's.
	recased bool
	orig    string // the text as written; text is its truecased copy when recased
	toks    []token.Token
	lw      []uint64 // folded word hash
	raw     []uint64 // case-sensitive word hash
	shape   []uint64
	flags   []uint8
	gaz     []uint64 // gazetteer code: kinds and position
	clus    []uint16
	static  []uint64 // the static features of the token being labelled
	// ahead holds the static features of the tokens whose rows decode
	// prefetched, by token number modulo its length (more than
	// lookAhead+1): labelFree takes them from there.
	ahead  [8]aheadFeatures
	labels []Label
	lower  hashTable // the folded hashes of words with no capital first letter
	dyn    []uint64
	// wid numbers each token's case-sensitive word (by its raw hash) in
	// order of first sight; words holds, per number, what is worked out
	// once per word.
	wid   []int32
	ids   hashTable
	words []word
	// firstAt and folded hold, per word number, the token where prepare
	// first saw the word and its folded hash.
	firstAt []int32
	folded  []uint64
	// wordScores caches, per word number, the summed weights of the word's
	// word-only features, once scored[number] is set.
	wordScores [][NumLabels]float32
	scored     []bool
	// The first pass also sums the second model's weights of the same
	// features, whose rows share a cache line with the first's (see
	// perceptron.AddBeside): wordScores2 per word number, and static2
	// per token, its label-free sums but for the document features, once
	// has2[token] is set. The second pass starts from them.
	wordScores2 [][NumLabels]float32
	static2     [][NumLabels]float32
	has2        []bool
	// first holds the first pass's labels and nl the second pass's
	// document features, numNonlocal per token.
	first []Label
	nl    []uint64
	// agg, parts and last are the first pass's findings per word number.
	agg   [][5]int32
	parts []uint8
	last  []uint8 // the type of the word's previous occurrence, plus 1; 0 for none
	// gspans are the gazetteer matches, left to right, longest first.
	gspans []gspan
	// The mention passes' buffers, kept from one document to the next:
	// each is written by one pass only, once a document, and the mentions
	// are copied out before the doc goes back to the pool.
	ms, titled, split []mention    // mentions, splitTitles, splitCoordinated
	acro              [2][]mention // acronyms, each defined one in turn
	at                []int        // cued: the mention at each token
	cons              consistentState
}

// word is what the features use of one case-sensitive word of a document.
type word struct {
	lw      uint64 // folded hash
	shape   uint64
	flags   uint8 // form and lexicon flags; flagSentence belongs to tokens
	cluster uint16
	cue     bool // one of cueWords, after which cueSpans looks for a name
	// listed is set for a capitalised word that begins a name of the
	// gazetteer: prepare looks for the names at such words only.
	listed bool
	// lowerSeen is the word's lowerSeen feature value: 2 for a word
	// without a capital first letter, else 1 if its folded form is seen in
	// lower case in the document, else 0.
	lowerSeen uint8
}

// gspan is a gazetteer match over tokens [start, end) with a bit set for
// each Kind of entry listed under that name.
type gspan struct {
	start, end int
	kinds      uint64
	pop        uint8 // the largest Pop of the entries
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// aheadFeatures are the static features of token tok, the word's only
// when word is set (the word had not been scored when they were worked
// out).
type aheadFeatures struct {
	tok   int
	word  bool
	feats [numStatic]uint64
}

// prepare computes every label-independent feature of the tokens of d.
func (f *featurizer) prepare(d *doc) {
	n := len(d.toks)
	d.lw = grow(d.lw, n)
	d.raw = grow(d.raw, n)
	d.shape = grow(d.shape, n)
	d.flags = grow(d.flags, n)
	d.gaz = grow(d.gaz, n)
	d.clus = grow(d.clus, n)
	d.labels = grow(d.labels, n)
	d.wid = grow(d.wid, n)
	d.static = grow(d.static, numStatic)
	d.lower.reset()
	d.ids.reset()
	d.words = d.words[:0]
	text := d.text
	prevEnd := 0
	// Number the words in order of first sight, with the token of each
	// first sight and its folded hash.
	d.firstAt = d.firstAt[:0]
	d.folded = d.folded[:0]
	for i, t := range d.toks {
		w := text[t.Start:t.End]
		raw := rawHash(w)
		id, ok := d.ids.get(raw)
		if !ok {
			id = int32(len(d.firstAt))
			d.ids.put(raw, id)
			d.firstAt = append(d.firstAt, int32(i))
			d.folded = append(d.folded, token.Fold(w))
		}
		d.wid[i] = id
		d.raw[i] = raw
	}
	// Work out each word once. Its lexicon and gazetteer slots, met at
	// random in tables mostly out of cache, are fetched wordAhead words
	// ahead, so that the fetches overlap.
	for k, lw := range d.folded {
		if k%wordAhead == 0 {
			ahead := d.folded[min(k+wordAhead, len(d.folded)):min(k+2*wordAhead, len(d.folded))]
			if k == 0 {
				ahead = d.folded[:min(2*wordAhead, len(d.folded))]
			}
			f.lex.prefetch(ahead)
			if f.gaz != nil {
				f.gaz.PrefetchBegins(ahead)
			}
		}
		t := d.toks[d.firstAt[k]]
		wd := f.wordOf(text[t.Start:t.End], lw)
		d.words = append(d.words, wd)
		if wd.flags&flagAlpha != 0 && wd.flags&flagCap == 0 {
			if _, seen := d.lower.get(wd.lw); !seen {
				d.lower.put(wd.lw, 0)
			}
		}
	}
	d.firstAt = d.firstAt[:0]
	for i, t := range d.toks {
		wd := &d.words[d.wid[i]]
		fl := wd.flags
		if i == 0 || sentenceBreak(text, d.toks[i-1], prevEnd, t.Start) {
			fl |= flagSentence
		}
		d.lw[i] = wd.lw
		d.shape[i] = wd.shape
		d.flags[i] = fl
		d.gaz[i] = 0
		d.clus[i] = wd.cluster
		prevEnd = t.End
	}
	for k := range d.words {
		wd := &d.words[k]
		switch _, lower := d.lower.get(wd.lw); {
		case wd.flags&flagCap == 0:
			wd.lowerSeen = 2
		case lower:
			wd.lowerSeen = 1
		default:
			wd.lowerSeen = 0
		}
	}
	// Gazetteer: longest match, left to right, from capitalised tokens
	// that begin a listed name.
	d.gspans = d.gspans[:0]
	for i := 0; i < n; {
		if !d.words[d.wid[i]].listed {
			i++
			continue
		}
		var kinds uint64
		var pop uint8
		m := f.gaz.Match(text, d.toks, i, func(e gazetteer.Entry) {
			kinds |= 1 << e.Kind
			pop = max(pop, e.Pop)
		})
		if m == 0 {
			i++
			continue
		}
		d.gspans = append(d.gspans, gspan{i, i + m, kinds, pop})
		// The code: kind bits (0-15), population class (16-17) and
		// position in the name (24-25).
		kinds |= uint64(pop) << 16
		for j := 0; j < m; j++ {
			pos := uint64(1) // B
			switch {
			case m == 1:
				pos = 3 // unit
			case j > 0:
				pos = 2 // inside
			}
			d.gaz[i+j] = kinds | pos<<24
		}
		i += m
	}
}

// wordAhead is how many words ahead prepare fetches the lexicon and
// gazetteer slots of a word it has not seen before.
const wordAhead = 8

// wordOf works out what the features use of the word w, whose token.Fold
// is lw.
func (f *featurizer) wordOf(w string, lw uint64) word {
	sh, fl := shape(w)
	lx := f.lex.get(lw)
	if fl&flagCap != 0 {
		fl |= lx.flags
	}
	listed := fl&flagCap != 0 && f.gaz != nil && f.gaz.Begins(lw)
	return word{lw: lw, shape: sh, flags: fl, cluster: lx.cluster, cue: lx.cue, listed: listed}
}

// static puts the numStatic label-independent features of token i in
// out: its word's, then its context's.
func (f *featurizer) static(d *doc, i int, out []uint64) {
	f.wordFeatures(d, i, out[:numWord])
	f.contextFeatures(d, i, out[numWord:numStatic])
}

// wordFeatures puts the numWord features of token i's word alone in out:
// decode caches their sum per word and works them out only on a word's
// first sight in a pass.
func (f *featurizer) wordFeatures(d *doc, i int, out []uint64) {
	fl := d.flags
	w := d.lw[i]
	sh := d.shape[i]
	word := d.text[d.toks[i].Start:d.toks[i].End]
	k := 0
	put := func(v uint64) { out[k] = v; k++ }
	put(token.Mix(fW, w))
	put(token.Mix(fRaw, d.raw[i]))
	put(token.Mix(fShape, sh))
	put(token.Mix(fSuf2, token.Fold(suffix(word, 2))))
	put(token.Mix(fSuf3, token.Fold(suffix(word, 3))))
	put(token.Mix(fSuf4, token.Fold(suffix(word, 4))))
	put(token.Mix(fPre3, token.Fold(prefix(word, 3))))
	c := uint64(d.clus[i])
	put(token.Mix(fCluster, c))
	put(token.Mix(token.Mix(fClusterShape, c), sh))
	put(token.Mix(fIsSuffix, uint64(fl[i]&(flagSuffix|flagCap))))
}

// contextFeatures puts the numStatic-numWord features of token i in its
// context in out.
func (f *featurizer) contextFeatures(d *doc, i int, out []uint64) {
	n := len(d.toks)
	at := func(s []uint64, j int) uint64 {
		if j < 0 || j >= n {
			return boundary
		}
		// Do not look across a sentence boundary.
		if j < i && d.flags[i]&flagSentence != 0 || j < i-1 && d.flags[i-1]&flagSentence != 0 {
			return boundary
		}
		if j > i && d.flags[j]&flagSentence != 0 || j > i+1 && d.flags[i+1]&flagSentence != 0 {
			return boundary
		}
		return s[j]
	}
	fl := d.flags
	w := d.lw[i]
	sh := d.shape[i]
	wm1, wp1 := at(d.lw, i-1), at(d.lw, i+1)
	shm1, shp1 := at(d.shape, i-1), at(d.shape, i+1)
	k := 0
	put := func(v uint64) { out[k] = v; k++ }
	put(fBias)
	put(token.Mix(fWm1, wm1))
	put(token.Mix(fWp1, wp1))
	put(token.Mix(fWm2, at(d.lw, i-2)))
	put(token.Mix(fWp2, at(d.lw, i+2)))
	put(token.Mix(token.Mix(fWm1W, wm1), w))
	put(token.Mix(token.Mix(fWWp1, w), wp1))
	put(token.Mix(token.Mix(fShapeM1, shm1), sh))
	put(token.Mix(token.Mix(fShapeP1, sh), shp1))
	put(token.Mix(token.Mix(token.Mix(fShape3, shm1), sh), shp1))
	g := d.gaz[i]
	put(token.Mix(fGaz, g))
	put(token.Mix(fGazM1, at(d.gaz, i-1)))
	put(token.Mix(fGazP1, at(d.gaz, i+1)))
	put(token.Mix(token.Mix(fGazShape, g), sh))
	var tm1, tm2 uint64
	if i > 0 && fl[i-1]&flagTitle != 0 && fl[i]&flagSentence == 0 {
		tm1 = 1
	}
	if i > 1 && fl[i-2]&flagTitle != 0 && fl[i]&flagSentence == 0 && fl[i-1]&flagSentence == 0 {
		tm2 = 1
	}
	put(token.Mix(token.Mix(fTitleM1, tm1), uint64(fl[i]&flagCap)))
	put(token.Mix(token.Mix(fTitleM2, tm2), uint64(fl[i]&flagCap)))
	dist := uint64(0)
	for j := i + 1; j < n && j <= i+3; j++ {
		if fl[j]&flagSentence != 0 || fl[j]&flagCap == 0 {
			break
		}
		if fl[j]&flagSuffix != 0 {
			dist = uint64(j - i)
		}
	}
	put(token.Mix(token.Mix(fSuffixNext, dist), uint64(fl[i]&flagCap)))
	put(token.Mix(fClusterM1, clusterAt(d, i-1, i)))
	put(token.Mix(fClusterP1, clusterAt(d, i+1, i)))
	ss := uint64(0)
	if fl[i]&flagSentence != 0 {
		ss = 1
	}
	put(token.Mix(token.Mix(fSentStartShape, ss), token.Mix(sh, w)))
	acr := uint64(0)
	if i > 0 && i+1 < n && fl[i]&flagAllCaps != 0 && d.text[d.toks[i-1].Start:d.toks[i-1].End] == "(" && d.text[d.toks[i+1].Start:d.toks[i+1].End] == ")" {
		acr = 1
	}
	put(token.Mix(fParenAcr, acr))
}

func clusterAt(d *doc, j, i int) uint64 {
	if j < 0 || j >= len(d.toks) {
		return 1 << 20
	}
	if j < i && d.flags[i]&flagSentence != 0 || j > i && d.flags[j]&flagSentence != 0 {
		return 1 << 20
	}
	return uint64(d.clus[j])
}

// lowerSeen returns the feature that says whether a capitalised word is
// also seen in lower case elsewhere in the document: a sign that a
// sentence-initial "Police" or "Despite" is a common word.
func (d *doc) lowerSeen(i int) uint64 {
	return token.Mix(fLowerSeen, uint64(d.words[d.wid[i]].lowerSeen))
}

// dynamic returns the features of token i that depend on earlier labels.
func (d *doc) dynamic(i int, prev, prev2 Label) []uint64 {
	d.dyn = append(d.dyn[:0],
		token.Mix(fPrev, uint64(prev)),
		token.Mix(token.Mix(fPrev2, uint64(prev)), uint64(prev2)),
		token.Mix(token.Mix(fPrevW, uint64(prev)), d.lw[i]),
		token.Mix(token.Mix(fPrevShape, uint64(prev)), d.shape[i]),
		token.Mix(token.Mix(fPrevGaz, uint64(prev)), d.gaz[i]),
		token.Mix(token.Mix(fLowerSeen, uint64(prev)), d.lowerSeen(i)),
	)
	return d.dyn
}

// sentenceBreak reports whether a sentence ends between prev and the token
// starting at start: after . ! ? or at a blank line or line break.
func sentenceBreak(text string, prev token.Token, prevEnd, start int) bool {
	for j := prevEnd; j < start; j++ {
		if text[j] == '\n' {
			return true
		}
	}
	p := text[prev.Start:prev.End]
	return p == "." || p == "!" || p == "?"
}

func rawHash(s string) uint64 {
	h := uint64(1469598103934665603)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// shape hashes a word's collapsed character classes (Xx, X.X., dd,dd)
// and returns its form flags.
func shape(w string) (uint64, uint8) {
	h := uint64(7)
	var last byte
	var fl uint8
	letters, uppers, lowers, n := 0, 0, 0, 0
	for i, r := range w {
		var c byte
		switch {
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z', r >= utf8.RuneSelf && unicode.IsUpper(r):
			c = 'X'
			letters++
			uppers++
			fl |= flagUpper
		case r < utf8.RuneSelf && r >= 'a' && r <= 'z', r >= utf8.RuneSelf && unicode.IsLetter(r):
			c = 'x'
			letters++
			lowers++
		case r >= '0' && r <= '9':
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '~'
		}
		if i == 0 {
			if c == 'X' {
				fl |= flagCap
			}
			if c == 'X' || c == 'x' {
				fl |= flagAlpha
			}
		}
		if c != last && n < 8 {
			h = (h ^ uint64(c)) * 1099511628211
			last = c
			n++
		}
	}
	if letters >= 2 && lowers == 0 {
		fl |= flagAllCaps
	}
	if uppers > 0 && len(w) <= 3 {
		h = (h ^ uint64(len(w))) * 1099511628211 // short capitals: "US", "UN", "Mr"
	}
	return h, fl
}

func suffix(w string, n int) string {
	if len(w) <= n {
		return w
	}
	return w[len(w)-n:]
}

func prefix(w string, n int) string {
	if len(w) <= n {
		return w
	}
	return w[:n]
}
