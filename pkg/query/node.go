package query

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// node is a parsed query term or operator.
type node interface {
	String() string
}

type (
	andNode    []node
	orNode     []node
	notNode    struct{ x node }
	wordNode   string
	phraseNode []string
)

type fieldKind int

const (
	fEntity fieldKind = iota
	fEntityID
	fType
	fWatch
	fMoney
	fFigure
	fSource
	fLang
	fPublished
	fStory
)

var fieldNames = [...]string{"entity", "id", "type", "watch", "money", "figure", "source", "lang", "published", "story"}

// fieldNode is a field term. s is its argument (normalised: an entity
// name and a unit lower-cased, a currency and a type upper-cased); a
// number comparison is op num when hasNum; published is lo <= t < hi
// (a zero bound is open).
type fieldNode struct {
	kind   fieldKind
	s      string
	b      bool
	op     op
	num    float64
	hasNum bool
	lo, hi time.Time
}

type op int

const (
	opEq op = iota
	opLT
	opLE
	opGT
	opGE
)

var opNames = [...]string{"=", "<", "<=", ">", ">="}

func parseOp(s string) (op, bool) {
	for i, n := range opNames {
		if n == s {
			return op(i), true
		}
	}
	return 0, false
}

func (o op) holds(v, ref float64) bool {
	switch o {
	case opLT:
		return v < ref
	case opLE:
		return v <= ref
	case opGT:
		return v > ref
	case opGE:
		return v >= ref
	}
	return v == ref
}

// height is how deeply n's groups nest: one for each AND, OR and NOT on
// the way down, and one for a published range with both bounds (its
// canonical form is an AND).
func height(n node) int {
	switch n := n.(type) {
	case andNode:
		return 1 + maxHeight(n)
	case orNode:
		return 1 + maxHeight(n)
	case notNode:
		return 1 + height(n.x)
	case fieldNode:
		if n.kind == fPublished && !n.lo.IsZero() && !n.hi.IsZero() {
			return 1
		}
	}
	return 0
}

func maxHeight(kids []node) int {
	h := 0
	for _, k := range kids {
		h = max(h, height(k))
	}
	return h
}

func join(kids []node, sep string) string {
	parts := make([]string, len(kids))
	for i, k := range kids {
		parts[i] = k.String()
	}
	return "(" + strings.Join(parts, sep) + ")"
}

func (n andNode) String() string    { return join(n, " AND ") }
func (n orNode) String() string     { return join(n, " OR ") }
func (n notNode) String() string    { return "NOT " + n.x.String() }
func (n wordNode) String() string   { return string(n) }
func (n phraseNode) String() string { return quote(strings.Join(n, " ")) }

// quote writes s as the parser reads a quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (n fieldNode) String() string {
	name := fieldNames[n.kind]
	switch n.kind {
	case fWatch:
		return name + ":" + strconv.FormatBool(n.b)
	case fMoney, fFigure:
		s := name
		if n.s != "" {
			s += ":" + quote(n.s)
		}
		if n.hasNum {
			s += opNames[n.op] + strconv.FormatFloat(n.num, 'f', -1, 64)
		}
		return s
	case fPublished:
		var parts []string
		if !n.lo.IsZero() {
			parts = append(parts, "published:>="+n.lo.Format(time.RFC3339Nano))
		}
		if !n.hi.IsZero() {
			parts = append(parts, "published:<"+n.hi.Format(time.RFC3339Nano))
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	}
	return name + ":" + quote(n.s)
}

// suffixes are the scale words a number may end with (100m, 1.5bn).
var suffixes = []struct {
	s string
	m float64
}{
	{"trn", 1e12}, {"tn", 1e12}, {"t", 1e12},
	{"bn", 1e9}, {"b", 1e9},
	{"mn", 1e6}, {"m", 1e6},
	{"k", 1e3},
}

// parseNumber reads 1000, 1,000, 2.5, 100m, 1.5bn, 3k, -4.
func parseNumber(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("needs a number")
	}
	low := strings.ToLower(s)
	mult := 1.0
	for _, sf := range suffixes {
		if strings.HasSuffix(low, sf.s) && len(low) > len(sf.s) {
			low, mult = low[:len(low)-len(sf.s)], sf.m
			break
		}
	}
	low = strings.ReplaceAll(low, ",", "")
	low = strings.ReplaceAll(low, "_", "")
	for _, c := range []byte(low) {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-') {
			return 0, fmt.Errorf("%q is not a number (write 1000, 2.5, 100m, 1.5bn)", s)
		}
	}
	v, err := strconv.ParseFloat(low, 64)
	if err != nil || math.IsInf(v*mult, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number (write 1000, 2.5, 100m, 1.5bn)", s)
	}
	return v * mult, nil
}

// parseTime reads a day (2024-05-01: that UTC day), a month (2024-05), an
// RFC 3339 time, or now-<n>(d|h|m) relative to now. It returns the
// interval [from, to) the value names; a time names one microsecond, the
// precision PostgreSQL keeps.
func parseTime(s string, now time.Time) (from, to time.Time, err error) {
	from, to, err = parseInterval(s, now)
	if err == nil && from.Year() < minYear {
		// The zero time.Time (0001-01-01) stands for "no bound" in a
		// fieldNode, so such a date could not be written back.
		return time.Time{}, time.Time{}, fmt.Errorf("%q: dates before the year %d are not supported", s, minYear)
	}
	return from, to, err
}

// minYear is the earliest year a published: date may name.
const minYear = 1000

func parseInterval(s string, now time.Time) (from, to time.Time, err error) {
	if rest, ok := strings.CutPrefix(strings.ToLower(s), "now"); ok {
		if rest == "" {
			return now, now.Add(time.Microsecond), nil
		}
		if rest[0] != '-' || len(rest) < 3 {
			return from, to, fmt.Errorf("%q: write now-7d, now-24h or now-30m", s)
		}
		n, err := strconv.Atoi(rest[1 : len(rest)-1])
		if err != nil || n < 0 || n > 100000 {
			return from, to, fmt.Errorf("%q: write now-7d, now-24h or now-30m", s)
		}
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}[rest[len(rest)-1]]
		if unit == 0 {
			return from, to, fmt.Errorf("%q: the unit is d, h or m", s)
		}
		t := now.Add(-time.Duration(n) * unit)
		return t, t.Add(time.Microsecond), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, t.AddDate(0, 0, 1), nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t, t.AddDate(0, 1, 0), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = t.UTC()
		return t, t.Add(time.Microsecond), nil
	}
	return from, to, fmt.Errorf("%q is not a date: write 2024-05-01, 2024-05, 2024-05-01T10:00:00Z or now-7d", s)
}
