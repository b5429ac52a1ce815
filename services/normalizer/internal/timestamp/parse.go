package timestamp

import (
	"errors"
	"fmt"
	"math"
)

// comp is one component of a relative expression ("2 hours").
type comp struct {
	u    unit
	n    float64
	sign int8 // +1, -1, or 0 to inherit
}

// bare is a number whose role (day or year) is decided once the whole
// input is read.
type bare struct{ val, nd int }

// fields collects what the input says, before it is resolved to a time.
type fields struct {
	year, month, day   int
	yearDigits         int // 2 for "'70" and "8/8/71": the century is inferred
	hasYear            bool
	hour, min, sec, ns int
	hasTime            bool
	ampm               int8 // 0 none, 1 am, 2 pm
	wday               int  // -1 when absent
	wdayRel            int8 // -1 "last Monday", +1 "next Monday"
	hasZone            bool
	offset             int // seconds east of UTC
	iana               string
	comps              [8]comp
	ncomp              int
	dir                int8 // direction of unsigned components: -1 past, +1 future
	relNow             bool
	hasDayWord         bool
	dayShift           int
	bares              [4]bare
	nbare              int
	// strong says the input is unmistakably a date or time, so Find may
	// report it: a month name, a numeric date, a time with a zone or
	// meridiem, a relative expression with a direction.
	strong bool
}

// parser reads one span of tokens.
type parser struct {
	s        string
	t        []token
	i        int
	dayFirst bool
	f        fields
}

var errSyntax = errors.New("not a date")

func (p *parser) fail(k int) error {
	if k >= len(p.t) {
		return fmt.Errorf("parse date at offset %d: %w", len(p.s), errSyntax)
	}
	return fmt.Errorf("parse date at offset %d: %w", p.t[k].start, errSyntax)
}

// at reports whether token k exists.
func (p *parser) at(k int) bool { return k >= 0 && k < len(p.t) }

// adj reports whether token k exists and touches the token before it.
func (p *parser) adj(k int) bool { return p.at(k) && !p.t[k].space }

func (p *parser) isPunct(k int, c byte) bool {
	return p.at(k) && p.t[k].kind == tPunct && p.t[k].c == c
}

func (p *parser) isNum(k int) bool { return p.at(k) && p.t[k].kind == tNum && p.t[k].val >= 0 }

func (p *parser) isClass(k int, c class) bool {
	return p.at(k) && p.t[k].kind == tWord && p.t[k].w.c == c
}

func (p *parser) run() error {
	p.f.wday = -1
	for p.i < len(p.t) {
		var err error
		switch p.t[p.i].kind {
		case tNum:
			err = p.num()
		case tWord:
			err = p.word()
		default:
			err = p.punct()
		}
		if err != nil {
			return err
		}
	}
	return p.resolveBares()
}

// quantity reads "2", "2.5" or "0,5" at k.
func (p *parser) quantity(k int) (float64, int, bool) {
	if !p.isNum(k) {
		return 0, k, false
	}
	n := float64(p.t[k].val)
	if (p.isPunct(k+1, '.') || p.isPunct(k+1, ',')) && p.adj(k+1) && p.isNum(k+2) && p.adj(k+2) {
		d := p.t[k+2]
		if d.nd <= 6 {
			return n + float64(d.val)/math.Pow10(d.nd), k + 3, true
		}
	}
	return n, k + 1, true
}

// unitAt reads a unit word at k: "hours", or "h" in "2h ago".
func (p *parser) unitAt(k int) (unit, int, bool) {
	if p.isClass(k, cUnit) {
		return unit(p.t[k].w.v), k + 1, true
	}
	if p.adj(k) && p.t[k].kind == tWord && p.t[k].end-p.t[k].start == 1 && p.isClass(k+1, cAgo) {
		switch p.s[p.t[k].start] | 0x20 {
		case 's':
			return uSecond, k + 1, true
		case 'm':
			return uMinute, k + 1, true
		case 'h':
			return uHour, k + 1, true
		case 'd':
			return uDay, k + 1, true
		case 'w':
			return uWeek, k + 1, true
		case 'y':
			return uYear, k + 1, true
		}
	}
	return 0, k, false
}

