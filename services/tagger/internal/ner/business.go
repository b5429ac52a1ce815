package ner

import (
	"slices"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// exchanges are the stock exchanges whose names open a ticker in brackets
// ("(NYSE: GS)", "(LSE: SHEL)").
var exchanges = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"NYSE", "NASDAQ", "Nasdaq", "LSE", "TSX", "TSXV", "ASX", "HKEX", "SEHK", "SGX", "NSE", "BSE",
		"TSE", "TYO", "JSE", "KRX", "KOSDAQ", "SIX", "XETRA", "Xetra", "Euronext", "AMEX", "OTC", "OTCQX", "BMV", "B3", "SSE", "SZSE", "TWSE"} {
		m[token.Fold(w)] = true
	}
	return m
}()

// tickers reads stock tickers in brackets after a name: "Apple (AAPL)",
// "Goldman Sachs (NYSE: GS)". The ticker (one to five capitals, with an
// optional ".A" class) and the exchange are organisations, and so is the
// name before the bracket, whatever the model called it, when an exchange
// is named or the name is a listed company. A bracket the acronym rule
// already read is left alone.
func (t *Tagger) tickers(d *doc, ms []mention) []mention {
	ms = t.listedBeforeTickers(d, ms)
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		exch, q, ok := tickerBracket(d, m.end)
		if !ok {
			continue
		}
		if k+1 < len(ms) && ms[k+1].start <= q && ms[k+1].alias == k {
			// An acronym the long form spells out ("Sexual Minorities
			// Uganda (SMUG)"), unless the long form is a listed company:
			// then it is the company's ticker ("Amazon (AMZN)").
			if m.typ != article.EntityOrg && t.listedCompany(d, m) {
				ms[k].typ, ms[k].fixed = article.EntityOrg, true
				ms[k+1].typ, ms[k+1].fixed = article.EntityOrg, true
			}
			continue
		}
		if m.typ != article.EntityOrg {
			if exch < 0 && !t.listedCompany(d, m) {
				continue
			}
			ms[k].typ = article.EntityOrg
		}
		// Drop what the model found inside the bracket, then add the
		// exchange and the ticker.
		j := k + 1
		for j < len(ms) && ms[j].start <= q {
			j++
		}
		var add []mention
		if exch >= 0 {
			add = append(add, mention{start: exch, end: exch + 1, typ: article.EntityOrg, alias: -1, fixed: true})
		}
		add = append(add, mention{start: q, end: q + 1, typ: article.EntityOrg, alias: k, fixed: true})
		drop := make([]bool, len(ms))
		for x := k + 1; x < j; x++ {
			drop[x] = true
		}
		ms = merge(without(ms, drop), add)
		k += len(add)
	}
	return ms
}

// tickerBracket reads a bracketed ticker opening at p: "(AAPL)" or
// "(NYSE: GS)". It returns the exchange's token (-1 for none) and the
// ticker's.
func tickerBracket(d *doc, p int) (exch, q int, ok bool) {
	n := len(d.toks)
	if p+2 >= n || d.word(p) != "(" {
		return -1, 0, false
	}
	exch, q = -1, p+1
	if exchanges[d.lw[q]] && q+2 < n && d.word(q+1) == ":" {
		exch, q = q, q+2
	}
	if q+1 >= n || d.word(q+1) != ")" || !tickerWord(d.word(q)) {
		return -1, 0, false
	}
	return exch, q, true
}

// listedBeforeTickers adds, as a mention for tickers to read, a listed
// company's name the model left unlabelled right before a bracketed
// ticker ("Microsoft (MSFT) and Alphabet (GOOGL)": "Alphabet" is also a
// common noun's capitalised form).
func (t *Tagger) listedBeforeTickers(d *doc, ms []mention) []mention {
	n := len(d.toks)
	var added []mention
	k := 0
	for p := 1; p+2 < n; p++ {
		if d.flags[p-1]&flagCap == 0 {
			continue
		}
		if _, _, ok := tickerBracket(d, p); !ok {
			continue
		}
		for k < len(ms) && ms[k].end < p {
			k++
		}
		if k < len(ms) && ms[k].start < p {
			continue // a mention ends at the bracket, or covers it
		}
		// The longest run of capitalised words before the bracket (up to
		// four) that the lists hold as a company.
		for s := max(p-4, 0); s < p; s++ {
			m := mention{start: s, end: p, typ: article.EntityOrg, alias: -1}
			covered := k > 0 && ms[k-1].end > s
			if !covered && allCapitalised(d, s, p) && t.listedCompany(d, m) {
				added = append(added, m)
				break
			}
		}
	}
	return merge(ms, added)
}

// allCapitalised reports whether every token in [s, e) is capitalised.
func allCapitalised(d *doc, s, e int) bool {
	for i := s; i < e; i++ {
		if d.flags[i]&flagCap == 0 {
			return false
		}
	}
	return true
}

// tickerWord reports whether w looks like a ticker: one to five capital
// letters, optionally with a one-letter class after a period ("BRK.A").
func tickerWord(w string) bool {
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			n++
		case c == '.' && i > 0 && i == len(w)-2:
		default:
			return false
		}
	}
	return n >= 1 && n <= 6
}

// listedCompany reports whether the gazetteer lists m's words as a company.
func (t *Tagger) listedCompany(d *doc, m mention) bool {
	return t.listedKinds(d, m)&(1<<gazetteer.KindCompany) != 0
}

// listedKinds returns the kinds of the gazetteer entries that m's words
// name exactly, one bit per kind.
func (t *Tagger) listedKinds(d *doc, m mention) uint64 {
	var kinds uint64
	t.gazMatch(d, m, func(e gazetteer.Entry) { kinds |= 1 << e.Kind })
	return kinds
}

// footballWords are words only a sentence about football uses: a club's
// name in such a sentence is the club.
var footballWords = foldSet("match", "striker", "midfielder", "defender", "goalkeeper", "winger", "coach", "league", "cup",
	"squad", "fixture", "relegation", "relegated", "derby", "penalty", "equaliser", "equalizer", "kick-off", "half-time",
	"stadium", "football", "soccer", "goal", "goals", "scored", "transfer", "season")

// footballSentence reports whether the sentence holding token i has a
// football word.
func footballSentence(d *doc, i int) bool {
	s := i
	for s > 0 && d.flags[s]&flagSentence == 0 {
		s--
	}
	for j := s; j < len(d.toks) && (j == s || d.flags[j]&flagSentence == 0); j++ {
		if footballWords[d.lw[j]] {
			return true
		}
	}
	return false
}

// Role words: between a name and the person who holds the role, they make
// the name an organisation. Corporate roles do for any name ("Shell chief
// executive Wael Sawan", "Nvidia founder Jensen Huang"); sports roles only
// for a listed club ("Liverpool manager Arne Slot"), since a country's
// team is also written so ("England captain Harry Kane").
var corporateRoles, sportsRoles = foldSet("chief", "boss", "founder", "co-founder", "cofounder", "chairman",
	"chairwoman", "chair", "ceo", "cfo", "coo", "cto"),
	foldSet("manager", "coach", "boss", "captain", "striker", "midfielder", "defender", "goalkeeper", "forward", "winger")

var (
	foldChief = token.Fold("chief")
	chiefOf   = foldSet("executive", "executives", "financial", "operating", "technology", "investment", "economist",
		"strategist", "scientist", "officer", "commercial", "digital", "marketing")
)

func foldSet(words ...string) map[uint64]bool {
	m := make(map[uint64]bool, len(words))
	for _, w := range words {
		m[token.Fold(w)] = true
	}
	return m
}

// roleHolder reports whether a role word opens the words at i and a
// PERSON mention starts within three words of it; sports reports whether
// the role is a sports one only.
func roleHolder(d *doc, ms []mention, k, i int) (role, sports bool) {
	if i >= len(d.toks) || d.flags[i]&flagSentence != 0 {
		return false, false
	}
	corp, sp := corporateRoles[d.lw[i]], sportsRoles[d.lw[i]]
	if !corp && !sp {
		return false, false
	}
	// "chief" is a corporate role as "chief executive" and the like, or
	// alone before the name ("Wagner chief Yevgeny Prigozhin"), not as
	// "chief minister" or "chief justice".
	if d.lw[i] == foldChief && i+1 < len(d.toks) && !chiefOf[d.lw[i+1]] && d.flags[i+1]&flagCap == 0 {
		return false, false
	}
	for j := k; j < len(ms); j++ {
		if ms[j].start > i+3 {
			break
		}
		if ms[j].start > i && ms[j].typ == article.EntityPerson {
			return true, !corp
		}
	}
	return false, false
}

// holderAfter reports whether the corporate role word at i is followed,
// within three words, by the person who holds it, and is a role there:
// "chief" only alone or as "chief executive" and the like, not "chief
// minister".
func holderAfter(d *doc, at []int, ms []mention, i int) bool {
	if d.lw[i] == foldChief && i+1 < len(d.toks) && !chiefOf[d.lw[i+1]] && d.flags[i+1]&flagCap == 0 {
		return false
	}
	for j := i + 1; j < len(d.toks) && j <= i+3; j++ {
		if d.flags[j]&flagSentence != 0 {
			return false
		}
		if k := at[j]; k >= 0 && ms[k].start == j {
			return ms[k].typ == article.EntityPerson
		}
	}
	return false
}

// roleSplits splits a person's name that the model read across an
// organisation, a capitalised corporate role and its holder ("Mossad
// Chief David Barnea", "Acme Chairman John Smith"): the words before the
// role are the organisation, those after it the person. A role before a
// title is no corporate one ("Haryana Chief Minister"), and a listed place
// before it stays a place.
func (t *Tagger) roleSplits(d *doc, ms []mention) []mention {
	return splitEach(ms, func(m mention) []mention { return t.roleSplit(d, m) })
}

