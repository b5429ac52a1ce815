// Package searches compiles the saved searches the notifier follows into
// one query.Set, so each article is checked against all of them in one
// pass (only the searches whose anchor words, entities or currencies the
// article has are evaluated). It is pure: the records come in as bytes.
package searches

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/query"
)

// Compiled is a set of saved searches ready to match. It is immutable and
// safe for concurrent use.
type Compiled struct {
	set      *query.Set
	searches []*alert.Search
	byName   map[string]*alert.Search
	// Relative is true when a query has a now-relative time (published:
	// >=now-7d): it must be compiled again as time passes.
	Relative bool
	// Invalid lists the records that could not be used, with why.
	Invalid []error
}

// Compile parses every record (key: the search's name; value: its JSON)
// with now as the time now-relative terms count from. A bad record is
// reported in Invalid and left out; the others still match.
func Compile(records map[string][]byte, now time.Time) *Compiled {
	names := make([]string, 0, len(records))
	for k := range records {
		names = append(names, k)
	}
	slices.Sort(names)
	c := &Compiled{byName: map[string]*alert.Search{}}
	var qs []*query.Query
	for _, name := range names {
		var s alert.Search
		if err := json.Unmarshal(records[name], &s); err != nil {
			c.Invalid = append(c.Invalid, fmt.Errorf("saved search %s: %w", name, err))
			continue
		}
		if s.Name != name {
			c.Invalid = append(c.Invalid, fmt.Errorf("saved search under key %s is named %q", name, s.Name))
			continue
		}
		q, err := s.Validate(now)
		if err != nil {
			c.Invalid = append(c.Invalid, err)
			continue
		}
		if strings.Contains(strings.ToLower(s.Query), "now") {
			c.Relative = true
		}
		qs = append(qs, q)
		c.searches = append(c.searches, &s)
		c.byName[name] = &s
	}
	c.set = query.NewSet(qs)
	return c
}

// Len is the number of usable searches.
func (c *Compiled) Len() int { return len(c.searches) }

// Match returns the searches d matches, in name order.
func (c *Compiled) Match(d *query.Doc) []*alert.Search {
	idx := c.set.Match(d)
	out := make([]*alert.Search, len(idx))
	for i, j := range idx {
		out[i] = c.searches[j]
	}
	return out
}

// ByName returns the search named name, or nil.
func (c *Compiled) ByName(name string) *alert.Search { return c.byName[name] }
