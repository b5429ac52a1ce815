package ner

import (
	"slices"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// closedClass lists English function words: pronouns, determiners,
// prepositions, conjunctions and auxiliaries. Capitalised at the start of
// a sentence or in a headline they look like names; alone they never are.
var closedClass = []string{
	"i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "my", "our", "your", "his", "its", "their",
	"this", "that", "these", "those", "the", "a", "an", "some", "any", "all", "each", "every", "no", "none", "both",
	"in", "on", "at", "of", "for", "to", "from", "by", "with", "about", "after", "before", "since", "until", "during", "into",
	"and", "or", "but", "nor", "so", "yet", "if", "when", "while", "as", "because", "though", "although", "where", "what",
	"who", "whom", "which", "why", "how", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did",
	"will", "would", "can", "could", "shall", "should", "may", "might", "must", "not", "there", "here", "then", "than",
	"also", "just", "only", "even", "yes", "oh", "mr", "mrs", "ms", "mr.", "mrs.", "ms.", "dr", "dr.",
	// Sentence adverbs: they open sentences, so the case table, which
	// learns from words inside them, never sees them in small letters.
	"however", "moreover", "meanwhile", "furthermore", "additionally", "nevertheless", "nonetheless", "therefore",
	"thus", "hence", "instead", "indeed", "besides", "otherwise", "consequently", "accordingly", "likewise",
	"similarly", "finally", "lastly", "overall", "notably", "importantly", "ultimately",
}

func closedSet() map[uint64]bool {
	m := make(map[uint64]bool, len(closedClass))
	for _, w := range closedClass {
		m[token.Fold(w)] = true
	}
	return m
}

// kindTypes maps gazetteer kinds that decide a name's type on their own:
// countries, regions, nationalities, groups and international bodies.
// Cities are left out: many are also surnames ("Lincoln", "Florence").
func gazType(kinds uint64) string {
	switch {
	case kinds&(1<<gazetteer.KindCountry|1<<gazetteer.KindRegion) != 0:
		return article.EntityLoc
	case kinds&(1<<gazetteer.KindDemonym|1<<gazetteer.KindGroup) != 0:
		return article.EntityNORP
	case kinds&(1<<gazetteer.KindOrg) != 0:
		return article.EntityOrg
	}
	return ""
}

// rules applies the span rules that need no document context: mentions
// that are only function words or titles are dropped, and names the
// gazetteer knows without doubt (countries, regions, nationalities,
// groups, international bodies) take the gazetteer's span and type, so
// "Central African Republic" is one place, not "Central African" + "Republic".
func (t *Tagger) rules(d *doc, ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		if m.end-m.start == 1 && t.closedWord(d, m.start) {
			continue
		}
		// "US$ 2.7 million", "HK$5": a currency prefix, not a place.
		if currencyPrefix(d, m.end, m.typ) {
			continue
		}
		onlyTitles := true
		for i := m.start; i < m.end && onlyTitles; i++ {
			onlyTitles = t.feat.titles[d.lw[i]]
		}
		if onlyTitles {
			continue
		}
		out = append(out, m)
	}
	ms = nameParticles(d, t.compounds(d, splitCoordinated(d, t.splitTitles(d, out))))
	if len(d.gspans) == 0 {
		return t.spanPasses(d, ms)
	}
	var added []mention
	k := 0 // first mention that may overlap the current gazetteer span
	for _, g := range d.gspans {
		// The list is matched without case, so a city's name of several
		// words whose words after the first are in small letters is only
		// the model's to judge ("The city" is not London's "The City";
		// "Revolutionary guard" is still the organisation).
		if g.kinds == 1<<gazetteer.KindCity && g.end-g.start >= 2 && !anyCap(d, g.start+1, g.end) {
			continue
		}
		for k < len(ms) && ms[k].end <= g.start {
			k++
		}
		typ := gazType(g.kinds)
		if typ == "" && g.kinds&(1<<gazetteer.KindCity) != 0 {
			// Cities decide only when a person is unlikely: names of two
			// or more words of large cities ("Tel Aviv", "Abu Dhabi"), or
			// cities of a million people the model did not call a person.
			switch {
			case g.end-g.start >= 2 && g.pop >= 2:
				typ = article.EntityLoc
			case g.pop >= 3 && !overlapsPerson(ms[k:], g):
				typ = article.EntityLoc
			}
		}
		if typ == "" {
			continue
		}
		// A name listed both as a country and as a nationality ("Saudi")
		// is the nationality when it modifies a following common noun or
		// title ("Saudi Crown Prince").
		const both = 1<<gazetteer.KindCountry | 1<<gazetteer.KindDemonym
		modifier := g.kinds&both == both && g.end < len(d.toks) && (d.flags[g.end]&(flagAlpha|flagCap) == flagAlpha || d.flags[g.end]&flagTitle != 0)
		if modifier {
			typ = article.EntityNORP
		}
		// Mentions overlapping g: ms[k:j].
		j := k
		for j < len(ms) && ms[j].start < g.end {
			j++
		}
		if j == k {
			// Unlabelled: a capitalised listed name is labelled unless it
			// opens a sentence as a single common-looking word.
			if g.end-g.start == 1 && t.closedWord(d, g.start) || currencyPrefix(d, g.end, typ) {
				continue
			}
			m := mention{start: g.start, end: g.end, typ: typ, alias: -1, fixed: true}
			// A capitalised compass word before a listed place or
			// nationality is part of it, as compounds makes it of the
			// model's ("Southeast Asian", "Central Asian", whose
			// "Central" the list also holds as a city).
			if p := g.start - 1; p >= 0 && (typ == article.EntityLoc || typ == article.EntityNORP) && compass[d.lw[p]] &&
				d.flags[p]&flagCap != 0 && d.flags[g.start]&flagSentence == 0 {
				if n := len(added); n > 0 && added[n-1].start == p && added[n-1].end == g.start {
					added, m.start = added[:n-1], p
				} else if k == 0 || ms[k-1].end <= p {
					m.start = p
				}
			}
			added = append(added, m)
			continue
		}
		if ms[k].start < g.start || ms[j-1].end > g.end {
			// "Muslims and Christians": a mention made only of listed
			// names joined by "and", "or" and commas is split into them.
			if j-k == 1 {
				if parts := t.splitList(d, ms[k]); parts != nil {
					ms = slices.Replace(ms, k, k+1, parts...)
				}
			}
			continue // a longer name contains the listed one ("Iran Air")
		}
		if j-k == 1 && ms[k].start == g.start && ms[k].end == g.end && ms[k].typ == typ {
			ms[k].fixed = true
			continue
		}
		// Keep the model's type when a listed name may have several types
		// and the model picked one of them ("Georgia" the state or country).
		mt := typ
		for _, alt := range []string{article.EntityLoc, article.EntityNORP, article.EntityOrg} {
			if ms[k].typ == alt && gazTypes(g.kinds)[alt] && !modifier {
				mt = alt
			}
		}
		ms[k] = mention{start: g.start, end: g.end, typ: mt, alias: -1, fixed: true}
		ms = slices.Delete(ms, k+1, j)
	}
	if len(added) > 0 {
		ms = append(ms, added...)
		slices.SortFunc(ms, func(a, b mention) int { return a.start - b.start })
	}
	return t.spanPasses(d, ms)
}