func (p *parser) addComp(u unit, n float64, sign int8) error {
	if p.f.ncomp == len(p.f.comps) {
		return p.fail(p.i)
	}
	p.f.comps[p.f.ncomp] = comp{u: u, n: n, sign: sign}
	p.f.ncomp++
	return nil
}

// meridiem reads "am", "pm", "a.m.", "p.m" at k.
func (p *parser) meridiem(k int) (int8, int, bool) {
	switch {
	case p.isClass(k, cAM):
		return 1, k + 1, true
	case p.isClass(k, cPM):
		return 2, k + 1, true
	case (p.isClass(k, cA) || p.isClass(k, cP)) && p.isPunct(k+1, '.') && p.isClass(k+2, cM):
		v := int8(1)
		if p.t[k].w.c == cP {
			v = 2
		}
		next := k + 3
		if p.isPunct(next, '.') && p.adj(next) {
			next++
		}
		return v, next, true
	}
	return 0, k, false
}

func (p *parser) setTime(h, m, s, ns int) error {
	if p.f.hasTime || h > 24 || m > 59 || s > 60 {
		return p.fail(p.i)
	}
	if s == 60 {
		s = 59 // a leap second: keep the minute
	}
	p.f.hour, p.f.min, p.f.sec, p.f.ns, p.f.hasTime = h, m, s, ns, true
	return nil
}

func (p *parser) setDate(y, yd, m, d int) error {
	f := &p.f
	if (y >= 0 && f.hasYear) || (m > 0 && f.month != 0) || (d > 0 && f.day != 0) {
		return p.fail(p.i)
	}
	if m > 12 || d > 31 {
		return p.fail(p.i)
	}
	if y >= 0 {
		f.year, f.yearDigits, f.hasYear = y, yd, true
	}
	if m > 0 {
		f.month = m
	}
	if d > 0 {
		f.day = d
	}
	return nil
}

func (p *parser) num() error {
	k := p.i
	tk := p.t[k]
	if tk.val < 0 {
		return p.fail(k)
	}
	// A quantity with a unit: "2 hours", "2.5 hours", "2h ago".
	if n, next, ok := p.quantity(k); ok {
		if u, after, ok := p.unitAt(next); ok {
			p.i = after
			return p.addComp(u, n, 0)
		}
	}
	if p.isPunct(k+1, ':') && p.adj(k+1) && p.isNum(k+2) && p.adj(k+2) {
		return p.colonGroup()
	}
	if p.adj(k+1) && (p.isPunct(k+1, '/') || p.isPunct(k+1, '-') || p.isPunct(k+1, '.')) &&
		p.adj(k+2) && (p.isNum(k+2) || p.isClass(k+2, cMonth)) {
		return p.dateGroup(p.t[k+1].c)
	}
	// "19h30", "8h00", "19h".
	if p.isClass(k+1, cH) && p.adj(k+1) && tk.nd <= 2 {
		m, next := 0, k+2
		if p.isNum(next) && p.adj(next) && p.t[next].nd == 2 {
			m = p.t[next].val
			next++
		}
		p.i = next
		return p.setTime(tk.val, m, 0, 0)
	}
	// "7th".
	if p.isClass(k+1, cOrdSuffix) && p.adj(k+1) && tk.nd <= 2 {
		p.i = k + 2
		return p.setDate(-1, 0, 0, tk.val)
	}
	// "4pm", "9 am", "1 a.m".
	if mer, next, ok := p.meridiem(k + 1); ok && tk.nd <= 2 {
		if err := p.setTime(tk.val, 0, 0, 0); err != nil {
			return err
		}
		p.f.ampm = mer
		p.i = next
		return nil
	}
	p.i = k + 1
	switch tk.nd {
	case 8: // 20140601
		p.f.strong = true
		return p.setDate(tk.val/10000, 4, tk.val/100%100, tk.val%100)
	case 6: // 171113
		if p.f.hasYear || p.f.month != 0 || p.f.day != 0 || tk.val/100%100 == 0 || tk.val%100 == 0 {
			return p.fail(k)
		}
		return p.setDate(tk.val/10000, 2, tk.val/100%100, tk.val%100)
	case 4:
		if p.f.hasYear || tk.val == 0 {
			return p.fail(k)
		}
		return p.setDate(tk.val, 4, 0, 0)
	case 1, 2:
		if p.isClass(k+1, cZone) && !p.f.hasTime {
			return p.setTime(tk.val, 0, 0, 0) // "8 GMT"
		}
		if p.f.nbare == len(p.f.bares) {
			return p.fail(k)
		}
		p.f.bares[p.f.nbare] = bare{val: tk.val, nd: tk.nd}
		p.f.nbare++
		return nil
	}
	return p.fail(k)
}

