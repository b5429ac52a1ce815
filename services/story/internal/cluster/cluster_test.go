package cluster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/newswire/newswire/pkg/article"
)

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// event returns the paragraphs of an invented wire report on one event:
// who, where and numbers differ between events, the vocabulary does not.
func event(who, where string, toll int) []string {
	return []string{
		fmt.Sprintf("A powerful earthquake struck near %s early on Sunday, killing at least %d people and destroying hundreds of homes, officials in %s said.", where, toll, where),
		fmt.Sprintf("%s, who leads the regional disaster agency, told reporters that rescue teams were searching collapsed buildings in %s for survivors.", who, where),
		fmt.Sprintf("The quake had a magnitude of 6.%d and struck at a depth of %d kilometres, according to the geological survey.", toll%10, toll+7),
		fmt.Sprintf("Roads into %s were blocked by landslides, and %s said helicopters would carry food, water and tents to the worst-hit villages.", where, who),
		fmt.Sprintf("Hospitals in %s treated %d injured people overnight, and schools were turned into shelters for families whose houses fell.", where, toll*4),
		fmt.Sprintf("%s appealed for blood donors and said the death toll of %d was likely to rise as crews reached remote areas around %s.", who, toll, where),
	}
}

func art(id, source, title string, paras []string, published time.Time) *article.Article {
	text := strings.Join(paras, "\n\n")
	p := published
	return &article.Article{
		Schema: article.SchemaArticle, ID: id, Source: article.Source{Name: source, Kind: article.KindRSS},
		Title: title, Text: text, PublishedAt: &p, FetchedAt: published.Add(time.Minute), ContentHash: article.ContentHash(text),
	}
}

// rewrite returns the event's paragraphs in other words, as another
// outlet's own reporter would: the same names and numbers, no shared
// five-word run.
func rewrite(who, where string, toll int) []string {
	return []string{
		fmt.Sprintf("Rescuers in %s dug through rubble on Sunday after a strong quake left %d dead, according to %s.", where, toll, who),
		fmt.Sprintf("Thousands spent the night outdoors in %s; %s warned the figure of %d victims may climb.", where, who, toll),
		fmt.Sprintf("Seismologists measured the tremor at 6.%d, with landslides cutting highways around %s.", toll%10, where),
	}
}

