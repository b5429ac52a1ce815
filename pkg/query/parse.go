package query

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what Parse accepts, so a hostile query costs little.
const (
	// MaxLen is the longest query, in bytes, as written and in its
	// canonical form (which spells out operators, parentheses, escapes
	// and dates, so it may be the longer): a query and its canonical form
	// are accepted or refused together.
	MaxLen = 4096
	// MaxDepth is the deepest nesting of groups (AND, OR, NOT) in the
	// parsed query. It is measured on the query's tree, not its text, so
	// a query and its canonical form are accepted or refused together.
	MaxDepth = 32
	// MaxTerms is the most terms (words, phrases, fields) in one query.
	MaxTerms = 64
	// MaxTextChars is how much of an article's title and text words are
	// searched in: the first MaxTextChars characters, in both runners.
	MaxTextChars = 100000
)

// Error is a mistake in a query, at a byte offset.
type Error struct {
	// Pos is the byte offset of the mistake in the query (0-based).
	Pos int
	// Msg says what is wrong.
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("query: %s (at column %d)", e.Msg, e.Pos+1)
}

func errorf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Query is a parsed query. It is immutable and safe for concurrent use.
type Query struct {
	src  string
	root node
}

// String returns the query as it was written.
func (q *Query) String() string { return q.src }

// Canonical returns the parsed query in a normal form with explicit
// operators and parentheses: two queries with the same Canonical match
// the same articles.
func (q *Query) Canonical() string { return q.root.String() }

// Parse parses s, resolving relative times (now-7d) against the clock.
func Parse(s string) (*Query, error) { return ParseAt(s, time.Now()) }

// ParseAt parses s, resolving relative times (now-7d) against now.
func ParseAt(s string, now time.Time) (*Query, error) {
	if len(s) > MaxLen {
		return nil, errorf(MaxLen, "query longer than %d bytes", MaxLen)
	}
	if !utf8.ValidString(s) {
		for i, r := range s {
			if r == utf8.RuneError {
				return nil, errorf(i, "invalid UTF-8")
			}
		}
	}
	p := &parser{src: s, now: now.UTC()}
	p.next()
	if p.tok.kind == tEOF {
		return nil, errorf(0, "empty query")
	}
	root, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		if p.tok.kind == tRParen {
			return nil, errorf(p.tok.pos, "unmatched )")
		}
		return nil, errorf(p.tok.pos, "unexpected %s", p.tok.describe())
	}
	if n := len(root.String()); n > MaxLen {
		return nil, errorf(len(s), "query longer than %d bytes written out in full (%d)", MaxLen, n)
	}
	return &Query{src: s, root: root}, nil
}

type tokKind int

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tMinus  // a '-' glued to the next term
	tWord   // a bare word
	tPhrase // a quoted string
	tField  // name:arg, name<op>value, name:arg<op>value
	tErr
)

type token struct {
	kind tokKind
	pos  int
	text string // word or phrase text; field name
	// For fields.
	arg, op, val       string
	argPos, valPos     int
	argQuoted, hasColo bool
	err                *Error
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tLParen:
		return "("
	case tRParen:
		return ")"
	case tAnd:
		return "AND"
	case tOr:
		return "OR"
	case tNot:
		return "NOT"
	case tMinus:
		return "-"
	}
	return fmt.Sprintf("%q", t.text)
}

type parser struct {
	src   string
	off   int
	tok   token
	now   time.Time
	terms int
}