// colonGroup reads "10:45", "18:31:59.257", "04:02:2014" and "2012:08:03".
func (p *parser) colonGroup() error {
	k := p.i
	var it [4]token
	n := 0
	for j := k; n < 4; j += 2 {
		it[n] = p.t[j]
		n++
		if !(p.isPunct(j+1, ':') && p.adj(j+1) && p.isNum(j+2) && p.adj(j+2)) {
			break
		}
	}
	next := k + 2*n - 1
	if n >= 3 && (it[0].nd == 4 || it[2].nd == 4) {
		if n != 3 {
			return p.fail(k)
		}
		p.i = next
		p.f.strong = true
		if it[0].nd == 4 {
			return p.setDate(it[0].val, 4, it[1].val, it[2].val)
		}
		m, d := p.order(it[0].val, it[1].val)
		return p.setDate(it[2].val, it[2].nd, m, d)
	}
	if it[0].nd > 2 || it[1].nd > 2 || (n > 2 && it[2].nd > 2) {
		return p.fail(k)
	}
	s, ns := 0, 0
	if n >= 3 {
		s = it[2].val
	}
	if n == 4 {
		ns = p.fracOf(it[3])
	} else if n == 3 && (p.isPunct(next, '.') || p.isPunct(next, ',')) && p.adj(next) && p.isNum(next+1) && p.adj(next+1) {
		ns = p.fracOf(p.t[next+1])
		next += 2
	}
	p.i = next
	return p.setTime(it[0].val, it[1].val, s, ns)
}

// fracOf reads the fraction of a second from the digits of t.
func (p *parser) fracOf(t token) int {
	d := p.s[t.start:t.end]
	ns := 0
	for i := 0; i < 9; i++ {
		ns *= 10
		if i < len(d) {
			ns += int(d[i] - '0')
		}
	}
	return ns
}

// order returns month and day from two numbers of an all-numeric date,
// following DayFirst unless only one order is valid.
func (p *parser) order(a, b int) (month, day int) {
	switch {
	case a > 12:
		return b, a
	case b > 12:
		return a, b
	case p.dayFirst:
		return b, a
	}
	return a, b
}

// dateGroup reads "2014-04-02", "3/31/2014", "20.07.2021", "07-Feb-2004",
// "2014-10", "2/2013" and "12.16" (a time).
func (p *parser) dateGroup(sep byte) error {
	k := p.i
	type item struct {
		val, nd int
		month   bool
	}
	var it [3]item
	n := 0
	j := k
	for n < 3 {
		t := p.t[j]
		if t.kind == tNum {
			it[n] = item{val: t.val, nd: t.nd}
		} else {
			it[n] = item{val: t.w.v, month: true}
		}
		n++
		j++
		if !(p.isPunct(j, sep) && p.adj(j) && p.adj(j+1) && (p.isNum(j+1) || p.isClass(j+1, cMonth))) {
			break
		}
		j++
	}
	p.i = j
	if it[0].month || (n == 3 && it[2].month) {
		return p.fail(k)
	}
	if n == 3 {
		p.f.strong = true
		switch {
		case it[0].nd == 4:
			return p.setDate(it[0].val, 4, it[1].val, it[2].val)
		case it[2].nd != 2 && it[2].nd != 4:
			return p.fail(k)
		case it[1].month:
			return p.setDate(it[2].val, it[2].nd, it[1].val, it[0].val)
		}
		m, d := p.order(it[0].val, it[1].val)
		return p.setDate(it[2].val, it[2].nd, m, d)
	}
	a, b := it[0], it[1]
	if sep == '.' && !b.month {
		if a.nd == 4 {
			return p.setDate(a.val, 4, b.val, 0)
		}
		_, _, mer := p.meridiem(j)
		dated := p.f.day != 0 && p.f.month != 0
		if a.nd <= 2 && b.nd == 2 && (mer || p.isClass(j, cZone) || dated) {
			return p.setTime(a.val, b.val, 0, 0)
		}
		return p.fail(k)
	}
	switch {
	case b.month:
		return p.setDate(-1, 0, b.val, a.val)
	case a.nd == 4:
		return p.setDate(a.val, 4, b.val, 0)
	case b.nd == 4:
		return p.setDate(b.val, 4, a.val, 0)
	case a.nd <= 2 && b.nd <= 2:
		m, d := p.order(a.val, b.val)
		return p.setDate(-1, 0, m, d)
	}
	return p.fail(k)
}

