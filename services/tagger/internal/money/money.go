// Package money finds amounts of money in English news text: "£170million",
// "$1.5bn", "US$ 3.14", "EUR 5 million", "5m USD", "five million yen",
// "10,000 Swiss francs", "Rs 2,000 crore", "50p", "75 cents", ranges ("£2-3m",
// "between $10m and $20m") and approximate amounts ("about $14 million").
//
// Every amount carries an ISO 4217 code. A bare "$", "dollars" or "cents" is
// Options.Dollar (USD by default); a bare "¥" is CNY when its sentence, or
// else the text, speaks of yuan, renminbi or RMB and not of yen (or of China
// and not Japan), JPY the other way round, and Options.Yen otherwise.
// Unqualified words take the currency most news means by them: "francs"
// CHF, "pesos" MXN, "rupees" INR, "krone" DKK, "shillings" KES; words that
// say nothing alone ("dinars", "marks") need a qualifier ("Kuwaiti dinars")
// or are not tagged. Amounts are in major units: "75p" is 0.75 GBP.
//
// The scanner is hand-written over bytes; it uses package number for the
// numbers themselves.
package money

import (
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/number"
	"github.com/newswire/newswire/services/tagger/internal/scan"
)

// amount is a number with, when known, its currency.
type amount struct {
	start, end int
	value      float64
	scale      float64
	code       string // "" for a bare number
	symbol     bool   // currency written before the number
	named      bool   // currency written after the number
	minor      bool   // value was given in minor units (already divided)
	num        number.Match
}

type scanner struct {
	text string
	o    Options
	yen  string
}

// Find returns the amounts of money in text, in order, with UTF-8 byte
// offsets (End exclusive) and Text == text[Start:End].
func Find(text string, opts Options) []article.Money {
	s := scanner{text: text, o: opts.withDefaults()}
	var out []article.Money
	t := text
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case scan.IsAlpha(c):
			if we := scan.WordEnd(t, i); !interesting(t, i, we) || !number.BoundaryBefore(t, i) {
				i = we
				continue
			}
		case c == '.':
			// A full stop starts nothing but a decimal (".5").
			if i+1 == len(t) || !scan.IsDigit(t[i+1]) {
				i++
				continue
			}
		case c == 0xE2:
			// Nor do quotes, dashes and spaces (U+2000 to U+203F).
			if i+1 < len(t) && t[i+1] == 0x80 {
				i++
				continue
			}
		case scan.IsDigit(c), c == '-', c == '$', c == 0xC2, c == 0xE0, c == 0xEF:
		default:
			i++
			continue
		}
		a, ok := s.amountAt(i)
		if !ok {
			i = skipToken(t, i)
			continue
		}
		if a.code == "" {
			if r, ok := s.rangeAfter(a); ok {
				out = append(out, s.item(r.a, &r.b))
				i = r.b.end
				continue
			}
			i = a.end
			continue
		}
		a = s.compound(a)
		if r, ok := s.rangeAfter(a); ok {
			out = append(out, s.item(r.a, &r.b))
			i = r.b.end
			continue
		}
		out = append(out, s.item(a, nil))
		i = a.end
	}
	return out
}

// item builds the contract value for a (or for the range a to b).
func (s *scanner) item(a amount, b *amount) article.Money {
	m := article.Money{
		Currency:    a.code,
		Start:       a.start,
		End:         a.end,
		Approximate: s.approxBefore(a.start),
	}
	if b != nil {
		m.End = b.end
		m.Currency = b.code
		lo, hi := a.value, b.value
		m.Min, m.Max = &lo, &hi
	} else {
		v := a.value
		m.Amount = &v
	}
	if m.Currency == yenSymbol {
		m.Currency = s.yenCode(m.Start, m.End)
	}
	m.Text = s.text[m.Start:m.End]
	return m
}

