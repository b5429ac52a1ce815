// Package figure finds counted quantities in English news text: a number
// with the noun phrase it counts ("52 targets", "13 sets of plans", "2,500
// job cuts", "twenty-six people"), percentages ("3.5%", "30 per cent",
// Unit "percent"; "2 percentage points", Unit "percentage points") and
// approximate quantities ("thousands of people", "tens of thousands",
// "dozens").
//
// Approximate plural quantities have no Value: Min holds their lower bound,
// twice the base ("hundreds" at least 200, "tens of thousands" at least
// 20,000, "dozens" at least 24), and Approximate is set. A number after
// "about", "nearly", "more than", "up to" and the like is also Approximate.
// Ranges ("10-15 exabytes", "between 44 and 50 mg") have Min and Max.
//
// Years and dates ("1979", "March 2019", "7 January"), clock times
// ("10:45 GMT", "2pm"), ordinals ("21st"), model and product numbers
// ("Boeing 737", "A40", "Covid-19", "5G"), phone numbers, scores ("3-1")
// and anything inside a skip span (money already tagged) are not figures.
package figure

import (
	"sort"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/number"
	"github.com/newswire/newswire/services/tagger/internal/scan"
)

// Find returns the figures in text, in order, with UTF-8 byte offsets (End
// exclusive) and Text == text[Start:End]. Numbers that overlap a skip span
// are left out; skip is typically the spans of the money tagger's results.
func Find(text string, skip []scan.Span) []article.Figure {
	f := finder{t: text, skip: skip}
	// Most texts have no such plural, and appending to nil allocates
	// nothing then; a buffer in f moved f to the heap on every call.
	f.plurals = appendPlurals(nil, text)
	if !sort.SliceIsSorted(skip, func(i, j int) bool { return skip[i].Start < skip[j].Start }) {
		f.skip = append([]scan.Span(nil), skip...)
		sort.Slice(f.skip, func(i, j int) bool { return f.skip[i].Start < f.skip[j].Start })
	}
	var buf [32]number.Match
	nums := number.AppendFind(buf[:0], text)
	var out []article.Figure
	ni := 0
	for i := 0; i < len(text); {
		// The next number, or an approximate plural before it.
		next := len(text)
		if ni < len(nums) {
			next = nums[ni].Start
		}
		if fig, end, ok := f.approxPlural(i, next); ok {
			out = append(out, fig)
			i = end
			for ni < len(nums) && nums[ni].Start < end {
				ni++
			}
			continue
		}
		if ni >= len(nums) {
			break
		}
		m := nums[ni]
		ni++
		if m.Start < i {
			continue
		}
		fig, end, ok := f.figure(m, nums[ni:])
		if end < m.End {
			end = m.End
		}
		if ok {
			out = append(out, fig)
		}
		i = end
		for ni < len(nums) && nums[ni].Start < end {
			ni++
		}
	}
	return out
}

type finder struct {
	t    string
	skip []scan.Span
	// plurals are where the words pluralBase reads start, in order: the
	// places approxPlural looks at, instead of every word of the text.
	plurals []int
}

// appendPlurals appends to dst, in order, the starts of the words of t
// that pluralBase reads: a run of ASCII letters not after a letter or
// digit, as approxPlural scans them. Each of those words ends in "ns" or
// "ds", so one search for the letter s finds them all; a search per word
// tail cost four passes over the text.
func appendPlurals(dst []int, t string) []int {
	for k := 0; ; {
		at := strings.IndexByte(t[k:], 's')
		if at < 0 {
			return dst
		}
		end := k + at + 1
		k = end
		if end < 4 || t[end-2] != 'n' && t[end-2] != 'd' || end < len(t) && scan.IsAlpha(t[end]) {
			continue
		}
		j := end - 2
		for j > 0 && scan.IsAlpha(t[j-1]) {
			j--
		}
		if j > 0 && scan.IsDigit(t[j-1]) || pluralBase(t[j:end]) == 0 {
			continue
		}
		dst = append(dst, j)
	}
}

// nextPlural returns the first of f.plurals at or after j, or len(f.t).
func (f *finder) nextPlural(j int) int {
	for _, p := range f.plurals {
		if p >= j {
			return p
		}
	}
	return len(f.t)
}

func (f *finder) skipped(start, end int) bool {
	for _, s := range f.skip {
		if s.Start >= end {
			return false
		}
		if s.End > start {
			return true
		}
	}
	return false
}

