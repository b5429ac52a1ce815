package ner

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// mention is an entity found in a document, in token indices [start, end).
type mention struct {
	start, end int
	typ        string
	canon, id  string
	// alias, when set, is the index of the mention this one abbreviates.
	alias int
	// fixed marks a type decided by the gazetteer, which the document
	// pass does not overrule.
	fixed bool
}

// merge returns ms and added, both ordered by start, as one list ordered
// by start, with every alias (of ms or of added, an index into ms) moved
// to its long form's new index: the one way mentions are added once
// acronyms link them by index.
func merge(ms, added []mention) []mention {
	if len(added) == 0 {
		return ms
	}
	slices.SortStableFunc(added, func(a, b mention) int { return a.start - b.start })
	out := make([]mention, 0, len(ms)+len(added))
	moved := make([]int, len(ms))
	a := 0
	for i, m := range ms {
		for a < len(added) && added[a].start < m.start {
			out = append(out, added[a])
			a++
		}
		moved[i] = len(out)
		out = append(out, m)
	}
	out = append(out, added[a:]...)
	for i := range out {
		if out[i].alias >= 0 {
			out[i].alias = moved[out[i].alias] // added mentions' aliases index ms too
		}
	}
	return out
}

// without returns ms without the mentions drop marks, aliases moved with
// their long forms (and cleared where the long form goes).
func without(ms []mention, drop []bool) []mention {
	moved := make([]int, len(ms))
	n := 0
	for i := range ms {
		moved[i] = -1
		if !drop[i] {
			moved[i] = n
			n++
		}
	}
	out := make([]mention, 0, n)
	for i, m := range ms {
		if drop[i] {
			continue
		}
		if m.alias >= 0 {
			m.alias = moved[m.alias]
		}
		out = append(out, m)
	}
	return out
}

// mentions turns the decoded labels into mentions and applies the span
// rules: leading "the" and titles come off, as does a trailing possessive.
func (t *Tagger) mentions(d *doc) []mention {
	n := len(d.toks)
	begins := 0
	for _, l := range d.labels[:n] {
		if l.IsBegin() {
			begins++
		}
	}
	ms := slices.Grow(d.ms[:0], begins+begins/4)
	for i := 0; i < n; {
		l := d.labels[i]
		if l == O {
			i++
			continue
		}
		j := i + 1
		for j < n && d.labels[j] == l.Inside() && d.flags[j]&flagSentence == 0 {
			j++
		}
		m := mention{start: i, end: j, typ: l.Type(), alias: -1}
		if t.trim(d, &m) {
			ms = append(ms, m)
		}
		i = j
	}
	d.ms = ms
	return ms
}