// offsetAt reads "+0100", "-07:00", "+03", "+5:30" at k (the sign).
func (p *parser) offsetAt(k int) (int, int, bool) {
	if !(p.isPunct(k, '+') || p.isPunct(k, '-')) || !p.isNum(k+1) || !p.adj(k+1) {
		return 0, k, false
	}
	sign := 1
	if p.t[k].c == '-' {
		sign = -1
	}
	t := p.t[k+1]
	next := k + 2
	var h, m int
	switch t.nd {
	case 1, 2:
		h = t.val
		if p.isPunct(next, ':') && p.adj(next) && p.isNum(next+1) && p.adj(next+1) && p.t[next+1].nd == 2 {
			m = p.t[next+1].val
			next += 2
		}
	case 3, 4:
		h, m = t.val/100, t.val%100
	default:
		return 0, k, false
	}
	if h > 14 || m > 59 {
		return 0, k, false
	}
	return sign * (h*3600 + m*60), next, true
}

func (p *parser) punct() error {
	k := p.i
	switch p.t[k].c {
	case '+', '-':
		sign := int8(1)
		if p.t[k].c == '-' {
			sign = -1
		}
		if n, next, ok := p.quantity(k + 1); ok {
			if u, after, ok := p.unitAt(next); ok {
				p.i = after
				return p.addComp(u, n, sign)
			}
		}
		if p.f.hasTime || (p.f.hasYear && p.f.month != 0 && p.f.day != 0) {
			if off, next, ok := p.offsetAt(k); ok {
				p.i = next
				if !p.f.hasZone {
					p.f.hasZone, p.f.offset = true, off
				}
				return nil
			}
		}
		if p.t[k].c == '-' && p.t[k].space && (!p.at(k+1) || p.t[k+1].space) {
			p.i++ // a dash between parts: "Jan 7, 2020 - 10:45"
			return nil
		}
		return p.fail(k)
	case '(':
		end := -1
		for j := k + 1; j < len(p.t) && j <= k+8; j++ {
			if p.isPunct(j, ')') {
				end = j
				break
			}
		}
		if end < 0 {
			p.i++
			return nil
		}
		if end == k+2 && p.isClass(k+1, cZone) && !p.f.hasZone {
			p.i = k + 1
			if err := p.word(); err != nil {
				return err
			}
		}
		p.i = end + 1
		return nil
	case '\'':
		if p.isNum(k+1) && p.adj(k+1) && p.t[k+1].nd == 2 {
			p.i = k + 2
			return p.setDate(p.t[k+1].val, 2, 0, 0)
		}
		return p.fail(k)
	case ',', '|', '@', '[', ']', '.', ';', ':', '/', ')', 0:
		p.i++
		return nil
	}
	return p.fail(k)
}