// figure decides whether the number m is a figure and reads what it
// counts. It returns the end of what it consumed even when m is not one.
func (f *finder) figure(m number.Match, rest []number.Match) (article.Figure, int, bool) {
	t := f.t
	if f.skipped(m.Start, m.End) {
		return article.Figure{}, m.End, false
	}
	if m.Digits && f.notQuantity(m) {
		return article.Figure{}, m.End, false
	}
	if fig, end, ok := f.percentOf(m); ok {
		return fig, end, true
	}
	fig := article.Figure{Start: m.Start}
	v := m.Value
	end := m.End
	// Ranges: "10-15", "10 to 15", "between 10 and 15".
	var hi *number.Match
	if len(rest) > 0 {
		if r, ok := f.rangeEnd(m, rest[0]); ok {
			hi = &r
			end = r.End
		}
	}
	if hi == nil && m.Digits && f.scoreLike(m) {
		// "3-1", "2013-14", or the second half of one.
		if len(rest) > 0 && rest[0].Start == m.End+1 {
			return article.Figure{}, rest[0].End, false
		}
		return article.Figure{}, end, false
	}
	// Percentages.
	if unit, pend, ok := percentAfter(t, end, hiGlued(m, hi)); ok {
		fig.Unit = unit
		fig.End = pend
		setValue(&fig, v, hi)
		fig.Approximate = approxBefore(t, m.Start)
		if f.skipped(fig.Start, fig.End) {
			return article.Figure{}, pend, false
		}
		fig.Text = t[fig.Start:fig.End]
		return fig, pend, true
	}
	glued := m.Glued
	if hi != nil {
		glued = hi.Glued
	}
	if glued != "" {
		// "10kg", "4km": a unit glued to the number.
		if !unitWord(glued) || glued == "m" || glued == "t" {
			return article.Figure{}, end + len(glued), false
		}
		fig.Unit = glued
		fig.End = end + len(glued)
	} else {
		if hi == nil && f.dateOrTime(m) {
			return article.Figure{}, end, false
		}
		unit, uend := f.nounAfter(end, v)
		if !m.Digits && unit != "" && uend > end && f.t[end] == '-' && !unitWord(firstPart(unit)) {
			// "zero-tolerance", "two-faced": spelled numbers make
			// compounds; only measures ("two-year") count.
			return article.Figure{}, uend, false
		}
		if hi != nil && unit == "" {
			// A bare "3-1" is a score, "2013-14" a season.
			return article.Figure{}, end, false
		}
		if unit == "" {
			if m.Value == 1 || !m.Digits && !f.spelledAlone(m) {
				return article.Figure{}, end, false
			}
			if f.yearLike(m) || f.modelNumber(m) || m.Fraction && !f.clearFraction(m) {
				return article.Figure{}, end, false
			}
			fig.End = end
		} else if lo, hi2, rend, ok := f.unitRange(m, unit, uend, rest); ok {
			fig.Unit = unit
			fig.End = rend
			// new, not &lo: taking the addresses of lo and hi2 moved
			// them to the heap whenever a unit was read.
			fig.Min, fig.Max = new(lo), new(hi2)
			fig.Approximate = approxBefore(t, m.Start)
			if f.skipped(fig.Start, fig.End) {
				return article.Figure{}, rend, false
			}
			fig.Text = t[fig.Start:fig.End]
			return fig, rend, true
		} else {
			if f.yearLike(m) && f.dateContext(m.Start) {
				return article.Figure{}, end, false
			}
			if !m.Digits && m.Value == 1 {
				return article.Figure{}, end, false
			}
			fig.Unit = unit
			fig.End = uend
		}
	}
	if f.skipped(fig.Start, fig.End) {
		return article.Figure{}, fig.End, false
	}
	setValue(&fig, v, hi)
	fig.Approximate = approxBefore(t, m.Start)
	fig.Text = t[fig.Start:fig.End]
	return fig, fig.End, true
}

func hiGlued(m number.Match, hi *number.Match) string {
	if hi != nil {
		return hi.Glued
	}
	return m.Glued
}

func setValue(fig *article.Figure, v float64, hi *number.Match) {
	if hi == nil {
		fig.Value = &v
		return
	}
	lo, h := v, hi.Value
	fig.Min, fig.Max = &lo, &h
}

