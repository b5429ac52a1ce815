// Package watchtest holds the watch-list test list (testdata/watchlist.yaml:
// 225 entities, built by testdata/mklist.py from two gazetteers that may
// ship, plus hand-written entries) and the cases every user of the list
// measures against: each alias in several placements that must be found,
// and each ambiguous alias without its evidence, which must not.
package watchtest

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/watch"
)

//go:embed testdata/watchlist.yaml
var list []byte

// List returns the test list's YAML.
func List() []byte { return slices.Clone(list) }

// Matcher builds the test list's matcher.
func Matcher() (*watch.Matcher, error) { return watch.Load(list, watch.Options{}) }

// Case is one text to tag. A recall case must yield a watched mention of
// ID at exactly [Start, End); a rejection case must yield none of ID.
type Case struct {
	Name       string
	Text       string
	ID         string
	Start, End int
}

// placements put an alias into news text: mid-sentence, opening it, in an
// ALL-CAPS headline, inside a longer name, before a hyphen, before a
// typographic possessive.
var placements = []struct {
	name, before, after string
	upper               bool
}{
	{"mid-sentence", "Shares of ", " rose 3% on Monday after the results.", false},
	{"sentence start", "", " said on Tuesday it would cut 500 jobs.", false},
	{"all caps", "BREAKING: ", " UNDER PRESSURE AS MARKETS FALL", true},
	{"inside a longer name", "A spokesman for the ", " Pension Fund declined to comment.", false},
	{"before a hyphen", "The ", "-backed venture opened in May.", false},
	{"possessive", "Investors cheered ", "\u2019s plan on Wednesday.", false},
}

// Cases returns the recall cases (every alias of every entity, names
// included, in every placement; an ambiguous alias with one of its context
// words in the next sentence) and the rejection cases (every ambiguous
// alias in a sentence with no context word and no other alias of its
// entity).
func Cases(entities []watch.Entity) (recall, reject []Case) {
	for _, e := range entities {
		type alias struct {
			s     string
			gated bool
		}
		var all []alias
		for _, a := range e.Aliases {
			all = append(all, alias{a, false})
		}
		for _, a := range e.Ambiguous {
			all = append(all, alias{a, true})
		}
		for _, a := range all {
			for _, p := range placements {
				s, after := a.s, p.after
				if p.upper {
					s = strings.ToUpper(s)
				}
				if a.gated {
					after += " Analysts pointed to " + e.Context[0] + "."
				}
				recall = append(recall, Case{
					Name: fmt.Sprintf("%s %q %s", e.ID, a.s, p.name),
					Text: p.before + s + after, ID: e.ID,
					Start: len(p.before), End: len(p.before) + len(s),
				})
			}
			if a.gated {
				text := a.s + " was mentioned once in a report on Tuesday."
				if !mentionsAny(text, e.Context) && !mentionsAny(text, e.Aliases) {
					reject = append(reject, Case{Name: fmt.Sprintf("%s %q without context", e.ID, a.s), Text: text, ID: e.ID})
				}
			}
		}
	}
	return recall, reject
}

func mentionsAny(text string, words []string) bool {
	text = strings.ToLower(text)
	for _, w := range words {
		if strings.Contains(text, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// Result is how a tagger did on the cases.
type Result struct {
	Found, Recall     int // recall cases found exactly, of Recall
	Rejected, Reject  int // rejection cases with no mention of their entity, of Reject
	Misses, FalseHits []string
}

// Score runs find over the cases of entities.
func Score(entities []watch.Entity, find func(text string) []article.Entity) Result {
	recall, reject := Cases(entities)
	r := Result{Recall: len(recall), Reject: len(reject)}
	for _, c := range recall {
		got := find(c.Text)
		ok := slices.ContainsFunc(got, func(e article.Entity) bool {
			return e.Watch && e.ID == c.ID && e.Start == c.Start && e.End == c.End
		})
		if ok {
			r.Found++
		} else {
			r.Misses = append(r.Misses, fmt.Sprintf("%s: %q gave %v", c.Name, c.Text, got))
		}
	}
	for _, c := range reject {
		got := find(c.Text)
		if slices.ContainsFunc(got, func(e article.Entity) bool { return e.Watch && e.ID == c.ID }) {
			r.FalseHits = append(r.FalseHits, fmt.Sprintf("%s: %q gave %v", c.Name, c.Text, got))
		} else {
			r.Rejected++
		}
	}
	return r
}
