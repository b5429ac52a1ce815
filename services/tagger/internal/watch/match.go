package watch

import (
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
)

// DefaultWindow is how many words before or after an ambiguous alias a
// context word may stand, unless Options say otherwise.
const DefaultWindow = 30

// Options tune a Matcher.
type Options struct {
	// Window is how many words before or after an ambiguous alias one of
	// its entity's context words may stand (0: DefaultWindow).
	Window int
}

// Matcher finds the aliases of a watch list in text. It is immutable and
// safe for concurrent use.
//
// It is a trie over the folded aliases (and context words), walked from
// each position where a word starts: most walks end at the first or second
// byte, so the cost grows with the text, hardly with the list.
type Matcher struct {
	first    [256]int32 // children of the root, by byte (0: none); ASCII capitals too
	class    [256]uint8 // byte classes, for the scan for word starts
	nodes    []node
	keys     []byte  // edge bytes, each node's sorted, in nodes[i].lo:hi
	next     []int32 // edge targets, beside keys
	dense    [][256]int32
	filter   []uint64 // bits set by the hashes of the first words of the aliases and context words
	shift    uint32   // hash >> shift indexes filter
	punct    bool     // some alias or context word starts with neither letter nor digit
	terms    []terminal
	entities []Entity
	ctxOf    [][]int32 // context term ids of each entity
	window   int
	gated    bool // some alias needs context
	aliases  int
	nctx     int
}

type node struct {
	lo, hi int32 // edges
	term   int32 // index into terms, -1: none
	dense  int32 // index into dense for a node of many edges, -1: none
}

// denseEdges is how many edges give a node a table indexed by byte.
const denseEdges = 6

// terminal is what ends at a node: aliases of entities and context terms,
// which fold to the same string.
type terminal struct {
	variants []variant
	ctx      int32 // context term id, -1: none
	words    int32 // words in the folded string
	endWord  bool  // it ends in a letter or digit, so the text must not go on with one
}

type variant struct {
	entity int32
	alias  string // as the list writes it, for the capitals rule
	gated  bool
}

// Load parses a watch list (see Parse) and builds its Matcher.
func Load(data []byte, opts Options) (*Matcher, error) {
	es, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return New(es, opts)
}

