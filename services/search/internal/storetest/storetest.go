// Package storetest is the conformance suite every search store passes
// (memstore over JSON Lines, pgstore over PostgreSQL): the same queries
// must find the same articles, in the same order, page by page, as
// pkg/query's matcher finds in the articles themselves.
package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/pkg/query/querytest"
	"github.com/newswire/newswire/services/search/internal/api"
	"github.com/newswire/newswire/services/search/internal/search"
	"github.com/newswire/newswire/services/search/internal/searchtest"
)

// Open returns a store holding articles (and nothing else).
type Open func(t *testing.T, articles []*article.Article) api.Store

// Run runs the suite against the stores open makes.
func Run(t *testing.T, open Open) {
	t.Run("QueryCases", func(t *testing.T) { queryCases(t, open) })
	t.Run("Corpus", func(t *testing.T) { corpus(t, open) })
	t.Run("Relevance", func(t *testing.T) { relevance(t, open) })
}

// relevance: in relevance order the article that matches better comes
// first, whatever its time: the query's words in the title before words
// only in the text, and three mentions before one. The newest article
// matches worst, so time order would put it first.
func relevance(t *testing.T, open Open) {
	base := searchtest.Corpus(4, 11)
	mk := func(i int, title, text string) *article.Article {
		a := base[i]
		a.Title, a.Text, a.StoryID = title, text, ""
		a.Tags = &article.Tags{Entities: []article.Entity{}, Money: []article.Money{}, Figures: []article.Figure{}}
		at := searchtest.Base.Add(-time.Duration(i+1) * time.Hour)
		a.PublishedAt = &at
		return a
	}
	once := mk(0, "Markets close higher", "The bank said its profit rose in the quarter, and shares gained on the news from the city.")
	often := mk(1, "Markets close lower", "The bank said profit rose. Bank profit was up again. Another bank reported a profit on Monday.")
	title := mk(2, "Bank profit rises", "The figures came out on Monday and were in line with what the analysts in the city expected.")
	none := mk(3, "Markets flat", "Nothing of note happened in the city on Monday, and shares ended the day where they began.")
	s := open(t, []*article.Article{once, often, title, none})
	q, err := query.ParseAt("bank profit", searchtest.Base)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{title.ID, often.ID, once.ID}
	if got := all(t, s, search.Request{Query: q, Sort: search.SortRelevance, Limit: 2}); !slices.Equal(got, want) {
		t.Errorf("Search(bank profit, relevance) = %v, want %v (title, three mentions, one mention)", got, want)
	}
	page, err := s.Search(context.Background(), search.Request{Query: q, Sort: search.SortRelevance, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(page.Hits); i++ {
		if !(page.Hits[i-1].Score > page.Hits[i].Score) {
			t.Errorf("scores not decreasing: %s %g, then %s %g", page.Hits[i-1].ID, page.Hits[i-1].Score, page.Hits[i].ID, page.Hits[i].Score)
		}
	}
	if got := all(t, s, search.Request{Query: q, Sort: search.SortTime, Limit: 2}); !slices.Equal(got, []string{once.ID, often.ID, title.ID}) {
		t.Errorf("Search(bank profit, time) = %v, want newest first", got)
	}
}

// queryCases: querytest's fixture article is found exactly by the queries
// that match it.
func queryCases(t *testing.T, open Open) {
	fixture := querytest.Article()
	other := searchtest.Corpus(1, 1)[0]
	other.Tags.Entities = nil
	other.StoryID = ""
	s := open(t, []*article.Article{fixture, other})
	ctx := context.Background()
	got, err := s.Article(ctx, fixture.ID)
	if err != nil {
		t.Fatalf("Article(%s): %v", fixture.ID, err)
	}
	if diff := cmp.Diff(normal(fixture), normal(got)); diff != "" {
		t.Errorf("Article(%s) (-want +got):\n%s", fixture.ID, diff)
	}
	for _, c := range querytest.Cases {
		q, err := query.ParseAt(c.Query, querytest.Now)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.Query, err)
		}
		page, err := s.Search(ctx, search.Request{Query: q, Sort: search.SortTime, Limit: 10})
		if err != nil {
			t.Errorf("Search(%q): %v", c.Query, err)
			continue
		}
		found := slices.ContainsFunc(page.Hits, func(h search.Hit) bool { return h.ID == fixture.ID })
		if found != c.Want {
			t.Errorf("Search(%q) found the fixture = %v, want %v", c.Query, found, c.Want)
		}
	}
}