// trim applies the span rules to m and reports whether anything is left.
func (t *Tagger) trim(d *doc, m *mention) bool {
	for m.end-m.start > 1 && d.lw[m.start] == hashThe && !titleThe(d, *m, m.start) {
		m.start++
	}
	if m.start > 0 && titleThe(d, *m, m.start-1) {
		m.start--
	}
	if m.typ == article.EntityPerson {
		for m.start < m.end && t.title(d, m.start) {
			m.start++
		}
	}
	for m.end > m.start && isClosing(d, m.end-1) {
		m.end--
	}
	for m.end > m.start && isOpening(d, m.start) {
		m.start++
	}
	if m.end <= m.start {
		return false
	}
	// A mention must hold a letter or digit.
	for i := m.start; i < m.end; i++ {
		if r, _ := utf8.DecodeRuneInString(d.word(i)); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// titleThe reports whether token i, at or just before the start of the
// organisation m, is a "The" that opens its name: a newspaper's, in a text
// whose capitals are the writer's ("The Jordan Times", "The Daily Star").
func titleThe(d *doc, m mention, i int) bool {
	if m.typ != article.EntityOrg || d.recased || d.word(i) != "The" || m.end <= i+1 || d.flags[m.end-1]&flagCap == 0 {
		return false
	}
	// A newspaper's, or any after a word in small letters: a capital
	// there is the name's ("told The Asahi Shimbun", "at The Fletcher
	// School"), not a sentence's.
	return newspaperWords[d.lw[m.end-1]] || d.lw[i+1] == foldDaily ||
		i > 0 && d.flags[i]&flagSentence == 0 && d.flags[i-1]&(flagAlpha|flagCap) == flagAlpha && d.flags[i+1]&flagAllCaps == 0 // not "the UN"
}

// newspaperWords end newspapers' names.
var newspaperWords = union(pressEnds, foldSet("Times", "Post", "Journal", "Star", "News", "Mail", "Express", "Standard",
	"Guardian", "Independent", "Economist", "Monitor", "Review", "Globe", "Inquirer", "Sun", "Mirror", "Hindu", "Statesman"))

var foldDaily = token.Fold("Daily")

var (
	hashThe = token.Fold("the")
	hashS   = token.Fold("'s")
	hashS2  = token.Fold("’s")
)

func isClosing(d *doc, i int) bool {
	w := d.word(i)
	return d.lw[i] == hashS || d.lw[i] == hashS2 || len(w) == 1 && strings.ContainsRune(",.;:!?)]}\"'-", rune(w[0])) || w == "”" || w == "’" || w == "—" || w == "–"
}

func isOpening(d *doc, i int) bool {
	w := d.word(i)
	return len(w) == 1 && strings.ContainsRune("([{\"'-", rune(w[0])) || w == "“" || w == "‘"
}

func (d *doc) word(i int) string { return d.text[d.toks[i].Start:d.toks[i].End] }

// recasedIn reports whether the case table changed a word of [from, to):
// its capitals there are guesses, not the writer's.
func (d *doc) recasedIn(from, to int) bool {
	if !d.recased || to <= from {
		return false
	}
	s, e := d.toks[from].Start, d.toks[to-1].End
	return d.text[s:e] != d.orig[s:e]
}

// bare returns m without a leading "The" that titleThe kept ("The Jordan
// Times" -> "Jordan Times"): the name a document's mentions are compared,
// voted and looked up by.
func (d *doc) bare(m mention) mention {
	if m.end-m.start >= 2 && d.word(m.start) == "The" {
		m.start++
	}
	return m
}

// surface returns the mention's tokens joined by single spaces.
func (d *doc) surface(m mention) string {
	s, e := d.toks[m.start].Start, d.toks[m.end-1].End
	text := d.text[s:e]
	if !oddSpace(text) {
		return text
	}
	return strings.Join(strings.Fields(text), " ")
}

// oddSpace reports whether text holds white space other than single
// spaces: a tab, a line break, a no-break space or two spaces in a row. One
// pass over the bytes; surface is asked for every mention several times.
func oddSpace(text string) bool {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\t', '\r', '\n':
			return true
		case ' ':
			if i+1 < len(text) && text[i+1] == ' ' {
				return true
			}
		case 0xc2: // U+00A0 is C2 A0 in UTF-8
			if i+1 < len(text) && text[i+1] == 0xa0 {
				return true
			}
		}
	}
	return false
}

// resolve runs the document-level pass and sets canonical names.
func (t *Tagger) resolve(d *doc, ms []mention) []mention {
	ms = t.companies(d, t.tickers(d, t.acronyms(d, ms)))
	ms = t.consistent(d, ms)
	t.canonical(d, ms)
	return t.placeAppositions(d, ms)
}

