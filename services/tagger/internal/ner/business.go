package ner

import (
	"slices"

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
	n := len(d.toks)
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		p := m.end
		if p+2 >= n || d.word(p) != "(" {
			continue
		}
		exch := -1
		q := p + 1
		if exchanges[d.lw[q]] && q+2 < n && d.word(q+1) == ":" {
			exch, q = q, q+2
		}
		if q+1 >= n || d.word(q+1) != ")" || !tickerWord(d.word(q)) {
			continue
		}
		if k+1 < len(ms) && ms[k+1].start <= q && ms[k+1].alias == k {
			continue // an acronym the long form spells out
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
		ms = slices.Replace(ms, k+1, j, add...)
		// Later acronyms point at their long forms by index: move them.
		delta := len(add) - (j - k - 1)
		for x := k + 1 + len(add); x < len(ms); x++ {
			switch a := ms[x].alias; {
			case a > k && a < j:
				ms[x].alias = -1
			case a >= j:
				ms[x].alias = a + delta
			}
		}
		k += len(add)
	}
	return ms
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
	found := false
	t.gazMatch(d, m, func(e gazetteer.Entry) { found = found || e.Kind == gazetteer.KindCompany })
	return found
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
// ("Erik" + "ten" + LOC "Hag" -> PERSON "Erik ten Hag").
func nameParticles(d *doc, ms []mention) []mention {
	n := len(d.toks)
	for k := 0; k < len(ms); k++ {
		m := ms[k]
		if m.typ != article.EntityPerson {
			continue
		}
		j := m.end
		for j < n && j-m.end < 3 && particles[d.lw[j]] && d.flags[j]&flagCap == 0 && d.flags[j]&flagSentence == 0 {
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

// genericOrgs drops organisations of a single word that only ends
// organisation names ("the Ministry", "Parliament", "the Court"): news
// annotation, and readers, take those for common nouns unless a name is
// spelt out. Capitals ("FIFA") and names the gazetteer decided stay.
func genericOrgs(d *doc, ms []mention) []mention {
	return slices.DeleteFunc(ms, func(m mention) bool {
		return m.typ == article.EntityOrg && m.end-m.start == 1 && !m.fixed && m.alias < 0 &&
			d.flags[m.start]&(flagSuffix|flagAllCaps) == flagSuffix
	})
}

// orgTitles ends an organisation's mention at a title that the person
// after it holds ("Bank of England Governor" + "Andrew Bailey" -> "Bank of
// England", "Andrew Bailey"), and joins a nationality to the organisation
// right after it when that organisation's name ends in an organisation
// word ("Nigerian" + "National Petroleum Company": one ORG).
func orgTitles(d *doc, titles map[uint64]bool, ms []mention) []mention {
	out := ms[:0]
	for k, m := range ms {
		if m.typ == article.EntityOrg && m.end-m.start >= 2 && k+1 < len(ms) && ms[k+1].typ == article.EntityPerson && ms[k+1].start == m.end {
			for m.end-m.start > 1 && titles[d.lw[m.end-1]] && d.flags[m.end-1]&flagCap != 0 {
				m.end--
			}
		}
		if n := len(out); n > 0 && m.typ == article.EntityOrg && !m.fixed && d.flags[m.end-1]&flagSuffix != 0 &&
			out[n-1].typ == article.EntityNORP && out[n-1].end == m.start && out[n-1].end-out[n-1].start == 1 {
			out[n-1].end, out[n-1].typ, out[n-1].fixed = m.end, article.EntityOrg, false
			continue
		}
		out = append(out, m)
	}
	return out
}