// notQuantity rejects numerals that are codes, not counts: glued to a
// letter or hyphen before ("Covid-19", "F-35"), after "#" or "+", with a
// leading zero ("020", "07"), ordinals ("21st"), decades ("1960s"), or
// part of a date, version or time ("7/1", "1.2.3", "10:45").
func (f *finder) notQuantity(m number.Match) bool {
	t := f.t
	s := m.Start
	if s > 0 {
		p := t[s-1]
		if p == '#' || p == '+' || p == '/' || p == ':' || p == '.' && s > 1 && scan.IsDigit(t[s-2]) {
			return true
		}
		if p == '-' && s > 1 && scan.IsAlpha(t[s-2]) {
			return true
		}
	}
	if t[s] == '0' && s+1 < len(t) && scan.IsDigit(t[s+1]) {
		return true
	}
	if c := t[m.End-1]; c == 'G' && m.Scale > 1 {
		// "5G" is a network generation, not five billion.
		return true
	}
	switch m.Glued {
	case "st", "nd", "rd", "th", "s", "am", "pm", "h", "GMT", "BST", "Z":
		return true
	}
	e := m.End
	// Digit groups in a row ("020 7946 0958", "+44 20 7946") are a phone
	// number or a code, not quantities.
	if s > 1 && t[s-1] == ' ' && scan.IsDigit(t[s-2]) {
		j := s - 2
		for j > 0 && scan.IsDigit(t[j-1]) {
			j--
		}
		if j == 0 || !scan.IsAlpha(t[j-1]) {
			return true
		}
	}
	if e+1 < len(t) && t[e] == ' ' && scan.IsDigit(t[e+1]) {
		j := e + 1
		for j < len(t) && scan.IsDigit(t[j]) {
			j++
		}
		if j == len(t) || !scan.IsAlpha(t[j]) {
			return true
		}
	}
	if e+1 < len(t) && (t[e] == ':' || t[e] == '/' || t[e] == '.') && scan.IsDigit(t[e+1]) {
		return true
	}
	if e < len(t) && t[e] == '\'' && e+1 < len(t) && t[e+1] == 's' {
		return true
	}
	return false
}

// dateOrTime reports a number next to a month name ("7 January",
// "January 7", "March 2019") or before a time word ("2 pm", "10 GMT").
func (f *finder) dateOrTime(m number.Match) bool {
	if !m.Digits || m.Scale > 1 || m.Fraction {
		return false
	}
	if m.Decimal {
		// "2.13 pm" is a time; "2.1 pm" and "2.123 pm" cannot be.
		return clockDecimal(f.t[m.Start:m.End]) && timeAfter(f.t, m.End)
	}
	var buf [16]byte
	if w := nextWord(f.t, m.End); w != "" {
		l := lowerInto(&buf, w)
		if month(l) || timeWord(l) {
			return true
		}
		if strings.HasPrefix(f.t[m.End:], " a.m.") || strings.HasPrefix(f.t[m.End:], " p.m.") {
			return true
		}
	}
	if w := prevWord(f.t, m.Start); w != "" {
		if month(lowerInto(&buf, w)) {
			return true
		}
	}
	return false
}

func timeAfter(t string, e int) bool {
	if strings.HasPrefix(t[e:], " a.m.") || strings.HasPrefix(t[e:], " p.m.") {
		return true
	}
	var buf [16]byte
	w := nextWord(t, e)
	return w != "" && timeWord(lowerInto(&buf, w))
}

// yearLike reports a bare four-digit numeral between 1000 and 2100.
func (f *finder) yearLike(m number.Match) bool {
	return m.Digits && !m.Grouped && !m.Decimal && !m.Spelled && m.Scale == 1 &&
		m.End-m.Start == 4 && m.Value >= 1000 && m.Value <= 2100
}

// dateContext reports a preposition before a year-like number ("in 1979",
// "since 2001").
func (f *finder) dateContext(start int) bool {
	var buf [16]byte
	switch lowerInto(&buf, prevWord(f.t, start)) {
	case "in", "since", "of", "by", "from", "until", "till", "to", "during", "before",
		"after", "early", "late", "mid", "the", "circa", "c", "spring", "summer", "autumn",
		"winter", "fall", "year", "season", "and":
		return true
	}
	return false
}