// placeAppositions makes one place of a place and the country, state or
// region after it that says where it is ("Nairobi, Kenya", "Plano,
// Texas"), as news annotation does: the reader sees one location. It keeps
// the first place's canonical name and id, the more specific. A first place
// the lists hold as a country or region is a list instead ("Kenya,
// Uganda and Tanzania"), as is a second one they do not ("Paris, London").
func (t *Tagger) placeAppositions(d *doc, ms []mention) []mention {
	const wide = 1<<gazetteer.KindCountry | 1<<gazetteer.KindRegion
	out := ms[:0]
	for k := 0; k < len(ms); k++ {
		a := ms[k]
		if k+1 < len(ms) && a.typ == article.EntityLoc && ms[k+1].typ == article.EntityLoc && ms[k+1].start == a.end+1 &&
			d.lw[a.end] == foldComma && t.listedKinds(d, a)&wide == 0 && t.listedKinds(d, ms[k+1])&wide != 0 &&
			!t.listsOn(d, ms, k+1) {
			a.end = ms[k+1].end
			a.fixed = true
			out = append(out, a)
			k++
			continue
		}
		out = append(out, a)
	}
	return out
}

// listsOn reports whether the place ms[k] goes on a list of places: a
// comma, "and" or "or" and another place right after it.
func (t *Tagger) listsOn(d *doc, ms []mention, k int) bool {
	e := ms[k].end
	if k+1 >= len(ms) || e >= len(d.toks) || ms[k+1].typ != article.EntityLoc {
		return false
	}
	gap := ms[k+1].start - e
	w := d.lw[e]
	return gap == 1 && (w == foldComma || w == foldAnd || w == foldOr) || gap == 2 && w == foldComma && (d.lw[e+1] == foldAnd || d.lw[e+1] == foldOr)
}

// acronyms links "Sexual Minorities Uganda (SMUG)": an all-capitals token
// in brackets defines an acronym when the words just before the bracket
// spell it out (the Schwartz-Hearst test: the acronym's letters appear in
// order in the long form, the first at the start of a word), and any
// capitalised word in brackets right after an organisation's name is its
// short name (see shortName). The long form
// becomes one mention, typed as the model typed it when the model found
// exactly that span and ORG otherwise; the acronym takes the same type and
// is marked as its alias.
func (t *Tagger) acronyms(d *doc, ms []mention) []mention {
	n := len(d.toks)
	for i := 1; i+2 < n; i++ {
		if d.word(i) != "(" || d.word(i+2) != ")" || d.flags[i+1]&flagCap == 0 {
			continue
		}
		start := -1
		if d.flags[i+1]&flagAllCaps != 0 {
			start = t.longForm(d, d.word(i+1), i)
		}
		if start < 0 {
			start = t.shortName(d, ms, i)
		}
		if start < 0 {
			continue
		}
		for _, m := range ms {
			// The model's name that ends at the bracket and takes in the
			// long form starts it: the letters need not spell every word
			// ("International Center for Tropical Agriculture (CIAT)").
			if m.end == i && m.start < start && m.alias < 0 && m.typ == article.EntityOrg && plainPrefix(d, m.start, start) {
				start = m.start
			}
		}
		typ := article.EntityOrg
		// keep is built from ms in the one of the pass's two buffers
		// that ms is not in.
		buf := &d.acro[0]
		if len(ms) > 0 && len(*buf) > 0 && &ms[0] == &(*buf)[0] {
			buf = &d.acro[1]
		}
		keep := (*buf)[:0]
		for _, m := range ms {
			switch {
			case m.start == start && m.end == i:
				typ = m.typ
			case m.end <= start || m.start >= i+2:
				keep = append(keep, m)
			}
		}
		long := mention{start: start, end: i, typ: typ, alias: -1}
		keep = append(keep, long)
		slices.SortFunc(keep, func(a, b mention) int { return a.start - b.start })
		li := slices.IndexFunc(keep, func(m mention) bool { return m.start == start })
		keep = slices.Insert(keep, li+1, mention{start: i + 1, end: i + 2, typ: typ, alias: li})
		for k := li + 2; k < len(keep); k++ {
			if keep[k].alias >= li {
				keep[k].alias++
			}
		}
		*buf = keep
		ms = keep
		i += 2
	}
	return ms
}