// fields are the known field names.
var fields = map[string]bool{
	"entity": true, "id": true, "type": true, "watch": true, "money": true, "figure": true,
	"source": true, "lang": true, "published": true, "story": true,
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stop reports whether c ends a bare word.
func stop(c byte) bool { return isSpace(c) || c == '(' || c == ')' || c == '"' }

func (p *parser) next() {
	s := p.src
	for p.off < len(s) && isSpace(s[p.off]) {
		p.off++
	}
	start := p.off
	if p.off >= len(s) {
		p.tok = token{kind: tEOF, pos: len(s)}
		return
	}
	switch c := s[p.off]; {
	case c == '(':
		p.off++
		p.tok = token{kind: tLParen, pos: start}
		return
	case c == ')':
		p.off++
		p.tok = token{kind: tRParen, pos: start}
		return
	case c == '"':
		text, end, err := quoted(s, p.off)
		if err != nil {
			p.tok = token{kind: tErr, pos: start, err: err}
			return
		}
		p.off = end
		p.tok = token{kind: tPhrase, pos: start, text: text}
		return
	case c == '-' && p.off+1 < len(s) && !isSpace(s[p.off+1]) && s[p.off+1] != ')':
		p.off++
		p.tok = token{kind: tMinus, pos: start}
		return
	}
	// A bare run: an operator, a field or a word.
	end := p.off
	for end < len(s) && !stop(s[end]) {
		end++
	}
	word := s[start:end]
	switch word {
	case "AND":
		p.off = end
		p.tok = token{kind: tAnd, pos: start}
		return
	case "OR":
		p.off = end
		p.tok = token{kind: tOr, pos: start}
		return
	case "NOT":
		p.off = end
		p.tok = token{kind: tNot, pos: start}
		return
	}
	// name followed by ':' or a comparison.
	n := 0
	for n < len(word) && (word[n] >= 'a' && word[n] <= 'z' || word[n] >= 'A' && word[n] <= 'Z' || word[n] == '_') {
		n++
	}
	if n > 0 && n < len(word) && strings.IndexByte(":<>=", word[n]) >= 0 {
		name := strings.ToLower(word[:n])
		if !fields[name] {
			if word[n] == ':' {
				p.tok = token{kind: tErr, pos: start, err: errorf(start,
					"unknown field %q (fields: entity, id, type, watch, money, figure, source, lang, published, story; quote text to search for it as words)", word[:n])}
				return
			}
		} else {
			p.tok = p.field(start, name, start+n)
			return
		}
	}
	p.off = end
	p.tok = token{kind: tWord, pos: start, text: word}
}

// field reads the rest of a field term: [":" [arg]] [op value].
func (p *parser) field(start int, name string, i int) token {
	s := p.src
	t := token{kind: tField, pos: start, text: name}
	if s[i] == ':' {
		t.hasColo = true
		i++
		t.argPos = i
		if i < len(s) && s[i] == '"' {
			text, end, err := quoted(s, i)
			if err != nil {
				return token{kind: tErr, pos: start, err: err}
			}
			t.arg, t.argQuoted = text, true
			i = end
		} else {
			j := i
			for j < len(s) && !stop(s[j]) && strings.IndexByte("<>=", s[j]) < 0 {
				j++
			}
			t.arg = s[i:j]
			i = j
		}
	}
	if i < len(s) && strings.IndexByte("<>=", s[i]) >= 0 {
		j := i + 1
		if j < len(s) && s[j] == '=' && s[i] != '=' {
			j++
		}
		t.op = s[i:j]
		if j < len(s) && strings.IndexByte("<>=", s[j]) >= 0 {
			return token{kind: tErr, pos: i, err: errorf(i, "unknown comparison %q (use <, <=, >, >= or =)", s[i:j+1])}
		}
		i = j
		t.valPos = i
		j = i
		for j < len(s) && !stop(s[j]) {
			j++
		}
		t.val = s[i:j]
		i = j
	}
	if i < len(s) && !stop(s[i]) {
		return token{kind: tErr, pos: i, err: errorf(i, "unexpected %q in %s: term", s[i:i+1], name)}
	}
	if i < len(s) && s[i] == '"' {
		return token{kind: tErr, pos: i, err: errorf(i, "a quote must open the value, right after %s:", name)}
	}
	p.off = i
	return t
}

// quoted reads a string opened by the quote at s[i]; \" and \\ escape.
// It returns the text and the offset after the closing quote.
func quoted(s string, i int) (string, int, *Error) {
	var b strings.Builder
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\') {
				b.WriteByte(s[j+1])
				j++
				continue
			}
			b.WriteByte('\\')
		case '"':
			return b.String(), j + 1, nil
		default:
			b.WriteByte(s[j])
		}
	}
	return "", 0, errorf(i, "unterminated quote")
}

