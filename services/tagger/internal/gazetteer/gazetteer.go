// Package gazetteer holds the named places, groups and organisations the
// tagger knows by name: countries with their aliases and demonyms
// (mledoze/countries, ODbL 1.0), cities (GeoNames.org, CC BY), and small
// hand lists of regions, religious and political groups and international
// organisations. It finds the longest listed name at a token position and
// gives each name's canonical form and identifier.
package gazetteer

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// Kind says what sort of thing a listed name denotes.
type Kind uint8

// The kinds of entries, in the order their features are numbered.
const (
	KindCountry    Kind = iota + 1 // a sovereign state or territory (LOC, ISO code)
	KindRegion                     // a continent, region or US state (LOC)
	KindCity                       // a GeoNames city of 15,000 people or more (LOC)
	KindDemonym                    // a nationality adjective or plural (NORP, ISO code)
	KindGroup                      // a religious, ethnic or political group (NORP)
	KindOrg                        // an international organisation (ORG)
	KindCompany                    // a listed company (ORG, "ticker:EXCHANGE:SYMBOL")
	KindParty                      // a political party (ORG, "partyfacts:<id>")
	KindClub                       // a football club (ORG, "club:<country>:<slug>")
	KindUniversity                 // a university (ORG, "univ:<web domain>")
	KindPerson                     // a listed person (PERSON, "wikidata:<Q-id>")
	numKinds
)

// NumKinds is one more than the largest Kind, for sizing feature tables.
const NumKinds = int(numKinds)

var kindNames = [...]string{"", "country", "region", "city", "demonym", "group", "org", "company", "party", "club", "university", "person"}

// String returns the kind's name as written in the list file.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind" + strconv.Itoa(int(k))
}

// Type returns the article entity type of the kind.
func (k Kind) Type() string {
	switch k {
	case KindDemonym, KindGroup:
		return article.EntityNORP
	case KindOrg, KindCompany, KindParty, KindClub, KindUniversity:
		return article.EntityOrg
	case KindPerson:
		return article.EntityPerson
	default:
		return article.EntityLoc
	}
}

func parseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if i > 0 && n == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// Entry is one listed thing.
type Entry struct {
	Kind Kind
	// ID is an ISO 3166-1 alpha-2 code for countries and demonyms,
	// "geonames:<id>" for cities, and for the other kinds the scheme their
	// constant names; empty for hand-listed regions, groups and bodies.
	ID string
	// Canonical is the preferred name ("United States").
	Canonical string
	// Pop ranks entries that share a name: for cities a population class,
	// 1 (under 100k), 2 (under 1M) or 3; for countries and demonyms 3 for
	// sovereign states and 1 for territories.
	Pop uint8
}

type ref struct {
	entry int32
	// upper marks names written in capitals ("US", "UN"): they match only
	// tokens with no lower-case letter, so the pronoun "us" is not a country.
	upper bool
}

// Gazetteer is an immutable name index, safe for concurrent use.
type Gazetteer struct {
	// list is the list the gazetteer was read from, and lines holds where
	// each entry's line starts in it: an entry is read from its line when
	// a match needs it. A table of the 47,716 embedded entries, filled at
	// load, was 2.3 MB of fresh memory, a quarter of the process's page
	// faults before it tagged a word; the offsets are 190 KB.
	list  string
	lines []uint32
	// index holds, under the hash of a run of folded tokens, the entries
	// listed by that name and whether the run begins a longer name: a
	// lookup costs one probe a token and stops as soon as no longer name
	// can match.
	index  index
	maxLen int
}

// embedded is the list as the trainer writes it, kept uncompressed: its
// entries' strings are slices of it, read in place from the binary, so
// loading neither inflates it nor copies it to fresh memory (a first
// touch of a 4 KB page costs 11 to 18 µs on the machines measured).
//
//go:embed list.tsv
var embedded string

// embeddedIndex is the index of embedded as WriteIndex writes it: Load
// reads the entries from the list and places the index's nodes as they
// are, without tokenizing or hashing a name.
//
//go:embed list.idx
var embeddedIndex []byte

// Load returns the gazetteer built into the binary.
func Load() (*Gazetteer, error) {
	g, err := newGazetteer(embedded)
	if err != nil {
		return nil, err
	}
	// The lines are not parsed here, only found: TestEntries parses every
	// line of the embedded list as Read does (entry relies on it), and
	// parsing them at each start was a fifth of loading.
	g.lines = lineStarts(embedded, g.lines)
	if g.index, g.maxLen, err = readIndex(embeddedIndex, len(g.lines)); err != nil {
		return nil, fmt.Errorf("read embedded gazetteer index: %w", err)
	}
	return g, nil
}

// maxLine bounds a line of the list.
const maxLine = 1 << 20

