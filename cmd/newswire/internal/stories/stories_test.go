package stories

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
)

var now = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

func story(id string, articles int, last time.Duration) article.Story {
	return article.Story{ID: id, Title: "Title " + id, Articles: articles, First: now.Add(-last - time.Hour), Last: now.Add(-last),
		Sources: map[string]int{"a": articles - 1, "b": 1}}
}

func TestTop(t *testing.T) {
	all := []article.Story{story("old", 50, 30*time.Hour), story("small", 2, time.Hour), story("big", 9, 2*time.Hour),
		story("tie-late", 2, 30*time.Minute), story("empty", 0, 0)}
	var ids []string
	for _, s := range Top(all, now.Add(-24*time.Hour), 3) {
		ids = append(ids, s.ID)
	}
	if diff := cmp.Diff([]string{"big", "tie-late", "small"}, ids); diff != "" {
		t.Errorf("Top (-want +got):\n%s", diff)
	}
}

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTop(&b, []article.Story{story("big", 9, 0)}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Title big") || !strings.Contains(b.String(), "9 ") {
		t.Errorf("WriteTop = %q", b.String())
	}
	b.Reset()
	s := story("big", 9, 0)
	s.Entities = []article.StoryEntity{{Type: "PERSON", Canonical: "Ada Lovelace", Articles: 4}}
	if err := WriteStory(&b, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"story     big", "articles  9 (0 copies)", "sources   2", "a  8", "Ada Lovelace  PERSON  4"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteStory output lacks %q:\n%s", want, b.String())
		}
	}
}
