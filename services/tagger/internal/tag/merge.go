package tag

import (
	"slices"

	"github.com/newswire/newswire/pkg/article"
)

// merge puts the watch list's mentions among the model's, both sorted by
// start. The watch list wins over the model for its own names: a model
// entity on the same span, inside a watched one or crossing its edge is
// dropped ("Erik" PERSON and "Hag" LOC give way to watched "Erik ten Hag").
// A model entity that strictly contains a watched mention is a longer name
// and stays, with the watched one inside it ("Goldman Sachs Asset
// Management" ORG around watched "Goldman Sachs"). The result is sorted
// by start, a containing entity before those inside it.
func merge(model, watched []article.Entity) []article.Entity {
	if len(watched) == 0 {
		return model
	}
	out := make([]article.Entity, 0, len(model)+len(watched))
	w := 0
	for _, e := range model {
		// watched are sorted and disjoint: skip those that end before e.
		for w < len(watched) && watched[w].End <= e.Start {
			w++
		}
		keep := true
		for k := w; k < len(watched) && watched[k].Start < e.End; k++ {
			x := watched[k]
			contains := e.Start <= x.Start && x.End <= e.End && e.End-e.Start > x.End-x.Start
			if !contains {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	out = append(out, watched...)
	slices.SortStableFunc(out, func(a, b article.Entity) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	return out
}