// amountAt reads an amount starting at i: a currency prefix and a number,
// or a number and an optional currency after it. A bare number is returned
// with code "" so that ranges such as "2-3 million pounds" can use it.
func (s *scanner) amountAt(i int) (amount, bool) {
	t := s.text
	if code, pend := s.prefixAt(i); pend > i {
		k := scan.SkipSpaces(t, pend, 2)
		if k < len(t) && (scan.IsDigit(t[k]) || t[k] == '.' || t[k] == '-' || scan.IsAlpha(t[k])) {
			if m, ok := number.Parse(t, k); ok && m.Glued == "" && (m.Digits || k > pend) {
				a := amount{start: i, end: m.End, value: m.Value, scale: m.Scale, code: code, symbol: true, num: m}
				return s.spacedMagnitude(a), true
			}
		}
		return amount{}, false
	}
	if !number.BoundaryBefore(t, i) {
		return amount{}, false
	}
	m, ok := number.Parse(t, i)
	if !ok {
		return s.articleAmount(i)
	}
	a := amount{start: i, end: m.End, value: m.Value, scale: m.Scale, num: m}
	if m.Glued != "" {
		if code, minor, end := s.gluedSuffix(m); code != "" {
			a.code, a.end, a.named, a.minor = code, end, true, minor
			if minor {
				a.value /= 100
			}
		}
		return a, true
	}
	if code, minor, end := s.suffixAt(m.End, m.Value); code != "" {
		a.code, a.end, a.named, a.minor = code, end, true, minor
		if minor {
			a.value /= 100
		}
	}
	return a, true
}

// articleAmount reads "a dollar", "a penny": one unit named after "a".
func (s *scanner) articleAmount(i int) (amount, bool) {
	t := s.text
	we := scan.WordEnd(t, i)
	w := t[i:we]
	if w != "a" && w != "A" && w != "an" && w != "An" {
		return amount{}, false
	}
	j := scan.SkipSpaces(t, we, 1)
	if j == we || j >= len(t) {
		return amount{}, false
	}
	ne := scan.WordEnd(t, j)
	f := family(t[j:ne])
	switch f {
	case famDollar, famEuro, famPenny, famCent, famYen, famRupee:
	default:
		return amount{}, false
	}
	if strings.HasSuffix(t[j:ne], "s") || (ne < len(t) && (t[ne] == '-' || scan.IsDigit(t[ne]))) {
		return amount{}, false
	}
	a := amount{start: i, end: ne, value: 1, scale: 1, code: defaultCode(f, s.o), named: true}
	if f == famPenny || f == famCent {
		a.value, a.minor = 0.01, true
	}
	return a, true
}

// prefixAt reads a currency written before a number: a symbol ("£", "€"),
// a letter prefix glued to "$" ("US$", "HK$", "C$", and the tokenised "c $"),
// "$US", "Rs", or an upper-case ISO code ("EUR 5", "USD3.14"). It returns
// pend == i when there is none.
func (s *scanner) prefixAt(i int) (string, int) {
	t := s.text
	if code, n := symbolAt(t, i, s.o); n > 0 {
		end := i + n
		if t[i] == '$' && strings.HasPrefix(t[end:], "US") && end+2 < len(t) && (scan.IsDigit(t[end+2]) || t[end+2] == ' ') {
			return "USD", end + 2
		}
		return code, end
	}
	if !scan.IsAlpha(t[i]) {
		return "", i
	}
	we := scan.WordEnd(t, i)
	w := t[i:we]
	if len(w) > 4 || we >= len(t) {
		return "", i
	}
	next := t[we]
	switch {
	case next == '$':
		if code := dollarPrefix(w); code != "" {
			return code, we + 1
		}
		return "", i
	case next == 0xC2 && strings.HasPrefix(t[we:], "¥"):
		switch w {
		case "JP":
			return "JPY", we + 2
		case "CN", "RMB":
			return "CNY", we + 2
		}
		return "", i
	case next == ' ' && we+2 < len(t) && t[we+1] == '$' && t[we+2] == ' ':
		// Tokenised text: "us $ 150 million", "c $ 16.4 million".
		switch w {
		case "us", "US", "c", "C", "hk", "HK", "nz", "NZ", "a", "A", "s", "S":
			if w == "a" || w == "A" || w == "s" || w == "S" {
				return "", i
			}
			return dollarPrefix(w), we + 2
		}
		return "", i
	case next == '.' && w == "U" && strings.HasPrefix(t[we:], ".S.$"):
		return "USD", we + 4
	}
	switch w {
	case "Rs", "RS", "rs":
		end := we
		if t[end] == '.' {
			end++
		} else if w == "rs" {
			return "", i
		}
		if k := scan.SkipSpaces(t, end, 1); k < len(t) && scan.IsDigit(t[k]) {
			return "INR", end
		}
		return "", i
	case "RM":
		if k := scan.SkipSpaces(t, we, 1); k < len(t) && scan.IsDigit(t[k]) {
			return "MYR", we
		}
		return "", i
	case "KSh", "Ksh", "KShs":
		if k := scan.SkipSpaces(t, we, 1); k < len(t) && scan.IsDigit(t[k]) {
			return "KES", we
		}
		return "", i
	}
	if len(w) == 3 {
		if code, ok := isoCode(w); ok {
			k := scan.SkipSpaces(t, we, 1)
			if k == we && !majorCode(code) {
				// "COP26", "ALL4": glued, only a major currency's
				// code is taken for one.
				return "", i
			}
			if k < len(t) && (scan.IsDigit(t[k]) || t[k] == '.' && k+1 < len(t) && scan.IsDigit(t[k+1])) {
				return code, we
			}
		}
	}
	return "", i
}