// New checks the entities and builds a Matcher. Every problem found is
// reported (up to 20), each as an *Error.
func New(list []Entity, opts Options) (*Matcher, error) {
	if len(list) > MaxEntities {
		return nil, fmt.Errorf("%d entities, at most %d", len(list), MaxEntities)
	}
	if opts.Window < 0 {
		return nil, fmt.Errorf("context window %d, want >= 0", opts.Window)
	}
	if opts.Window == 0 {
		opts.Window = DefaultWindow
	}
	var errs errList
	b := builder{nodes: []buildNode{{term: -1}}}
	m := &Matcher{window: opts.Window}
	ids := map[string]int{}
	owner := map[string]int32{} // folded unconditional alias -> entity
	ctxIDs := map[string]int32{}
	for _, raw := range list {
		e, ok := normalize(raw, &errs)
		if prev, dup := ids[e.ID]; dup && e.ID != "" {
			errs.add(&Error{Line: e.Line, ID: e.ID, Field: "id", Msg: fmt.Sprintf("also the id of the entity on line %d", prev)})
			ok = false
		}
		if !ok {
			continue
		}
		ids[e.ID] = e.Line
		idx := int32(len(m.entities))
		for _, a := range e.Aliases {
			f := fold(a)
			if o, taken := owner[f]; taken && o != idx {
				errs.add(&Error{Line: e.Line, ID: e.ID, Field: "aliases", Msg: fmt.Sprintf("%q is also an alias of %q; list it under ambiguous, with context words, in one of them", a, m.entities[o].ID)})
				ok = false
				continue
			}
			owner[f] = idx
			t := b.terminal(f)
			t.variants = append(t.variants, variant{entity: idx, alias: a})
			m.aliases++
		}
		for _, a := range e.Ambiguous {
			t := b.terminal(fold(a))
			t.variants = append(t.variants, variant{entity: idx, alias: a, gated: true})
			m.aliases++
			m.gated = true
		}
		var ctx []int32
		for _, c := range e.Context {
			f := fold(c)
			id, seen := ctxIDs[f]
			if !seen {
				id = int32(len(ctxIDs))
				ctxIDs[f] = id
				b.terminal(f).ctx = id
			}
			if !slices.Contains(ctx, id) {
				ctx = append(ctx, id)
			}
		}
		if !ok {
			continue
		}
		m.entities = append(m.entities, e)
		m.ctxOf = append(m.ctxOf, ctx)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	m.nctx = len(ctxIDs)
	b.compile(m)
	return m, nil
}

// Len is the number of entities in the list.
func (m *Matcher) Len() int {
	if m == nil {
		return 0
	}
	return len(m.entities)
}

// Aliases is the number of aliases in the list, names included.
func (m *Matcher) Aliases() int {
	if m == nil {
		return 0
	}
	return m.aliases
}

// Entities returns the checked entities, names among their aliases.
func (m *Matcher) Entities() []Entity {
	if m == nil {
		return nil
	}
	return slices.Clone(m.entities)
}

// candidate is an alias found in text, before its case and context are
// checked.
type candidate struct {
	start, end int
	word       int // index of its first word
	term       int32
	entity     int32 // chosen variant's entity, -1 until chosen
}

// ctxHit is a context word found in text.
type ctxHit struct {
	word int
	ctx  int32
}

// Find returns the watched entities in text, sorted by start, none
// overlapping another: where two aliases overlap, the one that starts
// first wins, then the longer. Each has the entity's type, name
// (Canonical) and id, and Watch set.
func (m *Matcher) Find(text string) []article.Entity {
	if m == nil || len(m.entities) == 0 {
		return nil
	}
	var cands []candidate
	var hits []ctxHit
	words := 0
	start := -1 // of the word being read
	var h uint32
	for i := 0; i < len(text); {
		c := text[i]
		cl := m.class[c]
		if cl == classWord {
			if start < 0 {
				start, h = i, hashOffset
				words++
			}
			h = (h ^ uint32(lowerASCII(c))) * hashPrime
			i++
			continue
		}
		size, space := 1, cl == classSpace
		if cl == classMulti {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWord(r) {
				if start < 0 {
					start, h = i, hashOffset
					words++
				}
				var buf [utf8.UTFMax]byte
				for _, b := range utf8.AppendRune(buf[:0], foldRune(r)) {
					h = (h ^ uint32(b)) * hashPrime
				}
				i += size
				continue
			}
			space = isSpace(r)
		}
		// text[i] ends the word being read, if any.
		if start >= 0 {
			if m.mayStart(h) {
				cands, hits = m.walk(text, start, words, cands, hits)
			}
			start = -1
		} else if m.punct && !space && (cl == classMulti || m.first[c] != 0) {
			cands, hits = m.walk(text, i, words, cands, hits)
		}
		i += size
	}
	if start >= 0 && m.mayStart(h) {
		cands, hits = m.walk(text, start, words, cands, hits)
	}
	if len(cands) == 0 {
		return nil
	}
	return m.choose(text, cands, hits)
}

// walk follows the trie from text[i], a position where no word goes on,
// and records every alias and context word that ends at the end of a word.
// word is the index of the word at i (or of the next one).
func (m *Matcher) walk(text string, i, word int, cands []candidate, hits []ctxHit) ([]candidate, []ctxHit) {
	n := int32(0)
	j := i
	var buf [utf8.UTFMax]byte
	for j < len(text) {
		c := text[j]
		if c < utf8.RuneSelf && !spaceASCII(c) {
			if n = m.step(n, lowerASCII(c)); n < 0 {
				return cands, hits
			}
			j++
		} else {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isSpace(r) {
				if j == i {
					return cands, hits
				}
				k, para := skipSpace(text, j)
				if para {
					return cands, hits
				}
				if n = m.step(n, ' '); n < 0 {
					return cands, hits
				}
				j = k
				continue
			}
			for _, b := range utf8.AppendRune(buf[:0], foldRune(r)) {
				if n = m.step(n, b); n < 0 {
					return cands, hits
				}
			}
			j += size
		}
		t := m.nodes[n].term
		if t < 0 {
			continue
		}
		term := &m.terms[t]
		if term.endWord && j < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[j:]); isWord(r) {
				continue
			}
		}
		if len(term.variants) > 0 {
			cands = append(cands, candidate{start: i, end: j, word: word, term: t, entity: -1})
		}
		if term.ctx >= 0 && m.gated {
			hits = append(hits, ctxHit{word: word, ctx: term.ctx})
		}
	}
	return cands, hits
}

