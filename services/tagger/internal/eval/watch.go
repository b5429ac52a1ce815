package eval

import (
	"fmt"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/tagger/internal/tag"
	"github.com/newswire/newswire/services/tagger/internal/watch/watchtest"
)

// Watch measures the user's watch list with the project's own test list
// (225 entities, services/tagger/internal/watch/watchtest; it needs no
// corpus): every alias, names included, in six placements (mid-sentence,
// opening a sentence, ALL-CAPS headline, inside a longer name, before a
// hyphen, before a possessive), tagged through the whole tagger, must come
// out with its entity's id and exact offsets; and every ambiguous alias in
// a sentence with none of its context words must not.
func Watch(string) ([]score.Result, error) {
	t, err := tag.New()
	if err != nil {
		return nil, err
	}
	m, err := watchtest.Matcher()
	if err != nil {
		return nil, fmt.Errorf("watch-list test list: %w", err)
	}
	t.SetWatch(m)
	r := watchtest.Score(m.Entities(), func(text string) []article.Entity { return t.Tag(text, "").Entities })
	suite := fmt.Sprintf("watch list, %d-entity test list", m.Len())
	return []score.Result{
		{Suite: suite + ", exact aliases", Metric: "recall", Value: ratio(r.Found, r.Recall), Cases: r.Recall, Target: 1},
		{Suite: suite + ", ambiguous alias without context", Metric: "rejected", Value: ratio(r.Rejected, r.Reject), Cases: r.Reject, Target: 1},
	}, nil
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
