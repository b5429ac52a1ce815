package query

import (
	"slices"
	"strings"
)

// Set is many queries (saved searches) matched together: an article is
// indexed once (NewDoc), and only the queries that could match it are
// evaluated. Each query is filed under anchor keys, one of which every
// article it matches must have (a word, an entity, a currency, ...); a
// query with no such key (only NOT or published: terms) is evaluated on
// every article. A Set is immutable and safe for concurrent use.
type Set struct {
	queries []*Query
	// byWord files queries under a word; byKey under any other key
	// (kind prefix + value), so an article's words are looked up as they
	// are, without building keys.
	byWord map[string][]int32
	byKey  map[string][]int32
	always []int32
}

// NewSet files qs; Match reports matches by their index in qs.
func NewSet(qs []*Query) *Set {
	s := &Set{queries: qs, byWord: map[string][]int32{}, byKey: map[string][]int32{}}
	for i, q := range qs {
		keys, ok := anchors(q.root)
		if !ok {
			s.always = append(s.always, int32(i))
			continue
		}
		for _, k := range keys {
			if w, ok := strings.CutPrefix(k, "w:"); ok {
				s.byWord[w] = append(s.byWord[w], int32(i))
			} else {
				s.byKey[k] = append(s.byKey[k], int32(i))
			}
		}
	}
	return s
}

// Len returns how many queries the set holds.
func (s *Set) Len() int { return len(s.queries) }

// anchors returns keys one of which an article must have to match n, and
// false when there is no such set.
func anchors(n node) ([]string, bool) {
	switch n := n.(type) {
	case andNode:
		// Any child's anchors will do: take the smallest set.
		var best []string
		found := false
		for _, k := range n {
			if keys, ok := anchors(k); ok && (!found || len(keys) < len(best)) {
				best, found = keys, true
			}
		}
		return best, found
	case orNode:
		var all []string
		for _, k := range n {
			keys, ok := anchors(k)
			if !ok {
				return nil, false
			}
			all = append(all, keys...)
		}
		return all, true
	case wordNode:
		return []string{"w:" + string(n)}, true
	case phraseNode:
		// The longest word of the phrase: likely the rarest.
		w := n[0]
		for _, x := range n[1:] {
			if len(x) > len(w) {
				w = x
			}
		}
		return []string{"w:" + w}, true
	case fieldNode:
		switch n.kind {
		case fEntity:
			return []string{"e:" + n.s}, true
		case fEntityID:
			return []string{"i:" + n.s}, true
		case fType:
			return []string{"t:" + n.s}, true
		case fWatch:
			if n.b {
				return []string{"watch"}, true
			}
		case fMoney:
			return []string{"m:" + n.s}, true // "m:" alone: any amount
		case fFigure:
			return []string{"f:" + n.s}, true
		case fSource:
			return []string{"s:" + n.s}, true
		case fLang:
			return []string{"l:" + n.s}, true
		case fStory:
			return []string{"st:" + n.s}, true
		}
	}
	return nil, false
}

// keys calls f with every anchor key d has but its words.
func (d *Doc) keys(f func(string)) {
	key := func(prefix, v string) { f(prefix + v) }
	a := d.a
	key("s:", a.Source.Name)
	if a.Language != "" {
		key("l:", a.Language)
	}
	if a.StoryID != "" {
		key("st:", a.StoryID)
	}
	if a.Tags == nil {
		return
	}
	watch := false
	for i, e := range a.Tags.Entities {
		key("e:", d.canon[i])
		if e.ID != "" {
			key("i:", e.ID)
		}
		key("t:", e.Type)
		watch = watch || e.Watch
	}
	if watch {
		f("watch")
	}
	if len(a.Tags.Money) > 0 {
		f("m:")
	}
	for _, m := range a.Tags.Money {
		key("m:", m.Currency)
	}
	if len(a.Tags.Figures) > 0 {
		f("f:")
	}
	for _, g := range a.Tags.Figures {
		key("f:", g.Unit)
	}
}

// Match returns the indexes (in NewSet's order, ascending) of the queries
// that match d.
func (s *Set) Match(d *Doc) []int {
	seen := make([]bool, len(s.queries))
	var out []int
	try := func(ids []int32) {
		for _, i := range ids {
			if seen[i] {
				continue
			}
			seen[i] = true
			if s.queries[i].Match(d) {
				out = append(out, int(i))
			}
		}
	}
	try(s.always)
	if len(s.byWord) < len(d.pos) {
		for w, ids := range s.byWord {
			if _, ok := d.pos[w]; ok {
				try(ids)
			}
		}
	} else {
		for w := range d.pos {
			try(s.byWord[w])
		}
	}
	d.keys(func(k string) { try(s.byKey[k]) })
	slices.Sort(out)
	return out
}
