// Package tsvector builds PostgreSQL text-search vectors in Go, equal to
// what PostgreSQL 15's to_tsvector('simple', ...) builds in a UTF-8
// database whose LC_CTYPE is C, so the sink can send the vector instead
// of having the server parse every article's text (most of the server's
// time per article). Parse ports the default parser (parser.go) and the
// 'simple' configuration (every token type but blank, tag, protocol and
// entity, lower-cased by ASCII rules, no stop words); Vector's methods
// port setweight and the || operator. Elsewhere (another LC_CTYPE, which
// changes what a letter is and how words are lower-cased, or another
// server version) the vectors may differ: the caller checks Supported.
//
// The code ports PostgreSQL's, under the PostgreSQL Licence: see NOTICE.
package tsvector

import (
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// Limits of a tsvector (src/include/tsearch/ts_type.h).
const (
	maxStrLen   = 1<<11 - 1 // MAXSTRLEN: a longer token is not indexed
	maxEntryPos = 1 << 14   // MAXENTRYPOS: positions are cut at maxEntryPos-1
	maxNumPos   = 256       // MAXNUMPOS
)

// Weight is a position's weight, as setweight takes it.
type Weight uint16

// The weights, in their two-bit binary encoding.
const (
	D Weight = 0
	C Weight = 1
	B Weight = 2
	A Weight = 3
)

// Lexeme is a word of a vector and its positions, each the position in
// its low 14 bits and the weight in the high 2: WordEntryPos, as
// tsvector's binary format carries it.
type Lexeme struct {
	Word string
	Pos  []uint16
}

// Vector is a tsvector: lexemes in PostgreSQL's order (bytewise, a prefix
// first), each with its positions in increasing order.
type Vector []Lexeme

// Supported reports whether Parse builds what a server does, from the
// server's SHOW server_version_num, server_encoding and lc_ctype: the port
// is of PostgreSQL 15, and a database of another LC_CTYPE classifies and
// lower-cases non-ASCII letters by its locale.
func Supported(versionNum int, encoding, ctype string) bool {
	return versionNum/10000 == 15 && encoding == "UTF8" && (ctype == "C" || ctype == "POSIX")
}

// mapped lists the token types the 'simple' configuration indexes
// (pg_ts_config_map): all but blank, tag, protocol and entity.
var mapped = [tokXMLEntity + 1]bool{
	tokASCIIWord: true, tokWord: true, tokNumWord: true, tokEmail: true, tokURL: true,
	tokHost: true, tokScientific: true, tokVersionNumber: true, tokNumPartHWord: true,
	tokPartHWord: true, tokASCIIPartHWord: true, tokNumHWord: true, tokASCIIHWord: true,
	tokHWord: true, tokURLPath: true, tokFilePath: true, tokDecimal: true,
	tokSignedInt: true, tokUnsignedInt: true,
}

// Parse returns to_tsvector('simple', s) for valid UTF-8 s without NUL
// bytes (text cannot hold others): parsetext's positions, one per indexed
// token, and make_tsvector's uniqueWORD.
func Parse(s string) Vector {
	var p Parser
	return p.Parse(s)
}

// Parser is Parse with its working memory kept from one call to the next,
// which spares a caller that parses many texts most of the allocation
// (and the garbage collection) of each. The zero value is ready to use;
// a Parser is not safe for concurrent use. The vectors it returns share
// nothing with it.
type Parser struct {
	index map[string]int32
	words []string // lexemes, in order of first appearance
	seq   []int32  // the lexeme of each position, from 1
	count []int32
	n     []int32
	order []indexed
	buf   []byte
}

// Parse is the package's Parse.
func (pr *Parser) Parse(s string) Vector {
	p := newParser(s)
	if pr.index == nil {
		pr.index = make(map[string]int32, len(s)/8)
	} else {
		clear(pr.index)
	}
	index := pr.index
	words := pr.words[:0]
	if cap(words) == 0 {
		words = make([]string, 0, len(s)/8)
	}
	seq := pr.seq[:0]
	if cap(seq) == 0 {
		seq = make([]int32, 0, len(s)/4)
	}
	buf := pr.buf
	defer func() {
		clear(words) // let the texts go
		pr.words, pr.seq, pr.buf = words[:0], seq[:0], buf[:0]
	}()
	for p.get() {
		if !mapped[p.typ] {
			continue
		}
		tok := s[p.token : p.token+p.lenbytetoken]
		if len(tok) >= maxStrLen {
			continue // "word is too long to be indexed"
		}
		if hasUpper(tok) {
			buf = lower(buf[:0], tok)
			i, ok := index[string(buf)]
			if !ok {
				i = int32(len(words))
				w := string(buf)
				index[w] = i
				words = append(words, w)
			}
			seq = append(seq, i)
			continue
		}
		i, ok := index[tok]
		if !ok {
			i = int32(len(words))
			index[tok] = i
			words = append(words, tok)
		}
		seq = append(seq, i)
	}
	clear(index) // let the texts go
	// Each lexeme's positions, in one array: counts, then offsets.
	count := grow(pr.count, len(words)+1)
	for _, w := range seq {
		count[w+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	all := make([]uint16, len(seq))
	n := grow(pr.n, len(words)) // positions kept so far
	for k, w := range seq {
		at := uint16(min(k+1, maxEntryPos-1))
		pos := all[count[w] : count[w]+n[w]]
		// uniqueWORD: at most MAXNUMPOS-1 positions, none after the
		// last one, and no position twice.
		if len(pos) > 0 {
			if last := pos[len(pos)-1]; len(pos) >= maxNumPos-1 || last == maxEntryPos-1 || last == at {
				continue
			}
		}
		all[count[w]+n[w]] = at
		n[w]++
	}
	// Sorted with each word beside its index, not through it: the
	// comparisons read adjacent memory.
	order := pr.order[:0]
	for i, w := range words {
		order = append(order, indexed{w, int32(i)})
	}
	slices.SortFunc(order, func(a, b indexed) int { return strings.Compare(a.word, b.word) })
	v := make(Vector, len(words)) // not nil even when empty: nil is NULL
	for i, o := range order {
		w := o.i
		v[i] = Lexeme{Word: o.word, Pos: all[count[w] : count[w]+n[w] : count[w]+n[w]]}
	}
	clear(order) // let the texts go
	pr.count, pr.n, pr.order = count, n, order[:0]
	return v
}

// indexed is a lexeme and its index in Parser.words.
type indexed struct {
	word string
	i    int32
}

// grow returns s with length n, all zero, reusing its array if it can.
func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// lower is the 'simple' dictionary's str_tolower under LC_CTYPE C
// (asc_tolower): ASCII letters only.
func lower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf = append(buf, b)
	}
	return buf
}

// SetWeight is setweight(v, w): every position gets weight w. It changes
// v in place and returns it.
func (v Vector) SetWeight(w Weight) Vector {
	for _, l := range v {
		for j, p := range l.Pos {
			l.Pos[j] = p&(maxEntryPos-1) | uint16(w)<<14
		}
	}
	return v
}

// Concat is a || b (tsvector_concat): b's positions are shifted past a's
// greatest, and a lexeme in both has a's positions then b's, at most
// MAXNUMPOS and none after the last possible position.
func Concat(a, b Vector) Vector {
	maxpos := 0
	for _, l := range a {
		for _, p := range l.Pos {
			maxpos = max(maxpos, int(p&(maxEntryPos-1)))
		}
	}
	total := 0
	for _, l := range b {
		total += len(l.Pos)
	}
	for _, l := range a {
		total += len(l.Pos)
	}
	pool := make([]uint16, 0, total) // the new positions, never grown
	out := make(Vector, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var c int
		switch {
		case i == len(a):
			c = 1
		case j == len(b):
			c = -1
		default:
			c = strings.Compare(a[i].Word, b[j].Word)
		}
		if c < 0 {
			out = append(out, a[i])
			i++
			continue
		}
		pos := pool[len(pool):len(pool)]
		word := b[j].Word
		if c == 0 {
			pos = append(pos, a[i].Pos...)
			i++
		}
		pos = addPos(pos, b[j].Pos, maxpos)
		j++
		pool = pool[:len(pool)+len(pos)]
		out = append(out, Lexeme{Word: word, Pos: pos[:len(pos):len(pos)]})
	}
	return out
}

// addPos is add_pos: src's positions shifted by maxpos appended to dst.
func addPos(dst, src []uint16, maxpos int) []uint16 {
	for _, p := range src {
		if len(dst) >= maxNumPos || len(dst) > 0 && dst[len(dst)-1]&(maxEntryPos-1) == maxEntryPos-1 {
			break
		}
		at := min(int(p&(maxEntryPos-1))+maxpos, maxEntryPos-1)
		dst = append(dst, p&^(maxEntryPos-1)|uint16(at))
	}
	return dst
}

// String returns v as PostgreSQL's tsvector output shows it, such as
// 'cat':3A 'fat':2,4.
func (v Vector) String() string {
	var b strings.Builder
	for i, l := range v {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		for k := 0; k < len(l.Word); k++ {
			if l.Word[k] == '\'' || l.Word[k] == '\\' {
				b.WriteByte(l.Word[k])
			}
			b.WriteByte(l.Word[k])
		}
		b.WriteByte('\'')
		for j, p := range l.Pos {
			if j == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p & (maxEntryPos - 1))))
			if w := p >> 14; w != 0 {
				b.WriteByte("DCBA"[w])
			}
		}
	}
	return b.String()
}

