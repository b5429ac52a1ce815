package cluster

import (
	"cmp"
	"slices"
	"time"
)

// record is what the state keeps of one article ("a.<id>"): the answer it
// got, so a replayed article gets the same one, and its sketch, so later
// copies can be compared with it.
type record struct {
	ID          string    `json:"id"`
	Story       string    `json:"story"`
	DuplicateOf string    `json:"duplicate_of,omitempty"`
	Similarity  float64   `json:"similarity,omitempty"`
	Time        time.Time `json:"time"`
	Fetched     time.Time `json:"fetched"`
	// Head is the earliest article of this one's copy group (itself when
	// it is the first), with its times, so a later copy need not read it.
	Head        string    `json:"head"`
	HeadTime    time.Time `json:"head_time"`
	HeadFetched time.Time `json:"head_fetched"`
	Sketch      []byte    `json:"sketch"`
}

// Story is a story's record ("s.<id>"): what `newswire stories` shows and
// what later articles are compared with.
type Story struct {
	ID string `json:"id"`
	// First and Last are the earliest and latest published times of its
	// articles (fetched times for articles without one).
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Title is the title of its earliest article: the representative one.
	Title     string    `json:"title"`
	TitleTime time.Time `json:"title_time"`
	Articles  int       `json:"articles"`
	// Copies counts articles that copy another.
	Copies int `json:"copies"`
	// Sources counts articles per source name (at most maxSources names).
	Sources map[string]int `json:"sources"`
	// Entities counts articles per entity, most named first.
	Entities []EntityCount `json:"entities,omitempty"`
	// Centroid is the sum of its articles' vectors.
	Centroid Vector `json:"centroid"`
}

// EntityCount is an entity and the number of a story's articles naming it.
type EntityCount struct {
	Type      string `json:"type"`
	Canonical string `json:"canonical"`
	Articles  int    `json:"articles"`
}

const (
	maxSources  = 1024
	maxEntities = 24
)

// addEntities counts each entity of names once into the story's list,
// which keeps the maxEntities most named.
func (s *Story) addEntities(names []EntityCount) {
	for _, n := range names {
		i := slices.IndexFunc(s.Entities, func(e EntityCount) bool { return e.Canonical == n.Canonical && e.Type == n.Type })
		if i < 0 {
			s.Entities = append(s.Entities, EntityCount{Type: n.Type, Canonical: n.Canonical, Articles: 1})
			continue
		}
		s.Entities[i].Articles++
	}
	slices.SortStableFunc(s.Entities, func(a, b EntityCount) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		return cmp.Compare(a.Canonical, b.Canonical)
	})
	if len(s.Entities) > maxEntities {
		s.Entities = s.Entities[:maxEntities]
	}
}

// storyRef is one entry of a term's list ("t.<hash>"): a story indexed
// under the term, with the latest time of its articles.
type storyRef struct {
	Story string    `json:"s"`
	Last  time.Time `json:"t"`
	// At is when the entry was written (wall clock): a story listed a
	// moment ago whose record is not there yet is being started by
	// another replica, and is waited for.
	At time.Time `json:"at"`
}

// maxRefs bounds a term's list to its most recently active stories.
const maxRefs = 16

// withRef returns refs with the story added or its time raised, keeping the
// maxRefs most recent.
func withRef(refs []storyRef, id string, last, now time.Time) []storyRef {
	out := slices.Clone(refs)
	if i := slices.IndexFunc(out, func(r storyRef) bool { return r.Story == id }); i >= 0 {
		if last.After(out[i].Last) {
			out[i].Last = last
		}
		out[i].At = now
	} else {
		out = append(out, storyRef{Story: id, Last: last, At: now})
	}
	slices.SortStableFunc(out, func(a, b storyRef) int {
		if c := b.Last.Compare(a.Last); c != 0 {
			return c
		}
		return cmp.Compare(a.Story, b.Story)
	})
	if len(out) > maxRefs {
		out = out[:maxRefs]
	}
	return out
}

// earlier reports whether an article published at t1 and fetched at f1
// comes strictly before one published at t2 and fetched at f2.
func earlier(t1, f1, t2, f2 time.Time) bool {
	if !t1.Equal(t2) {
		return t1.Before(t2)
	}
	return f1.Before(f2)
}