func newClusterer(t *testing.T, s Store) *Clusterer {
	t.Helper()
	c, err := New(s, DefaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stream is a morning's news: two earthquakes (one kind, two events), a
// wire copy of the first run by three outlets with edits, an independent
// report of each, and an unrelated story.
func stream() []*article.Article {
	a := event("Budi Santoso", "Aceh", 41)
	b := []string{
		"Maria Lopez, the governor of Oaxaca, said twelve bodies had been recovered after the tremor flattened adobe houses across the state's southern valleys.",
		"Soldiers and volunteers worked through Sunday night with shovels and bare hands, while aftershocks rattled the region and sent residents into the streets.",
		"The national seismological service put the quake at 6.2 and located its epicentre 40 km south-west of the state capital, at a shallow depth.",
		"Lopez asked the federal government for emergency funds and promised temporary housing for the roughly 3,000 people left homeless.",
	}
	return []*article.Article{
		art("a1", "agency", "Quake kills 41 in Aceh", a, t0),
		art("b1", "agency", "Quake kills 12 in Oaxaca", b, t0.Add(30*time.Minute)),
		art("a2", "outlet-1", "Aceh earthquake: death toll at 41", a[:4], t0.Add(time.Hour)),
		art("a3", "outlet-2", "Deadly quake hits Aceh", append(append([]string{}, a...), "Correction: an earlier version misspelled the agency's name."), t0.Add(2*time.Hour)),
		art("a4", "outlet-3", "Aceh quake", append([]string{"By our correspondent"}, a[2:]...), t0.Add(3*time.Hour)),
		art("a5", "outlet-4", "Aceh rescuers search rubble", rewrite("Budi Santoso", "Aceh", 41), t0.Add(4*time.Hour)),
		art("b2", "outlet-5", "Oaxaca rescuers search rubble", rewrite("Maria Lopez", "Oaxaca", 12), t0.Add(4*time.Hour)),
		art("c1", "outlet-1", "Central bank holds rates", []string{
			"The central bank kept its benchmark interest rate at 4.25 percent on Thursday, citing stubborn inflation in services and a tight labour market.",
			"Governor Elena Rossi said the committee would watch wage growth closely before cutting, and markets pushed back bets on a June move.",
		}, t0.Add(5*time.Hour)),
	}
}

func assignAll(t *testing.T, c *Clusterer, arts []*article.Article) map[string]Result {
	t.Helper()
	out := map[string]Result{}
	for _, a := range arts {
		r, err := c.Assign(context.Background(), a)
		if err != nil {
			t.Fatalf("Assign(%s): %v", a.ID, err)
		}
		r.Outcome = ""
		out[a.ID] = r
	}
	return out
}

func TestAssign(t *testing.T) {
	got := assignAll(t, newClusterer(t, NewMemory()), stream())
	for _, id := range []string{"a2", "a3", "a4"} {
		if got[id].DuplicateOf != "a1" || got[id].Similarity < DefaultConfig.CopyThreshold {
			t.Errorf("%s: duplicate_of %q similarity %.3f, want a1 and >= %.2f", id, got[id].DuplicateOf, got[id].Similarity, DefaultConfig.CopyThreshold)
		}
	}
	for _, id := range []string{"a1", "b1", "a5", "b2", "c1"} {
		if got[id].DuplicateOf != "" {
			t.Errorf("%s: duplicate_of %q, want none", id, got[id].DuplicateOf)
		}
	}
	for _, id := range []string{"a2", "a3", "a4", "a5"} {
		if got[id].StoryID != got["a1"].StoryID {
			t.Errorf("%s: story %q, want a1's %q", id, got[id].StoryID, got["a1"].StoryID)
		}
	}
	if got["b2"].StoryID != got["b1"].StoryID {
		t.Errorf("b2: story %q, want b1's %q", got["b2"].StoryID, got["b1"].StoryID)
	}
	if got["a1"].StoryID == got["b1"].StoryID || got["c1"].StoryID == got["a1"].StoryID || got["c1"].StoryID == got["b1"].StoryID {
		t.Errorf("stories a1 %q, b1 %q, c1 %q: want three", got["a1"].StoryID, got["b1"].StoryID, got["c1"].StoryID)
	}
}

func TestStoryRecord(t *testing.T) {
	c := newClusterer(t, NewMemory())
	got := assignAll(t, c, stream())
	s, ok, err := c.Story(context.Background(), got["a1"].StoryID)
	if err != nil || !ok {
		t.Fatalf("Story(%s) = %v, %v", got["a1"].StoryID, ok, err)
	}
	if s.Articles != 5 || s.Copies != 3 || len(s.Sources) != 5 || s.Title != "Quake kills 41 in Aceh" || !s.First.Equal(t0) || !s.Last.Equal(t0.Add(4*time.Hour)) {
		t.Errorf("story = %d articles, %d copies, %d sources, title %q, %s to %s; want 5, 3, 5, a1's title, t0 to t0+4h",
			s.Articles, s.Copies, len(s.Sources), s.Title, s.First, s.Last)
	}
}

// A replay gives every article the answer it got the first time, and adds
// nothing to the stories.
func TestReplay(t *testing.T) {
	c := newClusterer(t, NewMemory())
	first := assignAll(t, c, stream())
	keys := c.store.(*Memory).Len()
	again := assignAll(t, c, stream())
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("replay changed answers (-first +replay):\n%s", diff)
	}
	if n := c.store.(*Memory).Len(); n != keys {
		t.Errorf("replay grew the state from %d to %d keys", keys, n)
	}
	// The same stream into fresh state gives the same answers too.
	fresh := assignAll(t, newClusterer(t, NewMemory()), stream())
	if diff := cmp.Diff(first, fresh); diff != "" {
		t.Errorf("fresh run differs (-first +fresh):\n%s", diff)
	}
}

// The original arriving after its copy: the original is not marked a copy
// of the later-published one; the copy is revised to name it (coming back
// in the original's Revised, with the copy's ref), and a third copy names
// the earlier-published original.
func TestEarliestPublished(t *testing.T) {
	ctx := context.Background()
	a := event("Budi Santoso", "Aceh", 41)
	c := newClusterer(t, NewMemory())
	late := art("late", "outlet", "Copy", a, t0.Add(2*time.Hour))
	orig := art("orig", "agency", "Original", a[1:], t0)
	third := art("third", "outlet-2", "Copy 2", a[:5], t0.Add(3*time.Hour))
	first, err := c.AssignRef(ctx, late, "ref-late")
	if err != nil || first.DuplicateOf != "" || first.Ref != "ref-late" {
		t.Fatalf("late, arriving first: %+v, %v; want no original yet", first, err)
	}
	o, err := c.AssignRef(ctx, orig, "ref-orig")
	if err != nil {
		t.Fatal(err)
	}
	if o.DuplicateOf != "" || o.StoryID != first.StoryID {
		t.Errorf("orig: %+v, want no duplicate_of (it is the earliest published) and late's story %q", o, first.StoryID)
	}
	want := []Result{{ID: "late", DuplicateOf: "orig", StoryID: first.StoryID, Ref: "ref-late"}}
	if diff := cmp.Diff(want, o.Revised, cmpopts.IgnoreFields(Result{}, "Similarity")); diff != "" {
		t.Errorf("orig's revisions (-want +got):\n%s", diff)
	}
	if len(o.Revised) == 1 && o.Revised[0].Similarity < DefaultConfig.CopyThreshold {
		t.Errorf("late revised with similarity %.3f, want >= %.2f", o.Revised[0].Similarity, DefaultConfig.CopyThreshold)
	}
	if s, ok, err := c.Story(ctx, first.StoryID); err != nil || !ok || s.Articles != 2 || s.Copies != 1 {
		t.Errorf("story after the original: %+v, %v, %v; want 2 articles, 1 copy", s, ok, err)
	}
	th, err := c.Assign(ctx, third)
	if err != nil || th.DuplicateOf != "orig" || len(th.Revised) != 0 {
		t.Errorf("third: %+v, %v; want duplicate_of orig, no revisions", th, err)
	}
	// Replayed, the copy has its revised answer, and the original (a
	// redelivery) brings the revision again for the caller to publish.
	if r, err := c.Assign(ctx, late); err != nil || r.DuplicateOf != "orig" || r.Outcome != OutcomeSeen {
		t.Errorf("late replayed: %+v, %v; want duplicate_of orig", r, err)
	}
	if r, err := c.Assign(ctx, orig); err != nil || r.DuplicateOf != "" || cmp.Diff(o.Revised, r.Revised) != "" {
		t.Errorf("orig replayed: %+v, %v; want no duplicate_of and revisions %+v", r, err, o.Revised)
	}
}

// An original whose delivery revised its copy and then failed before its
// own record was written is delivered again: the revision comes back, so
// the caller publishes it.
func TestRevisionRedelivered(t *testing.T) {
	ctx := context.Background()
	a := event("Budi Santoso", "Aceh", 41)
	store := NewMemory()
	c := newClusterer(t, store)
	if _, err := c.AssignRef(ctx, art("late", "outlet", "Copy", a, t0.Add(2*time.Hour)), "ref-late"); err != nil {
		t.Fatal(err)
	}
	orig := art("orig", "agency", "Original", a, t0)
	o, err := c.Assign(ctx, orig)
	if err != nil || len(o.Revised) != 1 {
		t.Fatalf("orig: %+v, %v; want one revision", o, err)
	}
	store.mu.Lock()
	delete(store.data, "a.orig")
	store.mu.Unlock()
	again, err := c.Assign(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	if again.DuplicateOf != "" || cmp.Diff(o.Revised, again.Revised) != "" {
		t.Errorf("orig delivered again: %+v, want no duplicate_of and revisions %+v", again, o.Revised)
	}
}

// Arrival order does not change the final answers: the copy first (and
// then revised) ends where the original first begins.
func TestArrivalOrder(t *testing.T) {
	final := func(arts []*article.Article) map[string]Result {
		out := assignAll(t, newClusterer(t, NewMemory()), arts)
		for _, r := range out {
			for _, rv := range r.Revised {
				out[rv.ID] = rv
			}
		}
		for id, r := range out {
			r.Revised, r.Ref, r.Similarity = nil, "", 0
			out[id] = r
		}
		return out
	}
	arts := stream()
	inOrder := final(arts)
	reversed := slices.Clone(arts)
	slices.Reverse(reversed)
	for id, want := range inOrder {
		got := final(reversed)[id]
		if got.DuplicateOf != want.DuplicateOf {
			t.Errorf("%s: arriving in reverse, duplicate_of %q, in order %q", id, got.DuplicateOf, want.DuplicateOf)
		}
	}
}

func TestWindow(t *testing.T) {
	a := event("Budi Santoso", "Aceh", 41)
	c := newClusterer(t, NewMemory())
	got := assignAll(t, c, []*article.Article{
		art("x1", "agency", "Quake", a, t0),
		art("x2", "outlet", "Quake", a, t0.Add(DefaultConfig.Window+time.Hour)),
	})
	if got["x2"].DuplicateOf != "" || got["x2"].StoryID == got["x1"].StoryID {
		t.Errorf("x2 beyond the window: %+v, want a story of its own and no original", got["x2"])
	}
}

// Replicas racing: articles of one event assigned at once by many
// clusterers over one store end in one story.
func TestConcurrentOneStory(t *testing.T) {
	for round := range 5 {
		store := NewMemory()
		var arts []*article.Article
		a := event("Budi Santoso", "Aceh", 41)
		for i := range 8 {
			paras := append([]string{fmt.Sprintf("Outlet %d adds its own first line about the disaster.", i)}, a[i%3:]...)
			arts = append(arts, art(fmt.Sprintf("r%d-%d", round, i), fmt.Sprintf("outlet-%d", i), "Aceh quake", paras, t0.Add(time.Duration(i)*time.Minute)))
		}
		var wg sync.WaitGroup
		results := make([]Result, len(arts))
		errs := make([]error, len(arts))
		for i, x := range arts {
			wg.Go(func() {
				c := newClusterer(t, store)
				results[i], errs[i] = c.Assign(context.Background(), x)
			})
		}
		wg.Wait()
		stories := map[string]bool{}
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("Assign: %v", errs[i])
			}
			stories[r.StoryID] = true
		}
		if len(stories) != 1 {
			t.Errorf("round %d: %d stories for one event: %v", round, len(stories), stories)
		}
	}
}

func TestInvalid(t *testing.T) {
	c := newClusterer(t, NewMemory())
	if _, err := c.Assign(context.Background(), &article.Article{Text: "x"}); err == nil {
		t.Error("Assign(no id) succeeded, want ErrInvalid")
	}
	if _, err := New(NewMemory(), Config{}); err == nil {
		t.Error("New(zero config) succeeded, want an error")
	}
}
