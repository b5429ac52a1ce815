package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

func seedArticle(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(rootPath(t, filepath.Join("samples", "dailymail-2020-01-07-khamenei.txt")))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSeedArticleEndToEnd feeds the seed article through the services and
// checks the sink's record.
func TestSeedArticleEndToEnd(t *testing.T) {
	p := startPipeline(t, harness.Config{})
	dropFile(t, p.Inbox(), "seed.txt", seedArticle(t))
	arts := waitForArticles(t, p.SinkFile(), 1, 90*time.Second)
	if len(arts) != 1 {
		t.Fatalf("sink holds %d articles, want 1", len(arts))
	}
	var a *article.Article
	for _, a = range arts {
	}

	if got, want := a.Title, "Ayatollah Khamenei calls for direct attack on American interests and head of Iran's Revolutionary Guard vows to 'set ablaze' US allies in revenge for Qassem Soleimani's death"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if a.PublishedAt == nil || !a.PublishedAt.Equal(time.Date(2020, 1, 7, 10, 45, 0, 0, time.UTC)) {
		t.Errorf("published_at = %v, want 2020-01-07T10:45:00Z", a.PublishedAt)
	}
	if a.UpdatedAt == nil || !a.UpdatedAt.Equal(time.Date(2020, 1, 7, 10, 47, 0, 0, time.UTC)) {
		t.Errorf("updated_at = %v, want 2020-01-07T10:47:00Z", a.UpdatedAt)
	}
	for _, sentence := range []string{
		"Ayatollah Ali Khamenei has called for a direct attack on US interests",
		"The vote also saw lawmakers approve funding for the Quds Force with an additional £170million.",
	} {
		if n := strings.Count(a.Text, sentence); n != 1 {
			t.Errorf("text holds %q %d times, want once", sentence, n)
		}
	}
	if strings.Contains(a.Text, "PUBLISHED:") {
		t.Errorf("text still holds the byline")
	}
	if len(a.Highlights) != 3 {
		t.Errorf("highlights = %q, want 3", a.Highlights)
	}
	if a.Language != "en" {
		t.Errorf("language = %q, want en", a.Language)
	}
	if a.ContentHash != article.ContentHash(a.Text) || a.ID == "" {
		t.Errorf("content_hash %q / id %q do not match the text", a.ContentHash, a.ID)
	}
	if a.Tags == nil {
		t.Fatal("article has no tags")
	}
	var gbp bool
	for _, m := range a.Tags.Money {
		if m.Text == "£170million" && m.Currency == "GBP" && m.Amount != nil && *m.Amount == 170000000 {
			gbp = true
		}
		if a.Text[m.Start:m.End] != m.Text {
			t.Errorf("money %q: offsets [%d,%d) give %q", m.Text, m.Start, m.End, a.Text[m.Start:m.End])
		}
	}
	if !gbp {
		t.Errorf("money = %+v, want £170million as GBP 170000000", a.Tags.Money)
	}
	want := map[string]float64{"targets": 52, "sets of plans": 13}
	for _, f := range a.Tags.Figures {
		if v, ok := want[f.Unit]; ok && f.Value != nil && *f.Value == v {
			delete(want, f.Unit)
		}
	}
	if len(want) > 0 {
		t.Errorf("figures = %+v, missing %v", a.Tags.Figures, want)
	}

	// Every service serves its metrics.
	for _, s := range p.Order {
		body := harness.Get(t, p.MetricsURL(s))
		if !strings.Contains(body, "newswire_build_info") {
			t.Errorf("%s /metrics lacks newswire_build_info", s)
		}
	}
	// The sink observes the latency just after the line is written, so
	// the observation may trail the line a little on a loaded machine.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		body := harness.Get(t, p.MetricsURL(sink))
		if strings.Contains(body, "newswire_fetch_to_sink_seconds_count 1") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("sink /metrics lacks one fetch-to-sink observation 30 s after the line was written")
			break
		}
	}

	// The same article dropped again (another name, same bytes) adds no line.
	dropFile(t, p.Inbox(), "seed-again.txt", seedArticle(t))
	time.Sleep(3 * time.Second)
	if n := countLines(t, p.SinkFile()); n != 1 {
		t.Errorf("sink file has %d lines after a repeat, want 1", n)
	}
	if err := p.Stop(); err != nil {
		t.Errorf("services did not stop cleanly: %v", err)
	}
}

// TestMalformedMessageIsDeadLettered publishes garbage on a raw subject and
// expects it on the normalizer's dead-letter subject with a reason, while a
// good article behind it still reaches the sink.
func TestMalformedMessageIsDeadLettered(t *testing.T) {
	p := startPipeline(t, harness.Config{})
	conn := connect(t, p)
	ctx := context.Background()
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(`{"schema":"newswire.raw/v1","body":`), ID: "garbage"}); err != nil {
		t.Fatal(err)
	}
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(`{"schema":"newswire.raw/v0"}`), ID: "old-schema"}); err != nil {
		t.Fatal(err)
	}
	dropFile(t, p.Inbox(), "seed.txt", seedArticle(t))
	waitForArticles(t, p.SinkFile(), 1, 90*time.Second)

	reasons := deadLetterReasons(t, conn, 2)
	for _, want := range []string{"decode raw article", "unsupported schema"} {
		found := false
		for _, r := range reasons {
			if strings.Contains(r, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("dead-letter reasons %q: none mentions %q", reasons, want)
		}
	}
}

func deadLetterReasons(t *testing.T, conn *bus.Conn, want int) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		dls, err := conn.ListDeadLetters(context.Background(), "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) >= want || time.Now().After(deadline) {
			var reasons []string
			for _, d := range dls {
				if d.Stage != bus.StageNormalizer {
					t.Errorf("dead letter from stage %q, want normalizer", d.Stage)
				}
				reasons = append(reasons, d.Reason)
			}
			if len(reasons) < want {
				t.Fatalf("%d dead letters after 30s, want %d", len(reasons), want)
			}
			return reasons
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestReadmeListsEveryVariable keeps README.md's configuration section true:
// every variable a service reads appears there.
func TestReadmeListsEveryVariable(t *testing.T) {
	bin := binaries(t)
	readme, err := os.ReadFile(rootPath(t, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"fetcher", "normalizer", "tagger", "story", "sink"} {
		out, err := exec.Command(filepath.Join(bin, s), "--help-markdown").Output()
		if err != nil {
			t.Fatalf("%s --help-markdown: %v", s, err)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if !strings.HasPrefix(line, "| `") {
				continue
			}
			key := strings.Trim(strings.Fields(line)[1], "`")
			if !strings.Contains(string(readme), "`"+key+"`") {
				t.Errorf("README.md does not document %s (run scripts/config-docs)", key)
			}
		}
	}
}
