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

func TestEmptyHint(t *testing.T) {
	all := []article.Story{story("old", 5, 30*time.Hour), story("older", 3, 50*time.Hour)}
	if got := EmptyHint(all, all[:1], 24, now); got != "" {
		t.Errorf("EmptyHint with stories found = %q, want none", got)
	}
	if got := EmptyHint(nil, nil, 24, now); !strings.Contains(got, "no stories yet") {
		t.Errorf("EmptyHint with nothing kept = %q", got)
	}
	got := EmptyHint(all, nil, 24, now)
	for _, want := range []string{"last 24 hours", "2 stories are kept", "2026-03-01 06:00", "-hours 31"} {
		if !strings.Contains(got, want) {
			t.Errorf("EmptyHint = %q, want it to say %q", got, want)
		}
	}
	// The hours it suggests do show the latest story.
	if len(Top(all, now.Add(-31*time.Hour), 20)) == 0 {
		t.Errorf("-hours 31 shows no story")
	}
}