// spanPasses runs the span rules that read a mention's words and its
// neighbours, in order, after the gazetteer's spans are settled.
func (t *Tagger) spanPasses(d *doc, ms []mention) []mention {
	for _, pass := range []func(*doc, []mention) []mention{
		t.orgTitles,
		t.titledPersons,
		t.personTails,
		t.initialPersons,
		t.hanNames,
		nicknames,
		firmPersons,
		t.roleSplits,
		t.speakingPlaces,
		placeOrgs,
		orgsOf,
		t.ampersandOrgs,
		t.orgOpeners,
		t.suffixOrgs,
		firmLists,
		parkOrgs,
		placesOf,
		nationalNames,
		genericOrgs,
		thePersons,
		commonAcronyms,
		eventsAndLaws,
		faiths,
	} {
		ms = pass(d, ms)
	}
	return ms
}

func gazTypes(kinds uint64) map[string]bool {
	m := map[string]bool{}
	for k := gazetteer.KindCountry; int(k) < gazetteer.NumKinds; k++ {
		if kinds&(1<<k) != 0 && k != gazetteer.KindCity {
			m[k.Type()] = true
		}
	}
	return m
}

// closedWord reports whether token i is a function word; "US" in capitals
// is not "us".
func (t *Tagger) closedWord(d *doc, i int) bool {
	return t.closed[d.lw[i]] && d.flags[i]&flagAllCaps == 0
}

