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

// TestLateOriginalEndToEnd drops the copy before its original: the copy
// is stored first without duplicate_of; when the original (published
// earlier) comes, it is stored without one either, and the copy is stored
// again, revised to name it, in the same story, which counts it a copy.
func TestLateOriginalEndToEnd(t *testing.T) {
	p := startPipeline(t, harness.Config{Story: true})
	dropSample(t, p, "harbour-bridge-closure.syndicated.json")
	first := waitForArticles(t, p.SinkFile(), 1, 90*time.Second)
	for _, a := range first {
		if a.DuplicateOf != "" {
			t.Fatalf("the copy, alone: duplicate_of %q, want none", a.DuplicateOf)
		}
	}
	dropSample(t, p, "harbour-bridge-closure.html")
	var orig, copied *article.Article
	for deadline := time.Now().Add(90 * time.Second); ; {
		orig, copied = nil, nil
		for _, a := range readArticles(t, p.SinkFile()) {
			switch a.Title {
			case "Harbour bridge to close for six weeks of repairs":
				orig = a
			case "Portmere bridge shut for six weeks as cables replaced":
				copied = a
			}
		}
		if orig != nil && copied != nil && copied.DuplicateOf != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90s: original %v, copy %+v; want the copy revised to name the original", orig != nil, copied)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if orig.DuplicateOf != "" || orig.StoryID != copied.StoryID {
		t.Errorf("original: duplicate_of %q, story %q; want none and the copy's story %q", orig.DuplicateOf, orig.StoryID, copied.StoryID)
	}
	if copied.DuplicateOf != orig.ID || copied.Similarity < 0.5 {
		t.Errorf("copy: duplicate_of %q, similarity %.3f; want %s, >= 0.5", copied.DuplicateOf, copied.Similarity, orig.ID)
	}

	conn := connect(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kv, err := conn.OpenKeyValue(ctx, article.StoryBucket)
	if err != nil {
		t.Fatal(err)
	}
	data, ok, err := kv.Get(ctx, article.StoryKey(copied.StoryID))
	if err != nil || !ok {
		t.Fatalf("story %s in the bucket: %v, %v", copied.StoryID, ok, err)
	}
	var s article.Story
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.Articles != 2 || s.Copies != 1 || s.Title != orig.Title {
		t.Errorf("story record %+v: want 2 articles, 1 copy, the original's title", s)
	}
}