// plainPrefix reports whether the words [from, to) may open an
// organisation's long form: no "and", no possessive, no listed country,
// region or city ("United States National Hurricane Center (NHC)" is the
// country's centre).
func plainPrefix(d *doc, from, to int) bool {
	const place = 1<<gazetteer.KindCountry | 1<<gazetteer.KindRegion | 1<<gazetteer.KindCity
	for j := from; j < to; j++ {
		if d.lw[j] == hashAnd || d.lw[j] == hashS || d.lw[j] == hashS2 {
			return false
		}
	}
	for _, g := range d.gspans {
		if g.start < to && g.end > from && g.kinds&place != 0 {
			return false
		}
	}
	return true
}

// shortName returns the start of the organisation's name of two or more
// words that ends at the bracket at paren when the one word in the bracket
// is its short name ("National Athletes' Welfare Foundation (Yakeb)",
// "Ministry of Health (Minsa)"): a name in the organisation's own language
// spells out no English long form. A place ("(London)") or a date in the
// bracket says something else. It returns -1 otherwise.
func (t *Tagger) shortName(d *doc, ms []mention, paren int) int {
	w := paren + 1
	if t.closedWord(d, w) || calendar[d.lw[w]] || t.listedPlace(d, mention{start: w, end: w + 1}) {
		return -1
	}
	for _, m := range ms {
		if m.end == paren && m.end-m.start >= 2 && m.typ == article.EntityOrg {
			return m.start
		}
	}
	return -1
}

// longForm returns the first token of the words before the bracket at
// paren that spell out acr, or -1.
func (t *Tagger) longForm(d *doc, acr string, paren int) int {
	letters := []rune(strings.ToLower(acr))
	if len(letters) < 2 || len(letters) > 10 {
		return -1
	}
	// Candidate words: back to the sentence start, at most len+5 words.
	first := paren
	for first > 0 && paren-first < len(letters)+5 && d.flags[first]&flagSentence == 0 {
		first--
		w := d.word(first)
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsLetter(r) && w != "&" && w != "-" {
			first++
			break
		}
	}
	if first >= paren {
		return -1
	}
	// Schwartz-Hearst, matching from the end of both strings.
	li := paren - 1
	pos := d.toks[li].End - d.toks[li].Start
	si := len(letters) - 1
	for si >= 0 {
		c := letters[si]
		found := false
		for li >= first && !found {
			w := []rune(strings.ToLower(d.word(li)))
			if pos > len(w) {
				pos = len(w)
			}
			for pos--; pos >= 0; pos-- {
				if w[pos] == c && (si > 0 || pos == 0) {
					found = true
					break
				}
			}
			if !found {
				li--
				if li >= first {
					pos = len([]rune(d.word(li)))
				}
			}
		}
		if !found {
			return -1
		}
		si--
	}
	if d.flags[li]&flagCap == 0 || paren-li > len(letters)+2 {
		return -1
	}
	return li
}