// gluedSuffix reads a currency glued to a number: "50p", "43c", "20Rs",
// "10USD", "3.14US$".
func (s *scanner) gluedSuffix(m number.Match) (code string, minor bool, end int) {
	g := m.Glued
	end = m.End + len(g)
	switch g {
	case "p":
		return "GBP", true, end
	case "c":
		return s.o.Dollar, true, end
	case "Rs", "rs":
		return "INR", false, end
	case "RM":
		return "MYR", false, end
	}
	if end < len(s.text) && s.text[end] == '$' {
		if code := dollarPrefix(g); code != "" {
			return code, false, end + 1
		}
	}
	if len(g) == 3 {
		if code, ok := isoCode(g); ok {
			return code, false, end
		}
	}
	if f := family(g); f != famNone {
		if code := defaultCode(f, s.o); code != "" && !bareNeedsSize(f) {
			return code, f == famCent || f == famPenny, end
		}
	}
	return "", false, 0
}

// suffixAt reads a currency written after a number ending at e: a symbol
// ("20€", "10$"), an ISO code ("5m USD"), or a currency name with optional
// qualifier ("dollars", "Swiss francs", "Hong Kong dollars", "pounds
// sterling"), also after a hyphen ("12-cent", "one-yen").
func (s *scanner) suffixAt(e int, value float64) (code string, minor bool, end int) {
	t := s.text
	if e >= len(t) {
		return "", false, 0
	}
	if c, n := symbolAt(t, e, s.o); n > 0 {
		return c, false, e + n
	}
	if strings.HasPrefix(t[e:], "¢") {
		return s.o.Dollar, true, e + len("¢")
	}
	j := scan.SkipSpaces(t, e, 2)
	hyphen := false
	if j == e {
		if t[e] != '-' || e+1 >= len(t) || !scan.IsAlpha(t[e+1]) {
			return "", false, 0
		}
		j, hyphen = e+1, true
	}
	if j >= len(t) {
		return "", false, 0
	}
	if !hyphen {
		if c, n := symbolAt(t, j, s.o); n > 0 && t[j] != '$' {
			return c, false, j + n
		}
	}
	if !scan.IsAlpha(t[j]) {
		return "", false, 0
	}
	we := scan.WordEnd(t, j)
	w := t[j:we]
	if !hyphen && len(w) == 3 {
		if c, ok := isoCode(w); ok {
			return c, false, we
		}
	}
	if !hyphen && (w == "Rs" || w == "RS") {
		return "INR", false, we
	}
	if !hyphen && w == "RM" {
		return "MYR", false, we
	}
	if !hyphen && len(w) == 3 {
		if c := lowerISO(w); c != "" {
			return c, false, we
		}
	}
	return s.namePhrase(j, value)
}