// normal makes an article comparable after a store round trip: empty
// slices, UTC times.
func normal(a *article.Article) *article.Article {
	b := *a
	if b.Authors == nil {
		b.Authors = []string{}
	}
	if b.Highlights == nil {
		b.Highlights = []string{}
	}
	b.Schema = article.SchemaArticle
	b.FetchedAt = b.FetchedAt.UTC()
	return &b
}

var corpusQueries = []string{
	"",
	"bank",
	"bank profit",
	`"oil gas"`,
	"bank OR engine",
	"strike -police",
	`entity:"goldman sachs"`,
	"id:GB OR id:FR",
	"type:PERSON money:GBP>=100m",
	"money>=1bn",
	"figure:jobs>=2500",
	"source:reuters lang:en",
	"NOT lang:en",
	"published:>=2024-05-01",
	"published:2024-05-03",
	"story:story-3",
	"watch:true",
	"NOT watch:true bank",
	"(jobs OR cuts) AND NOT source:inbox",
}

// corpus: over a few hundred articles, every query's pages, in both
// orders, hold exactly what the matcher finds; time order is the
// matcher's; facets count what it counts.
func corpus(t *testing.T, open Open) {
	articles := searchtest.Corpus(400, 7)
	s := open(t, articles)
	ctx := context.Background()
	for _, qs := range corpusQueries {
		var q *query.Query
		if qs != "" {
			var err error
			if q, err = query.ParseAt(qs, searchtest.Base); err != nil {
				t.Fatalf("Parse(%q): %v", qs, err)
			}
		}
		var want []string
		for _, a := range sortedByTime(articles) {
			if q == nil || q.Match(query.NewDoc(a)) {
				want = append(want, a.ID)
			}
		}
		for _, sort := range []search.Sort{search.SortTime, search.SortRelevance} {
			got := all(t, s, search.Request{Query: q, Sort: sort, Limit: 17})
			if sort == search.SortRelevance {
				// Every match, batch by batch: the first RankSample
				// results are the newest RankSample matches.
				want := want
				for len(got) > 0 {
					n := min(search.RankSample, len(got))
					if len(want) < n {
						t.Errorf("Search(%q, relevance): %d results, %d matches", qs, len(got), len(want))
						break
					}
					g, w := slices.Sorted(slices.Values(got[:n])), slices.Sorted(slices.Values(want[:n]))
					if diff := cmp.Diff(w, g); diff != "" {
						t.Errorf("Search(%q, relevance) ids of a batch (-want +got):\n%s", qs, diff)
					}
					got, want = got[n:], want[n:]
				}
				if len(want) > 0 {
					t.Errorf("Search(%q, relevance): %d matches not found", qs, len(want))
				}
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Search(%q, time) ids in order (-want +got):\n%s", qs, diff)
			}
		}
		// A time range.
		from, to := searchtest.Base.Add(-72*time.Hour), searchtest.Base.Add(-24*time.Hour)
		var wantRange []string
		for _, a := range sortedByTime(articles) {
			if a.PublishedAt != nil && !a.PublishedAt.Before(from) && a.PublishedAt.Before(to) && (q == nil || q.Match(query.NewDoc(a))) {
				wantRange = append(wantRange, a.ID)
			}
		}
		got := all(t, s, search.Request{Query: q, Sort: search.SortTime, Limit: 100, From: from, To: to})
		if diff := cmp.Diff(wantRange, got); diff != "" {
			t.Errorf("Search(%q, from %s to %s) (-want +got):\n%s", qs, from, to, diff)
		}
		// Facets.
		f, err := s.Facets(ctx, search.Request{Query: q})
		if err != nil {
			t.Fatalf("Facets(%q): %v", qs, err)
		}
		if f.Sampled != len(want) {
			t.Errorf("Facets(%q).Sampled = %d, want %d", qs, f.Sampled, len(want))
		}
		if diff := cmp.Diff(wantFacets(articles, q), f); diff != "" {
			t.Errorf("Facets(%q) (-want +got):\n%s", qs, diff)
		}
		st, err := s.Stories(ctx, search.Request{Query: q})
		if err != nil {
			t.Fatalf("Stories(%q): %v", qs, err)
		}
		n := 0
		for _, x := range st {
			n += x.Articles
		}
		wantN := 0
		for _, a := range articles {
			if a.StoryID != "" && (q == nil || q.Match(query.NewDoc(a))) {
				wantN++
			}
		}
		if n != wantN {
			t.Errorf("Stories(%q) hold %d articles, want %d", qs, n, wantN)
		}
	}
	// A cursor made for the other order is refused.
	page, err := s.Search(ctx, search.Request{Sort: search.SortTime, Limit: 5})
	if err != nil || page.Next == "" {
		t.Fatalf("Search: %v, next %q", err, page.Next)
	}
	if _, err := s.Search(ctx, search.Request{Sort: search.SortRelevance, Limit: 5, Cursor: page.Next}); err == nil {
		t.Errorf("Search with a time cursor in relevance order: no error")
	}
	if _, err := s.Article(ctx, "no-such-id"); err != search.ErrNotFound {
		t.Errorf("Article(no-such-id) = %v, want ErrNotFound", err)
	}
}

