package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
)

// The stories table follows the articles written with story fields: counts,
// times, the earliest article's title, top entities; a redelivery changes
// nothing, and two writers adding to one story at once lose nothing.
func TestStories(t *testing.T) {
	st, conn, _ := open(t)
	ctx := context.Background()
	mk := func(id, source string, at time.Duration, dup string) *article.Article {
		a := sample(id)
		a.Source.Name = source
		a.PublishedAt = ptr(t0.Add(at))
		a.FetchedAt = t0.Add(at + time.Minute)
		a.StoryID = "s1"
		if dup != "" {
			a.DuplicateOf, a.Similarity = dup, 0.75
		}
		return a
	}
	write(t, st, mk("o", "agency", 0, ""), mk("c1", "outlet-1", time.Hour, "o"))
	// Two writers at once, 300 articles each, on one story.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		wg.Go(func() {
			var batch []*article.Article
			for i := range 300 {
				batch = append(batch, mk(fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf("src-%d", i%7), time.Duration(2+i)*time.Minute, ""))
			}
			_, errs[w] = st.WriteOutcome(ctx, batch)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// A redelivery of the original changes nothing.
	write(t, st, mk("o", "agency", 0, ""))

	got, err := run(conn, `SELECT id, title, articles, sources, copies, first_seen, last_seen, top_entities->0->>'canonical', top_entities->0->>'articles' FROM stories`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"s1", "Title of o", "602", "9", "1", ts(t0), ts(t0.Add(301 * time.Minute)), "Iran", "602"}} // tied with Qassem Soleimani: by name
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stories (-want +got):\n%s", diff)
	}
	got, err = run(conn, `SELECT story_id, duplicate_of, similarity FROM articles WHERE id = 'c1'`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"s1", "o", "0.75"}}, got); diff != "" {
		t.Errorf("article columns (-want +got):\n%s", diff)
	}
	// Articles without the story stage add no story.
	write(t, st, sample("plain"))
	got, err = run(conn, `SELECT count(*) FROM stories`)
	if err != nil {
		t.Fatal(err)
	}
	if got[0][0] != "1" {
		t.Errorf("%s stories after an article without a story, want 1", got[0][0])
	}
}