// FNV-1a over the folded bytes of a word.
const (
	hashOffset uint32 = 2166136261
	hashPrime  uint32 = 16777619
)

// mayStart reports whether a word of hash h may be the first word of an
// alias or a context word: most words are not, and the trie is walked
// only from those that may be.
func (m *Matcher) mayStart(h uint32) bool {
	x := (h * 0x9E3779B1) >> m.shift
	return m.filter[x>>6]&(1<<(x&63)) != 0
}

// firstWord returns the hash of the first word of a folded string, or
// false when it starts with neither letter nor digit.
func firstWord(f string) (uint32, bool) {
	h := hashOffset
	n := 0
	for i, r := range f {
		if !isWord(r) {
			break
		}
		n = i + utf8.RuneLen(r)
	}
	if n == 0 {
		return 0, false
	}
	for i := 0; i < n; i++ {
		h = (h ^ uint32(f[i])) * hashPrime
	}
	return h, true
}

// step follows the edge labelled b from node n; -1 when there is none.
func (m *Matcher) step(n int32, b byte) int32 {
	if n == 0 {
		if x := m.first[b]; x != 0 {
			return x
		}
		return -1
	}
	nd := &m.nodes[n]
	if nd.dense >= 0 {
		if x := m.dense[nd.dense][b]; x != 0 {
			return x
		}
		return -1
	}
	for k := nd.lo; k < nd.hi; k++ {
		if m.keys[k] == b {
			return m.next[k]
		}
	}
	return -1
}