func sortedByTime(as []*article.Article) []*article.Article {
	out := slices.Clone(as)
	slices.SortFunc(out, func(a, b *article.Article) int {
		if search.Before(a.PublishedAt, a.ID, b.PublishedAt, b.ID) {
			return -1
		}
		return 1
	})
	return out
}

// all follows the cursor to the last page and returns the ids in order,
// failing on a repeated id.
func all(t *testing.T, s api.Store, r search.Request) []string {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	for range 1000 {
		page, err := s.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("Search(%v): %v", r.Query, err)
		}
		if len(page.Hits) > r.Limit {
			t.Fatalf("Search: %d hits for limit %d", len(page.Hits), r.Limit)
		}
		for _, h := range page.Hits {
			if seen[h.ID] {
				t.Fatalf("Search(%v, %s): %s twice", r.Query, r.Sort, h.ID)
			}
			seen[h.ID] = true
			ids = append(ids, h.ID)
		}
		if page.Next == "" {
			return ids
		}
		r.Cursor = page.Next
	}
	t.Fatalf("Search(%v): no last page", r.Query)
	return nil
}

func wantFacets(as []*article.Article, q *query.Query) search.Facets {
	type ekey struct{ c, t, id string }
	ents, srcs := map[ekey]int{}, map[string]int{}
	n := 0
	for _, a := range as {
		if q != nil && !q.Match(query.NewDoc(a)) {
			continue
		}
		n++
		srcs[a.Source.Name]++
		seen := map[ekey]bool{}
		for _, e := range a.Tags.Entities {
			k := ekey{e.Canonical, e.Type, e.ID}
			if !seen[k] {
				seen[k] = true
				ents[k]++
			}
		}
	}
	f := search.Facets{Sampled: n, Entities: []search.Count{}, Sources: []search.Count{}}
	for k, c := range ents {
		f.Entities = append(f.Entities, search.Count{Value: k.c, Type: k.t, ID: k.id, Count: c})
	}
	for k, c := range srcs {
		f.Sources = append(f.Sources, search.Count{Value: k, Count: c})
	}
	f.Entities, f.Sources = search.Top(f.Entities), search.Top(f.Sources)
	return f
}