// modelNumber reports a plain integer after a capitalised name that is not
// a function word: "Boeing 737", "Windows 10", "Route 66", "Article 50".
func (f *finder) modelNumber(m number.Match) bool {
	if m.Grouped || m.Decimal || m.Scale > 1 {
		return false
	}
	w := prevWord(f.t, m.Start)
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	var buf [16]byte
	return !functionWord(lowerInto(&buf, w))
}

// rangeEnd reads the upper bound of a range starting with m.
func (f *finder) rangeEnd(m number.Match, next number.Match) (number.Match, bool) {
	t := f.t
	if m.Glued != "" || m.Value <= 0 || f.skipped(next.Start, next.End) {
		return number.Match{}, false
	}
	between := t[m.End:next.Start]
	switch strings.TrimSpace(between) {
	case "- to", "– to":
		// "8- to 16-metre", "two- to three-year"
		if next.End >= len(t) || t[next.End] != '-' {
			return number.Match{}, false
		}
	case "-", "–", "—":
		if strings.TrimSpace(between) == "-" && between != "-" && between != " - " {
			return number.Match{}, false
		}
	case "to":
		var buf [16]byte
		if lowerInto(&buf, prevWord(t, m.Start)) == "from" {
			return number.Match{}, false
		}
	case "and":
		var buf [16]byte
		if lowerInto(&buf, prevWord(t, m.Start)) != "between" {
			return number.Match{}, false
		}
	default:
		return number.Match{}, false
	}
	if next.Value < m.Value || next.Digits != m.Digits || next.Value < 0 {
		return number.Match{}, false
	}
	// A third part ("555-123-4567", "2013-14-15") is a code.
	if next.End < len(t) && t[next.End] == '-' && next.End+1 < len(t) && scan.IsDigit(t[next.End+1]) {
		return number.Match{}, false
	}
	if next.Digits && f.notQuantity(next) {
		return number.Match{}, false
	}
	return next, true
}

// percentAfter reads a percent sign or word after a number ending at e.
func percentAfter(t string, e int, glued string) (string, int, bool) {
	if glued == "pc" || glued == "pct" {
		return "percent", e + len(glued), true
	}
	if glued != "" {
		return "", e, false
	}
	j := scan.SkipSpaces(t, e, 1)
	if j < len(t) && t[j] == '%' {
		return "percent", j + 1, true
	}
	if strings.HasPrefix(t[j:], "٪") {
		return "percent", j + len("٪"), true
	}
	if j == e || j >= len(t) {
		return "", e, false
	}
	we := scan.WordEnd(t, j)
	var buf [16]byte
	switch lowerInto(&buf, t[j:we]) {
	case "percent", "percents", "pc", "pct":
		if k := scan.SkipSpaces(t, we, 1); k > we {
			if ke := scan.WordEnd(t, k); strings.EqualFold(t[k:ke], "points") || strings.EqualFold(t[k:ke], "point") {
				return "percentage points", ke, true
			}
		}
		return "percent", we, true
	case "per":
		k := scan.SkipSpaces(t, we, 1)
		if ke := scan.WordEnd(t, k); k > we && strings.EqualFold(t[k:ke], "cent") {
			if p := scan.SkipSpaces(t, ke, 1); p > ke {
				if pe := scan.WordEnd(t, p); strings.EqualFold(t[p:pe], "points") || strings.EqualFold(t[p:pe], "point") {
					return "percentage points", pe, true
				}
			}
			return "percent", ke, true
		}
	case "percentage":
		k := scan.SkipSpaces(t, we, 1)
		if ke := scan.WordEnd(t, k); k > we && (strings.EqualFold(t[k:ke], "points") || strings.EqualFold(t[k:ke], "point")) {
			return "percentage points", ke, true
		}
		return "percent", we, true
	case "basis":
		k := scan.SkipSpaces(t, we, 1)
		if ke := scan.WordEnd(t, k); k > we && (strings.EqualFold(t[k:ke], "points") || strings.EqualFold(t[k:ke], "point")) {
			return "basis points", ke, true
		}
	}
	return "", e, false
}

