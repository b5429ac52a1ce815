package faults

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

// sinkStop is how long TestBackpressure keeps the sinks stopped:
// FAULTS_SINK_STOP, 5 minutes by default.
func sinkStop() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FAULTS_SINK_STOP")); err == nil && d > 0 {
		return d
	}
	return 5 * time.Minute
}

// replayCmd runs `fetcher replay args...` against p, in dir (where its
// checkpoint file goes).
func replayCmd(bin, dir string, p *harness.Pipeline, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(bin, "fetcher"), append([]string{"replay"}, args...)...)
	cmd.Env = append(append(os.Environ(), "NATS_URL="+p.NATSURL(), "LOG_FORMAT=text"), p.Env()...)
	cmd.Dir = dir
	return cmd
}

// writeArchive writes generated articles 0..n-1 as one WARC file in dir.
func writeArchive(t *testing.T, dir string, n int) string {
	t.Helper()
	var b bytes.Buffer
	if err := harness.WriteWARC(&b, 0, n); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "replay.warc")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBackpressure replays FAULTS_N articles (5,000) at full speed into a
// pipeline whose two sinks are stopped for FAULTS_SINK_STOP (5 minutes):
// the normalizer and tagger go on, the backlog waits in ARTICLES_TAGGED
// within NATS_STREAM_MAX_BYTES, and when the sinks return they drain it,
// storing every article once.
func TestBackpressure(t *testing.T) {
	if testing.Short() {
		t.Skip("holds the sinks stopped for minutes")
	}
	n, stop := articleCount(), sinkStop()
	const maxBytes = 256 << 20
	bin := binaries(t)
	dir := t.TempDir()
	pg := startPostgres(t)
	p, err := harness.New(harness.Config{
		Bin: bin, Dir: dir, FileSink: true, Postgres: pg,
		Env: []string{fmt.Sprintf("NATS_STREAM_MAX_BYTES=%d", maxBytes), "SINK_BATCH_LINGER=50ms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stopPipeline(t, p, dir, "newswire-backpressure-failed")
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)

	sinks := []string{"sink_file", "sink_pg"}
	for _, s := range sinks {
		if err := p.Procs[s].Term(30 * time.Second); err != nil {
			t.Fatalf("stop %s: %v", s, err)
		}
	}
	stopped := time.Now()
	archive := writeArchive(t, dir, n)
	start := time.Now()
	if out, err := replayCmd(bin, dir, p, archive).CombinedOutput(); err != nil {
		t.Fatalf("fetcher replay: %v\n%s", err, out)
	}
	t.Logf("replayed %d articles in %.1fs (%.0f/s) with the sinks stopped", n, time.Since(start).Seconds(), float64(n)/time.Since(start).Seconds())
	deadline := stopped.Add(stop + 10*time.Minute)
	for streamCount(ctx, admin, bus.StreamTagged) < uint64(n) {
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d of %d articles", bus.StreamTagged, streamCount(ctx, admin, bus.StreamTagged), n)
		}
		time.Sleep(time.Second)
	}
	t.Logf("%.1fs after the sinks stopped: all %d tagged, waiting in %s", time.Since(stopped).Seconds(), n, bus.StreamTagged)
	time.Sleep(time.Until(stopped.Add(stop)))
	st, err := admin.Streams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Name == bus.StreamDLQ {
			continue
		}
		t.Logf("%s: %d messages, %d bytes (limit %d)", s.Name, s.Messages, s.Bytes, maxBytes)
		if s.Bytes > maxBytes || s.FirstSeq != 1 {
			t.Errorf("%s: %d bytes from sequence %d, want at most %d from 1", s.Name, s.Bytes, s.FirstSeq, maxBytes)
		}
		for _, c := range s.Consumers {
			if strings.HasPrefix(c.Name, "sink") && c.Pending != uint64(n) {
				t.Errorf("consumer %s has %d pending, want all %d", c.Name, c.Pending, n)
			}
		}
	}
	back := time.Now()
	if err := p.StartServices(sinks...); err != nil {
		t.Fatal(err)
	}
	waitStoredOnce(ctx, t, p, pg, admin, n, back.Add(10*time.Minute))
	t.Logf("the sinks drained the backlog of %d in %.1fs", n, time.Since(back).Seconds())
	checkDeadLetters(ctx, t, admin, nil)
}

// TestStreamFull replays into ARTICLES_RAW limited to 2 MiB, less than the
// archive: the replay stops with a clear error naming the full stream, and
// the stream keeps what it stored (nothing old is discarded to make room).
// With the limit raised, `fetcher replay -resume` publishes the rest, and
// the stream ends holding every record once.
func TestStreamFull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server and replays")
	}
	const n, limit = 2000, 2 << 20
	bin := binaries(t)
	dir := t.TempDir()
	p, err := harness.New(harness.Config{Bin: bin, Dir: dir, Env: []string{fmt.Sprintf("NATS_STREAM_MAX_BYTES=%d", limit)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.StartNATS(); err != nil {
		t.Fatal(err)
	}
	defer p.NATS.Term(30 * time.Second)
	ctx := context.Background()
	ensure := func(maxBytes int64) *bus.Conn {
		t.Helper()
		conn, err := p.ConnectWith(ctx, func(c *bus.Config) { c.StreamMaxBytes = maxBytes })
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.EnsureStreams(ctx, bus.StreamRaw); err != nil {
			t.Fatal(err)
		}
		return conn
	}
	conn := ensure(limit)
	archive := writeArchive(t, dir, n)
	out, err := replayCmd(bin, dir, p, "-checkpoint", "replay.checkpoint", archive).CombinedOutput()
	if err == nil {
		t.Fatalf("fetcher replay into a full stream succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), "stream full") {
		t.Errorf("fetcher replay into a full stream: %v, output without 'stream full':\n%s", err, out)
	}
	stored := streamCount(ctx, conn, bus.StreamRaw)
	st, _ := conn.Streams(ctx)
	for _, s := range st {
		if s.Name == bus.StreamRaw {
			t.Logf("%s full: %d messages, %d bytes (limit %d), first sequence %d", s.Name, s.Messages, s.Bytes, limit, s.FirstSeq)
			if s.FirstSeq != 1 || s.Bytes > limit || s.Messages == 0 || s.Messages >= n {
				t.Errorf("%s: %d messages, %d bytes from sequence %d; want some, at most %d bytes, from 1", s.Name, s.Messages, s.Bytes, s.FirstSeq, limit)
			}
		}
	}
	conn.Close(ctx)

	conn = ensure(-1)
	defer conn.Close(ctx)
	resume := replayCmd(bin, dir, p, "-checkpoint", "replay.checkpoint", "-resume", archive)
	resume.Env = append(resume.Env, "NATS_STREAM_MAX_BYTES=-1") // the operator raised the limit
	if out, err := resume.CombinedOutput(); err != nil {
		t.Fatalf("fetcher replay -resume after raising the limit: %v\n%s", err, out)
	}
	if got := streamCount(ctx, conn, bus.StreamRaw); got != n {
		t.Errorf("%s holds %d messages after the resumed replay (%d before it), want %d", bus.StreamRaw, got, stored, n)
	}
}