var (
	hashAnd = token.Fold("and")
	hashOr  = token.Fold("or")
)

// splitList returns the listed names m is made of when it is nothing but
// gazetteer names of decisive kinds joined by "and", "or" or commas, and
// nil otherwise; names side by side with no joiner are one name ("British
// Indians", as compounds joined them).
func (t *Tagger) splitList(d *doc, m mention) []mention {
	var parts []mention
	i := m.start
	for _, g := range d.gspans {
		if g.end <= i {
			continue
		}
		if g.start >= m.end {
			break
		}
		if len(parts) > 0 && i == g.start {
			return nil // two names with no joiner are one ("British Indians")
		}
		for ; i < g.start; i++ {
			if w := d.lw[i]; w != hashAnd && w != hashOr && d.word(i) != "," {
				return nil
			}
		}
		typ := gazType(g.kinds)
		if typ == "" || g.end > m.end {
			return nil
		}
		parts = append(parts, mention{start: g.start, end: g.end, typ: typ, alias: -1, fixed: true})
		i = g.end
	}
	if i != m.end || len(parts) < 2 {
		return nil
	}
	return parts
}

// currencyPrefix reports whether the name ending at end, of type typ, is
// part of a currency's name: a "$" glued to it ("US$ 2.7 million", "HK$5")
// or a currency noun after it ("US dollars", "Canadian dollars"), which
// news annotation counts as money, not as a place or nationality. A
// currency whose name is also an English verb counts only after a
// nationality ("South Korean won", "British pounds"): "Argentina won the
// final", "Russia pounds Kyiv". A person is no currency's prefix
// ("Mohamed Salah won"); the model's organisations may be ("the US
// dollar" read as ORG "US").
func currencyPrefix(d *doc, end int, typ string) bool {
	if end >= len(d.toks) || typ == article.EntityPerson {
		return false
	}
	if d.toks[end].Start == d.toks[end-1].End && d.word(end) == "$" {
		return true
	}
	if verbCurrencies[d.lw[end]] {
		return typ == article.EntityNORP
	}
	return currencyNouns[d.lw[end]]
}

// verbCurrencies are the currency nouns that are also verbs.
var verbCurrencies = foldSet("won", "pound", "pounds")

var currencyNouns = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"dollar", "dollars", "cent", "cents", "pound", "pounds", "euro", "euros", "yuan", "yen",
		"rupee", "rupees", "peso", "pesos", "franc", "francs", "riyal", "riyals", "dinar", "dinars", "shilling", "shillings",
		"rand", "naira", "lira", "rouble", "roubles", "ruble", "rubles", "won", "baht", "ringgit", "rial", "rials", "krona", "krone"} {
		m[token.Fold(w)] = true
	}
	return m
}()

var compass = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western",
		"Northeast", "Northwest", "Southeast", "Southwest", "North-East", "North-West", "South-East", "South-West"} {
		m[token.Fold(w)] = true
	}
	return m
}()

