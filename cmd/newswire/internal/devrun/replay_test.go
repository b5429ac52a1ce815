package devrun

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus/bustest"
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

// replayCmd runs `fetcher replay` against the pipeline's broker.
func replayCmd(t *testing.T, p *Pipeline, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(buildServices(t), "fetcher"), append([]string{"replay"}, args...)...)
	cmd.Env = append(os.Environ(), "NATS_URL="+p.NATSURL(), "FETCHER_LOG_FORMAT=json")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("fetcher replay %q: %v\nstdout:\n%s\nstderr:\n%s", args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// TestReplayNewsSampleEndToEnd replays the news-sample WARC (a warcinfo
// record and 72 responses) through the four services: the sink ends with
// its 72 articles, and replaying it again adds none.
func TestReplayNewsSampleEndToEnd(t *testing.T) {
	warc := newsSample(t)
	p := startPipeline(t)
	dir := t.TempDir()
	out := replayCmd(t, p, "-checkpoint", filepath.Join(dir, "first.checkpoint"), warc)
	t.Logf("first replay: %s", out)
	arts := waitOrExplain(t, p, 72, 240*time.Second)
	if len(arts) != 72 {
		t.Errorf("sink holds %d articles after the replay, want 72", len(arts))
	}
	for id, a := range arts {
		if !a.Replay {
			t.Errorf("article %s (%s) is not marked as a replay", id, a.URL)
		}
	}
	lines := countLines(t, p.OutputPath())

	out = replayCmd(t, p, "-checkpoint", filepath.Join(dir, "second.checkpoint"), warc)
	t.Logf("second replay: %s", out)
	time.Sleep(5 * time.Second)
	if got := readArticles(t, p.OutputPath()); len(got) != 72 {
		t.Errorf("sink holds %d articles after a second replay, want 72", len(got))
	}
	if n := countLines(t, p.OutputPath()); n != lines {
		t.Errorf("sink file has %d lines after a second replay, want %d as before", n, lines)
	}
}

// waitOrExplain waits for n articles in the sink; if they do not all come,
// it fails with the dead letters and the stages' message counts.
func waitOrExplain(t *testing.T, p *Pipeline, n int, within time.Duration) map[string]*article.Article {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := readArticles(t, p.OutputPath())
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			conn := bustest.Connect(t, bustest.Config(p.NATSURL()))
			dls, err := conn.ReadDeadLetters(context.Background(), 200)
			var reasons []string
			for _, d := range dls {
				reasons = append(reasons, string(d.Stage)+": "+d.Reason)
			}
			var counts []string
			for _, s := range Services {
				for _, line := range strings.Split(httpGet(t, p.MetricsURL(s)), "\n") {
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
