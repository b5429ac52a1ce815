package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/freeport"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/story/internal/cluster"
	"github.com/prometheus/client_golang/prometheus"
)

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// wire returns one of two agency reports, on two different events.
func wire(i int) string {
	if i == 0 {
		return strings.Join([]string{
			"Flooding in Valencia forced 1,200 families from their homes on Tuesday after the Turia burst its banks overnight, the city's mayor said.",
			"Emergency crews used boats to reach residents trapped on upper floors, and 120 schools were closed until further notice.",
			"Forecasters warned that more rain was expected in the hills above the city, where the ground was already saturated after a wet winter.",
			"The regional government released 12 million euros in emergency aid and asked the army to help build sandbag walls along the river.",
		}, "\n\n")
	}
	return strings.Join([]string{
		"Porto's port authority suspended all container traffic on Wednesday when a fire broke out aboard a cargo ship moored at the Leixões terminal.",
		"Firefighters battled the blaze for nine hours; two crew members were taken to hospital with burns and smoke inhalation, officials confirmed.",
		"The vessel, carrying electric cars from Germany to Brazil, was towed to an outer berth so that the rest of the harbour could reopen.",
		"Investigators from the maritime police boarded the ship on Thursday morning to establish whether a battery had caused the fire.",
	}, "\n\n")
}

func tagged(id, source, title, text string, published time.Time) *article.Article {
	p := published
	return &article.Article{
		Schema: article.SchemaArticle, ID: id, Source: article.Source{Name: source, Kind: article.KindRSS},
		Title: title, Authors: []string{}, Highlights: []string{}, Text: text,
		PublishedAt: &p, FetchedAt: published.Add(time.Minute), ContentHash: article.ContentHash(text),
		Tags: &article.Tags{Entities: []article.Entity{}, Money: []article.Money{}, Figures: []article.Figure{}},
	}
}

// articles are two wire stories, each run by three outlets (the last
// trimmed), and an unrelated article.
func articles() []*article.Article {
	var out []*article.Article
	for i, where := range []string{"Valencia", "Porto"} {
		text := wire(i)
		paras := strings.Split(text, "\n\n")
		out = append(out,
			tagged(fmt.Sprintf("%s-agency", where), "agency", "News from "+where, text, t0.Add(time.Duration(i)*time.Hour)),
			tagged(fmt.Sprintf("%s-outlet1", where), "outlet1", where+" flood: families flee", text, t0.Add(time.Duration(i)*time.Hour+10*time.Minute)),
			tagged(fmt.Sprintf("%s-outlet2", where), "outlet2", "River bursts banks", strings.Join(paras[:3], "\n\n"), t0.Add(time.Duration(i)*time.Hour+20*time.Minute)))
	}
	return append(out, tagged("other", "outlet1", "Chess final drawn", "The world chess championship final ended in a draw after six hours, leaving the title to be decided by rapid games on Friday in Singapore.", t0.Add(3*time.Hour)))
}