// namePhrase reads a currency name at j with an optional one- or two-word
// qualifier before it.
func (s *scanner) namePhrase(j int, value float64) (code string, minor bool, end int) {
	t := s.text
	we := scan.WordEnd(t, j)
	// "U.S. dollars"
	qStart, qEnd := j, we
	if (t[j] == 'u' || t[j] == 'U') && we == j+1 && len(t) > j+4 && (t[j+1:j+4] == ".s." || t[j+1:j+4] == ".S.") {
		qEnd = j + 4
		we = qEnd
	}
	if f := family(t[j:we]); f != famNone {
		code := defaultCode(f, s.o)
		end := we
		switch {
		case f == famMark || f == famDinar || (f == famReal && t[j:we] != "reais"):
			return "", false, 0
		case bareNeedsSize(f) && value < 1000:
			return "", false, 0
		}
		minor := f == famCent || f == famPenny
		if k := scan.SkipSpaces(t, we, 1); k > we && k < len(t) && scan.IsAlpha(t[k]) {
			ke := scan.WordEnd(t, k)
			nf := family(t[k:ke])
			switch {
			case f == famPound && nf == famSterling:
				end = ke
			case f == famEuro && nf == famCent:
				end, minor = ke, true
			}
		}
		return code, minor, end
	}
	// qualifier + name, or two-word qualifier + name
	var buf [24]byte
	for words := 1; words <= 2; words++ {
		k := scan.SkipSpaces(t, qEnd, 1)
		if k == qEnd || k >= len(t) || !scan.IsAlpha(t[k]) {
			return "", false, 0
		}
		ke := scan.WordEnd(t, k)
		if f := family(t[k:ke]); f != famNone {
			q, ok := lower(&buf, t[qStart:qEnd])
			if !ok {
				return "", false, 0
			}
			code := qualifiedCode(q, f)
			if code == "" {
				return "", false, 0
			}
			return code, f == famCent || f == famPenny, ke
		}
		qEnd = ke
	}
	return "", false, 0
}

// bareNeedsSize reports currency words that are also common English words
// ("won", "dong"): they name money only after a sizeable number.
func bareNeedsSize(f int) bool { return f == famWon || f == famDong }

// spacedMagnitude reads a one-letter magnitude after an amount with a
// currency prefix: "$5 m", "£2 b".
func (s *scanner) spacedMagnitude(a amount) amount {
	t := s.text
	if a.scale > 1 || a.num.Glued != "" {
		return a
	}
	k := scan.SkipSpaces(t, a.end, 1)
	if k == a.end || k >= len(t) {
		return a
	}
	ke := scan.WordEnd(t, k)
	var sc float64
	switch t[k:ke] {
	case "m", "M", "mn":
		sc = 1e6
	case "b", "B", "bn":
		sc = 1e9
	}
	if sc > 0 {
		a.value = number.Scaled(a.value, sc)
		a.scale = sc
		a.end = ke
	}
	return a
}

// compound adds minor units written after a major amount: "$20 and 43c",
// "20 dollars 43 cents", "3 GBP 1 pence", and bare ("$20 43", "twenty
// dollar and 43") when nothing follows.
func (s *scanner) compound(a amount) amount {
	t := s.text
	if a.minor || a.num.Decimal || a.scale > 1 {
		return a
	}
	j := scan.SkipSpaces(t, a.end, 2)
	if j == a.end || j >= len(t) {
		return a
	}
	and := false
	if we := scan.WordEnd(t, j); t[j:we] == "and" {
		k := scan.SkipSpaces(t, we, 2)
		if k == we {
			return a
		}
		j, and = k, true
	}
	n, ok := number.Parse(t, j)
	if !ok || n.Scale > 1 || n.Decimal || n.Grouped || n.Value < 1 || n.Value >= 100 || n.Value != float64(int(n.Value)) {
		return a
	}
	digits := 0
	if n.Digits {
		digits = n.End - j
	}
	end := 0
	switch {
	case n.Glued == "c" || n.Glued == "p":
		end = n.End + 1
	case n.Glued != "":
		return a
	default:
		k := scan.SkipSpaces(t, n.End, 1)
		ke := scan.WordEnd(t, k)
		if f := family(t[k:ke]); k > n.End && (f == famCent || f == famPenny) {
			end = ke
		} else if k < len(t) && scan.IsAlpha(t[k]) {
			return a
		} else if after := scan.SkipSpaces(t, n.End, 2); after == len(t) || strings.IndexByte(".,;:!?)", t[after]) >= 0 {
			if digits == 2 || !n.Digits && n.Value >= 10 || and && (digits > 0 || n.Spelled) {
				end = n.End
			}
		}
	}
	if end == 0 {
		return a
	}
	a.value += n.Value / 100
	a.end = end
	return a
}