// consistent makes labels agree within the document: every mention of the
// same name gets the type most of them have, unlabelled repeats of a
// labelled name are labelled, and a lone surname or given name of a person
// mentioned in full becomes PERSON.
func (t *Tagger) consistent(d *doc, ms []mention) []mention {
	if len(ms) == 0 {
		return ms
	}
	// The maps and lists are the doc's, emptied: made afresh for each
	// document they were a sixth of the bytes tagging allocated.
	c := &d.cons
	c.reset()
	// A mention adds at most one surface: the infos the map points to
	// stay where they are.
	c.infos = slices.Grow(c.infos, len(ms))
	bySurface := c.bySurface
	// of holds each mention's surface info, found once here: the passes
	// below ask for it again, and looking the surface up was most of
	// their time.
	of := c.of[:0]
	for _, m := range ms {
		s := d.surface(d.bare(m))
		in := bySurface[s]
		if in == nil {
			c.infos = append(c.infos, surfaceInfo{})
			in = &c.infos[len(c.infos)-1]
			bySurface[s] = in
		}
		of = append(of, in)
		if l, ok := Begin(m.typ); ok {
			// An acronym defined in brackets is typed by its long form,
			// and a type a rule decided (a business cue, the gazetteer)
			// outweighs up to nine of the model's guesses.
			w := 1
			if m.alias >= 0 || m.fixed {
				w = 10
			}
			in.votes[(l-1)/2] += w
		}
	}
	c.of = of
	for _, in := range bySurface {
		best := 0
		for i, v := range in.votes {
			if v > in.votes[best] {
				best = i
			}
		}
		in.typ = labelTypes[best]
	}
	t.shortenedNames(d, ms, func(m mention) { bySurface[d.surface(d.bare(m))].typ = article.EntityPerson })
	// Surnames of people named in full ("Ali Khamenei" -> "Khamenei").
	surname := c.surname
	nameWord := c.nameWord
	for k, m := range ms {
		if m.end-m.start >= 2 && of[k].typ == article.EntityPerson {
			for i := m.start; i < m.end; i++ {
				nameWord[d.raw[i]] = true
			}
			if d.flags[m.end-1]&flagCap != 0 {
				surname[d.raw[m.end-1]] = true
			}
			if d.flags[m.end-2]&flagCap != 0 && hyphenatedGiven(d.word(m.end-1)) {
				surname[d.raw[m.end-2]] = true // "Gregory So Kam-leung" ... "So said"
			}
		}
	}
	for k := range ms {
		m := &ms[k]
		if m.alias >= 0 {
			if m.alias < len(ms) {
				m.typ = ms[m.alias].typ // a rule may have retyped the long form since ("JPMorgan (JPM) shares")
			}
			continue
		}
		if m.fixed {
			continue
		}
		m.typ = of[k].typ
		if m.end-m.start == 1 && surname[d.raw[m.start]] && m.typ != article.EntityPerson && !t.knownPlace(d, *m) {
			m.typ = article.EntityPerson
		}
	}
	// The first word of a company's name of two or more words, which news
	// uses alone as a short form ("Foxconn Technology Group" ...
	// "Foxconn").
	orgHead := c.orgHead
	for k, m := range ms {
		if m.end-m.start >= 2 && firmEnds[d.lw[m.end-1]] && of[k].typ == article.EntityOrg &&
			d.flags[m.start]&flagCap != 0 && d.gaz[m.start] == 0 && !t.closedWord(d, m.start) && !t.commonWord(d, m.start) &&
			!t.listedPlace(d, mention{start: m.start, end: m.start + 1}) {
			orgHead[d.raw[m.start]] = true
		}
	}
	// A lone word typed PERSON that names no one introduced in full here,
	// follows no title, and is a listed place, is the place ("Doha"); one
	// listed as a company, or the first word of a company's name here, is
	// the company (news introduces a person by full name
	// before the surname alone).
	for k := range ms {
		m := &ms[k]
		if m.typ == article.EntityLoc && m.end-m.start == 1 && !m.fixed && orgHead[d.raw[m.start]] && !t.listedPlace(d, *m) {
			m.typ = article.EntityOrg // "Baffinland Iron Mines Corp." ... "Baffinland"
			continue
		}
		if m.typ != article.EntityPerson || m.end-m.start != 1 || m.fixed || nameWord[d.raw[m.start]] ||
			m.start > 0 && d.flags[m.start-1]&flagTitle != 0 {
			continue
		}
		if t.listedPlace(d, *m) {
			m.typ = article.EntityLoc
		} else if t.listedCompany(d, *m) || orgHead[d.raw[m.start]] {
			m.typ = article.EntityOrg // the company ("Deloitte", "Dell")
		}
	}
	// Unlabelled repeats of names of two or more words, and of surnames.
	c.covered = grow(c.covered, len(d.toks))
	covered := c.covered
	clear(covered)
	for _, m := range ms {
		for i := m.start; i < m.end; i++ {
			covered[i] = true
		}
	}
	byFirst := c.byFirst
	for k, m := range ms {
		if of[k].seen || d.flags[m.start]&flagCap == 0 {
			continue
		}
		of[k].seen = true
		if m.end-m.start < 2 && !t.namedAcronym(d, ms, m) {
			// A lone capitalised word is too often something else
			// elsewhere; the second pass already weighs its other uses.
			continue
		}
		hs := d.raw[m.start:m.end:m.end] // d.raw stays as it is until Tag returns
		byFirst[hs[0]] = append(byFirst[hs[0]], cand{hs, m.typ})
	}
	for h := range surname {
		byFirst[h] = append(byFirst[h], cand{[]uint64{h}, article.EntityPerson})
	}
	for h := range orgHead {
		if !surname[h] {
			byFirst[h] = append(byFirst[h], cand{[]uint64{h}, article.EntityOrg})
		}
	}
	var added []mention
	for i := 0; i < len(d.toks); i++ {
		if covered[i] || d.flags[i]&flagCap == 0 {
			continue
		}
		cs := byFirst[d.raw[i]]
		best := -1
		for ci, c := range cs {
			if len(c.hashes) == 1 && d.flags[i]&flagSentence != 0 && t.maybeCommon(d, i) {
				continue // a capitalised sentence opener may be a common word
			}
			if len(c.hashes) == 1 && d.flags[i]&flagAllCaps == 0 && i+1 < len(d.toks) && d.flags[i+1]&(flagCap|flagSentence) == flagCap && !covered[i+1] {
				continue // the first word of a longer name ("Ram" of "Ram Navami")
			}
			if i+len(c.hashes) > len(d.toks) || (best >= 0 && len(c.hashes) <= len(cs[best].hashes)) {
				continue
			}
			ok := true
			for j, h := range c.hashes {
				if covered[i+j] || d.raw[i+j] != h || j > 0 && d.flags[i+j]&flagSentence != 0 {
					ok = false
					break
				}
			}
			if ok {
				best = ci
			}
		}
		if best < 0 {
			continue
		}
		c := cs[best]
		added = append(added, mention{start: i, end: i + len(c.hashes), typ: c.typ, alias: -1})
		i += len(c.hashes) - 1
	}
	return merge(ms, added)
}

