package byline

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/services/normalizer/internal/timestamp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr(t time.Time) *time.Time { return &t }

func TestParse(t *testing.T) {
	opts := timestamp.Options{Now: time.Date(2021, 2, 3, 15, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		text string
		want Document
	}{
		{
			name: "published and updated",
			text: "Storm closes ports\nPUBLISHED: 09:30 GMT, 2 February 2021 | UPDATED: 11:05 GMT, 2 February 2021\nPorts shut.\n",
			want: Document{
				Title:       "Storm closes ports",
				PublishedAt: ptr(time.Date(2021, 2, 2, 9, 30, 0, 0, time.UTC)),
				UpdatedAt:   ptr(time.Date(2021, 2, 2, 11, 5, 0, 0, time.UTC)),
				Paragraphs:  []string{"Ports shut."},
			},
		},
		{
			name: "two authors",
			text: "Storm closes ports\nBy Ann Lee and Bo Park\nPorts shut.",
			want: Document{Title: "Storm closes ports", Authors: []string{"Ann Lee", "Bo Park"}, Paragraphs: []string{"Ports shut."}},
		},
		{
			name: "capitals with outlet",
			text: "Storm closes ports\nBy ANN LEE FOR THE HERALD\nPorts shut.",
			want: Document{Title: "Storm closes ports", Authors: []string{"Ann Lee"}, Paragraphs: []string{"Ports shut."}},
		},
		{
			name: "posted by account",
			text: "Storm closes ports\nPosted on February 1, 2021 by admin\nPorts shut.",
			want: Document{
				Title:       "Storm closes ports",
				PublishedAt: ptr(time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)),
				Paragraphs:  []string{"Ports shut."},
			},
		},
		{
			name: "updated eastern time",
			text: "Storm closes ports\nUpdated 5:45 AM ET, Tue February 2, 2021\nPorts shut.",
			want: Document{
				Title:      "Storm closes ports",
				UpdatedAt:  ptr(time.Date(2021, 2, 2, 10, 45, 0, 0, time.UTC)),
				Paragraphs: []string{"Ports shut."},
			},
		},
		{
			name: "highlights at the top",
			text: "Storm closes ports\n- Ports shut\n• Ferries cancelled\nThe storm arrived.\nIt left.",
			want: Document{
				Title:      "Storm closes ports",
				Highlights: []string{"Ports shut", "Ferries cancelled"},
				Paragraphs: []string{"The storm arrived.", "It left."},
			},
		},
		{
			name: "bullets in the story stay",
			text: "Storm closes ports\nOne.\nTwo.\nThree.\nThe council listed:\n- roads\n- schools\nIt left.",
			want: Document{
				Title:      "Storm closes ports",
				Paragraphs: []string{"One.", "Two.", "Three.", "The council listed:", "- roads", "- schools", "It left."},
			},
		},
		{
			name: "prose is not a byline",
			text: "Storm closes ports\nBy the time it ended, 3 ports had shut.\nUpdated guidance came on Monday.\nBy now.",
			want: Document{
				Title:      "Storm closes ports",
				Paragraphs: []string{"By the time it ended, 3 ports had shut.", "Updated guidance came on Monday.", "By now."},
			},
		},
		{
			name: "future byline date is ignored but removed",
			text: "Storm closes ports\nPublished: 9 March 2021\nPorts shut.",
			want: Document{Title: "Storm closes ports", Paragraphs: []string{"Ports shut."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse(tt.text, opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestSeed checks the seed article, scraped with its body and byline
// twice, against its golden file.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "dailymail-2020-01-07-khamenei.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	got := Parse(text, timestamp.Options{Now: time.Date(2020, 1, 7, 12, 0, 0, 0, time.UTC), DayFirst: true})

	title, _, _ := strings.Cut(text, "\n")
	if got.Title != title {
		t.Errorf("Title = %q, want the first line %q", got.Title, title)
	}
	if want := time.Date(2020, 1, 7, 10, 45, 0, 0, time.UTC); got.PublishedAt == nil || !got.PublishedAt.Equal(want) {
		t.Errorf("PublishedAt = %v, want %v", got.PublishedAt, want)
	}
	if want := time.Date(2020, 1, 7, 10, 47, 0, 0, time.UTC); got.UpdatedAt == nil || !got.UpdatedAt.Equal(want) {
		t.Errorf("UpdatedAt = %v, want %v", got.UpdatedAt, want)
	}
	if len(got.Highlights) != 3 {
		t.Errorf("Highlights = %q, want 3", got.Highlights)
	}
	for _, p := range got.Paragraphs {
		if strings.Contains(p, "PUBLISHED") || strings.Contains(p, "UPDATED") || strings.HasPrefix(p, "- ") {
			t.Errorf("Paragraphs contain byline or highlight text %q", p)
		}
	}

	golden := filepath.Join("testdata", "dailymail-2020-01-07-khamenei.golden.json")
	js, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), string(js)); diff != "" {
		t.Errorf("Parse(seed) mismatch with %s (-want +got):\n%s", golden, diff)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Title\nPUBLISHED: 10:45 GMT, 7 January 2020 | UPDATED: 10:47 GMT, 7 January 2020\nBody.")
	f.Add("Title\nBy JANE SMITH FOR MAILONLINE\n- one\n• two\nBody.")
	f.Add("Title\nPosted on January 7, 2020 by admin\nBy Jane Smith and John Doe")
	f.Add("Title\nUpdated 5:45 AM ET, Tue January 7, 2020\n|||by , and &")
	now := time.Date(2020, 1, 7, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d := Parse(s, timestamp.Options{Now: now})
		for _, p := range d.Paragraphs {
			if p == "" {
				t.Errorf("Parse(%q) returned an empty paragraph", s)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	text, err := os.ReadFile(filepath.Join("testdata", "dailymail-2020-01-07-khamenei.txt"))
	if err != nil {
		b.Fatal(err)
	}
	opts := timestamp.Options{Now: time.Date(2020, 1, 7, 12, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(string(text), opts)
	}
}
