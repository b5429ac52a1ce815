package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/test/faults/harness"
)

// newsSample returns the news-sample WARC of the shared corpora. Without
// NEWSWIRE_CORPORA the test is skipped, except in CI, where it must run.
func newsSample(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEWSWIRE_CORPORA is unset in CI: set it to the shared corpora directory")
		}
		t.Skip("NEWSWIRE_CORPORA is unset: set it to the shared corpora directory (../shared/corpora) to run the replay end-to-end test")
	}
	path := filepath.Join(dir, "warc", "news-sample", "news-sample.warc.gz")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("news sample: %v", err)
	}
	return path
}

// replayCmd runs `fetcher replay` against the pipeline's broker, with the
// environment every service of the pipeline has.
func replayCmd(t *testing.T, p *harness.Pipeline, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(binaries(t), "fetcher"), append([]string{"replay"}, args...)...)
	cmd.Env = append(append(os.Environ(), p.Env()...), "NATS_URL="+p.NATSURL(), "FETCHER_LOG_FORMAT=json")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("fetcher replay %q: %v\nstdout:\n%s\nstderr:\n%s", args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// newsSampleArticles is how many distinct articles the news-sample WARC's
// 72 response records hold. Two records are one page: the capture at
// http://www.womencantalksports.com/top-10-women-talking-sports/ and a copy
// under a crawler-local target URI whose rel=canonical names that URL, with
// the same text. Articles are identified by canonical URL, so the sink
// stores that page once; every one of the 72 URLs is still accounted for.
const newsSampleArticles = 71

// TestReplayNewsSampleEndToEnd replays the news-sample WARC (a warcinfo
// record and 72 responses) through the four services: every record's URL
// but the merged copy reaches the sink (as an article's url or
// canonical_url), and replaying it again adds nothing.
func TestReplayNewsSampleEndToEnd(t *testing.T) {
	warc := newsSample(t)
	p := startPipeline(t, harness.Config{})
	dir := t.TempDir()
	out := replayCmd(t, p, "-checkpoint", filepath.Join(dir, "first.checkpoint"), warc)
	t.Logf("first replay: %s", out)
	arts := waitOrExplain(t, p, newsSampleArticles, 240*time.Second)
	if len(arts) != newsSampleArticles {
		t.Errorf("sink holds %d articles after the replay, want %d", len(arts), newsSampleArticles)
	}
	stored := map[string]bool{}
	for id, a := range arts {
		if !a.Replay {
			t.Errorf("article %s (%s) is not marked as a replay", id, a.URL)
		}
		stored[a.URL], stored[a.CanonicalURL] = true, true
	}
	var merged []string
	for _, u := range newsSampleURLs(t, warc) {
		if !stored[u] {
			merged = append(merged, u)
		}
	}
	if len(merged) > 72-newsSampleArticles {
		t.Errorf("records whose URL no stored article carries: %q, want at most the one copy merged by its canonical URL (which of the two records arrives first varies)", merged)
	}
	lines := countLines(t, p.SinkFile())

	out = replayCmd(t, p, "-checkpoint", filepath.Join(dir, "second.checkpoint"), warc)
	t.Logf("second replay: %s", out)
	time.Sleep(5 * time.Second)
	if got := readArticles(t, p.SinkFile()); len(got) != newsSampleArticles {
		t.Errorf("sink holds %d articles after a second replay, want %d", len(got), newsSampleArticles)
	}
	if n := countLines(t, p.SinkFile()); n != lines {
		t.Errorf("sink file has %d lines after a second replay, want %d as before", n, lines)
	}
}

// waitOrExplain waits for n articles in the sink; if they do not all come,
// it fails with the dead letters and the stages' message counts.
func waitOrExplain(t *testing.T, p *harness.Pipeline, n int, within time.Duration) map[string]*article.Article {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := readArticles(t, p.SinkFile())
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			conn := connect(t, p)
			dls, err := conn.ListDeadLetters(context.Background(), "", 200)
			var reasons []string
			for _, d := range dls {
				reasons = append(reasons, string(d.Stage)+": "+d.Reason)
			}
			var counts []string
			for _, s := range p.Order {
				for _, line := range strings.Split(harness.Get(t, p.MetricsURL(s)), "\n") {
					if strings.HasPrefix(line, "newswire_messages_processed_total") || strings.HasPrefix(line, "newswire_consumer_pending_messages") {
						counts = append(counts, line)
					}
				}
			}
			t.Fatalf("sink holds %d articles after %s, want %d\ndead letters (%v): %q\n%s", len(got), within, n, err, reasons, strings.Join(counts, "\n"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// newsSampleURLs lists the URLs of the news-sample's records, from the
// expectations file beside the WARC.
func newsSampleURLs(t *testing.T, warc string) []string {
	t.Helper()
	data, err := os.ReadFile(strings.TrimSuffix(warc, ".warc.gz") + ".expect.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, e.URL)
	}
	if len(urls) != 72 {
		t.Fatalf("expectations list %d records, want 72", len(urls))
	}
	return urls
}
