package search

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/query"
)

func TestLines(t *testing.T) {
	q, err := query.Parse(`needle "two words"`)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é filler ", 60) + "the needle is here " + strings.Repeat("more text ", 40)
	text := "First line without it.\n\nA needle and two words.\n\n" + long + "\n\nlast needle"
	got := Lines(text, q, 3)
	if len(got) != 3 {
		t.Fatalf("Lines gave %d lines, want 3: %+v", len(got), got)
	}
	for _, l := range got {
		if !utf8.ValidString(l.Text) {
			t.Errorf("line %q is not valid UTF-8", l.Text)
		}
		for _, sp := range l.Spans {
			if w := strings.ToLower(l.Text[sp[0]:sp[1]]); w != "needle" && w != "two words" {
				t.Errorf("span %v of %q marks %q", sp, l.Text, w)
			}
		}
		if len(l.Spans) == 0 {
			t.Errorf("line %q has no span", l.Text)
		}
	}
	if !strings.HasPrefix(got[1].Text, "… ") || len(got[1].Text) > lineWidth+10 {
		t.Errorf("long line not cut around its match: %q", got[1].Text)
	}
	// No words: the first line.
	if got := Lines(text, nil, 3); len(got) != 1 || got[0].Text != "First line without it." {
		t.Errorf("Lines without a query = %+v", got)
	}
}

func TestCursor(t *testing.T) {
	ts := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	c := Cursor{Time: &ts, ID: "x", Sort: SortTime}
	got, err := DecodeCursor(c.Encode(), SortTime)
	if err != nil || got.ID != "x" || !got.Time.Equal(ts) {
		t.Errorf("DecodeCursor(Encode()) = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "!!", c.Encode() + "x", Cursor{Offset: -1, Sort: SortRelevance}.Encode()} {
		if _, err := DecodeCursor(bad, SortRelevance); err != ErrBadCursor {
			t.Errorf("DecodeCursor(%q) = %v, want ErrBadCursor", bad, err)
		}
	}
	if _, err := DecodeCursor(c.Encode(), SortRelevance); err != ErrBadCursor {
		t.Errorf("a time cursor in relevance order: %v", err)
	}
}

func TestBefore(t *testing.T) {
	a, b := time.Unix(2, 0), time.Unix(1, 0)
	for _, tt := range []struct {
		t      *time.Time
		id     string
		u      *time.Time
		uid    string
		before bool
	}{
		{&a, "a", &b, "b", true},
		{&b, "a", &a, "b", false},
		{&a, "b", &a, "a", true},
		{&a, "a", nil, "z", true},
		{nil, "z", &a, "a", false},
		{nil, "b", nil, "a", true},
	} {
		if got := Before(tt.t, tt.id, tt.u, tt.uid); got != tt.before {
			t.Errorf("Before(%v, %s, %v, %s) = %v", tt.t, tt.id, tt.u, tt.uid, got)
		}
	}
}
