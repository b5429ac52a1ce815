package cluster

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/newswire/newswire/pkg/article"
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
	// Sketch is the text's sketch, kept only when the article holds a
	// lookup key (else no later article finds it as a candidate).
	Sketch []byte `json:"sketch,omitempty"`
	// Ref is the caller's reference to the article (AssignRef).
	Ref string `json:"ref,omitempty"`
	// Revised lists the earlier articles this one, arriving after them
	// but published before, revised to name it as their original.
	Revised []string `json:"revised,omitempty"`
}

// result is the answer the record holds.
func (r *record) result() Result {
	return Result{ID: r.ID, DuplicateOf: r.DuplicateOf, Similarity: r.Similarity, StoryID: r.Story, Ref: r.Ref}
}

// centroid is what later articles are compared with ("c.<id>"), apart
// from the story's record so that comparing reads little: the span of the
// story's times and the sum of its articles' vectors, in a compact binary
// form (encode).
type centroid struct {
	First, Last time.Time
	Vector      Vector
}

// encode packs the centroid: first and last as Unix nanoseconds, then per
// term a length byte, the term and its weight as a float32.
func (c centroid) encode() []byte {
	b := make([]byte, 0, 16+len(c.Vector)*16)
	b = binary.LittleEndian.AppendUint64(b, uint64(c.First.UnixNano()))
	b = binary.LittleEndian.AppendUint64(b, uint64(c.Last.UnixNano()))
	for _, t := range c.Vector {
		term := t.T[:min(len(t.T), 255)]
		b = append(b, byte(len(term)))
		b = append(b, term...)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(t.W)))
	}
	return b
}

// decodeCentroid reverses encode.
func decodeCentroid(b []byte) (centroid, error) {
	var c centroid
	if len(b) < 16 {
		return c, errors.New("centroid too short")
	}
	c.First = time.Unix(0, int64(binary.LittleEndian.Uint64(b))).UTC()
	c.Last = time.Unix(0, int64(binary.LittleEndian.Uint64(b[8:]))).UTC()
	for i := 16; i < len(b); {
		n := int(b[i])
		if i+1+n+4 > len(b) {
			return c, errors.New("centroid truncated")
		}
		c.Vector = append(c.Vector, Term{T: string(b[i+1 : i+1+n]), W: float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i+1+n:])))})
		i += 1 + n + 4
	}
	return c, nil
}

const (
	maxSources  = 256
	maxEntities = 24
)

// addEntities counts each entity of names once into the story's list,
// which keeps the maxEntities most named.
func addEntities(s *article.Story, names []article.StoryEntity) {
	for _, n := range names {
		i := slices.IndexFunc(s.Entities, func(e article.StoryEntity) bool { return e.Canonical == n.Canonical && e.Type == n.Type })
		if i < 0 {
			s.Entities = append(s.Entities, article.StoryEntity{Type: n.Type, Canonical: n.Canonical, Articles: 1})
			continue
		}
		s.Entities[i].Articles++
	}
	slices.SortStableFunc(s.Entities, func(a, b article.StoryEntity) int {
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
	Story string
	Last  time.Time
	// At is when the entry was written (wall clock): a story listed a
	// moment ago whose record is not there yet is being started by
	// another replica, and is waited for.
	At time.Time
}

// encodeRefs packs a term's list: per entry a length byte, the story id,
// then Last and At as Unix nanoseconds.
func encodeRefs(refs []storyRef) []byte {
	b := make([]byte, 0, len(refs)*50)
	for _, r := range refs {
		id := r.Story[:min(len(r.Story), 255)]
		b = append(b, byte(len(id)))
		b = append(b, id...)
		b = binary.LittleEndian.AppendUint64(b, uint64(r.Last.UnixNano()))
		b = binary.LittleEndian.AppendUint64(b, uint64(r.At.UnixNano()))
	}
	return b
}

// decodeRefs reverses encodeRefs.
func decodeRefs(b []byte) ([]storyRef, error) {
	var refs []storyRef
	for i := 0; i < len(b); {
		n := int(b[i])
		if i+1+n+16 > len(b) {
			return nil, errors.New("term list truncated")
		}
		refs = append(refs, storyRef{
			Story: string(b[i+1 : i+1+n]),
			Last:  time.Unix(0, int64(binary.LittleEndian.Uint64(b[i+1+n:]))).UTC(),
			At:    time.Unix(0, int64(binary.LittleEndian.Uint64(b[i+1+n+8:]))).UTC(),
		})
		i += 1 + n + 16
	}
	return refs, nil
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