// surfaceInfo is what consistent gathers about the mentions of one
// surface form: the votes for each type and the type they decide.
type surfaceInfo struct {
	votes [4]int
	typ   string
	seen  bool // a mention of it was looked for again
}

// cand is a name consistent looks for again in the text: its words' raw
// hashes and its type.
type cand struct {
	hashes []uint64
	typ    string
}

// consistentState holds consistent's maps and lists, kept with the doc
// from one document to the next.
type consistentState struct {
	bySurface                  map[string]*surfaceInfo
	infos                      []surfaceInfo
	surname, nameWord, orgHead map[uint64]bool
	byFirst                    map[uint64][]cand
	of                         []*surfaceInfo
	covered                    []bool
}

// consKeep is the most entries a map of consistentState keeps its room
// for: clearing a map costs its room, and one long document should not
// slow every short one after it.
const consKeep = 512

// reset empties c for a document.
func (c *consistentState) reset() {
	if c.bySurface == nil || len(c.bySurface) > consKeep || len(c.byFirst) > consKeep ||
		len(c.surname) > consKeep || len(c.nameWord) > consKeep || len(c.orgHead) > consKeep || cap(c.infos) > 4*consKeep {
		*c = consistentState{
			bySurface: map[string]*surfaceInfo{},
			surname:   map[uint64]bool{}, nameWord: map[uint64]bool{}, orgHead: map[uint64]bool{},
			byFirst: map[uint64][]cand{},
			covered: c.covered, of: c.of,
		}
		return
	}
	clear(c.bySurface)
	clear(c.surname)
	clear(c.nameWord)
	clear(c.orgHead)
	clear(c.byFirst)
	c.infos = c.infos[:0]
}