// Read parses a list in the format Write produces: one entry a line,
// "kind<TAB>id<TAB>pop<TAB>canonical<TAB>name|name|...".
func Read(r io.Reader) (*Gazetteer, error) {
	var sb strings.Builder
	if _, err := io.Copy(&sb, r); err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	return parse(sb.String())
}

// parse parses a whole list and builds its index. The entries' strings
// are slices of list.
func parse(list string) (*Gazetteer, error) {
	g, err := newGazetteer(list)
	if err != nil {
		return nil, err
	}
	lines := cap(g.lines)
	// A name makes at most one ref; the embedded list has about 1.35 runs
	// of tokens per name.
	names := lines + strings.Count(list, "|")
	ib := newIndexBuilder(names*3/2, names)
	var toks []token.Token
	// The index takes a line's names while the next line is read: the
	// slots they go to are prefetched a line ahead (the 4 MB table is
	// mostly out of cache, and its slots are met at random).
	var cur, prev lineOps
	err = eachLine(list, func(line, at int, e Entry, f string) error {
		idx := int32(len(g.lines))
		g.lines = append(g.lines, uint32(at))
		cur.line, cur.keys, cur.refs = line, cur.keys[:0], cur.refs[:0]
		for name := range strings.SplitSeq(f, "|") {
			toks = token.Split(name, toks[:0])
			if len(toks) == 0 {
				continue
			}
			h := uint64(0)
			for j, t := range toks {
				h = token.Mix(h, token.Fold(name[t.Start:t.End]))
				if j < len(toks)-1 {
					cur.keys = append(cur.keys, h)
					cur.refs = append(cur.refs, ref{entry: -1}) // a prefix only
				}
			}
			cur.keys = append(cur.keys, h)
			cur.refs = append(cur.refs, ref{entry: idx, upper: len(toks) <= 2 && inCapitals(name)})
			g.maxLen = max(g.maxLen, len(toks))
		}
		ib.prefetch(cur.keys)
		if err := ib.apply(&prev); err != nil {
			return err
		}
		prev, cur = cur, prev
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := ib.apply(&prev); err != nil {
		return nil, err
	}
	g.index = ib.index()
	return g, nil
}

// newGazetteer returns a Gazetteer of list with room for the offsets of
// its lines.
func newGazetteer(list string) (*Gazetteer, error) {
	if uint64(len(list)) > math.MaxUint32 {
		return nil, fmt.Errorf("read gazetteer: %d bytes, at most %d", len(list), uint64(math.MaxUint32))
	}
	return &Gazetteer{list: list, lines: make([]uint32, 0, strings.Count(list, "\n")+1)}, nil
}

// lineStarts appends to dst the offset of each line of list, as eachLine
// numbers them.
func lineStarts(list string, dst []uint32) []uint32 {
	for at := 0; at < len(list); {
		dst = append(dst, uint32(at))
		n := strings.IndexByte(list[at:], '\n')
		if n < 0 {
			break
		}
		at += n + 1
	}
	return dst
}

// eachLine calls fn with each line of list: its number, its offset in
// list, its entry and its names field ("name|name|..."), stopping at the
// first error.
func eachLine(list string, fn func(line, at int, e Entry, names string) error) error {
	line := 0
	for at := 0; at < len(list); {
		line++
		text, _, _ := strings.Cut(list[at:], "\n")
		if len(text) > maxLine {
			return fmt.Errorf("read gazetteer line %d: line too long", line)
		}
		e, names, err := parseLine(text, true)
		if err != nil {
			return fmt.Errorf("parse gazetteer line %d: %w", line, err)
		}
		if err := fn(line, at, e, names); err != nil {
			return err
		}
		at += len(text) + 1
	}
	return nil
}

// parseLine parses a line of the list (without its newline): its entry
// and its names field. With whole unset it does not check that the names
// field is the last, which means reading all of it.
func parseLine(text string, whole bool) (Entry, string, error) {
	text = strings.TrimSuffix(text, "\r")
	f, ok := fields(text)
	if !ok || whole && strings.Contains(f[4], "\t") {
		return Entry{}, "", fmt.Errorf("%d fields, want 5", strings.Count(text, "\t")+1)
	}
	kind, ok := parseKind(f[0])
	if !ok {
		return Entry{}, "", fmt.Errorf("unknown kind %q", f[0])
	}
	pop, err := strconv.Atoi(f[2])
	if err != nil || pop < 0 || pop > 3 {
		return Entry{}, "", fmt.Errorf("bad population class %q", f[2])
	}
	return Entry{Kind: kind, ID: f[1], Canonical: f[3], Pop: uint8(pop)}, f[4], nil
}

// entry returns entry i, parsed again from its line, which eachLine
// checked when the gazetteer was read: its first four fields end at tabs
// within the line, so they are read from the line's start without first
// finding its end, past the names, which an entry does not hold.
func (g *Gazetteer) entry(i int32) Entry {
	e, _, _ := parseLine(g.list[g.lines[i]:], false)
	return e
}

// lineOps are what the names of one line of the list add to the index: for
// each run of tokens a name begins with, its hash and either a ref (the
// whole name) or a ref to entry -1 (a proper prefix).
type lineOps struct {
	line int
	keys []uint64
	refs []ref
}

// apply adds ops to the index, in order, and empties it.
func (b *indexBuilder) apply(ops *lineOps) error {
	for i, h := range ops.keys {
		if r := ops.refs[i]; r.entry < 0 {
			b.markPrefix(h)
		} else if !b.add(h, r) {
			return fmt.Errorf("parse gazetteer line %d: over %d entries under one name", ops.line, maxRefs)
		}
	}
	ops.keys, ops.refs = ops.keys[:0], ops.refs[:0]
	return nil
}

// fields splits a list line at its first four tabs: the fifth field is
// the rest of the line, tabs and all.
func fields(line string) (f [5]string, ok bool) {
	for k := range 4 {
		if f[k], line, ok = strings.Cut(line, "\t"); !ok {
			return f, false
		}
	}
	f[4] = line
	return f, true
}

// inCapitals reports whether strings.ToUpper(s) == s (no rune changes in
// upper case, no invalid UTF-8) without building the copy.
func inCapitals(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.ToUpper(r) != r {
			return false
		}
		i += n
	}
	return true
}

// Len returns the number of entries.
func (g *Gazetteer) Len() int { return len(g.lines) }

// Match finds the longest listed name made of the tokens of text starting
// at toks[i]. It returns how many tokens the name spans (0 for none) and
// calls fn for each entry with that name, most specific kind first
// (countries before cities).
func (g *Gazetteer) Match(text string, toks []token.Token, i int, fn func(Entry)) int {
	h := uint64(0)
	best, bestRefs := 0, refList(nil)
	for j := i; j < len(toks) && j-i < g.maxLen; j++ {
		h = token.Mix(h, token.Fold(text[toks[j].Start:toks[j].End]))
		nd, _ := g.index.lookup(h)
		if nd.refs.len() > 0 && matches(nd.refs, text, toks[i:j+1]) {
			best, bestRefs = j-i+1, nd.refs
		}
		if !nd.prefix {
			break
		}
	}
	if best == 0 {
		return 0
	}
	if fn != nil {
		upper := noLower(text, toks[i:i+best])
		for k := range bestRefs.len() {
			if r := bestRefs.at(k); !r.upper || upper {
				fn(g.entry(r.entry))
			}
		}
	}
	return best
}

// PrefetchBegins starts fetching into cache what Begins reads for each of
// the token.Fold hashes of folded, for calls a little later: it changes
// no result.
func (g *Gazetteer) PrefetchBegins(folded []uint64) {
	var keys [16]uint64
	for len(folded) > 0 {
		n := copy(keys[:], folded)
		for i := range n {
			keys[i] = token.Mix(0, keys[i])
		}
		g.index.prefetch(keys[:n])
		folded = folded[n:]
	}
}

// Begins reports whether some listed name begins with a token whose
// token.Fold is folded: where it does not, Match there finds nothing.
func (g *Gazetteer) Begins(folded uint64) bool {
	_, ok := g.index.lookup(token.Mix(0, folded))
	return ok
}

// Lookup returns the entries listed under name (matched case-insensitively,
// except capitalised short names), and whether there were any.
func (g *Gazetteer) Lookup(name string, dst []Entry) []Entry {
	toks := token.Split(name, make([]token.Token, 0, 8))
	if len(toks) == 0 {
		return dst
	}
	if g.Match(name, toks, 0, func(e Entry) { dst = append(dst, e) }) != len(toks) {
		return dst[:0]
	}
	return dst
}

// matches reports whether one of refs, the entries of the name the tokens
// spell, may be the tokens: an entry asking for capitals only if the
// tokens have no lower-case letter.
func matches(refs refList, text string, toks []token.Token) bool {
	upper := -1
	for k := range refs.len() {
		r := refs.at(k)
		if !r.upper {
			return true
		}
		if upper < 0 {
			upper = 0
			if noLower(text, toks) {
				upper = 1
			}
		}
		if upper == 1 {
			return true
		}
	}
	return false
}

func noLower(text string, toks []token.Token) bool {
	for _, t := range toks {
		for _, r := range text[t.Start:t.End] {
			if r >= 'a' && r <= 'z' || r > 127 && strings.ToUpper(string(r)) != string(r) {
				return false
			}
		}
	}
	return true
}
