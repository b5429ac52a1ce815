// Package watch finds the entities of a user's watch list in text: every
// alias of a watched client, competitor, sanctioned person or brand, with
// the entity's own id, also in ALL-CAPS headlines and inside longer names.
// Aliases that are common words ("Next", "Shell") are accepted only where
// one of the entity's context words is near, or where an unambiguous alias
// of the same entity appears in the text.
//
// It is pure: the list comes in as bytes (YAML or TSV, see Parse) and goes
// out as article entities; reloading and sharing the list are the
// service's business.
package watch

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
)

// Limits of one watch list, so a mistaken file cannot exhaust memory.
const (
	MaxEntities    = 200_000
	MaxAliasRunes  = 128
	MaxIDBytes     = 200
	MaxFileBytes   = 64 << 20
	maxAliasesEach = 1000
)

// Entity is one watched entity as the user lists it.
type Entity struct {
	// ID is the user's identifier, copied to every mention ("client-0042").
	ID string
	// Type is PERSON, ORG, LOC or NORP.
	Type string
	// Name is the canonical name, given to every mention; it is also an
	// alias.
	Name string
	// Aliases are accepted wherever they appear.
	Aliases []string
	// Ambiguous aliases are accepted only near one of Context, or in a text
	// that also holds one of Name and Aliases.
	Ambiguous []string
	// Context words or phrases, matched in any case.
	Context []string

	// Line is where the entity starts in its file (0: unknown), for errors.
	Line int
}

// Types are the entity types a watched entity may have: those of the
// contract.
var Types = []string{article.EntityPerson, article.EntityOrg, article.EntityLoc, article.EntityNORP}

// Error is a problem with one entity of a list.
type Error struct {
	Line  int    // 0 when unknown
	ID    string // "" when it has none
	Field string // "id", "type", "name", "aliases", "ambiguous", "context"
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.ID != "" {
		fmt.Fprintf(&b, "entity %q: ", e.ID)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// maxErrors bounds how many problems one validation reports.
const maxErrors = 20

// errList collects up to maxErrors problems.
type errList struct {
	errs []error
	more int
}

func (l *errList) add(e *Error) {
	if len(l.errs) == maxErrors {
		l.more++
		return
	}
	l.errs = append(l.errs, e)
}

func (l *errList) err() error {
	if l.more > 0 {
		l.errs = append(l.errs, fmt.Errorf("and %d more problems", l.more))
	}
	return errors.Join(l.errs...)
}

// normalize checks e and returns it with its type upper-cased, white space
// trimmed and collapsed, duplicate aliases removed and the name among the
// aliases (unless it is ambiguous).
func normalize(e Entity, errs *errList) (Entity, bool) {
	bad := func(field, format string, args ...any) {
		errs.add(&Error{Line: e.Line, ID: e.ID, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	ok := true
	e.ID = strings.TrimSpace(e.ID)
	switch {
	case e.ID == "":
		bad("id", "missing")
		ok = false
	case len(e.ID) > MaxIDBytes:
		bad("id", "longer than %d bytes", MaxIDBytes)
		ok = false
	case !utf8.ValidString(e.ID) || strings.IndexFunc(e.ID, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		bad("id", "%q holds white space, control characters or invalid UTF-8", e.ID)
		ok = false
	}
	typ := strings.ToUpper(strings.TrimSpace(e.Type))
	known := false
	for _, t := range Types {
		known = known || t == typ
	}
	if !known {
		bad("type", "%q is not one of %s", e.Type, strings.Join(Types, ", "))
		ok = false
	}
	e.Type = typ
	e.Name = collapse(e.Name)
	if e.Name == "" {
		bad("name", "missing")
		ok = false
	}
	clean := func(field string, list []string) []string {
		if len(list) > maxAliasesEach {
			bad(field, "%d entries, at most %d", len(list), maxAliasesEach)
			ok = false
			return nil
		}
		out := make([]string, 0, len(list))
		for _, s := range list {
			s = collapse(s)
			switch {
			case s == "":
				bad(field, "an empty entry")
				ok = false
				continue
			case !utf8.ValidString(s):
				bad(field, "%q is not valid UTF-8", s)
				ok = false
				continue
			case utf8.RuneCountInString(s) > MaxAliasRunes:
				bad(field, "%q is longer than %d characters", s, MaxAliasRunes)
				ok = false
				continue
			case strings.IndexFunc(s, isWord) < 0:
				bad(field, "%q has no letter or digit", s)
				ok = false
				continue
			}
			out = appendNew(out, s)
		}
		return out
	}
	e.Ambiguous = clean("ambiguous", e.Ambiguous)
	e.Context = clean("context", e.Context)
	aliases := clean("aliases", e.Aliases)
	if e.Name != "" && !contains(e.Ambiguous, e.Name) {
		if strings.IndexFunc(e.Name, isWord) < 0 {
			bad("name", "%q has no letter or digit", e.Name)
			ok = false
		} else if utf8.RuneCountInString(e.Name) > MaxAliasRunes {
			bad("name", "longer than %d characters", MaxAliasRunes)
			ok = false
		} else {
			aliases = appendNew([]string{e.Name}, aliases...)
		}
	}
	var plain []string
	for _, a := range aliases {
		if !contains(e.Ambiguous, a) {
			plain = append(plain, a)
		}
	}
	e.Aliases = plain
	if len(e.Ambiguous) > 0 && len(e.Context) == 0 {
		bad("context", "ambiguous aliases need context words that must be near them")
		ok = false
	}
	if len(e.Context) > 0 && len(e.Ambiguous) == 0 {
		bad("context", "context words apply to ambiguous aliases; list those under ambiguous")
		ok = false
	}
	return e, ok
}

// collapse trims s and turns each run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// appendNew appends the entries of add that list lacks.
func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		if !contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}