// nounAfter reads the counted noun phrase after a number ending at e:
// "targets", "job cuts", "sets of plans", "Iranian sites", or a hyphenated
// unit ("two-year", "27-kilometre"). It returns "" when there is none.
func (f *finder) nounAfter(e int, v float64) (string, int) {
	t := f.t
	if e < len(t) && t[e] == '-' && e+1 < len(t) && scan.IsAlpha(t[e+1]) {
		we := e + 1
		for we < len(t) && (scan.IsAlpha(t[we]) || t[we] == '-' && we+1 < len(t) && scan.IsAlpha(t[we+1])) {
			we++
		}
		return t[e+1 : we], we
	}
	start, end, head := f.phrase(e, true)
	if !head {
		return "", e
	}
	// "13 sets of plans", "thousands of people"
	if k := scan.SkipSpaces(t, end, 1); k > end && strings.HasPrefix(t[k:], "of ") {
		var buf [16]byte
		last := lastWord(t[start:end])
		if measureNoun(lowerInto(&buf, last)) {
			if _, oe, ok := f.phrase(k+2, false); ok {
				end = oe
			}
		}
	}
	return t[start:end], end
}

// phrase reads up to four words after e and ends at the first plural noun
// or unit. It reports head == false when no such noun comes before a
// function word, punctuation or a capitalised word.
func (f *finder) phrase(e int, first bool) (start, end int, head bool) {
	t := f.t
	j := scan.SkipSpaces(t, e, 1)
	if j == e || j >= len(t) {
		return e, e, false
	}
	start = j
	var buf [24]byte
	for n := 0; n < 4; n++ {
		if j >= len(t) || !scan.IsAlpha(t[j]) && !(t[j] == 0xC2 && strings.HasPrefix(t[j:], "°")) {
			return start, e, false
		}
		we := j
		for we < len(t) && (scan.IsAlpha(t[we]) || (t[we] == '-' || t[we] == '/') && we+1 < len(t) && scan.IsAlpha(t[we+1])) {
			we++
		}
		if we == j { // "°C"
			we = j + 2
			for we < len(t) && scan.IsAlpha(t[we]) {
				we++
			}
		}
		w := t[j:we]
		if we < len(t) && t[we] == '\'' {
			// A plural possessive ("six weeks' time") ends the phrase
			// at its head; any other possessive or contraction ends it.
			if l := lowerInto24(&buf, w); plural(l) && (we+1 >= len(t) || !scan.IsAlpha(t[we+1])) {
				return start, we, true
			}
			return start, e, false
		}
		if len(w) > len(buf) {
			return start, e, false
		}
		l := lowerInto24(&buf, w)
		if unitWord(w) && (n == 0 || len(w) > 2) {
			return start, we, true
		}
		if functionWord(l) || month(l) {
			return start, e, false
		}
		if plural(l) {
			return start, we, true
		}
		j = scan.SkipSpaces(t, we, 1)
		if j == we {
			return start, e, false
		}
	}
	return start, e, false
}

// plural reports a lower-case word that looks like a plural noun.
func plural(w string) bool {
	if irregularPlural(w) {
		return true
	}
	n := len(w)
	if n < 3 || w[n-1] != 's' {
		return false
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"),
		strings.HasSuffix(w, "ous"), strings.HasSuffix(w, "'s"):
		return false
	}
	return true
}

// approxPlural reads an approximate plural quantity between i and limit:
// "thousands", "tens of thousands", "hundreds of thousands", "dozens",
// with what it counts ("thousands of people").
func (f *finder) approxPlural(i, limit int) (article.Figure, int, bool) {
	t := f.t
	for j := f.nextPlural(i); j < limit; j = f.nextPlural(j) {
		c := t[j]
		if !scan.IsAlpha(c) {
			j++
			continue
		}
		we := scan.WordEnd(t, j)
		if we > limit || (j > 0 && scan.IsAlnum(t[j-1])) {
			j = we
			continue
		}
		var base float64
		switch c | 0x20 {
		case 't', 'd', 'h', 'm', 'b':
			if n := we - j; n >= 4 && n <= 9 {
				base = pluralBase(t[j:we])
			}
		}
		if base == 0 {
			j = we
			continue
		}
		start, end := j, we
		// "tens of thousands", "hundreds of thousands"
		if k := scan.SkipSpaces(t, we, 1); strings.HasPrefix(t[k:], "of ") {
			k2 := scan.SkipSpaces(t, k+2, 1)
			k2e := scan.WordEnd(t, k2)
			if b2 := pluralBase(t[k2:k2e]); b2 > base && k2e <= limit && base < 1000 {
				base *= b2
				if base == 10*b2 {
					base = 10 * b2 // "tens of thousands": at least 20,000
				}
				end = k2e
			}
		} else if base == 10 { // "tens" alone is not a quantity
			j = we
			continue
		}
		if f.skipped(start, end) {
			j = end
			continue
		}
		fig := article.Figure{Start: start, Approximate: true}
		lo := 2 * base
		fig.Min = &lo
		fig.End = end
		if k := scan.SkipSpaces(t, end, 1); k > end && strings.HasPrefix(t[k:], "of ") {
			if ps, pe, ok := f.phrase(k+2, false); ok {
				fig.Unit = t[ps:pe]
				fig.End = pe
			}
		}
		if f.skipped(fig.Start, fig.End) {
			// What it counts runs into money already tagged.
			j = fig.End
			continue
		}
		fig.Text = t[fig.Start:fig.End]
		return fig, fig.End, true
	}
	return article.Figure{}, 0, false
}