// roleSplit returns m split as roleSplits does, or nil.
func (t *Tagger) roleSplit(d *doc, m mention) []mention {
	if m.typ != article.EntityPerson || m.alias >= 0 {
		return nil
	}
	role := -1
	for j := m.start + 1; j+1 < m.end; j++ {
		if corporateRoles[d.lw[j]] && !sportsRoles[d.lw[j]] && d.flags[j]&flagCap != 0 {
			role = j
			break
		}
	}
	holder := role + 1
	for role >= 0 && holder+1 < m.end && chiefOf[d.lw[holder]] {
		holder++
	}
	if role < 0 || holder >= m.end || d.flags[holder]&flagCap == 0 || d.flags[holder]&flagTitle != 0 ||
		t.listedPlace(d, mention{start: m.start, end: role}) {
		return nil
	}
	return []mention{{start: m.start, end: role, typ: article.EntityOrg, alias: -1, fixed: true},
		{start: holder, end: m.end, typ: article.EntityPerson, alias: -1}}
}

// splitEach returns ms with each mention for which split returns parts
// replaced by them, in order; ms itself when none is.
func splitEach(ms []mention, split func(mention) []mention) []mention {
	var out []mention
	for k, m := range ms {
		parts := split(m)
		if parts == nil {
			if out != nil {
				out = append(out, m)
			}
			continue
		}
		if out == nil {
			out = append(make([]mention, 0, len(ms)+len(parts)), ms[:k]...)
		}
		out = append(out, parts...)
	}
	if out == nil {
		return ms
	}
	return out
}

// companies types as organisations the names that business news marks as
// companies by their context, whatever the model said: a name followed by
// a role and the person holding it ("Amazon boss Andy Jassy"), also when
// the model left it unlabelled but the gazetteer lists it as a company or
// club; and a listed company of two or more words that the model took for
// a person ("Goldman Sachs", "Philip Morris") when nothing in the text
// speaks of that person: no title before it, no lone mention of its last
// word, no listed person of that name; and a name typed as a place that
// the gazetteer lists as a company or club and as no place. Countries, regions and nationalities
// the gazetteer decided keep their type.
func (t *Tagger) companies(d *doc, ms []mention) []mention {
	ms = t.cued(d, ms)
	const org = 1<<gazetteer.KindCompany | 1<<gazetteer.KindClub
	var added []mention
	k := 0
	for _, g := range d.gspans {
		if g.kinds&org == 0 {
			continue
		}
		for k < len(ms) && ms[k].end <= g.start {
			k++
		}
		if k < len(ms) && ms[k].start < g.end {
			continue // the model labelled something here
		}
		role, sports := roleHolder(d, ms, k, g.end)
		if role && (!sports || g.kinds&(1<<gazetteer.KindClub) != 0) {
			added = append(added, mention{start: g.start, end: g.end, typ: article.EntityOrg, alias: -1, fixed: true})
		}
	}
	for k := range ms {
		m := &ms[k]
		if m.typ == article.EntityOrg && t.placeAfterThe(d, *m) {
			// "in the Amazon", "across the Gulf": a place, whatever
			// company shares the word.
			m.typ = article.EntityLoc
			continue
		}
		if m.typ == article.EntityOrg || m.alias >= 0 || m.fixed && m.typ != article.EntityLoc {
			continue
		}
		kinds := t.listedKinds(d, *m)
		if kinds&(1<<gazetteer.KindCountry|1<<gazetteer.KindRegion|1<<gazetteer.KindDemonym) != 0 {
			continue
		}
		role, sports := roleHolder(d, ms, k+1, m.end)
		switch {
		case role && (!sports || kinds&(1<<gazetteer.KindClub) != 0):
		case m.typ == article.EntityPerson && m.end-m.start >= 2 && kinds&(1<<gazetteer.KindCompany) != 0 &&
			kinds&(1<<gazetteer.KindPerson) == 0 && !t.spokenOf(d, ms, *m):
		case kinds&(1<<gazetteer.KindClub) != 0 && footballSentence(d, m.start):
			// A listed club in a sentence about football ("signed a new
			// contract with Liverpool"), not the city.
		case m.typ == article.EntityLoc && !m.fixed && kinds&org != 0 && kinds&(1<<gazetteer.KindCity) == 0:
			// A place no place list knows, but a company or club list
			// does ("JPMorgan", "Feyenoord").
		default:
			continue
		}
		m.typ, m.fixed = article.EntityOrg, true
	}
	return merge(ms, added)
}

// placePrepositions put a place after "the": "in the Amazon".
var placePrepositions = foldSet("in", "across", "into", "through", "throughout", "around", "along")

// placeAfterThe reports whether the one-word organisation m, which a
// company list names and no other organisation list does (a place list
// may: "Amazon" is a region too), stands where a place does: after a preposition of
// place and "the". Companies do not take "the" ("in Apple's case").
// A name the lists hold both as a company and as a region is the region
// after any "the" ("the Amazon's forests", "the Amazon basin").
func (t *Tagger) placeAfterThe(d *doc, m mention) bool {
	if m.end-m.start != 1 || m.alias >= 0 || m.start < 1 || d.lw[m.start-1] != foldThe || d.flags[m.start]&flagAllCaps != 0 {
		return false
	}
	const others = 1<<gazetteer.KindOrg | 1<<gazetteer.KindParty | 1<<gazetteer.KindClub | 1<<gazetteer.KindUniversity | 1<<gazetteer.KindPerson
	kinds := t.listedKinds(d, m)
	if kinds&(1<<gazetteer.KindCompany) == 0 || kinds&others != 0 {
		return false
	}
	return kinds&(1<<gazetteer.KindRegion) != 0 || m.start >= 2 && placePrepositions[d.lw[m.start-2]]
}

// cued types as organisations the names that business cues mark
// (cueSpans): a mention is retyped, and a run of capitalised words no
// mention covers becomes one, unless it opens a sentence ("Bank shares
// fell") or is a date, and the gazetteer does not list it as a company or
// club. Names the gazetteer lists as countries, regions or nationalities,
// and cities before "shares", keep their type unless also listed as
// companies ("Asian shares", "Tokyo shares").
func (t *Tagger) cued(d *doc, ms []mention) []mention {
	d.at = grow(d.at, len(d.toks))
	at := d.at
	for i := range at {
		at[i] = -1
	}
	for k, m := range ms {
		for i := m.start; i < m.end; i++ {
			at[i] = k
		}
	}
	const place = 1<<gazetteer.KindCountry | 1<<gazetteer.KindRegion | 1<<gazetteer.KindDemonym | 1<<gazetteer.KindGroup
	const org = 1<<gazetteer.KindCompany | 1<<gazetteer.KindClub
	const company = 1 << gazetteer.KindCompany
	var added []mention
	drop := make([]bool, len(ms))
	for _, g := range cueSpans(d, at, ms) {
		m := mention{start: g.start, end: g.end, typ: article.EntityOrg, alias: -1, fixed: true}
		kinds := t.listedKinds(d, m)
		if g.kinds == listedOnly && kinds&company == 0 {
			continue
		}
		// A city yields only to a business noun ("Orange, the telecoms
		// group"), not to its market's shares ("Tokyo shares").
		if kinds&company == 0 && (kinds&place != 0 || g.kinds == 0 && kinds&(1<<gazetteer.KindCity) != 0) {
			continue
		}
		free := true
		for i := g.start; i < g.end; i++ {
			free = free && at[i] == -1
		}
		if k := at[g.start]; !free {
			if k == -1 && g.end-g.start >= 2 && kinds&place == 0 && t.swallows(d, at, ms, g, drop) {
				// "takeover of Credit Suisse", "bid for Anglo American":
				// the cue's name holds words the model took for a
				// place or a nationality, which go.
				for i := g.start; i < g.end; i++ {
					at[i] = -2
				}
				added = append(added, m)
				continue
			}
			if k < 0 {
				continue // partly another name, or one this pass added
			}
			person := ms[k].typ == article.EntityPerson && ms[k].end-ms[k].start >= 2 && kinds&org == 0
			if ms[k].start == g.start && ms[k].end == g.end && ms[k].alias < 0 && ms[k].typ != article.EntityOrg && !person &&
				!(ms[k].fixed && ms[k].typ != article.EntityLoc) && kinds&(1<<gazetteer.KindPerson) == 0 {
				ms[k].typ, ms[k].fixed = article.EntityOrg, true
			}
			continue
		}
		if kinds&org == 0 && (d.flags[g.start]&flagSentence != 0 && (g.kinds != 1 || t.model.caseOf(d.lw[g.start]) == formLower) ||
			g.end-g.start == 1 && (calendar[d.lw[g.start]] || t.closedWord(d, g.start))) {
			// A sentence's first words ("Bank shares fell"), unless a
			// business noun names them and they are not a word written in
			// small letters elsewhere ("Spotify, the Swedish music
			// service", not "However, the group"); a date ("shares in
			// August").
			continue
		}
		for i := g.start; i < g.end; i++ {
			at[i] = -2
		}
		added = append(added, m)
	}
	if slices.Contains(drop, true) {
		ms = without(ms, drop)
	}
	return merge(ms, added)
}

// swallows reports whether the cue span g, whose first word no mention
// covers, may take in the mentions it overlaps: each lies wholly inside
// g, is a place or a nationality of one word, and abbreviates nothing; a
// country the gazetteer fixed only after g's first word ("Credit
// Suisse", "Air France"). It marks them in drop.
func (t *Tagger) swallows(d *doc, at []int, ms []mention, g gspan, drop []bool) bool {
	var ks []int
	for i := g.start; i < g.end; i++ {
		k := at[i]
		if k < 0 {
			if k == -2 {
				return false // a name this pass added
			}
			continue
		}
		m := ms[k]
		if m.start < g.start || m.end > g.end || m.end-m.start != 1 || m.alias >= 0 ||
			m.typ != article.EntityLoc && m.typ != article.EntityNORP ||
			m.start == g.start && m.fixed && t.listedKinds(d, m)&(1<<gazetteer.KindCountry|1<<gazetteer.KindRegion) != 0 {
			return false
		}
		ks = append(ks, k)
	}
	for _, k := range ks {
		drop[k] = true
	}
	return len(ks) > 0
}

// spokenOf reports whether the text treats the name m as a person's: a
// title right before it ("Mr", "President"), or its last word alone as a
// mention elsewhere ("Schwab said").
func (t *Tagger) spokenOf(d *doc, ms []mention, m mention) bool {
	if m.start > 0 && d.flags[m.start-1]&flagTitle != 0 {
		return true
	}
	last := d.lw[m.end-1]
	for _, o := range ms {
		if o.end-o.start == 1 && d.lw[o.start] == last {
			return true
		}
	}
	return false
}

