package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/test/faults/harness"
)

// TestSyndicatedCopyEndToEnd runs the harbour-bridge sample and another
// outlet's run of the same copy (new headline, a paragraph dropped, a
// correction appended) through the five services: the copy names the
// original in duplicate_of, both share a story, the unrelated sample has
// its own, and the story stage's bucket holds the story.
func TestSyndicatedCopyEndToEnd(t *testing.T) {
	p := startPipeline(t, harness.Config{Story: true})
	dropSample(t, p, "harbour-bridge-closure.html")
	waitForArticles(t, p.SinkFile(), 1, 90*time.Second)
	dropSample(t, p, "harbour-bridge-closure.syndicated.json")
	dropSample(t, p, "central-bank-rates.json")
	arts := waitForArticles(t, p.SinkFile(), 3, 90*time.Second)
	var orig, copied, other *article.Article
	for _, a := range arts {
		switch a.Title {
		case "Harbour bridge to close for six weeks of repairs":
			orig = a
		case "Portmere bridge shut for six weeks as cables replaced":
			copied = a
		default:
			other = a
		}
	}
	if orig == nil || copied == nil || other == nil {
		t.Fatalf("articles %v: want the original, the copy and the central bank article", arts)
	}
	if orig.DuplicateOf != "" || orig.StoryID != orig.ID {
		t.Errorf("original: duplicate_of %q, story %q; want none and its own id %s", orig.DuplicateOf, orig.StoryID, orig.ID)
	}
	if copied.DuplicateOf != orig.ID || copied.Similarity < 0.5 || copied.StoryID != orig.StoryID {
		t.Errorf("copy: duplicate_of %q, similarity %.3f, story %q; want %s, >= 0.5, %s", copied.DuplicateOf, copied.Similarity, copied.StoryID, orig.ID, orig.StoryID)
	}
	if other.StoryID == "" || other.StoryID == orig.StoryID || other.DuplicateOf != "" {
		t.Errorf("central bank article: story %q, duplicate_of %q; want a story of its own", other.StoryID, other.DuplicateOf)
	}

	conn := connect(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kv, err := conn.OpenKeyValue(ctx, article.StoryBucket)
	if err != nil {
		t.Fatal(err)
	}
	data, ok, err := kv.Get(ctx, article.StoryKey(orig.StoryID))
	if err != nil || !ok {
		t.Fatalf("story %s in the bucket: %v, %v", orig.StoryID, ok, err)
	}
	var s article.Story
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.Articles != 2 || s.Copies != 1 || s.Title != orig.Title || len(s.Sources) != 1 {
		t.Errorf("story record %+v: want 2 articles, 1 copy, the original's title, one source (inbox)", s)
	}
}