// compounds joins what belongs together: a capitalised compass word right
// before a place or nationality ("East African", "Northern Syria"), and
// two nationalities in a row ("British Indians", "Iranian American"), and
// a place right before an organisation that is only organisation-ending
// words ("Manchester" + "United", "Berlin" + "Police"): one ORG. A name of
// two words or more that the model calls a place but that ends in such a
// word ("Manchester United", "Tehran University") is an ORG, unless the
// gazetteer fixed it as a place. An organisation's name that ends in a
// small joining word takes the name right after it ("University of" +
// "Hong Kong"); any name still ending in one loses it.
func (t *Tagger) compounds(d *doc, ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 && connector[d.lw[out[n-1].end-1]] && d.flags[out[n-1].end-1]&flagCap == 0 {
			if out[n-1].end == m.start && out[n-1].typ == article.EntityOrg {
				out[n-1].end = m.end // "University of" + "Hong Kong"
				continue
			}
		}
		if n := len(out); n > 0 && out[n-1].typ == article.EntityOrg && !out[n-1].fixed && m.typ == article.EntityOrg && !m.fixed &&
			ofFor(d, out[n-1].end, m.start) {
			out[n-1].end = m.end // "International Union" + "for the" + "Conservation of Nature"
			continue
		}
		if n := len(out); n > 0 && out[n-1].end == m.start && out[n-1].typ == article.EntityPerson && !m.fixed &&
			particles[d.lw[out[n-1].end-1]] && d.flags[out[n-1].end-1]&flagCap == 0 {
			out[n-1].end = m.end // "Hamad bin" + "Jassim"
			continue
		}
		if n := len(out); m.typ == article.EntityOrg && n > 0 && out[n-1].end == m.start && out[n-1].typ == article.EntityLoc && !out[n-1].fixed && onlySuffixes(d, m) {
			out[n-1].end, out[n-1].typ = m.end, article.EntityOrg
			continue
		}
		if m.typ == article.EntityLoc && !m.fixed && m.end-m.start >= 2 &&
			(d.flags[m.end-1]&flagSuffix != 0 || placeOrgEnds(d, m.end-1) || orgOf(d, m.start+1, m.end) || countryFirm(d, m)) {
			m.typ = article.EntityOrg // also "Mauritius Chamber of Agriculture", "China Moly"
		}
		if m.typ == article.EntityLoc || m.typ == article.EntityNORP {
			if n := len(out); n > 0 && out[n-1].end == m.start && out[n-1].typ == article.EntityNORP && m.typ == article.EntityNORP {
				out[n-1].end = m.end
				continue
			}
			if n := len(out); n > 0 && out[n-1].end == m.start && out[n-1].end-out[n-1].start == 1 && compass[d.lw[out[n-1].start]] {
				out[n-1].end, out[n-1].typ = m.end, m.typ
				continue
			}
			if p := m.start - 1; p >= 0 && compass[d.lw[p]] && d.flags[p]&flagCap != 0 && d.flags[m.start]&flagSentence == 0 &&
				(len(out) == 0 || out[len(out)-1].end <= p) {
				m.start = p
			}
		}
		out = append(out, m)
	}
	// A name cannot end in a small joining word or a name particle: one
	// that does and that nothing above completed loses it ("Ministry of"
	// -> "Ministry", "Haitham bin" -> "Haitham"). "The" and small words
	// alone are no name ("The city" at the start of a sentence).
	kept := out[:0]
	for _, m := range out {
		for m.end-m.start > 1 && (connector[d.lw[m.end-1]] || particles[d.lw[m.end-1]]) && d.flags[m.end-1]&flagCap == 0 {
			m.end--
		}
		if d.lw[m.start] == foldThe && m.end-m.start > 1 && !anyCap(d, m.start+1, m.end) {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// ofFor reports whether the tokens [i, j) are "of" or "for", then
// perhaps "the", in small letters: what joins the parts of a long
// organisation's name.
func ofFor(d *doc, i, j int) bool {
	if j-i < 1 || j-i > 2 || d.lw[i] != foldOf && d.lw[i] != foldFor || d.flags[i]&flagCap != 0 {
		return false
	}
	return j-i == 1 || d.lw[i+1] == foldThe && d.flags[i+1]&flagCap == 0
}

// anyCap reports whether a token of [i, j) starts with a capital.
func anyCap(d *doc, i, j int) bool {
	for ; i < j; i++ {
		if d.flags[i]&flagCap != 0 {
			return true
		}
	}
	return false
}

// connector holds the small words that join the parts of a name ("Bank of
// England", "Food and Drug Administration") and never end one.
var connector = foldSet("of", "and", "for", "the", "de", "du", "des", "del", "la", "le", "&")

// foldAnd is the folded form of "and".
var foldAnd, foldOr = token.Fold("and"), token.Fold("or")

// splitCoordinated splits "Deutsche Bank and Barclays" into two names: a
// lower-case "and" inside a mention, after a word that ends organisation
// names ("Bank", "Group", "Party") that closes a name of two words or more,
// and before a capitalised word, joins two names rather than being part
// of one. Names that hold an "and" inside ("Food and Drug
// Administration", "Bosnia and Herzegovina") have no such word before it.
func splitCoordinated(d *doc, ms []mention) []mention {
	out := slices.Grow(d.split[:0], len(ms)+len(ms)/4)
	defer func() { d.split = out }()
	for _, m := range ms {
		start := m.start
		for j := m.start + 2; j < m.end-1; j++ {
			if d.lw[j] != foldAnd || d.flags[j]&flagCap != 0 || d.flags[j-1]&flagSuffix == 0 || d.flags[j+1]&flagCap == 0 || j-start < 2 {
				continue
			}
			left := m
			left.start, left.end = start, j
			out = append(out, left)
			start = j + 1
		}
		m.start = start
		out = append(out, m)
	}
	return out
}

// onlySuffixes reports whether every word of m ends organisation names.
func onlySuffixes(d *doc, m mention) bool {
	for i := m.start; i < m.end; i++ {
		if d.flags[i]&flagSuffix == 0 {
			return false
		}
	}
	return true
}

// splitTitles splits "European Union Commissioner Jutta Urpilainen" into
// the organisation and the person: a title inside a mention, followed by
// two or more capitalised words to its end, starts a PERSON. The part
// before keeps the mention's type, ORG if that was PERSON.
func (t *Tagger) splitTitles(d *doc, ms []mention) []mention {
	out := slices.Grow(d.titled[:0], len(ms)+len(ms)/4)
	defer func() { d.titled = out }()
	for _, m := range ms {
		split := false
		for j := m.start + 1; j < m.end-2 && !split; j++ {
			if d.flags[j]&flagTitle == 0 || d.flags[j-1]&flagTitle != 0 {
				continue
			}
			k := j
			for k < m.end && d.flags[k]&flagTitle != 0 {
				k++
			}
			if m.end-k < 2 {
				continue
			}
			// Capitalised words, or name particles inside them ("Luis de Guindos").
			caps := d.flags[k]&flagCap != 0 && d.flags[m.end-1]&flagCap != 0
			for i := k; i < m.end; i++ {
				caps = caps && (d.flags[i]&flagCap != 0 || particles[d.lw[i]])
			}
			if !caps {
				continue
			}
			left := m
			left.end = j
			if left.typ == article.EntityPerson {
				left.typ = article.EntityOrg
			}
			out = append(out, left, mention{start: k, end: m.end, typ: article.EntityPerson, alias: -1})
			split = true
		}
		if !split {
			out = append(out, m)
		}
	}
	return out
}

// overlapsPerson reports whether a PERSON mention of ms (sorted by start,
// from the first that may overlap) overlaps g.
func overlapsPerson(ms []mention, g gspan) bool {
	for _, m := range ms {
		if m.start >= g.end {
			return false
		}
		if g.start < m.end && m.typ == article.EntityPerson {
			return true
		}
	}
	return false
}

// countryFirm reports whether the place m is a listed country's or
// region's name and capitalised words no list holds as a place and no
// word of places ("China Moly", "Korea Eximbank"): a body or firm named
// after its country. "South China Sea" and "Mexico City" are places.
func countryFirm(d *doc, m mention) bool {
	const wide = 1<<gazetteer.KindCountry | 1<<gazetteer.KindRegion
	first := -1
	for _, g := range d.gspans {
		if g.start == m.start && g.end < m.end && g.kinds&wide != 0 {
			first = g.end
		}
		if g.start > m.start && g.start < m.end {
			return false // a listed name after the country
		}
	}
	if first < 0 {
		return false
	}
	for i := first; i < m.end; i++ {
		if d.flags[i]&flagCap == 0 || placeEnds[d.lw[i]] || placeNouns[d.lw[i]] || compass[d.lw[i]] {
			return false
		}
	}
	return true
}