// hyphenatedGiven reports whether w is spelled as a romanised Chinese or
// Korean given name, a capital and two small-letter syllables of at most
// six letters joined by a hyphen ("Kam-leung", "Jae-in"): such names
// follow the surname, which news then uses alone ("Moon Jae-in" ...
// "Moon"). "Jean-Pierre" and "Al-Attiyah" have a capital after the hyphen.
func hyphenatedGiven(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	if !ok || len(a) < 2 || len(b) < 2 || len(a) > 6 || len(b) > 6 || a[0] < 'A' || a[0] > 'Z' {
		return false
	}
	for _, r := range a[1:] + b {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// listedPlace reports whether the gazetteer lists the mention as a
// country, region or city of 100,000 people or more.
func (t *Tagger) listedPlace(d *doc, m mention) bool {
	found := false
	t.gazMatch(d, m, func(e gazetteer.Entry) {
		if e.Kind == gazetteer.KindCountry || e.Kind == gazetteer.KindRegion || e.Kind == gazetteer.KindCity && e.Pop >= 3 {
			found = true
		}
	})
	return found
}

// shortenedNames calls person for each mention of two or three
// capitalised words whose last word is also a mention on its own, not at
// a sentence start ("Qassem Soleimani" ... "Soleimani"): news shortens people's names
// that way, organisations (Goldman Sachs -> Goldman) and places rarely.
// Names the gazetteer decided, and names that end in an organisation's or
// a natural place's word, are left alone.
func (t *Tagger) shortenedNames(d *doc, ms []mention, person func(mention)) {
	alone := map[uint64]bool{}
	for _, m := range ms {
		if m.end-m.start == 1 && d.flags[m.start]&flagSentence == 0 {
			alone[d.raw[m.start]] = true
		}
	}
	for _, m := range ms {
		n := m.end - m.start
		if n < 2 || n > 3 || m.fixed || m.typ == article.EntityPerson || !alone[d.raw[m.end-1]] ||
			orgEnds[d.lw[m.end-1]] || legalEnds[d.lw[m.end-1]] || placeEnds[d.lw[m.end-1]] {
			continue // "Kishida Cabinet" and "the Cabinet", "Asomdwoe Park" and "the Park"
		}
		ok := true
		for i := m.start; i < m.end && ok; i++ {
			ok = d.flags[i]&flagCap != 0 && d.flags[i]&(flagSuffix|flagTitle|flagAllCaps) == 0 && d.gaz[i] == 0
		}
		if ok {
			person(m)
		}
	}
}

// knownPlace reports whether the gazetteer lists the mention as a country or region.
func (t *Tagger) knownPlace(d *doc, m mention) bool {
	found := false
	t.gazMatch(d, m, func(e gazetteer.Entry) {
		if e.Kind == gazetteer.KindCountry || e.Kind == gazetteer.KindRegion || e.Kind == gazetteer.KindOrg {
			found = true
		}
	})
	return found
}

func (t *Tagger) gazMatch(d *doc, m mention, fn func(gazetteer.Entry)) {
	// A name rarely has more entries than buf holds: appending to it
	// allocated a list for every name looked up, a tenth of the bytes
	// tagging allocated.
	var buf [8]gazetteer.Entry
	hits := buf[:0]
	if t.gaz.Match(d.text, d.toks[m.start:m.end], 0, func(e gazetteer.Entry) { hits = append(hits, e) }) == m.end-m.start {
		for _, e := range hits {
			fn(e)
		}
	}
}

// canonical sets each mention's canonical name and identifier.
func (t *Tagger) canonical(d *doc, ms []mention) {
	type gazHit struct{ canon, id string }
	cache := map[string]gazHit{}
	var people []int
	for k := range ms {
		m := &ms[k]
		s := d.surface(*m)
		if m.typ == article.EntityPerson {
			m.canon = s
			people = append(people, k)
			continue
		}
		if h, ok := cache[m.typ+"\x00"+s]; ok {
			m.canon, m.id = h.canon, h.id
			continue
		}
		// A newspaper's "The" and an abbreviation's stop are no part of
		// the name looked up or written.
		name := d.bare(*m)
		h := gazHit{canon: d.surface(name)}
		if nameEnd(d.text, d.toks, name) < d.toks[name.end-1].End {
			h.canon = strings.TrimSuffix(h.canon, ".")
		}
		bestRank := 0
		t.gazMatch(d, name, func(e gazetteer.Entry) {
			if e.Kind.Type() != m.typ {
				return
			}
			rank := kindRank[e.Kind]*4 + int(e.Pop)
			if rank > bestRank {
				bestRank, h = rank, gazHit{canon: e.Canonical, id: e.ID}
			}
		})
		cache[m.typ+"\x00"+s] = h
		m.canon, m.id = h.canon, h.id
	}
	// Acronyms take the canonical name of what they abbreviate, here or
	// wherever else in the document they occur.
	acr := map[string]gazHit{}
	for k := range ms {
		if a := ms[k].alias; a >= 0 && a < len(ms) {
			acr[d.surface(ms[k])] = gazHit{ms[a].canon, ms[a].id}
		}
	}
	for k := range ms {
		m := &ms[k]
		if h, ok := acr[d.surface(*m)]; ok && m.typ != article.EntityPerson && m.end-m.start == 1 {
			m.canon, m.id = h.canon, h.id
		}
	}
	resolvePeople(d, ms, people)
	// People the gazetteer lists take its canonical name and id, and so
	// do the shorter mentions resolved to them.
	listed := map[string]gazHit{}
	var hits []gazetteer.Entry
	for _, k := range people {
		m := &ms[k]
		h, ok := listed[m.canon]
		if !ok {
			hits = t.gaz.Lookup(m.canon, hits[:0])
			for _, e := range hits {
				if e.Kind == gazetteer.KindPerson {
					h = gazHit{e.Canonical, e.ID}
					break
				}
			}
			listed[m.canon] = h
		}
		if h.id != "" {
			m.canon, m.id = h.canon, h.id
		}
	}
}

// kindRank orders the kinds of entries that share a name, for the
// canonical name and id: international bodies before listed companies,
// parties, universities and clubs; countries before nationalities,
// regions and cities (bigger cities first, by Pop).
var kindRank = [gazetteer.NumKinds]int{
	gazetteer.KindOrg:        60,
	gazetteer.KindCountry:    50,
	gazetteer.KindPerson:     50,
	gazetteer.KindDemonym:    45,
	gazetteer.KindRegion:     40,
	gazetteer.KindGroup:      35,
	gazetteer.KindCompany:    30,
	gazetteer.KindParty:      28,
	gazetteer.KindUniversity: 26,
	gazetteer.KindClub:       24,
	gazetteer.KindCity:       10,
}

// commonWord reports whether word i is one the case table writes in small
// letters or this text writes so elsewhere ("Go", "Rights"): alone, such a
// word is not a name.
func (t *Tagger) commonWord(d *doc, i int) bool {
	_, lower := d.lower.get(d.lw[i])
	return lower || t.model.caseOf(d.lw[i]) == formLower
}

// maybeCommon reports whether the capitalised word i may be a common word
// written with a capital because it opens a sentence: a common word
// (commonWord) or a closed-class one.
func (t *Tagger) maybeCommon(d *doc, i int) bool {
	return t.commonWord(d, i) || t.closedWord(d, i)
}

// namedAcronym reports whether m is an acronym or short name defined in
// brackets whose long form reads as a name: it is that name wherever it
// recurs ("Bank of Ghana (BoG)" ... "the BoG said"); not "First
// Information Report (FIR)".
func (t *Tagger) namedAcronym(d *doc, ms []mention, m mention) bool {
	if m.alias < 0 || m.alias >= len(ms) {
		return false
	}
	long := ms[m.alias]
	return long.typ != article.EntityOrg || t.orgLike(d, long)
}