// TSVectorValue implements pgtype.TSVectorValuer, so a Vector is a query
// argument of type tsvector (sent in the binary format) and []Vector one of
// type tsvector[]. A nil Vector is NULL.
func (v Vector) TSVectorValue() (pgtype.TSVector, error) {
	if v == nil {
		return pgtype.TSVector{}, nil
	}
	ls := make([]pgtype.TSVectorLexeme, len(v))
	n := 0
	for _, l := range v {
		n += len(l.Pos)
	}
	all := make([]pgtype.TSVectorPosition, 0, n)
	for i, l := range v {
		start := len(all)
		for _, p := range l.Pos {
			all = append(all, pgtype.TSVectorPosition{Position: p & (maxEntryPos - 1), Weight: pgtype.TSVectorWeight("DCBA"[p>>14])})
		}
		ls[i] = pgtype.TSVectorLexeme{Word: l.Word, Positions: all[start:len(all):len(all)]}
	}
	return pgtype.TSVector{Lexemes: ls, Valid: true}, nil
}

// AppendBinary appends v in tsvector's binary format (tsvectorsend): the
// lexeme count, then each lexeme NUL-terminated, its position count and
// its positions, big-endian.
func (v Vector) AppendBinary(b []byte) []byte {
	n := 4
	for _, l := range v {
		n += len(l.Word) + 3 + 2*len(l.Pos)
	}
	b = slices.Grow(b, n)
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	for _, l := range v {
		b = append(b, l.Word...)
		b = append(b, 0)
		b = binary.BigEndian.AppendUint16(b, uint16(len(l.Pos)))
		for _, p := range l.Pos {
			b = binary.BigEndian.AppendUint16(b, p)
		}
	}
	return b
}