func freeAddr(t *testing.T) string {
	t.Helper()
	port, err := freeport.Get()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

func config(t *testing.T, srv *bustest.Server, bucket string) *Config {
	t.Helper()
	cfg := &Config{
		Common:         service.Common{LogLevel: 0, LogFormat: "text", ShutdownGrace: 10 * time.Second},
		Config:         srv.Config,
		ConsumerConfig: bustest.ConsumerConfig("story"),
		MetricsAddr:    freeAddr(t),
		Enabled:        true,
		Window:         cluster.DefaultConfig.Window,
		CopyThreshold:  cluster.DefaultConfig.CopyThreshold,
		StoryThreshold: cluster.DefaultConfig.StoryThreshold,
		StateBucket:    bucket,
		CacheBytes:     64 << 20,
		CacheMaxAge:    10 * time.Minute,
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// start runs the service until the returned stop is called.
func start(t *testing.T, cfg *Config) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, bustest.Logger(t)) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func publish(t *testing.T, conn *bus.Conn, arts []*article.Article) {
	t.Helper()
	for _, a := range arts {
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.Publish(context.Background(), bus.Message{Subject: bus.SubjectTagged, Data: data, ID: bus.MsgID(bus.StageTagger, a.ID, a.ContentHash)}); err != nil {
			t.Fatal(err)
		}
	}
}

// storied waits for n messages on articles.storied and returns the
// articles by id (the last version of each).
func storied(t *testing.T, conn *bus.Conn, n int) (map[string]*article.Article, int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := map[string]*article.Article{}
		count, err := conn.ReadSince(context.Background(), bus.StreamStoried, time.Time{}, func(s bus.Stored) error {
			a, err := article.DecodeArticle(s.Data)
			if err != nil {
				return err
			}
			out[a.ID] = a
			return nil
		})
		if err != nil && time.Now().After(deadline) {
			t.Fatal(err)
		}
		if err == nil && count >= n {
			return out, count
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages on %s after 30s, want %d", count, bus.StreamStoried, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func checkGroups(t *testing.T, got map[string]*article.Article) {
	t.Helper()
	for _, where := range []string{"Valencia", "Porto"} {
		head := got[where+"-agency"]
		if head.DuplicateOf != "" || head.StoryID == "" {
			t.Errorf("%s-agency: duplicate_of %q story %q, want none and a story", where, head.DuplicateOf, head.StoryID)
		}
		for _, o := range []string{"-outlet1", "-outlet2"} {
			a := got[where+o]
			if a.DuplicateOf != head.ID || a.Similarity < 0.5 || a.StoryID != head.StoryID {
				t.Errorf("%s%s: duplicate_of %q similarity %.2f story %q, want %s, >= 0.5, %s", where, o, a.DuplicateOf, a.Similarity, a.StoryID, head.ID, head.StoryID)
			}
		}
	}
	if got["Valencia-agency"].StoryID == got["Porto-agency"].StoryID || got["other"].StoryID == got["Valencia-agency"].StoryID {
		t.Errorf("stories Valencia %q, Porto %q, other %q: want three", got["Valencia-agency"].StoryID, got["Porto-agency"].StoryID, got["other"].StoryID)
	}
}

// The stage marks copies and stories; after a restart, a replay of the
// same articles (new message ids, as `fetcher reprocess` publishes) gets
// the same answers from the state in JetStream.
func TestRunRestartReplay(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	cfg := config(t, srv, "stories_test")
	stop := start(t, cfg)
	arts := articles()
	// The originals first: among articles handled at the same moment, the
	// one that claims its keys first counts as seen first.
	publish(t, conn, []*article.Article{arts[0], arts[3]})
	storied(t, conn, 2)
	publish(t, conn, append(append([]*article.Article{}, arts[1:3]...), arts[4:]...))
	first, _ := storied(t, conn, len(arts))
	checkGroups(t, first)
	stop()

	stop = start(t, cfg)
	defer stop()
	for _, a := range arts {
		a.Replay = true // another version for the broker's duplicate window
		a.ContentHash = article.ContentHash(a.Text + " ")
	}
	publish(t, conn, arts)
	again, n := storied(t, conn, 2*len(arts))
	if n != 2*len(arts) {
		t.Fatalf("%d messages, want %d", n, 2*len(arts))
	}
	for id, a := range first {
		b := again[id]
		if b.DuplicateOf != a.DuplicateOf || b.StoryID != a.StoryID || b.Similarity != a.Similarity {
			t.Errorf("%s replayed: (%q, %q, %.3f), first (%q, %q, %.3f)", id, b.DuplicateOf, b.StoryID, b.Similarity, a.DuplicateOf, a.StoryID, a.Similarity)
		}
	}
}

// Two replicas side by side share the state: the answers are the ones one
// replica gives.
func TestRunTwoReplicas(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	a := config(t, srv, "stories_two")
	b := config(t, srv, "stories_two")
	start(t, a)
	start(t, b)
	arts := articles()
	// Each story's agency copy first, so "earliest seen" is unambiguous.
	publish(t, conn, []*article.Article{arts[0], arts[3], arts[6]})
	storied(t, conn, 3)
	publish(t, conn, []*article.Article{arts[1], arts[2], arts[4], arts[5]})
	got, _ := storied(t, conn, len(arts))
	checkGroups(t, got)
}

// A copy that arrives before its original (published earlier): the copy
// goes out without duplicate_of; the original, when it comes, is not
// marked a copy of it, and the copy is published again, revised to name
// it. The original again (a replay, another version of it) brings the
// same revision, which the broker drops as a duplicate.
func TestRunLateOriginal(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	start(t, config(t, srv, "stories_late"))
	arts := articles()
	agency, copied := arts[0], arts[1]
	publish(t, conn, []*article.Article{copied})
	got, _ := storied(t, conn, 1)
	if c := got[copied.ID]; c.DuplicateOf != "" {
		t.Fatalf("the copy, alone so far: duplicate_of %q, want none", c.DuplicateOf)
	}
	publish(t, conn, []*article.Article{agency})
	got, n := storied(t, conn, 3)
	if n != 3 {
		t.Errorf("%d messages, want 3: the copy, its revision, the original", n)
	}
	a, c := got[agency.ID], got[copied.ID]
	if a.DuplicateOf != "" || a.StoryID == "" {
		t.Errorf("original: duplicate_of %q story %q, want none and a story", a.DuplicateOf, a.StoryID)
	}
	if c.DuplicateOf != agency.ID || c.Similarity < 0.5 || c.StoryID != a.StoryID {
		t.Errorf("copy revised: duplicate_of %q similarity %.2f story %q, want %s, >= 0.5, %s", c.DuplicateOf, c.Similarity, c.StoryID, agency.ID, a.StoryID)
	}
	// The revision is the copy as it came, with its story fields.
	want := *copied
	want.DuplicateOf, want.Similarity, want.StoryID = c.DuplicateOf, c.Similarity, c.StoryID
	if w, g := mustJSON(t, &want), mustJSON(t, c); w != g {
		t.Errorf("revision:\n got %s\nwant %s", g, w)
	}
	// The original again: the revision goes out again and the broker
	// keeps one.
	publish(t, conn, []*article.Article{{
		Schema: agency.Schema, ID: agency.ID, Source: agency.Source, Title: agency.Title, Authors: agency.Authors, Highlights: agency.Highlights,
		Text: agency.Text, PublishedAt: agency.PublishedAt, FetchedAt: agency.FetchedAt, ContentHash: article.ContentHash(agency.Text + " "), Tags: agency.Tags,
	}})
	got, n = storied(t, conn, 4)
	if n != 4 || got[copied.ID].DuplicateOf != agency.ID || got[agency.ID].DuplicateOf != "" {
		t.Errorf("after the original again: %d messages (want 4), copy duplicate_of %q, original %q", n, got[copied.ID].DuplicateOf, got[agency.ID].DuplicateOf)
	}
}

// Two originals that both revise one copy may publish their revisions in
// either order: each publishes the answer the state holds when it does,
// so the revision published last names the earliest original, not the
// one its original worked out before the other came.
func TestReviseCurrentAnswer(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamTagged, bus.StreamStoried); err != nil {
		t.Fatal(err)
	}
	kv, err := conn.KeyValue(ctx, "stories_revise", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := cluster.New(kvStore{kv: kv}, cluster.DefaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	h := &handler{clusterer: cl, metrics: m, conn: conn, log: bustest.Logger(t)}
	// The copy, then an original published before it, then one published
	// before both: all three carry the same text.
	text := wire(0)
	copied := tagged("copy", "outlet1", "Flood", text, t0.Add(2*time.Hour))
	later := tagged("later", "agency", "Flood", text, t0.Add(time.Hour))
	first := tagged("first", "agency", "Flood", text, t0)
	publish(t, conn, []*article.Article{copied})
	assign := func(a *article.Article, seq int) cluster.Result {
		t.Helper()
		r, err := cl.AssignRef(ctx, a, fmt.Sprintf("%s:%d", bus.StreamTagged, seq))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	assign(copied, 1)
	byLater := assign(later, 2)
	byFirst := assign(first, 3)
	if len(byLater.Revised) != 1 || byLater.Revised[0].DuplicateOf != later.ID ||
		!slices.ContainsFunc(byFirst.Revised, func(r cluster.Result) bool { return r.ID == copied.ID && r.DuplicateOf == first.ID }) {
		t.Fatalf("revisions: by the later original %+v, by the first %+v", byLater.Revised, byFirst.Revised)
	}
	// The first original's revision goes out first, the later one's last.
	for _, rv := range []cluster.Result{byFirst.Revised[0], byLater.Revised[0]} {
		if err := h.revise(ctx, rv); err != nil {
			t.Fatal(err)
		}
	}
	// Both name the first original: the broker keeps one.
	got, n := storied(t, conn, 1)
	if c := got[copied.ID]; n != 1 || c.DuplicateOf != first.ID {
		t.Errorf("%d revisions, the last naming %q; want one naming %q, the original the state holds", n, c.DuplicateOf, first.ID)
	}
}

func mustJSON(t *testing.T, a *article.Article) string {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Switched off, the stage passes articles through unchanged.
func TestRunDisabled(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	cfg := config(t, srv, "stories_off")
	cfg.Enabled = false
	start(t, cfg)
	arts := articles()
	publish(t, conn, arts)
	got, _ := storied(t, conn, len(arts))
	for _, a := range arts {
		g := got[a.ID]
		want, _ := json.Marshal(a)
		have, _ := json.Marshal(g)
		if string(want) != string(have) {
			t.Errorf("%s changed:\n got %s\nwant %s", a.ID, have, want)
		}
	}
}

// Bad input is dead-lettered with its reason, and the stage goes on.
func TestRunDeadLetter(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	start(t, config(t, srv, "stories_dlq"))
	if err := conn.Publish(context.Background(), bus.Message{Subject: bus.SubjectTagged, Data: []byte(`{"schema":"newswire.article/v1"`), ID: "bad"}); err != nil {
		t.Fatal(err)
	}
	publish(t, conn, articles()[:1])
	storied(t, conn, 1)
	deadline := time.Now().Add(20 * time.Second)
	for {
		dls, err := conn.ListDeadLetters(context.Background(), bus.StageStory, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) == 1 {
			if !strings.Contains(fmt.Sprint(dls[0]), "decode article") {
				t.Errorf("dead letter %+v, want the decode error as reason", dls[0])
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d dead letters, want 1", len(dls))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