// particles are the lower-case words inside people's names ("Erik ten
// Hag", "Ursula von der Leyen", "Luis de Guindos").
var particles = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
		"ten", "ter", "bin", "bint", "ibn", "al", "el", "y", "zu", "af"} {
		m[token.Fold(w)] = true
	}
	return m
}()

// nameParticles joins a person's name across lower-case particles: a
// PERSON mention followed by one to three particles and a capitalised
// word takes them in, and whatever the model made of that word goes
// ("Erik" + "ten" + LOC "Hag" -> PERSON "Erik ten Hag"). A place or an
// organisation does so across Romance particles ("Plaza de las
// Victorias").
func nameParticles(d *doc, ms []mention) []mention {
	ms = particleNames(d, ms)
	// A surname with its particle, the given name left out ("bin Salman
	// said", "dos Santos"): the particle opens the person's name. Not the
	// Romance articles and "de", which open places and dates as often
	// ("la Torre", "de julio").
	for k := range ms {
		m := &ms[k]
		if p := m.start - 1; m.typ == article.EntityPerson && p >= 0 && surnameParticles[d.lw[p]] && d.flags[p]&flagCap == 0 &&
			(p == 0 || d.flags[p-1]&flagCap == 0 || d.flags[p]&flagSentence != 0) && (k == 0 || ms[k-1].end <= p) {
			m.start = p
		}
	}
	n := len(d.toks)
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		if m.typ != article.EntityPerson && m.typ != article.EntityLoc && m.typ != article.EntityOrg {
			continue
		}
		// Places and organisations join only across the Romance ones
		// ("Plaza de las Victorias", "Banco de la Nación").
		joins := particles
		if m.typ != article.EntityPerson {
			joins = romanceParticles
		}
		j := m.end
		for j < n && j-m.end < 3 && joins[d.lw[j]] && d.flags[j]&flagCap == 0 && d.flags[j]&flagSentence == 0 {
			j++
		}
		if j == m.end || j >= n || d.flags[j]&flagCap == 0 || d.flags[j]&flagSentence != 0 {
			continue
		}
		end := j + 1
		ms[k].end = end
		x := k + 1
		for x < len(ms) && ms[x].start < end {
			x++
		}
		if x > k+1 && ms[x-1].end > end {
			ms[k].end = ms[x-1].end
		}
		ms = slices.Delete(ms, k+1, x)
	}
	return ms
}