// pluralBase is the base of an approximate plural ("thousands" 1000), 0
// when w is not one.
func pluralBase(w string) float64 {
	switch w {
	case "tens", "Tens":
		return 10
	case "dozens", "Dozens":
		return 12
	case "hundreds", "Hundreds":
		return 100
	case "thousands", "Thousands":
		return 1e3
	case "millions", "Millions":
		return 1e6
	case "billions", "Billions":
		return 1e9
	}
	return 0
}

// approxBefore reports an approximating word just before start.
func approxBefore(t string, start int) bool {
	var buf [16]byte
	ws, w := prevWordAt(t, start)
	switch lowerInto(&buf, w) {
	case "about", "around", "nearly", "almost", "approximately", "roughly", "some",
		"over", "under", "circa", "approx", "estimated", "approaching", "upwards",
		"reportedly", "perhaps", "possibly":
		return true
	case "than", "to", "least", "most", "as", "of":
		var buf2 [16]byte
		switch lowerInto(&buf2, prevWord(t, ws)) {
		case "more", "less", "fewer", "up", "close", "at", "much", "many", "upwards", "excess":
			return true
		}
	}
	return false
}

func nextWord(t string, e int) string {
	j := scan.SkipSpaces(t, e, 1)
	if j == e {
		return ""
	}
	return t[j:scan.WordEnd(t, j)]
}

func prevWord(t string, i int) string {
	_, w := prevWordAt(t, i)
	return w
}

func prevWordAt(t string, i int) (int, string) {
	j := i
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == i {
		return i, ""
	}
	e := j
	for j > 0 && scan.IsAlpha(t[j-1]) {
		j--
	}
	return j, t[j:e]
}

func lastWord(s string) string {
	i := strings.LastIndexByte(s, ' ')
	return s[i+1:]
}

// lowerInto lower-cases an ASCII word of up to 16 bytes into buf; longer
// words come back empty, which no word list contains.
func lowerInto(buf *[16]byte, w string) string {
	if len(w) > len(buf) {
		return ""
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(w)])
}

// lowerInto24 is lowerInto for words of up to 24 bytes; longer words come
// back empty.
func lowerInto24(buf *[24]byte, w string) string {
	if len(w) > len(buf) {
		return ""
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(w)])
}

// scoreLike reports a numeral joined by a hyphen to another numeral that
// did not make a range: a score ("3-1"), a season ("2013-14"), a code.
func (f *finder) scoreLike(m number.Match) bool {
	t := f.t
	if m.End+1 < len(t) && t[m.End] == '-' && scan.IsDigit(t[m.End+1]) {
		return true
	}
	return m.Start > 1 && t[m.Start-1] == '-' && scan.IsDigit(t[m.Start-2])
}

// spelledAlone reports a spelled-out number that stands as a figure
// without a noun: a compound ("one hundred and two", "twenty-six") or a
// fraction ("two thirds").
func (f *finder) spelledAlone(m number.Match) bool {
	if m.Value != float64(int64(m.Value)) {
		return true
	}
	return strings.ContainsAny(f.t[m.Start:m.End], " -")
}

// clearFraction reports a slash fraction that cannot be a date: a mixed
// number ("2 1/2"), a fraction character, or a denominator above 31.
func (f *finder) clearFraction(m number.Match) bool {
	s := f.t[m.Start:m.End]
	i := strings.LastIndexByte(s, '/')
	if i < 0 || strings.IndexByte(s, ' ') >= 0 {
		return true
	}
	d := 0
	for _, c := range []byte(s[i+1:]) {
		d = d*10 + int(c-'0')
	}
	return d > 31
}

