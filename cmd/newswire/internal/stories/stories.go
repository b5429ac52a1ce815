// Package stories shows the stories the story stage keeps: the largest of
// the last hours (`newswire stories top`) and one in full (`stories show`).
package stories

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// Top returns the n stories with the most articles among those with an
// article published since since, largest first (ties: latest first, then
// by id).
func Top(all []article.Story, since time.Time, n int) []article.Story {
	var out []article.Story
	for _, s := range all {
		if s.Articles > 0 && !s.Last.Before(since) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b article.Story) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		if c := b.Last.Compare(a.Last); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out[:min(n, len(out))]
}

// EmptyHint says why `stories top` found no story in its window of hours,
// given every story kept: none yet, or none recent enough, with the last
// time any story was seen and the -hours that would show it ("" when top
// found some).
func EmptyHint(all, top []article.Story, hours float64, now time.Time) string {
	switch {
	case len(top) > 0:
		return ""
	case len(all) == 0:
		return "no stories yet: the story stage keeps them as articles arrive"
	}
	latest := all[0].Last
	for _, s := range all[1:] {
		if s.Last.After(latest) {
			latest = s.Last
		}
	}
	need := int(now.Sub(latest).Hours()) + 1
	return fmt.Sprintf("no story has an article published in the last %g hours; %d stories are kept, the latest published %s: try -hours %d",
		hours, len(all), latest.UTC().Format("2006-01-02 15:04"), need)
}

// WriteTop prints stories one a line: articles, sources, copies, the span
// of their published times, id and title.
func WriteTop(w io.Writer, stories []article.Story) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTICLES\tSOURCES\tCOPIES\tFIRST\tLAST\tSTORY\tTITLE")
	for _, s := range stories {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t%s\t%s\n", s.Articles, len(s.Sources), s.Copies,
			s.First.UTC().Format("2006-01-02 15:04"), s.Last.UTC().Format("2006-01-02 15:04"), s.ID, clip(s.Title, 80))
	}
	return tw.Flush()
}

// WriteStory prints one story in full.
func WriteStory(w io.Writer, s article.Story) error {
	fmt.Fprintf(w, "story     %s\ntitle     %s\nfirst     %s\nlast      %s\narticles  %d (%d copies)\nsources   %d\n",
		s.ID, s.Title, s.First.UTC().Format(time.RFC3339), s.Last.UTC().Format(time.RFC3339), s.Articles, s.Copies, len(s.Sources))
	type kv struct {
		name string
		n    int
	}
	var srcs []kv
	for name, n := range s.Sources {
		srcs = append(srcs, kv{name, n})
	}
	slices.SortFunc(srcs, func(a, b kv) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, x := range srcs {
		fmt.Fprintf(tw, "  %s\t%d\n", x.name, x.n)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.Entities) > 0 {
		fmt.Fprintln(w, "entities")
		for _, e := range s.Entities {
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", e.Canonical, e.Type, e.Articles)
		}
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