// choose checks each candidate's capitals and context, picks its entity,
// and keeps the leftmost-longest of overlapping ones.
func (m *Matcher) choose(text string, cands []candidate, hits []ctxHit) []article.Entity {
	// An entity named in the text by one of its unconditional aliases makes
	// its ambiguous aliases safe anywhere in the text.
	var named map[int32]bool
	if m.gated {
		named = map[int32]bool{}
		for k := range cands {
			cd := &cands[k]
			for _, v := range m.terms[cd.term].variants {
				if !v.gated && capitalsMatch(text[cd.start:cd.end], v.alias) {
					named[v.entity] = true
				}
			}
		}
	}
	kept := cands[:0]
	for _, cd := range cands {
		span := text[cd.start:cd.end]
		term := &m.terms[cd.term]
		pick := int32(-1)
		// An ambiguous alias with its evidence is the most specific reading;
		// then an unconditional one.
		for _, v := range term.variants {
			if v.gated && capitalsMatch(span, v.alias) && (named[v.entity] || m.near(hits, v.entity, cd.word, int(term.words))) {
				pick = v.entity
				break
			}
		}
		if pick < 0 {
			for _, v := range term.variants {
				if !v.gated && capitalsMatch(span, v.alias) {
					pick = v.entity
					break
				}
			}
		}
		if pick >= 0 {
			cd.entity = pick
			kept = append(kept, cd)
		}
	}
	slices.SortFunc(kept, func(a, b candidate) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	var out []article.Entity
	end := 0
	for _, cd := range kept {
		if cd.start < end {
			continue
		}
		e := &m.entities[cd.entity]
		out = append(out, article.Entity{
			Type: e.Type, Text: text[cd.start:cd.end], Canonical: e.Name, ID: e.ID,
			Start: cd.start, End: cd.end, Watch: true,
		})
		end = cd.end
	}
	return out
}

// near reports whether one of entity's context words stands within the
// window of the alias whose first word is word and which has n words.
func (m *Matcher) near(hits []ctxHit, entity int32, word, n int) bool {
	lo, hi := word-m.window, word+n-1+m.window
	// hits are in text order; find the first at or after lo.
	k := sort.Search(len(hits), func(x int) bool { return hits[x].word >= lo })
	for ; k < len(hits) && hits[k].word <= hi; k++ {
		if slices.Contains(m.ctxOf[entity], hits[k].ctx) {
			return true
		}
	}
	return false
}

// builder grows the trie before it is compiled into flat arrays.
type builder struct {
	nodes  []buildNode
	terms  []terminal
	folded []string // of each terminal
}

type buildNode struct {
	kids []edge
	term int32
}

type edge struct {
	b  byte
	to int32
}

// terminal returns the terminal of the folded string f, adding its path.
func (b *builder) terminal(f string) *terminal {
	n := int32(0)
	for i := 0; i < len(f); i++ {
		c := f[i]
		next := int32(-1)
		for _, e := range b.nodes[n].kids {
			if e.b == c {
				next = e.to
				break
			}
		}
		if next < 0 {
			next = int32(len(b.nodes))
			b.nodes = append(b.nodes, buildNode{term: -1})
			b.nodes[n].kids = append(b.nodes[n].kids, edge{c, next})
		}
		n = next
	}
	if b.nodes[n].term < 0 {
		b.nodes[n].term = int32(len(b.terms))
		last, _ := utf8.DecodeLastRuneInString(f)
		b.terms = append(b.terms, terminal{ctx: -1, words: int32(countWords(f)), endWord: isWord(last)})
		b.folded = append(b.folded, f)
	}
	return &b.terms[b.nodes[n].term]
}

// compile lays the trie out in m's flat arrays.
func (b *builder) compile(m *Matcher) {
	m.nodes = make([]node, len(b.nodes))
	for i, bn := range b.nodes {
		slices.SortFunc(bn.kids, func(x, y edge) int { return int(x.b) - int(y.b) })
		lo := int32(len(m.keys))
		for _, e := range bn.kids {
			m.keys = append(m.keys, e.b)
			m.next = append(m.next, e.to)
			if i == 0 {
				m.first[e.b] = e.to
				if 'a' <= e.b && e.b <= 'z' {
					m.first[e.b-'a'+'A'] = e.to
				}
			}
		}
		m.nodes[i] = node{lo: lo, hi: int32(len(m.keys)), term: bn.term, dense: -1}
		if i > 0 && len(bn.kids) >= denseEdges {
			var d [256]int32
			for _, e := range bn.kids {
				d[e.b] = e.to
			}
			m.nodes[i].dense = int32(len(m.dense))
			m.dense = append(m.dense, d)
		}
	}
	m.terms = b.terms
	bits := uint32(12)
	for 1<<bits < 16*len(b.folded) && bits < 24 {
		bits++
	}
	m.filter = make([]uint64, (1<<bits)/64)
	m.shift = 32 - bits
	for _, f := range b.folded {
		h, ok := firstWord(f)
		if !ok {
			m.punct = true
			continue
		}
		x := (h * 0x9E3779B1) >> m.shift
		m.filter[x>>6] |= 1 << (x & 63)
	}
	for c := range m.class {
		switch b := byte(c); {
		case b >= utf8.RuneSelf:
			m.class[c] = classMulti
		case wordASCII(b):
			m.class[c] = classWord
		case spaceASCII(b):
			m.class[c] = classSpace
		}
	}
}

// Byte classes of the scan for word starts.
const (
	classOther uint8 = iota
	classWord
	classSpace
	classMulti // a byte of a multi-byte rune
)

// countWords counts the words (runs of letters and digits) in s.
func countWords(s string) int {
	n := 0
	prev := false
	for _, r := range s {
		w := isWord(r)
		if w && !prev {
			n++
		}
		prev = w
	}
	return max(n, 1)
}