// romanceParticles join the words of Spanish, Portuguese, French and
// Italian names of places and bodies.
var romanceParticles = foldSet("de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "las", "los", "le")

// nameOnlyParticles are the particles that, between two capitalised
// words, make a person's name on their own: Dutch, German and Arabic ones.
// The Romance ones ("de", "la", "del") also join places and firms ("Rio de
// Janeiro", "Banco de Chile") and need the model's person first.
var nameOnlyParticles = foldSet("van", "von", "ten", "ter", "bin", "bint", "ibn")

// surnameParticles open a surname cited without its given name.
var surnameParticles = foldSet("van", "von", "ten", "ter", "bin", "bint", "ibn", "dos", "das", "al")

// particleNames makes a person of a capitalised word, one to three
// lower-case particles starting with a name-only one, and a capitalised
// word, where the model saw no name ("Erik ten Hag was sacked": the
// sentence's first word before a small word looks like any other).
// Neither capitalised word may belong to a longer mention, be a title or
// end organisation names; a one-word mention on either is replaced.
func particleNames(d *doc, ms []mention) []mention {
	n := len(d.toks)
	at := func(i int) int {
		for k, m := range ms {
			if m.start <= i && i < m.end {
				return k
			}
		}
		return -1
	}
	plain := func(i int) bool {
		const cap = flagCap | flagAlpha
		return d.flags[i]&(cap|flagAllCaps|flagTitle|flagSuffix) == cap
	}
	for i := 0; i+2 < n; i++ {
		if !plain(i) || !nameOnlyParticles[d.lw[i+1]] || d.flags[i+1]&flagCap != 0 {
			continue
		}
		j := i + 1
		for j < n && j-i <= 3 && particles[d.lw[j]] && d.flags[j]&(flagCap|flagSentence) == 0 {
			j++
		}
		if j >= n || j-i > 3 || !plain(j) || d.flags[j]&flagSentence != 0 {
			continue
		}
		ki, kj := at(i), at(j)
		if ki >= 0 && (ms[ki].typ == article.EntityPerson || ms[ki].end-ms[ki].start != 1) ||
			kj >= 0 && ms[kj].end-ms[kj].start != 1 {
			continue // a person already, which nameParticles extends, or part of a longer name
		}
		ms = slices.DeleteFunc(ms, func(m mention) bool { return m.start >= i && m.end <= j+1 })
		k, _ := slices.BinarySearchFunc(ms, i, func(m mention, start int) int { return m.start - start })
		ms = slices.Insert(ms, k, mention{start: i, end: j + 1, typ: article.EntityPerson, alias: -1})
		i = j
	}
	return ms
}

// firmEnds are the last words of companies' names: legal forms and the
// nouns of a firm's trade. A company is called by the rest of its name
// ("Foxconn Technology Group" ... "Foxconn"); a body named after a person
// is not ("the Kishida Cabinet" ... "Kishida").
var firmEnds = foldSet("Inc", "Inc.", "Corp", "Corp.", "Corporation", "Ltd", "Ltd.", "Limited", "LLC", "PLC", "plc", "Co.",
	"Company", "Group", "Holdings", "Industries", "Technologies", "Motors", "Systems", "Airlines", "Airways",
	"Pharmaceutical", "Pharmaceuticals", "Entertainment", "Publishers", "Publishing", "Enterprises", "Ventures",
	"Apparels", "Textiles", "Securities", "Financial", "Bancorp", "Investments", "Petroleum", "Mining", "Logistics",
	"Telecom", "Telecommunications", "Electronics", "Semiconductor", "Chemicals", "Steel", "Shipping", "Therapeutics",
	"Biosciences", "Laboratories", "Brands", "Foods", "Beverages", "Realty", "Properties", "Mines", "Minerals", "Metals",
	"Resources",
	// Legal forms of other countries, and a joint venture's ("SA" and
	// "SE" fold to surnames: "Maria Sa").
	"JV", "GmbH", "AG", "S.A.", "NV", "N.V.", "BV", "B.V.", "SpA", "S.p.A.", "Bhd", "Bhd.", "Pvt", "Pvt.",
	"Pte", "Pte.", "Tbk", "LLP", "ASA", "Oyj", "Ltda", "Ltda.")

// legalEnds are the last words of organisations' names that no person's
// name ends in: firmEnds, and the nouns of institutions and governments
// ("Kishida Cabinet").
var legalEnds = union(firmEnds, foldSet("Foundation", "Bank", "University", "Institute", "Association", "Party", "FC",
	"Cabinet", "Government", "Administration", "Ministry", "Embassy", "Cabinets", "Governments", "Administrations"))

// union returns a set of the words of all sets.
func union(sets ...map[uint64]bool) map[uint64]bool {
	out := map[uint64]bool{}
	for _, s := range sets {
		for w := range s {
			out[w] = true
		}
	}
	return out
}

// pressEnds end the names of newspapers and of public bodies named after
// their place ("Buenos Aires Herald", "Taiwan Railways Administration").
var pressEnds = foldSet("Herald", "Tribune", "Gazette", "Chronicle", "Observer", "Telegraph", "Courier", "Insurance",
	"Administration", "Railways", "Railway")

// placeOrgEnds reports whether the word i, the last of a name the model
// took for a place, makes it an organisation's: a word that ends
// organisations' names after a place (orgEnds), a legal form or trade's
// noun (legalEnds), or a newspaper's or a public body's (pressEnds).
func placeOrgEnds(d *doc, i int) bool {
	w := d.lw[i]
	return d.flags[i]&flagCap != 0 && (orgEnds[w] || legalEnds[w] || pressEnds[w])
}

// placeEnds end the names of natural places and parks ("Paracel
// Islands", "Suez Canal", "Arenal Volcano National Park").
var placeEnds = foldSet("Islands", "Island", "Isles", "Archipelago", "River", "Lake", "Mountains", "Mountain", "Hills",
	"Valley", "Desert", "Plateau", "Bay", "Gulf", "Sea", "Ocean", "Strait", "Straits", "Canal", "Peninsula", "Forest",
	"Hemisphere", "Coast", "Falls", "Glacier", "Volcano", "Basin", "Delta", "Park", "Reserve", "Highlands", "Lagoon",
	"Creek", "Cove", "Beach", "Rivulet", "Street", "Road", "Avenue", "Boulevard", "Square", "Block", "Gate")

// surnameEnds are the words of placeEnds that are also surnames ("Michael
// Bay", "Ricki Lake", "Lawrence Block"): a person's name ending in one
// stays a person's.
var surnameEnds = foldSet("Park", "Lake", "Bay", "Block", "Gate", "Hills", "Rivers", "Beach")

// placesOf makes a place of the name after a kind of place and "of",
// written in small letters: a person the model saw there becomes the
// place, and capitalised words no mention covers become one. An
// organisation stays ("the capital of Apple Inc." is rare, "the state of
// the Union" is no name).
func placesOf(d *doc, ms []mention) []mention {
	n := len(d.toks)
	var added []mention
	k := 0
	for i := 0; i+2 < n; i++ {
		if d.lw[i+1] != foldOf || d.flags[i]&flagCap != 0 || !placeNouns[d.lw[i]] {
			continue
		}
		s := i + 2
		if d.flags[s]&flagCap == 0 || d.flags[s]&flagSentence != 0 || calendar[d.lw[s]] {
			continue
		}
		for k < len(ms) && ms[k].end <= s {
			k++
		}
		if k < len(ms) && ms[k].start <= s {
			if m := &ms[k]; m.start == s && (m.typ == article.EntityPerson || m.typ == article.EntityLoc) && m.alias < 0 {
				// The context decides, and outweighs the model's other
				// guesses for the name in the document's vote.
				m.typ, m.fixed = article.EntityLoc, true
			}
			continue
		}
		e := s
		for e < n && e-s < 3 && d.flags[e]&flagCap != 0 && d.flags[e]&flagSentence == 0 && (k >= len(ms) || e < ms[k].start) {
			e++
		}
		added = append(added, mention{start: s, end: e, typ: article.EntityLoc, alias: -1, fixed: true})
		i = e - 1
	}
	if len(added) == 0 {
		return ms
	}
	ms = append(ms, added...)
	slices.SortFunc(ms, func(a, b mention) int { return a.start - b.start })
	return ms
}

// suffixOrgs makes an organisation of one to three capitalised words and
// the words that end organisations' names after them when the model
// labelled none of them, or only that last word ("Xiao's Tomorrow Group", "the
// Beyond Zero Foundation"): news capitalises a common word inside a name
// only. Sentence openers, titles, dates, function words, words in
// capitals and words after "of" stay out ("the Ministry of Health
// Department"), as do words whose capitals are the case table's guesses.
func (t *Tagger) suffixOrgs(d *doc, ms []mention) []mention {
	var added []mention
	k := 0
	for i := 1; i < len(d.toks); i++ {
		if !endsOrgName(d, i) || d.flags[i]&(flagSentence|flagAllCaps) != 0 {
			continue
		}
		for k < len(ms) && ms[k].end <= i-1 {
			k++
		}
		alone := -1 // the model's one-word mention of the suffix word
		switch {
		case k < len(ms) && ms[k].start == i && ms[k].end == i+1 && ms[k].typ == article.EntityOrg && !ms[k].fixed && ms[k].alias < 0:
			alone = k
		case k < len(ms) && ms[k].start <= i:
			continue // the model read the words before or the suffix word as part of a name
		}
		if n := len(added); n > 0 && added[n-1].end == i && alone < 0 {
			added[n-1].end = i + 1 // "Famine Early Warning Systems" + "Network"
			continue
		}
		floor := 0 // where the last mention before i, the model's or added here, ends
		if k > 0 {
			floor = ms[k-1].end
		}
		if n := len(added); n > 0 {
			floor = max(floor, added[n-1].end)
		}
		s := i
		for s > floor && i-s < 3 && t.nameWord(d, s-1) {
			s--
		}
		if s == i || s > 0 && d.lw[s-1] == foldOf || d.recasedIn(s, i+1) {
			continue
		}
		if alone >= 0 {
			ms[alone].start = s
			continue
		}
		added = append(added, mention{start: s, end: i + 1, typ: article.EntityOrg, alias: -1})
	}
	return merge(ms, added)
}

// nameWord reports whether word i can be a word of a name the model
// missed: capitalised in running text, not in capitals, neither title,
// date nor function word.
func (t *Tagger) nameWord(d *doc, i int) bool {
	return d.flags[i]&(flagCap|flagAlpha|flagSentence|flagTitle|flagAllCaps) == flagCap|flagAlpha && !calendar[d.lw[i]] && !t.closedWord(d, i)
}

// parkOrgs makes a place of an organisation or a person the model saw
// whose name ends in a natural place's word, a park's or a street's
// ("Nansha Islands", "Waterberg Plateau National Park", "Nicholls
// Rivulet", "De Villiers Street"), unless a word of a body or a firm comes before
// it; the gazetteer's organisations stay.
func parkOrgs(d *doc, ms []mention) []mention {
	for k := range ms {
		m := &ms[k]
		if m.typ != article.EntityOrg && m.typ != article.EntityPerson || m.fixed || m.alias >= 0 || m.end-m.start < 2 ||
			!placeEnds[d.lw[m.end-1]] || d.flags[m.end-1]&flagCap == 0 ||
			m.typ == article.EntityPerson && surnameEnds[d.lw[m.end-1]] {
			continue
		}
		// "Ministry of Fisheries and Oceans", "Pacific Coast Group", and
		// an acronym's station or branch ("NSRI Shelly Beach").
		body := d.flags[m.start]&flagAllCaps != 0
		for i := m.start; i < m.end-1; i++ {
			body = body || legalEnds[d.lw[i]] || orgEnds[d.lw[i]]
		}
		if !body {
			m.typ = article.EntityLoc
		}
	}
	return ms
}

// religions are faiths named by one word: a religious group's name
// (NORP), never a place or a person ("Islam", "Hinduism").
var religions = foldSet("Islam", "Christianity", "Judaism", "Hinduism", "Buddhism", "Sikhism", "Jainism", "Taoism",
	"Shinto", "Shintoism", "Zoroastrianism", "Catholicism", "Protestantism", "Confucianism")

// faiths makes a NORP mention of every capitalised religion's name: the
// model's one-word mention of it is retyped, and one it missed is added.
func faiths(d *doc, ms []mention) []mention {
	var added []mention
	k := 0
	for i := range d.toks {
		if d.flags[i]&flagCap == 0 || !religions[d.lw[i]] {
			continue
		}
		for k < len(ms) && ms[k].end <= i {
			k++
		}
		switch {
		case k < len(ms) && ms[k].start <= i:
			if ms[k].start == i && ms[k].end == i+1 {
				ms[k].typ, ms[k].fixed = article.EntityNORP, true
			}
		default:
			added = append(added, mention{start: i, end: i + 1, typ: article.EntityNORP, alias: -1, fixed: true})
		}
	}
	if len(added) > 0 {
		ms = append(ms, added...)
		slices.SortFunc(ms, func(a, b mention) int { return a.start - b.start })
	}
	return ms
}

// speechVerbs after a name make its bearer a speaker: a person, where
// the name is not a listed place ("Santiago Gomez said").
var speechVerbs = foldSet("said", "says", "told", "added", "explained", "noted", "wrote", "stated", "recalled", "insisted")

// speakingPlaces makes a person of a place of two or three words the
// model saw that no list holds whole, when a speech verb follows it and
// its last word is no place's ("Santiago Gomez said"; "Santiago, Chile"
// and "New Delhi" stay places).
func (t *Tagger) speakingPlaces(d *doc, ms []mention) []mention {
	for k := range ms {
		m := &ms[k]
		if m.typ != article.EntityLoc || m.fixed || m.end-m.start < 2 || m.end-m.start > 3 || m.end >= len(d.toks) ||
			!speechVerbs[d.lw[m.end]] || d.flags[m.end]&flagCap != 0 {
			continue
		}
		last := mention{start: m.end - 1, end: m.end}
		if t.listedKinds(d, *m) != 0 || t.listedKinds(d, last) != 0 || placeEnds[d.lw[m.end-1]] {
			continue
		}
		plain := true
		for i := m.start; i < m.end; i++ {
			plain = plain && d.flags[i]&(flagCap|flagAllCaps|flagSuffix) == flagCap
		}
		if plain {
			m.typ = article.EntityPerson
		}
	}
	return ms
}

// genericAcronyms stand for common nouns, not names: "an NGO", "the CEO",
// "GDP", "an MoU".
var genericAcronyms = foldSet("NGO", "NGOs", "CEO", "CEOs", "CFO", "COO", "MoU", "MoUs", "GDP", "GNP", "ICT", "STEM",
	"HIV", "AIDS", "SME", "SMEs", "MSME", "MSMEs", "IPO", "IPOs", "ESG", "GMO", "GMOs", "FDI", "VAT", "PPE", "ICU",
	"NFT", "NFTs", "AI", "IT", "PR", "TV", "DNA", "EV", "EVs", "VIP", "VIPs", "PCR", "EIA", "EIAs", "KPI", "KPIs", "SOP", "SOPs",
	// Diseases, written as names ("Covid", "SARS") but no entity.
	"COVID", "Covid", "COVID-19", "Covid-19", "SARS", "MERS", "SARS-CoV-2", "H1N1", "Mpox")

// eventEnds are the words that end the names of events: festivals,
// summits, awards, games and the observances and marches of South Asian
// news ("Ram Navami", "Kargil Vijay Diwas", "Dandi Yatra").
var eventEnds = foldSet("Festival", "Summit", "Award", "Awards", "Prize", "Games", "Olympics", "Paralympics", "Cup",
	"Championship", "Championships", "Expo", "Week", "Marathon", "Carnival", "Tournament", "Navami", "Jayanti", "Diwas",
	"Divas", "Yatra", "Satyagraha")

// lawEnds are the words that end the names of laws, treaties and plans
// ("Penal Code", "Indus Waters Treaty", "Uluru Statement").
var lawEnds = foldSet("Act", "Acts", "Code", "Amendment", "Treaty", "Accord", "Agreement", "Statement", "Declaration",
	"Protocol", "Plan", "Scheme", "Strategy", "Regulations", "Doctrine")

// eventsAndLaws drops the mentions that name an event or a law, no entity
// of the four types: the model's guess that "Ram Navami" is a person or
// "Cannes Film Festival" and "Indian Penal Code" organisations. A name the
// gazetteer or a rule decided stays, as do an acronym ("ACT", a party) and
// a body's name ("Office of Communications and Strategy").
func eventsAndLaws(d *doc, ms []mention) []mention {
	return slices.DeleteFunc(ms, func(m mention) bool {
		last := d.lw[m.end-1]
		if m.fixed || m.alias >= 0 || !eventEnds[last] && !lawEnds[last] || d.flags[m.end-1]&(flagCap|flagAllCaps) != flagCap {
			return false
		}
		for i := m.start; i < m.end-1; i++ {
			if endsOrgName(d, i) {
				return false
			}
		}
		return true
	})
}

// commonAcronyms drops a one-word mention of a common-noun acronym the
// model took for a name, unless the gazetteer decided it.
func commonAcronyms(d *doc, ms []mention) []mention {
	return slices.DeleteFunc(ms, func(m mention) bool {
		return m.end-m.start == 1 && !m.fixed && m.alias < 0 && genericAcronyms[d.lw[m.start]] && d.flags[m.start]&flagCap != 0
	})
}

// thePersons drops a one-word person after "the" that heads its phrase:
// a title or a common noun the model took for a name ("the Amir said",
// "the Amir of Qatar"). One that modifies a noun after it stays ("the
// Trump administration").
func thePersons(d *doc, ms []mention) []mention {
	return slices.DeleteFunc(ms, func(m mention) bool {
		if m.typ != article.EntityPerson || m.fixed || m.alias >= 0 || m.end-m.start != 1 || m.start == 0 ||
			d.lw[m.start-1] != foldThe || d.flags[m.start-1]&flagCap != 0 || d.flags[m.start]&flagAllCaps != 0 {
			return false
		}
		e := m.end
		return e >= len(d.toks) || d.flags[e]&flagAlpha == 0 || d.flags[e]&flagSentence != 0 || headFollowers[d.lw[e]]
	})
}

// headFollowers come after the head of a noun phrase, not inside it.
var headFollowers = foldSet("of", "and", "or", "said", "says", "has", "had", "have", "was", "is", "will", "would", "who",
	"told", "to", "in", "on", "at", "for", "with", "from")

// hanNames makes a person of a surname and a hyphenated Chinese or Korean
// given name ("Ko Wen-je", "Moon Jae-in"), with up to two English given
// names before them when the model reads them as a person's ("Peter
// Douglas Koon Ho-ming"), whatever the model made of them: the spelling is
// the evidence. A person's mention that runs into the name is part of it
// ("Carrie Lam" + "Cheng Yuet-ngor"); an organisation's or place's ends
// before it ("Minister of Economic Affairs Wang Mei-hua"); a mention that
// runs past it is left alone. A hyphenated common word is no given name
// ("Co-op", "President-elect").
func (t *Tagger) hanNames(d *doc, ms []mention) []mention {
	var out []mention
	k := 0
	for g := 1; g < len(d.toks); g++ {
		if !hyphenatedGiven(d.word(g)) || d.flags[g]&flagSentence != 0 || !surnameWord(d, g-1) || t.commonWord(d, g) {
			continue
		}
		if first, _, _ := strings.Cut(d.word(g), "-"); t.feat.titles[token.Fold(first)] {
			continue // "President-elect"
		}
		s := g - 1
		for s > 0 && g-s < 3 && d.flags[s]&flagSentence == 0 && d.flags[s-1]&(flagCap|flagTitle|flagAllCaps) == flagCap &&
			!t.maybeCommon(d, s-1) && t.readsAs(d, s-1, BPer) {
			s--
		}
		for k < len(ms) && ms[k].end <= s {
			out = append(out, ms[k])
			k++
		}
		if k < len(ms) && ms[k].start <= g && ms[k].end > g+1 || k+1 < len(ms) && ms[k+1].start <= g && ms[k+1].end > g+1 {
			continue // a longer name holds it
		}
		if n := len(out); n > 0 && out[n-1].end == s && out[n-1].typ == article.EntityPerson && out[n-1].alias < 0 {
			s = out[n-1].start // "Carrie Lam" + "Cheng Yuet-ngor"
			out = out[:n-1]
		}
		if k < len(ms) && ms[k].start < s {
			if ms[k].typ == article.EntityPerson {
				s = ms[k].start
			} else if !t.titles(d, ms[k].start, s) && (s-ms[k].start > 1 || !t.maybeCommon(d, ms[k].start)) {
				head := ms[k] // not a title ("Premier") or a common word ("Host") left alone
				head.end, head.canon, head.id = s, "", ""
				out = append(out, head)
			}
			k++
		}
		for k < len(ms) && ms[k].start <= g {
			k++ // inside the name
		}
		out = append(out, mention{start: s, end: g + 1, typ: article.EntityPerson, alias: -1})
	}
	if out == nil {
		return ms
	}
	return append(out, ms[k:]...)
}

// surnameWord reports whether word i can be a romanised Chinese or Korean
// surname: two to six ASCII letters, capitalised, not in capitals, no title.
func surnameWord(d *doc, i int) bool {
	w := d.word(i)
	if len(w) < 2 || len(w) > 6 || d.flags[i]&(flagCap|flagAllCaps|flagTitle) != flagCap {
		return false
	}
	for j := 1; j < len(w); j++ {
		if w[j] < 'a' || w[j] > 'z' {
			return false
		}
	}
	return true
}

// nicknames makes one person of a name, a nickname of one to three
// capitalised words in quotes, and the rest of the name (Joaquín "El
// Chapo" Guzmán, José "Pepe" Mujica): the model reads three names there.
func nicknames(d *doc, ms []mention) []mention {
	var drop []bool
	for a := 0; a < len(ms); a++ {
		A := ms[a]
		q := A.end
		if A.typ != article.EntityPerson || q+3 >= len(d.toks) || !quoteMark(d.word(q)) {
			continue
		}
		e := q + 1
		for e < len(d.toks) && e-q <= 3 && d.flags[e]&(flagCap|flagSentence) == flagCap {
			e++
		}
		if e == q+1 || e+1 >= len(d.toks) || !quoteMark(d.word(e)) {
			continue
		}
		b := a + 1
		for b < len(ms) && ms[b].end <= e {
			b++ // the nickname's own mentions
		}
		if b == len(ms) || ms[b].start != e+1 || ms[b].typ != article.EntityPerson {
			continue
		}
		if drop == nil {
			drop = make([]bool, len(ms))
		}
		for j := a + 1; j <= b; j++ {
			drop[j] = true
		}
		ms[a].end, ms[a].canon, ms[a].id = ms[b].end, "", ""
		a = b
	}
	if drop == nil {
		return ms
	}
	return without(ms, drop)
}

// quoteMark reports whether w is a quotation mark.
func quoteMark(w string) bool {
	switch w {
	case "\"", "'", "“", "”", "‘", "’":
		return true
	}
	return false
}

// initialPersons opens a person's name at the one-letter initials right
// before it that the model left out ("V" + "Muraleedharan", "S" +
// "Sakthi Ganesan", "K M" + "Zahid"): Indian and other names are written
// with bare initials. "A" and "I" are words first.
func (t *Tagger) initialPersons(d *doc, ms []mention) []mention {
	prevEnd := 0
	for k := range ms {
		m := &ms[k]
		if m.typ == article.EntityPerson && !m.fixed && d.flags[m.start]&flagSentence == 0 {
			s := m.start
			for s > prevEnd && m.start-s < 3 && initial(d.word(s-1)) && !t.closedWord(d, s-1) && d.flags[s]&flagSentence == 0 {
				s--
			}
			m.start = s
		}
		prevEnd = m.end
	}
	return ms
}

// initial reports whether w is one capital letter, with or without a
// full stop.
func initial(w string) bool {
	return (len(w) == 1 || len(w) == 2 && w[1] == '.') && w[0] >= 'A' && w[0] <= 'Z'
}

// firmPersons makes an organisation of a person's name of two or more
// words that ends in a legal form, a trade's noun or a body's word
// ("Shohoz Limited", "Hamad Medical Corporation", "YG Entertainment",
// "Rajya Sabha"): the model reads an unknown name and surname there.
func firmPersons(d *doc, ms []mention) []mention {
	for k := range ms {
		m := &ms[k]
		if m.typ == article.EntityPerson && m.end-m.start >= 2 && (legalEnds[d.lw[m.end-1]] || orgEnds[d.lw[m.end-1]]) && d.flags[m.end-1]&flagCap != 0 {
			m.typ = article.EntityOrg
		}
	}
	return ms
}

// orgsOf extends an organisation's name that ends in a word ending such
// names, right before "of" and capitalised words no name covers, over
// them ("Burkinabe Ministry" + "of Culture", "Ghana Chamber" + "of
// Mines"): the model stopped at the body's kind. The words may be joined
// by "and" ("of Trade and Industry"); a name after "of" stays its own
// ("Government of" + "Uruguay" is orgBefore's).
func orgsOf(d *doc, ms []mention) []mention {
	n := len(d.toks)
	for k := range ms {
		m := &ms[k]
		e := m.end
		if m.typ != article.EntityOrg || m.alias >= 0 || e+1 >= n || !endsOrgName(d, e-1) || d.lw[e] != foldOf ||
			d.flags[e]&flagCap != 0 || d.flags[e+1]&(flagCap|flagSentence|flagAllCaps) != flagCap {
			continue // an acronym after "of" is a name of its own ("Area Committee of CPI")
		}
		limit := n
		if k+1 < len(ms) {
			limit = ms[k+1].start
		}
		last := 0
		for j := e + 1; j < limit && d.flags[j]&flagSentence == 0; j++ {
			if d.flags[j]&flagCap != 0 {
				last = j + 1
				continue
			}
			if d.lw[j] != hashAnd || j+1 >= limit || d.flags[j+1]&flagCap == 0 {
				break
			}
		}
		if last > 0 {
			m.end = last
		}
	}
	return ms
}

// orgOpeners extends an organisation's name of two or more words over
// the capitalised word just before it that no name covers, in the middle
// of a sentence ("Permanent" + "Okavango River Basin Water Commission",
// "Senior" + "Staff Association of Nigerian Universities"): a capital
// there belongs to the name. Titles, dates, closed words and listed
// places ("Meghalaya" + "Bharatiya Janata Party") stay out.
func (t *Tagger) orgOpeners(d *doc, ms []mention) []mention {
	prevEnd := 0
	for k := range ms {
		m := &ms[k]
		i := m.start - 1
		if m.typ == article.EntityOrg && m.alias < 0 && m.end-m.start >= 2 && i >= prevEnd && d.flags[m.start]&flagSentence == 0 &&
			d.flags[i]&(flagCap|flagAlpha|flagSentence|flagTitle|flagAllCaps) == flagCap|flagAlpha && !calendar[d.lw[i]] && !t.closedWord(d, i) && plainPrefix(d, i, i+1) {
			m.start = i
		}
		prevEnd = m.end
	}
	return ms
}

// titledPersons splits the person named after a title out of an
// organisation or place the model read across both ("FAO Director-General
// José Graziano da Silva", "General Augusto Pinochet", "Cabinet Secretary
// Nader Saad"): what precedes the title keeps its type, the title goes,
// and one to four capitalised words after it are the person, provided none
// ends organisations' names or is a common word ("Supreme Court", "Grand
// Mosque" stay).
func (t *Tagger) titledPersons(d *doc, ms []mention) []mention {
	return splitEach(ms, func(m mention) []mention { return t.titledPerson(d, m) })
}

// titledPerson returns m split as titledPersons does, or nil.
func (t *Tagger) titledPerson(d *doc, m mention) []mention {
	if m.typ != article.EntityOrg && m.typ != article.EntityLoc || m.fixed || m.alias >= 0 {
		return nil
	}
	j := m.start
	for j < m.end && !(d.flags[j]&flagCap != 0 && t.title(d, j) && (j == m.start || d.lw[j-1] != foldOf)) {
		j++
	}
	p := j
	for p < m.end && t.title(d, p) {
		p++
	}
	if p >= m.end || m.end-p > 4 || p == j || modifierTitles[d.lw[p-1]] || !plainPrefix(d, p, m.end) ||
		m.end-p == 1 && !honorifics[d.lw[p-1]] {
		return nil // one word after "Commander" or "Bishop" is too often no one ("Commander Air")
	}
	if !t.personWords(d, p, m.end) {
		return nil
	}
	if j == m.start {
		return []mention{{start: p, end: m.end, typ: article.EntityPerson, alias: -1}}
	}
	head := m
	head.end, head.canon, head.id = j, "", ""
	if !t.orgLike(d, head) && j-m.start <= 2 && !anySuffix(d, m.start, j) {
		// "Sikandar Sultan Raja", "M S Golwalkar": a title's word inside
		// one person's name.
		m.typ, m.canon, m.id = article.EntityPerson, "", ""
		return []mention{m}
	}
	return []mention{head, {start: p, end: m.end, typ: article.EntityPerson, alias: -1}}
}

// personWords reports whether words [from, to) can be a person's name
// inside a longer mention: capitalised, neither title nor a word that ends
// organisations' or places' names, nor a common or function word, with
// particles allowed between them ("José Graziano da Silva").
func (t *Tagger) personWords(d *doc, from, to int) bool {
	for i := from; i < to; i++ {
		if i > from && i < to-1 && particles[d.lw[i]] && d.flags[i]&flagCap == 0 {
			continue
		}
		if d.flags[i]&(flagCap|flagSuffix|flagTitle) != flagCap || endsOrgName(d, i) || legalEnds[d.lw[i]] || placeEnds[d.lw[i]] ||
			t.commonWord(d, i) || t.closedWord(d, i) {
			return false
		}
	}
	return true
}

// personTails splits a person's name of two to four words off the end of
// an organisation or place the model read across both ("ILO Cynthia
// Samuel-Olonjuwon", "World Bank Daniel Mwangi"), when the model itself, by
// the words alone, reads the first of them as a person's first word and
// the others as words inside a person's name: how a name is spelled, not
// where it stands. What is left must read as an organisation or place by
// itself (orgLike); a title alone goes, a nationality is a NORP.
func (t *Tagger) personTails(d *doc, ms []mention) []mention {
	return splitEach(ms, func(m mention) []mention {
		if m.typ != article.EntityOrg && m.typ != article.EntityLoc || m.fixed || m.alias >= 0 || m.end-m.start < 3 {
			return nil
		}
		for p := max(m.start+1, m.end-4); p <= m.end-2; p++ {
			if !t.personWords(d, p, m.end) || !t.readsAs(d, p, BPer) || !t.readsInside(d, p+1, m.end, IPer) {
				continue
			}
			head := m
			head.end, head.canon, head.id = p, "", ""
			tail := mention{start: p, end: m.end, typ: article.EntityPerson, alias: -1}
			hk := t.listedKinds(d, head)
			if !t.orgLike(d, head) || t.listedKinds(d, tail)&^(1<<gazetteer.KindPerson) != 0 ||
				p-m.start == 1 && d.flags[m.start]&flagAllCaps == 0 && hk&(1<<gazetteer.KindCity|1<<gazetteer.KindGroup) != 0 ||
				p-m.start == 1 && len(d.word(m.start)) <= 2 {
				continue // a one-word town or people opens places ("San Miguel de Allende"); initials open names
			}
			if t.titles(d, m.start, p) {
				return []mention{tail}
			}
			if hk == 1<<gazetteer.KindDemonym {
				head.typ = article.EntityNORP // "Frenchman" + "Sebastien Delaunay"
			}
			return []mention{head, tail}
		}
		return nil
	})
}

// readsInside reports whether every capitalised word of [from, to) reads as
// l (readsAs).
func (t *Tagger) readsInside(d *doc, from, to int, l Label) bool {
	for i := from; i < to; i++ {
		if d.flags[i]&flagCap != 0 && !t.readsAs(d, i, l) {
			return false
		}
	}
	return true
}

// readsAs reports whether the model, by word i's own features alone (its
// spelling, shape, affixes and cluster, not its neighbours), scores the
// label l above the other labels of its kind: B labels against B labels,
// I against I (every capitalised word scores high as I-PERSON alone).
func (t *Tagger) readsAs(d *doc, i int, l Label) bool {
	s := t.wordAlone(d, i)
	for o := BPer; o < numLabels; o++ {
		if o != l && o.IsBegin() == l.IsBegin() && s[o] >= s[l] {
			return false
		}
	}
	return true
}

// titles reports whether every word of [from, to) is a title.
func (t *Tagger) titles(d *doc, from, to int) bool {
	for i := from; i < to; i++ {
		if !t.title(d, i) {
			return false
		}
	}
	return true
}

// title reports whether word i is a title, or titles joined by hyphens
// ("Director-General", "Attorney-General").
func (t *Tagger) title(d *doc, i int) bool {
	if d.flags[i]&flagTitle != 0 || honorifics[d.lw[i]] && d.flags[i]&flagCap != 0 {
		return true
	}
	w := d.word(i)
	if !strings.Contains(w, "-") {
		return false
	}
	for part := range strings.SplitSeq(w, "-") {
		if !t.feat.titles[token.Fold(part)] {
			return false
		}
	}
	return true
}

// modifierTitles are the words of the title list that also qualify
// organisations and events ("Foreign Ministry", "Premier League", "Grand
// Prix"): after one, a capitalised word is no person's name.
var modifierTitles = foldSet("Foreign", "Defence", "Defense", "Interior", "Finance", "Supreme", "Crown", "Grand", "Prime",
	"Vice", "Deputy", "Premier", "Chief", "Leader")

// honorifics are the titles only people bear, before a surname alone
// ("Justice Lee", "Judge Moshoana"). Those after the first line are not in
// the gazetteer's title list the model was trained with (adding them
// there means retraining): a person's mention sheds them all the same
// ("Madam" + "Ursula Owusu-Ekuful").
var honorifics = foldSet("Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Justice", "Judge", "General", "Gen", "Gen.",
	"King", "Queen", "Prince", "Princess", "Emperor", "Sheikh", "Sultan", "Emir", "Imam", "Ayatollah", "Mullah", "Pope", "Saint",
	"Sir", "Lord", "Lady", "Dame", "President", "Senator", "Governor", "Mayor", "Professor", "Prof", "Prof.",
	"Madam", "Madame", "Mme", "Mme.", "Smt", "Smt.", "Alhaji", "Hajia", "Magistrate", "Undersecretary",
	"Under-Secretary", "Assemblyman", "Assemblywoman", "Brig", "Brig.", "Comandante", "Sister", "Auntie", "Uncle",
	"Hon", "Hon.", "Honourable", "Honorable", "Principal", "Councilman", "Councilwoman", "Counselor")

// anySuffix reports whether a word of [from, to) is in the organisation
// suffix list.
func anySuffix(d *doc, from, to int) bool {
	for i := from; i < to; i++ {
		if d.flags[i]&flagSuffix != 0 {
			return true
		}
	}
	return false
}

// orgLike reports whether m reads as an organisation's or a place's name
// by itself: an acronym, a name with a word that ends organisations'
// names ("Bank of Ghana", "Reuters News"), or one the gazetteer lists.
func (t *Tagger) orgLike(d *doc, m mention) bool {
	if d.flags[m.start]&flagAllCaps != 0 || t.listedKinds(d, m) != 0 {
		return true
	}
	for i := m.start; i < m.end; i++ {
		if endsOrgName(d, i) || legalEnds[d.lw[i]] || pressEnds[d.lw[i]] {
			return true
		}
	}
	return false
}

// ampersandOrgs makes one organisation of capitalised words joined by
// "&" that the model left apart or partly unlabelled ("Ernst & Young",
// "Sterling & Wilson Solar Ltd"): news joins firms' partners so, and
// lists with "and". Spans where the model saw nothing, that open with a
// common word, a title or a date, or that hold a person named in full or
// a place stay as they were, as does an organisation the model read whole.
func (t *Tagger) ampersandOrgs(d *doc, ms []mention) []mention {
	n := len(d.toks)
	k := 0
	for i := 1; i+1 < n; i++ {
		if d.lw[i] != foldAmp || d.flags[i-1]&flagCap == 0 || d.flags[i+1]&(flagCap|flagSentence) != flagCap {
			continue
		}
		s, e := i-1, i+2
		for s > 0 && i-s < 3 && d.flags[s]&flagSentence == 0 && d.flags[s-1]&flagCap != 0 {
			s--
		}
		for e < n && e-i < 4 && d.flags[e]&(flagCap|flagSentence) == flagCap {
			e++
		}
		// The mentions the span touches, ms[k:j], and the span grown to them.
		for k < len(ms) && ms[k].end <= s {
			k++
		}
		j := k
		for j < len(ms) && ms[j].start < e {
			s, e = min(s, ms[j].start), max(e, ms[j].end)
			j++
		}
		if j == k+1 && ms[k].start == s && ms[k].end == e && ms[k].typ == article.EntityOrg {
			continue // the model's organisation
		}
		if j == k || t.commonWord(d, s) || calendar[d.lw[s]] || calendar[d.lw[i+1]] || d.flags[s]&flagTitle != 0 {
			continue // nothing the model saw, or common words ("Fact Sheet & Detailed Framework")
		}
		other := false
		for _, m := range ms[k:j] {
			other = other || m.typ == article.EntityPerson && m.end-m.start >= 2 || m.typ == article.EntityLoc
		}
		if other {
			continue // people named in full, places ("Jason & Richard Chang", "Kampala & Kayunga")
		}
		ms = slices.Concat(ms[:k], []mention{{start: s, end: e, typ: article.EntityOrg, alias: -1}}, ms[j:])
		i = e - 1
	}
	return ms
}

// firmLists splits an organisation's mention that is two or more
// companies' names joined by "and" or commas, each of two or more words
// ending in a legal form or a trade's noun ("Western Securities and
// Huatai Securities"): the model reads one long name there. A name whose
// parts are not all firms' stays whole ("Securities and Exchange
// Commission", "Jassim and Hamad bin Jassim Charitable Foundation").
func firmLists(d *doc, ms []mention) []mention {
	return splitEach(ms, func(m mention) []mention { return firmParts(d, m) })
}

// firmParts returns the companies m lists, or nil when it is not such a list.
func firmParts(d *doc, m mention) []mention {
	if m.typ != article.EntityOrg || m.end-m.start < 5 || m.alias >= 0 {
		return nil
	}
	var parts []mention
	start := m.start
	for i := m.start; i <= m.end; i++ {
		if i < m.end && d.lw[i] != hashAnd && d.text[d.toks[i].Start:d.toks[i].End] != "," {
			continue
		}
		if i-start < 2 || !firmEnds[d.lw[i-1]] || d.flags[i-1]&flagCap == 0 || d.flags[start]&flagCap == 0 {
			return nil
		}
		p := m
		p.start, p.end, p.canon, p.id = start, i, "", ""
		parts = append(parts, p)
		start = i + 1
		if i+1 < m.end && d.lw[i+1] == hashAnd { // ", and"
			start++
			i++
		}
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// genericOrgs drops organisations of a single word that only ends
// organisation names ("the Ministry", "Parliament", "the Court"), and
// places named by their kind after "the" ("the Kingdom", "the City", "the
// Park", "the River"):
// news annotation, and readers, take those for common nouns unless a name
// is spelt out. Capitals ("FIFA"), names the gazetteer decided and
// mentions linked to a name spelt out earlier stay.
func genericOrgs(d *doc, ms []mention) []mention {
	return slices.DeleteFunc(ms, func(m mention) bool {
		switch {
		case m.end-m.start != 1 || m.fixed || m.alias >= 0:
			return false
		case m.typ == article.EntityOrg && d.flags[m.start]&(flagSuffix|flagAllCaps) == flagSuffix:
			return true
		case m.typ == article.EntityLoc || m.typ == article.EntityOrg:
			// "the Kingdom", "the City", "the State": a place, or its
			// government, named by its kind.
			return (placeNouns[d.lw[m.start]] || placeEnds[d.lw[m.start]]) && m.start > 0 && d.lw[m.start-1] == foldThe && d.flags[m.start]&flagAllCaps == 0
		}
		return false
	})
}

// nationalNames drops a nationality that opens a name no rule or model
// took ("the Asian Games", "Chinese New Year", "the Olympic Games"): it is
// part of that name, not a people. A title after it ("Chinese President
// Xi") or a name found after it ("Mexican Pedro Pascal") keeps it, and so
// do a word in capitals after it ("GERMAN INDUSTRY SHRINKS") and a text
// whose capitals the case table guessed.
func nationalNames(d *doc, ms []mention) []mention {
	if d.recased {
		return ms
	}
	n := len(d.toks)
	out := ms[:0]
	for k, m := range ms {
		if m.typ == article.EntityNORP && m.end < n && d.flags[m.end]&flagCap != 0 && d.flags[m.end]&(flagTitle|flagSentence|flagAllCaps) == 0 &&
			d.flags[m.end]&flagAlpha != 0 && (k+1 >= len(ms) || ms[k+1].start > m.end) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// placeNouns are the kinds of place: "the" and a capital make one a
// reference, not a name ("the Kingdom"), and in small letters before "of"
// they introduce a place's name ("the town of Sucre", "the settlement of
// Wybalenna", "the new capital of Nusantara", "the port of Mongla").
var placeNouns = foldSet("kingdom", "republic", "emirate", "state", "city", "island", "province", "region", "country",
	"capital", "territory", "county", "district", "continent", "peninsula", "sultanate", "town", "village", "hamlet",
	"settlement", "municipality", "port")

// placeOrgs makes one organisation of a place or nationality and the run
// of capitalised words right after it that ends in a word ending
// organisation names ("Saudi Arabian" + "Public Investment Fund", "US" +
// "Army", "Karnataka" + "State Disaster Management Authority"): the run
// may take in small joining words between capitalised ones ("Chamber of
// Commerce"), and places, nationalities and organisations the model found
// inside it, but no person and no listed organisation, and stops at the
// sentence's end. A person's name the model ended before such words is
// the organisation's head ("Qikiqtani Inuit" + "Association", "Raipur
// Energen" + "Limited"): there the run is capitalised words alone.
func placeOrgs(d *doc, ms []mention) []mention {
	n := len(d.toks)
	out := ms[:0]
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		person := m.typ == article.EntityPerson && !m.fixed && m.alias < 0
		if m.typ != article.EntityLoc && m.typ != article.EntityNORP && !person {
			out = append(out, m)
			continue
		}
		// The run: capitalised words, joining words between them, and
		// the organisations, places and nationalities in it ("Chinese" +
		// "Communist" + "Party"); last is its end, next the first mention
		// after it.
		last, next := m.end, k+1
		for j := m.end; j < n && d.flags[j]&flagSentence == 0; j++ {
			if next < len(ms) && ms[next].start == j {
				if person {
					break // a person's name takes in no other name
				}
				if ms[next].typ == article.EntityPerson || ms[next].typ == article.EntityOrg && ms[next].fixed &&
					!(ms[next].end-ms[next].start == 1 && endsOrgName(d, ms[next].start)) {
					// A listed organisation keeps its name and id
					// ("Iranian" + "Revolutionary Guards"), but for a
					// body's kind alone ("Czech" + "Senate").
					last = m.end
					break
				}
				j = ms[next].end - 1
				last = ms[next].end
				next++
				continue
			}
			if d.flags[j]&flagCap == 0 {
				if person || !connector[d.lw[j]] || j+1 >= n || d.flags[j+1]&flagCap == 0 || d.flags[j+1]&flagSentence != 0 {
					break
				}
				continue
			}
			last = j + 1
		}
		// It must end in a word that ends organisation names: "German
		// Federal Chancellor" is no organisation.
		end := 0
		if last > m.end && (endsOrgName(d, last-1) || firmEnds[d.lw[last-1]] || orgOf(d, m.end, last)) {
			end = last
		}
		if end == 0 {
			if h := orgBefore(d, ms, k); h >= 0 && !person {
				// "Government of" + "Uruguay": the organisation's words
				// before it (unlabelled, or an organisation the model
				// found) and the place are one.
				if p := len(out) - 1; p >= 0 && out[p].end > h {
					h = out[p].start
					out = out[:p]
				}
				out = append(out, mention{start: h, end: m.end, typ: article.EntityOrg, alias: -1})
				continue
			}
			out = append(out, m)
			continue
		}
		for next > k+1 && ms[next-1].start >= end {
			next--
		}
		out = append(out, mention{start: m.start, end: end, typ: article.EntityOrg, alias: -1})
		k = next - 1
	}
	return out
}

// orgOf reports whether the run of words [from, to) holds a word that ends
// organisation names followed by "of" and the rest of the run ("Chamber"
// + "of Agriculture", "Ministry" + "of Health"): the name goes on after it.
func orgOf(d *doc, from, to int) bool {
	for j := from; j+2 < to; j++ {
		if endsOrgName(d, j) && d.lw[j+1] == foldOf {
			return true
		}
	}
	return false
}

// orgBefore returns where the organisation's name that ms[k], a place,
// completes starts ("Government of Uruguay", "Embassy of the United
// States"), or -1: a capitalised word that ends organisation names, then
// "of" or "of the" in small letters, right before the place. The word
// must be unlabelled, or end an organisation the model found.
func orgBefore(d *doc, ms []mention, k int) int {
	m := ms[k]
	if m.typ != article.EntityLoc || m.start < 2 {
		return -1
	}
	i := m.start - 1
	if d.lw[i] == foldThe && d.flags[i]&flagCap == 0 {
		i--
	}
	if i < 1 || d.lw[i] != foldOf || d.flags[i]&flagCap != 0 || d.flags[i]&flagSentence != 0 {
		return -1
	}
	h := i - 1
	if !endsOrgName(d, h) {
		return -1
	}
	if k > 0 && ms[k-1].end > h && ms[k-1].typ != article.EntityOrg {
		return -1 // part of another name
	}
	return h
}

// endsOrgName reports whether token i is a capitalised word that ends
// organisations' names: one of the suffix list the model knows, but for
// those that open names ("National"), or of orgEnds.
func endsOrgName(d *doc, i int) bool {
	return d.flags[i]&flagCap != 0 && (d.flags[i]&flagSuffix != 0 && !orgHeads[d.lw[i]] || orgEnds[d.lw[i]])
}

// orgEnds end organisations' names after a place or nationality, beside
// the suffix list the model knows: "Egyptian Embassy", "Nigerian
// Government", "Indian Chamber of Commerce".
var orgEnds = foldSet("Embassy", "Embassies", "Consulate", "Government", "Cabinet", "Secretariat", "Directorate",
	"Tribunal", "Senate", "Commerce", "Ministries", "Chamber", "Cartel",
	// South Asian bodies: councils, committees, assemblies, parties.
	"Parishad", "Samiti", "Sabha", "Jirga", "Sangh", "Panchayat", "Morcha", "Dal")

// orgHeads are the words of the suffix list that open organisation names
// rather than end them ("National Grid", "Federal Reserve").
var orgHeads = foldSet("national", "federal", "international")

// orgTitles ends an organisation's mention before the titles it ends in,
// whether the person after it holds them or none is named ("Bank of
// England Governor" + "Andrew Bailey" -> "Bank of England", "Andrew
// Bailey"; "the General Intelligence Department Director"), and joins a
// nationality to the organisation the model named right after it
// ("Nigerian" + "National Petroleum Company", "Canadian" + "Conference of
// Catholic Bishops": one ORG); a listed company keeps its name ("Chinese"
// + "Huawei"). A mention that was only a common word and a title is a
// title of two words, and goes ("the First Lady").
func (t *Tagger) orgTitles(d *doc, ms []mention) []mention {
	titles := t.feat.titles
	out := ms[:0]
	for _, m := range ms {
		if m.typ == article.EntityOrg && m.end-m.start >= 2 {
			// Before its holder, or alone ("the General Intelligence
			// Department Director"): not after "of" or "the" ("Office of
			// the President").
			end := m.end
			for m.end-m.start > 1 && titles[d.lw[m.end-1]] && d.flags[m.end-1]&flagCap != 0 && !connector[d.lw[m.end-2]] {
				m.end--
			}
			if m.end < end && m.end-m.start == 1 && t.model.caseOf(d.lw[m.start]) == formLower {
				continue // a title of two words: "the First Lady", "the Deputy Minister"
			}
		}
		if n := len(out); n > 0 && m.typ == article.EntityOrg && !m.fixed &&
			out[n-1].typ == article.EntityNORP && out[n-1].end == m.start && out[n-1].end-out[n-1].start == 1 {
			out[n-1].end, out[n-1].typ, out[n-1].fixed = m.end, article.EntityOrg, false
			continue
		}
		out = append(out, m)
	}
	return out
}

// Business cues: words that mark the name next to them as a company's.
var (
	foldShares, foldStock = token.Fold("shares"), token.Fold("stock")
	foldOf, foldIn        = token.Fold("of"), token.Fold("in")
	foldFor               = token.Fold("for")
	foldThe, foldComma    = token.Fold("the"), token.Fold(",")
	foldA, foldAn         = token.Fold("a"), token.Fold("an")
	foldIs, foldWas       = token.Fold("is"), token.Fold("was")
	foldPossessive        = token.Fold("'s")
	foldAmp, foldHyphen   = token.Fold("&"), token.Fold("-")
	calendar              = foldSet("january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
	// businessNouns are what news calls a company, or another
	// organisation, in apposition ("Orange, the French telecoms group,")
	// or before its name ("the fashion retailer Next", "the rights
	// organisation Nunavut Tunngavik"). Words for people ("investor",
	// "founder") are not.
	businessNouns = foldSet("company", "companies", "group", "firm", "retailer", "carmaker", "automaker", "chipmaker",
		"lender", "bank", "insurer", "airline", "broker", "brokerage", "conglomerate", "supermarket", "grocer",
		"utility", "miner", "giant", "startup", "start-up", "operator", "manufacturer", "producer", "supplier",
		"maker", "developer", "builder", "chain", "platform", "exchange", "publisher", "broadcaster", "outlet",
		"newspaper", "agency", "regulator", "watchdog", "club", "side", "team", "franchise",
		"organization", "organisation", "charity", "nonprofit", "non-profit", "unit", "subsidiary", "affiliate", "division",
		"movement", "coalition", "alliance", "militia", "network", "website", "tabloid", "magazine")
	// dealVerbs are what companies do in business headlines ("Pfizer to
	// buy Seagen", "Siemens cuts 5,000 jobs"): the name before one is the
	// company's when a list holds it as a company, whatever the model said
	// (people buy and sell too: the list decides).
	dealVerbs = foldSet("buy", "buys", "sell", "sells", "acquire", "acquires", "merge", "merges", "cut", "cuts",
		"shed", "sheds", "axe", "axes", "close", "closes", "shut", "shuts", "raise", "raises", "hike", "hikes",
		"post", "posts", "report", "reports", "beat", "beats", "miss", "misses", "warn", "warns", "hire", "hires",
		"invest", "invests", "list", "lists", "recall", "recalls", "slash", "slashes", "spin", "spins", "create", "creates",
		"open", "opens", "build", "builds", "launch", "launches", "unveil", "unveils", "expand", "expands")
	foldTo, foldWill = token.Fold("to"), token.Fold("will")
	// dealNouns before "of", "with", "for" or "in" name the company a deal
	// is about ("its purchase of Seagen", "a merger with Sprint", "a stake
	// in Arm"): a weak cue, as shares are, so a place stays a place ("a
	// stake in Britain").
	dealNouns = foldSet("acquisition", "acquisitions", "purchase", "takeover", "buyout", "merger", "stake", "stakes",
		"bid", "divestment", "spin-off", "spinoff")
	dealLinks = foldSet("of", "with", "for", "in")
	// resultNouns after a name are a company's figures, as its shares are
	// ("Shell profit beats forecasts", "Tesla sales fell").
	resultNouns = foldSet("profit", "profits", "earnings", "revenue", "revenues", "sales", "dividend", "results", "turnover")
	// firmRoles before "of" name what a company has ("chief executive of
	// OpenAI", "the former head of Philips", "shareholders of X"); a listed
	// place after them stays a place ("head of France's ...").
	firmRoles = foldSet("executive", "ceo", "chairman", "chairwoman", "chairperson", "boss", "founder", "co-founder",
		"cofounder", "head", "owner", "owners", "shareholder", "shareholders", "investors", "employees", "staff",
		"workers", "board", "directors")
	// cueWords marks every word of the cue lists, so cueSpans passes over
	// the words of no list (nearly all) with one lookup.
	cueWords = func() map[uint64]bool {
		m := map[uint64]bool{foldShares: true, foldStock: true}
		for _, set := range []map[uint64]bool{resultNouns, dealNouns, dealVerbs, businessNouns, firmRoles, corporateRoles} {
			for w := range set {
				m[w] = true
			}
		}
		return m
	}()
)

// listedOnly marks a cue span that is a company's only when the gazetteer
// lists it as one.
const listedOnly = 2

// cueSpans returns the spans that business cues mark as companies, each a
// run of capitalised words or the mention covering one: "X shares",
// "X's shares", "shares of X", "shares in X", "X, the ... group", and "the
// ... retailer X". at maps a token to the mention covering it, or -1.
func cueSpans(d *doc, at []int, ms []mention) []gspan {
	n := len(d.toks)
	var out []gspan
	// add records a span; strong cues (a business noun) are marked with
	// kinds 1, weak ones (shares) with 0.
	add := func(start, end int, strong bool) {
		if start < end {
			g := gspan{start: start, end: end}
			if strong {
				g.kinds = 1
			}
			out = append(out, g)
		}
	}
	// left returns the name ending just before i; right the one at i.
	left := func(i int) (int, int) {
		if i == 0 {
			return i, i
		}
		if k := at[i-1]; k >= 0 {
			return ms[k].start, ms[k].end
		}
		j := i
		for j > 0 && i-j < 4 && (d.flags[j-1]&flagCap != 0 || j < i && (d.lw[j-1] == foldAmp || d.lw[j-1] == foldHyphen)) {
			j--
		}
		for j < i && d.flags[j]&flagCap == 0 {
			j++
		}
		return j, i
	}
	right := func(i int) (int, int) {
		if i >= n {
			return i, i
		}
		if k := at[i]; k >= 0 {
			return ms[k].start, ms[k].end
		}
		j := i
		for j < n && j-i < 4 && d.flags[j]&flagSentence == 0 || j == i && j < n {
			if d.flags[j]&flagCap == 0 && !(j > i && (d.lw[j] == foldAmp || d.lw[j] == foldHyphen)) {
				break
			}
			j++
		}
		for j > i && d.flags[j-1]&flagCap == 0 {
			j--
		}
		return i, j
	}
	for i := 0; i < n; i++ {
		w := d.lw[i]
		switch {
		case !d.words[d.wid[i]].cue:
		case w == foldShares || w == foldStock || resultNouns[w] && d.flags[i]&flagCap == 0:
			e := i
			if e > 0 && d.lw[e-1] == foldPossessive {
				e--
			}
			if e >= 4 && d.word(e-1) == ")" && d.word(e-3) == "(" && tickerWord(d.word(e-2)) {
				e -= 3 // "JPMorgan (JPM) shares"
			}
			if e > 0 && d.flags[e-1]&flagCap != 0 {
				s, e := left(e)
				add(s, e, false)
			}
			if w == foldShares && i+2 < n && (d.lw[i+1] == foldOf || d.lw[i+1] == foldIn) && d.flags[i+2]&flagCap != 0 {
				s, e := right(i + 2)
				add(s, e, false)
			}
		case corporateRoles[w] && d.flags[i]&flagCap == 0 && i > 0 && d.flags[i-1]&flagCap != 0 && holderAfter(d, at, ms, i):
			// "Mossad chief David Barnea", "Wagner founder Yevgeny
			// Prigozhin": the name before a role and its holder.
			s, e := left(i)
			add(s, e, true)
		case firmRoles[w] && d.flags[i]&flagCap == 0 && i+2 < n && d.lw[i+1] == foldOf &&
			d.flags[i+2]&flagCap != 0 && d.flags[i+2]&flagSentence == 0:
			s, e := right(i + 2)
			add(s, e, true)
		case dealNouns[w] && d.flags[i]&flagCap == 0 && i+2 < n && dealLinks[d.lw[i+1]] && d.flags[i+1]&flagCap == 0 &&
			d.flags[i+2]&flagCap != 0 && d.flags[i+2]&flagSentence == 0:
			s, e := right(i + 2)
			add(s, e, false)
		case dealVerbs[w] && d.flags[i]&flagCap == 0:
			// "X to buy", "X will cut", "X cuts": the name just before.
			e := i
			if e > 0 && (d.lw[e-1] == foldTo || d.lw[e-1] == foldWill) {
				e--
			}
			if e > 0 && d.flags[e-1]&flagCap != 0 {
				s, e := left(e)
				out = append(out, gspan{start: s, end: e, kinds: listedOnly})
			}
		case businessNouns[w]:
			// Apposition: "X, the [words] noun", "X, a [words] noun",
			// and "X is a [words] noun".
			if i+1 < n && (d.lw[i+1] == foldPossessive || d.flags[i+1]&flagTitle != 0) {
				continue // "X, the group's chairman", "X, a company spokesman"
			}
			for j := i - 1; j >= 1 && i-j <= 4; j-- {
				if (d.lw[j] == foldThe || d.lw[j] == foldA || d.lw[j] == foldAn) && (d.lw[j-1] == foldComma || d.lw[j-1] == foldIs || d.lw[j-1] == foldWas) &&
					j >= 2 && d.flags[j-2]&flagCap != 0 {
					s, e := left(j - 1)
					add(s, e, true)
					break
				}
				if d.flags[j]&flagAlpha == 0 {
					break
				}
			}
			// Premodifier: "the [words] noun X", X capitalised right after.
			if i+1 < n && d.flags[i+1]&flagCap != 0 && d.flags[i+1]&flagSentence == 0 && d.flags[i]&flagCap == 0 {
				s, e := right(i + 1)
				add(s, e, true)
			}
		}
	}
	return out
}