func (p *parser) or(depth int) (node, error) {
	start := p.tok.pos
	left, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	kids := []node{left}
	for p.tok.kind == tOr {
		pos := p.tok.pos
		p.next()
		if !p.startsTerm() {
			return nil, p.expected(pos, "OR")
		}
		right, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		kids = append(kids, right)
	}
	if len(kids) == 1 {
		return left, nil
	}
	return group(orNode(kids), start)
}

func (p *parser) startsTerm() bool {
	switch p.tok.kind {
	case tLParen, tNot, tMinus, tWord, tPhrase, tField, tErr:
		return true
	}
	return false
}

func (p *parser) expected(opPos int, op string) error {
	if p.tok.kind == tErr {
		return p.tok.err
	}
	return errorf(p.tok.pos, "expected a term after %s (at column %d), found %s", op, opPos+1, p.tok.describe())
}

func (p *parser) and(depth int) (node, error) {
	start := p.tok.pos
	left, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	kids := []node{left}
	for {
		if p.tok.kind == tAnd {
			pos := p.tok.pos
			p.next()
			if !p.startsTerm() {
				return nil, p.expected(pos, "AND")
			}
		} else if !p.startsTerm() {
			break
		}
		right, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		kids = append(kids, right)
	}
	if len(kids) == 1 {
		return left, nil
	}
	return group(andNode(kids), start)
}

// maxNesting bounds the parser's recursion (parentheses and NOTs as
// written), keeping stack use small; the tree's own limit is MaxDepth.
const maxNesting = 2 * MaxDepth

// group returns n, or an error at pos when n nests deeper than MaxDepth.
func group(n node, pos int) (node, error) {
	if height(n) > MaxDepth {
		return nil, errorf(pos, "query nested deeper than %d", MaxDepth)
	}
	return n, nil
}

func (p *parser) unary(depth int) (node, error) {
	if depth >= maxNesting {
		return nil, errorf(p.tok.pos, "query nested deeper than %d", MaxDepth)
	}
	switch p.tok.kind {
	case tNot, tMinus:
		op := "NOT"
		if p.tok.kind == tMinus {
			op = "-"
		}
		pos := p.tok.pos
		p.next()
		if !p.startsTerm() {
			return nil, p.expected(pos, op)
		}
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return group(notNode{x}, pos)
	case tLParen:
		pos := p.tok.pos
		p.next()
		if p.tok.kind == tRParen {
			return nil, errorf(pos, "empty parentheses")
		}
		x, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			if p.tok.kind == tEOF {
				return nil, errorf(pos, "unclosed (")
			}
			return nil, errorf(p.tok.pos, "unexpected %s", p.tok.describe())
		}
		p.next()
		return x, nil
	}
	return p.term()
}

func (p *parser) term() (node, error) {
	t := p.tok
	p.terms++
	if p.terms > MaxTerms {
		return nil, errorf(t.pos, "more than %d terms", MaxTerms)
	}
	switch t.kind {
	case tErr:
		return nil, t.err
	case tWord, tPhrase:
		words := Tokens(t.text)
		if len(words) == 0 {
			return nil, errorf(t.pos, "%q has no letters or digits to search for", t.text)
		}
		p.next()
		if len(words) == 1 {
			return wordNode(words[0]), nil
		}
		return phraseNode(words), nil
	case tField:
		n, err := p.fieldNode(t)
		if err != nil {
			return nil, err
		}
		p.next()
		return n, nil
	}
	return nil, errorf(t.pos, "unexpected %s", t.describe())
}