func (p *parser) word() error {
	k := p.i
	w := p.t[k].w
	p.i++
	f := &p.f
	switch w.c {
	case cMonth:
		if f.month != 0 {
			return p.fail(k)
		}
		f.month = w.v
		f.strong = true
	case cWeekday:
		if f.wday >= 0 {
			return p.fail(k)
		}
		f.wday = w.v
	case cAM, cPM, cA, cP:
		if w.c == cA || w.c == cNumWord {
			if u, next, ok := p.unitAt(k + 1); ok {
				p.i = next
				return p.addComp(u, float64(w.v), 0)
			}
		}
		mer, next, ok := p.meridiem(k)
		if !ok || !f.hasTime || f.ampm != 0 {
			return p.fail(k)
		}
		f.ampm = mer
		p.i = next
		f.strong = true
	case cNumWord:
		u, next, ok := p.unitAt(k + 1)
		if !ok {
			return p.fail(k)
		}
		p.i = next
		return p.addComp(u, float64(w.v), 0)
	case cZone:
		off := w.v * 60
		if w.v == 0 && w.iana == "" {
			if o, next, ok := p.offsetAt(k + 1); ok && p.adj(k+1) {
				off = o
				p.i = next
			}
		}
		if !f.hasZone {
			f.hasZone, f.offset, f.iana = true, off, w.iana
		}
		if f.hasTime {
			f.strong = true
		}
	case cZ:
		if !f.hasTime || !p.adj(k) {
			return p.fail(k)
		}
		if !f.hasZone {
			f.hasZone, f.offset = true, 0
		}
	case cT:
		if !p.adj(k) || !p.isNum(k+1) || !p.adj(k+1) {
			return p.fail(k)
		}
	case cFiller:
	case cIn:
		if _, next, ok := p.quantity(k + 1); ok {
			if _, _, ok := p.unitAt(next); ok {
				f.dir = 1
			}
		} else if p.isClass(k+1, cA) || p.isClass(k+1, cNumWord) {
			f.dir = 1
		}
	case cNoon:
		return p.setTime(12, 0, 0, 0)
	case cMidnight:
		return p.setTime(0, 0, 0, 0)
	case cDayWord:
		f.hasDayWord = true
		f.dayShift += w.v
		f.strong = true
	case cAgo, cBefore:
		if w.c == cBefore && p.isClass(k+1, cDayWord) {
			f.dayShift--
			return nil
		}
		if f.ncomp == 0 {
			return p.fail(k)
		}
		f.dir = -1
		f.strong = true
	case cLater:
		if f.ncomp == 0 {
			return p.fail(k)
		}
		f.dir = 1
		f.strong = true
	case cAfter:
		if p.isClass(k+1, cDayWord) {
			f.dayShift++
			return nil
		}
		f.dir = 1
		f.strong = true
	case cFrom:
		if !p.isClass(k+1, cNow) || f.ncomp == 0 {
			return p.fail(k)
		}
		p.i++
		f.dir = 1
		f.strong = true
	case cNow:
		f.relNow = true
	case cLast, cNext, cThis:
		sign := int8(-1)
		if w.c == cNext {
			sign = 1
		}
		switch {
		case p.isClass(k+1, cWeekday):
			if w.c != cThis {
				f.wdayRel = sign
			}
			f.strong = true
		case p.isClass(k+1, cUnit) && w.c != cThis:
			p.i++
			f.strong = true
			return p.addComp(unit(p.t[k+1].w.v), 1, sign)
		case p.isNum(k+1) || p.isClass(k+1, cNumWord) || p.isClass(k+1, cA):
			f.dir = sign
		case p.isClass(k+1, cMonth):
		default:
			return p.fail(k)
		}
	case cUnit:
		// "the day before yesterday", "day after tomorrow".
		if unit(w.v) == uDay && (p.isClass(k+1, cBefore) || p.isClass(k+1, cAfter)) && p.isClass(k+2, cDayWord) {
			return nil
		}
		return p.fail(k)
	default:
		return p.fail(k)
	}
	return nil
}

// resolveBares gives day and year to the numbers read on their own: with a
// month named, the first is the day and the next the year.
func (p *parser) resolveBares() error {
	f := &p.f
	for i := 0; i < f.nbare; i++ {
		b := f.bares[i]
		switch {
		case f.month != 0 && f.day == 0 && b.val >= 1 && b.val <= 31:
			f.day = b.val
		case f.month != 0 && f.day != 0 && !f.hasYear && b.nd == 2:
			f.year, f.yearDigits, f.hasYear = b.val, 2, true
		default:
			return p.fail(0)
		}
	}
	return nil
}