type rangeAmount struct{ a, b amount }

// rangeAfter reads the second half of a range starting with a: "£2-3m",
// "$10m-$20m", "2 to 3 million pounds", "between $10m and $20m".
func (s *scanner) rangeAfter(a amount) (rangeAmount, bool) {
	t := s.text
	if a.num.Glued != "" && a.code == "" {
		return rangeAmount{}, false
	}
	j := scan.SkipSpaces(t, a.end, 1)
	if j >= len(t) {
		return rangeAmount{}, false
	}
	k := j
	word := ""
	switch {
	case t[j] == '-':
		k = j + 1
	case strings.HasPrefix(t[j:], "–"), strings.HasPrefix(t[j:], "—"):
		k = j + 3
	case scan.IsAlpha(t[j]) && j > a.end:
		we := scan.WordEnd(t, j)
		word = t[j:we]
		switch word {
		case "to":
			if pw := s.prevWord(a.start); pw == "from" || pw == "From" {
				return rangeAmount{}, false
			}
		case "and":
			if pw := s.prevWord(a.start); pw != "between" && pw != "Between" {
				return rangeAmount{}, false
			}
		default:
			return rangeAmount{}, false
		}
		k = we
	default:
		return rangeAmount{}, false
	}
	k = scan.SkipSpaces(t, k, 1)
	if k >= len(t) || (word != "" && k == j+len(word)) {
		return rangeAmount{}, false
	}
	b, ok := s.amountAt(k)
	if !ok || b.num.Glued != "" && b.code == "" {
		return rangeAmount{}, false
	}
	switch {
	case a.code == "" && b.code == "":
		return rangeAmount{}, false
	case a.code == "":
		if b.symbol {
			return rangeAmount{}, false
		}
		a.code = b.code
		if b.minor {
			a.value /= 100
		}
	case b.code == "":
		if word == "" && b.num.Spelled && !b.num.Digits {
			return rangeAmount{}, false
		}
		b.code = a.code
		b.named = a.named
	case a.code != b.code:
		return rangeAmount{}, false
	case word == "to":
		// "rose 50p to 75p", "$5m to $7m": a change, or two amounts.
		return rangeAmount{}, false
	}
	if b.code == "" {
		return rangeAmount{}, false
	}
	if a.scale <= 1 && b.scale > 1 && a.value < b.value/b.scale {
		a.value = number.Scaled(a.value, b.scale)
		a.scale = b.scale
	}
	if a.value > b.value || a.value <= 0 {
		return rangeAmount{}, false
	}
	if b.code != "" && !b.minor {
		b = s.compound(b)
	}
	return rangeAmount{a: a, b: b}, true
}

// approxBefore reports an approximating qualifier just before start:
// "about", "nearly", "more than", "up to", "an estimated", ...
func (s *scanner) approxBefore(start int) bool {
	ws, w := s.prevWordAt(start)
	if w == "" {
		return false
	}
	var buf [24]byte
	l, ok := lower(&buf, w)
	if !ok {
		return false
	}
	switch l {
	case "about", "around", "nearly", "almost", "approximately", "roughly", "some",
		"over", "under", "circa", "approx", "estimated", "approaching", "nigh",
		"upwards", "nearer", "perhaps", "possibly", "potentially", "reportedly":
		return true
	case "than", "to", "least", "most", "of", "as":
		_, w2 := s.prevWordAt(ws)
		var buf2 [24]byte
		l2, _ := lower(&buf2, w2)
		switch l + " " + l2 {
		case "than more", "than less", "than fewer", "to up", "to close", "to nearly",
			"least at", "most at", "of upwards", "of excess", "of region", "as much", "as many":
			return true
		}
	}
	return false
}

// prevWord returns the word just before offset i, "" when there is none.
func (s *scanner) prevWord(i int) string {
	_, w := s.prevWordAt(i)
	return w
}

func (s *scanner) prevWordAt(i int) (int, string) {
	t := s.text
	j := i
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == i && i > 0 {
		return i, ""
	}
	e := j
	for j > 0 && scan.IsAlpha(t[j-1]) {
		j--
	}
	if e-j > 20 {
		return j, ""
	}
	return j, t[j:e]
}