// unitRange reads "44 mg to 50 mg", "5-10 km" written with the unit twice,
// and "between 44 mg and 50 mg", after the figure m with unit ending at
// uend. It returns the bounds and the end of the second unit.
func (f *finder) unitRange(m number.Match, unit string, uend int, rest []number.Match) (lo, hi float64, end int, ok bool) {
	t := f.t
	if len(rest) == 0 {
		return 0, 0, 0, false
	}
	next := rest[0]
	if next.Start < uend || f.skipped(next.Start, next.End) || next.Glued != "" {
		return 0, 0, 0, false
	}
	var buf [16]byte
	switch strings.TrimSpace(t[uend:next.Start]) {
	case "to":
		if lowerInto(&buf, prevWord(t, m.Start)) == "from" {
			return 0, 0, 0, false
		}
	case "-", "–":
	case "and":
		if lowerInto(&buf, prevWord(t, m.Start)) != "between" {
			return 0, 0, 0, false
		}
	default:
		return 0, 0, 0, false
	}
	u2, end2 := f.nounAfter(next.End, next.Value)
	if !strings.EqualFold(u2, unit) || next.Value < m.Value {
		return 0, 0, 0, false
	}
	return m.Value, next.Value, end2, true
}

// percentOf reads the inverted "per cent of 20", the form Recognizers-Text's
// English grammar gives for a percentage named before its number. It is
// read only where no other reading exists: the phrase opens a clause (so no
// number or quantifier precedes "per cent", as in "52 per cent of 20" or "a
// large percent of 20"), and the number closes the phrase (so "per cent of
// 2,000 voters", which introduces the whole, is not 2,000 percent).
func (f *finder) percentOf(m number.Match) (article.Figure, int, bool) {
	t := f.t
	ofStart, w := prevWordAt(t, m.Start)
	if w != "of" || ofStart == m.Start {
		return article.Figure{}, 0, false
	}
	ps, pw := prevWordAt(t, ofStart)
	var buf [16]byte
	switch lowerInto(&buf, pw) {
	case "percent", "percents":
	case "cent", "cents":
		cs, cw := prevWordAt(t, ps)
		if lowerInto(&buf, cw) != "per" {
			return article.Figure{}, 0, false
		}
		ps = cs
	default:
		return article.Figure{}, 0, false
	}
	j := ps
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j > 0 && strings.IndexByte(".,;:(\n\"'", t[j-1]) < 0 {
		return article.Figure{}, 0, false
	}
	if m.Scale > 1 || m.Glued != "" || !closesPhrase(t, m.End) {
		return article.Figure{}, 0, false
	}
	v := m.Value
	fig := article.Figure{Start: ps, End: m.End, Unit: "percent", Value: &v}
	if f.skipped(fig.Start, fig.End) {
		return article.Figure{}, 0, false
	}
	fig.Text = t[fig.Start:fig.End]
	return fig, fig.End, true
}

// closesPhrase reports whether nothing but spaces and then the end of the
// text or closing punctuation follows e.
func closesPhrase(t string, e int) bool {
	for e < len(t) && (t[e] == ' ' || t[e] == '\t') {
		e++
	}
	return e == len(t) || strings.IndexByte(".,;:)!?\n\"'", t[e]) >= 0
}

// clockDecimal reports "h.mm" with hours up to 24 and minutes up to 59.
func clockDecimal(s string) bool {
	i := strings.IndexByte(s, '.')
	if i < 1 || i > 2 || len(s)-i != 3 {
		return false
	}
	h := 0
	for _, c := range []byte(s[:i]) {
		h = h*10 + int(c-'0')
	}
	return h <= 24 && s[i+1] <= '5'
}

// firstPart is the part of a hyphenated word before its first hyphen.
func firstPart(w string) string {
	if i := strings.IndexByte(w, '-'); i >= 0 {
		return w[:i]
	}
	return w
}

// SpansOf returns the spans of money amounts, for Find's skip argument.
func SpansOf(ms []article.Money) []scan.Span {
	out := make([]scan.Span, len(ms))
	for i, m := range ms {
		out[i] = scan.Span{Start: m.Start, End: m.End}
	}
	return out
}