func (p *parser) fieldNode(t token) (node, error) {
	needArg := func() error {
		if t.arg == "" && !t.argQuoted {
			return errorf(t.argPos, "%s: needs a value", t.text)
		}
		return nil
	}
	noOp := func() error {
		if t.op != "" {
			return errorf(t.valPos-len(t.op), "%s: takes no comparison", t.text)
		}
		if !t.hasColo {
			return errorf(t.pos+len(t.text), "expected : after %s", t.text)
		}
		return nil
	}
	switch t.text {
	case "entity", "id", "source", "lang", "story", "type", "watch":
		if err := noOp(); err != nil {
			return nil, err
		}
		if err := needArg(); err != nil {
			return nil, err
		}
		switch t.text {
		case "entity":
			return fieldNode{kind: fEntity, s: asciiLower(t.arg)}, nil
		case "id":
			return fieldNode{kind: fEntityID, s: t.arg}, nil
		case "source":
			return fieldNode{kind: fSource, s: t.arg}, nil
		case "lang":
			return fieldNode{kind: fLang, s: strings.ToLower(t.arg)}, nil
		case "story":
			return fieldNode{kind: fStory, s: t.arg}, nil
		case "type":
			typ := strings.ToUpper(t.arg)
			switch typ {
			case "PERSON", "ORG", "LOC", "NORP":
				return fieldNode{kind: fType, s: typ}, nil
			}
			return nil, errorf(t.argPos, "type:%s: want PERSON, ORG, LOC or NORP", t.arg)
		case "watch":
			switch strings.ToLower(t.arg) {
			case "true", "yes":
				return fieldNode{kind: fWatch, b: true}, nil
			case "false", "no":
				return fieldNode{kind: fWatch, b: false}, nil
			}
			return nil, errorf(t.argPos, "watch:%s: want true or false", t.arg)
		}
	case "money", "figure":
		f := fieldNode{kind: fMoney}
		if t.text == "figure" {
			f.kind = fFigure
		}
		if t.hasColo {
			if err := needArg(); err != nil {
				return nil, err
			}
			if t.arg == "" {
				// figure:"" would be written back as the bare word
				// "figure": an empty unit is no unit to search for.
				return nil, errorf(t.argPos, "%s: needs a %s", t.text, map[string]string{"money": "currency", "figure": "unit"}[t.text])
			}
			f.s = t.arg
			if f.kind == fMoney {
				f.s = strings.ToUpper(t.arg)
				if len(f.s) != 3 || strings.IndexFunc(f.s, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
					return nil, errorf(t.argPos, "money:%s: want an ISO 4217 currency code such as GBP", t.arg)
				}
			} else {
				f.s = strings.ToLower(t.arg)
			}
		}
		if t.op == "" {
			if !t.hasColo {
				return nil, errorf(t.pos+len(t.text), "%s needs :<%s> or a comparison such as %s>=100", t.text,
					map[string]string{"money": "currency", "figure": "unit"}[t.text], t.text)
			}
			return f, nil
		}
		op, ok := parseOp(t.op)
		if !ok {
			return nil, errorf(t.valPos-len(t.op), "unknown comparison %q", t.op)
		}
		v, err := parseNumber(t.val)
		if err != nil {
			return nil, errorf(t.valPos, "%s%s%s: %v", t.text, t.op, t.val, err)
		}
		f.op, f.num, f.hasNum = op, v, true
		return f, nil
	case "published":
		if !t.hasColo || t.arg != "" && t.op != "" {
			return nil, errorf(t.pos+len(t.text), "write published:>=2024-05-01 (or published:2024-05-01 for a day)")
		}
		val, pos := t.val, t.valPos
		op := opEq
		if t.op != "" {
			var ok bool
			if op, ok = parseOp(t.op); !ok {
				return nil, errorf(t.valPos-len(t.op), "unknown comparison %q", t.op)
			}
		} else {
			val, pos = t.arg, t.argPos
		}
		if val == "" {
			return nil, errorf(pos, "published: needs a date")
		}
		from, to, err := parseTime(val, p.now)
		if err != nil {
			return nil, errorf(pos, "published: %v", err)
		}
		// Every comparison becomes a half-open interval [lo, hi).
		f := fieldNode{kind: fPublished}
		switch op {
		case opEq:
			f.lo, f.hi = from, to
		case opGE:
			f.lo = from
		case opGT:
			f.lo = to
		case opLT:
			f.hi = from
		case opLE:
			f.hi = to
		}
		return f, nil
	}
	return nil, errorf(t.pos, "unknown field %q", t.text)
}

// Tokens splits text into the lower-cased words that word terms match:
// runs of letters, digits and marks (a word searched for must be one of
// them).
func Tokens(text string) []string {
	var out []string
	eachToken(text, func(w string, _, _ int) { out = append(out, w) })
	return out
}