// yenCode resolves "¥" for the amount at [start, end): from the words of
// its sentence first ("in Tokyo ¥1.2trn" after a paragraph on Beijing),
// then from the whole text, then Options.Yen.
func (s *scanner) yenCode(start, end int) string {
	if code := yenFromWords(sentenceAround(s.text, start, end)); code != "" {
		return code
	}
	if s.yen == "" {
		s.yen = yenFromWords(s.text)
		if s.yen == "" {
			s.yen = s.o.Yen
		}
	}
	return s.yen
}

// yenFromWords says CNY or JPY when t names one currency (yuan, renminbi,
// RMB; yen, JPY) and not the other, or else one country or its capital and
// not the other; "" when it cannot tell.
func yenFromWords(t string) string {
	yuan := strings.Contains(t, "yuan") || strings.Contains(t, "renminbi") || strings.Contains(t, "RMB") || strings.Contains(t, "CNY")
	yen := containsWord(t, "yen") || strings.Contains(t, "JPY")
	china := strings.Contains(t, "China") || strings.Contains(t, "Chinese") || strings.Contains(t, "Beijing")
	japan := strings.Contains(t, "Japan") || strings.Contains(t, "Tokyo")
	switch {
	case yuan && !yen:
		return "CNY"
	case yen && !yuan:
		return "JPY"
	case china && !japan:
		return "CNY"
	case japan && !china:
		return "JPY"
	}
	return ""
}

// sentenceAround returns the sentence of t that holds [start, end): from
// after the last sentence end (". ", "! ", "? ", "; " or a newline) before
// start to the next one after end.
func sentenceAround(t string, start, end int) string {
	from := 0
	for i := start - 1; i > 0; i-- {
		if t[i] == '\n' || t[i] == ' ' && strings.IndexByte(".!?;", t[i-1]) >= 0 {
			from = i + 1
			break
		}
	}
	to := len(t)
	for i := end; i < len(t); i++ {
		if t[i] == '\n' || strings.IndexByte(".!?;", t[i]) >= 0 && (i+1 == len(t) || t[i+1] == ' ' || t[i+1] == '\n') {
			to = i
			break
		}
	}
	return t[from:to]
}

func containsWord(t, w string) bool {
	for off := 0; ; {
		i := strings.Index(t[off:], w)
		if i < 0 {
			return false
		}
		i += off
		e := i + len(w)
		if (i == 0 || !scan.IsAlpha(t[i-1])) && (e == len(t) || !scan.IsAlpha(t[e])) {
			return true
		}
		off = e
	}
}

func skipToken(t string, i int) int {
	switch c := t[i]; {
	case scan.IsAlpha(c):
		return scan.WordEnd(t, i)
	case scan.IsDigit(c):
		for i < len(t) && (scan.IsDigit(t[i]) || scan.IsAlpha(t[i])) {
			i++
		}
		return i
	}
	return i + 1
}

// interesting is a cheap test of whether the word t[i:we] may start an
// amount, as amountAt reads one: a number word or "a"/"an" (number.Parse,
// articleAmount), or a currency prefix (prefixAt), which is at most four
// letters long. Most words fail it, which keeps the scanner fast.
func interesting(t string, i, we int) bool {
	if number.StartsNumber(t[i:we]) {
		return true
	}
	n := we - i
	if n > 4 {
		return false
	}
	if we < len(t) {
		switch t[we] {
		case '$', 0xC2: // "US$", "HK$", "JP¥"
			return true
		case '.': // "U.S.$"
			if n == 1 && t[i] == 'U' {
				return true
			}
		case ' ': // "us $ 150"
			if we+1 < len(t) && t[we+1] == '$' {
				return true
			}
		}
	}
	c := t[i]
	return c == 'R' || c == 'r' || c == 'K' || // "Rs", "RM", "KSh"
		n == 3 && isUpper(c) && isUpper(t[i+1]) && isUpper(t[i+2]) // "EUR 5"
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// majorCode reports the currencies whose codes are written glued to
// amounts ("USD3.14", "GBP3.01").
func majorCode(code string) bool {
	switch code {
	case "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "NZD", "HKD", "SGD", "INR", "SEK", "NOK", "DKK", "ZAR", "BRL", "RUB", "KRW", "MXN":
		return true
	}
	return false
}
