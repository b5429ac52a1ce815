package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/services/fetcher/internal/archive"
	"github.com/newswire/newswire/services/fetcher/internal/remote/remotetest"
	"github.com/newswire/newswire/services/fetcher/internal/replay"
)

// childEnv, when set, makes the test binary run `fetcher replay` with the
// arguments it holds (JSON) instead of the tests: the tests start it as a
// process they can kill.
const childEnv = "FETCHER_TEST_REPLAY_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			panic(err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := replayMain(ctx, argv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestRateFlag(t *testing.T) {
	for in, want := range map[string]float64{"50": 50, "50/s": 50, "120/m": 2, "7200/h": 2, "0": 0, "2.5/s": 2.5} {
		var r rateFlag
		if err := r.Set(in); err != nil || float64(r) != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, float64(r), err, want)
		}
	}
	for _, in := range []string{"", "x", "5/d", "-1"} {
		var r rateFlag
		if err := r.Set(in); err == nil {
			t.Errorf("Set(%q) = nil error, want one", in)
		}
	}
}

func TestBytesFlag(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "500": 500, "500K": 500_000, "20M": 20_000_000, "20MB/s": 20_000_000, "1.5g": 1_500_000_000} {
		var b bytesFlag
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, int64(b), err, want)
		}
	}
	for _, in := range []string{"", "M", "-1K", "ten"} {
		var b bytesFlag
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = nil error, want one", in)
		}
	}
}

func TestDayFlag(t *testing.T) {
	tests := []struct {
		in       string
		start    time.Time
		endOfDay time.Time
	}{
		{"2024-03-31", time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)},
		{"2024-03-31T12:00", time.Date(2024, 3, 31, 12, 0, 0, 0, time.UTC), time.Date(2024, 3, 31, 12, 0, 0, 0, time.UTC)},
		{"2024-03-31T12:00:00+02:00", time.Date(2024, 3, 31, 10, 0, 0, 0, time.UTC), time.Date(2024, 3, 31, 10, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		var d dayFlag
		if err := d.Set(tt.in); err != nil || !d.t.Equal(tt.start) || !d.end().Equal(tt.endOfDay) {
			t.Errorf("Set(%q): %v, end %v, err %v; want %v, %v", tt.in, d.t, d.end(), err, tt.start, tt.endOfDay)
		}
	}
	var d dayFlag
	if err := d.Set("yesterday"); err != nil || d.end().Sub(d.t) != 24*time.Hour || time.Since(d.t) < 24*time.Hour || time.Since(d.t) > 48*time.Hour {
		t.Errorf("Set(yesterday) = %v, end %v, %v", d.t, d.end(), err)
	}
}

func TestHostFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hosts.txt")
	os.WriteFile(path, []byte("# wire services\nreuters.com\n apnews.com  # AP\n\nbbc.co.uk,theguardian.com\n"), 0o644)
	fs := newFlagSet("test", "", "")
	f := addReplayFlags(fs)
	if err := fs.Parse([]string{"-host", "ft.com", "-host-file", path}); err != nil {
		t.Fatal(err)
	}
	if err := f.readHostFile(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(listFlag{"ft.com", "reuters.com", "apnews.com", "bbc.co.uk", "theguardian.com"}, f.hosts); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
}

func TestReadList(t *testing.T) {
	dir := t.TempDir()
	local := filepath.Join(dir, "a.warc.gz")
	os.WriteFile(local, nil, 0o644)
	list := filepath.Join(dir, "list.txt")
	os.WriteFile(list, []byte("# inputs\n"+local+"\n\nhttps://example.org/b.warc.gz\ncrawl-data/CC-NEWS/2024/03/CC-NEWS-20240301000000-00001.warc.gz\n"), 0o644)
	got, err := readList(context.Background(), nil, list, "https://mirror.example/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{local, "https://example.org/b.warc.gz", "https://mirror.example/crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301000000-00001.warc.gz"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readList (-want +got):\n%s", diff)
	}
}

// TestCCNewsKillAndResume runs `fetcher replay cc-news` as a process
// against a local CC-NEWS tree and a real JetStream whose duplicate window
// is 100 ms: interrupted by SIGINT (exit 130), then killed with SIGKILL
// mid-file, then resumed to the end. Every article in the range and hosts
// reaches the stream exactly once.
func TestCCNewsKillAndResume(t *testing.T) {
	tr := remotetest.NewTree(t, 40)
	srv := bustest.Start(t)
	cfg := srv.Config
	cfg.DuplicateWindow = 100 * time.Millisecond
	conn := bustest.Connect(t, cfg)
	if err := conn.EnsureStreams(context.Background(), bus.StreamRaw); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cp := filepath.Join(dir, "cc.checkpoint")
	args := []string{"cc-news", "-from", "2024-03-01", "-to", "2024-03-01", "-host", "bbc.co.uk,reuters.com",
		"-base", tr.Base, "-checkpoint", cp, "-bwlimit", "400K", "-user-agent", "newswire-test/1 (+https://example.org)"}
	// A child's output is read only after it exited (done closed).
	type child struct {
		cmd  *exec.Cmd
		out  bytes.Buffer
		err  error
		done chan struct{}
	}
	start := func(extra ...string) *child {
		argv, _ := json.Marshal(append(slices.Clone(args), extra...))
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		c := &child{cmd: cmd, done: make(chan struct{})}
		cmd.Stdout, cmd.Stderr = &c.out, &c.out
		cmd.Env = append(os.Environ(), childEnv+"="+string(argv),
			"FETCHER_NATS_URL="+cfg.URL, "FETCHER_NATS_DUPLICATE_WINDOW=100ms", "FETCHER_NATS_STREAM_MAX_AGE=1h",
			"FETCHER_LOG_FORMAT=text")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { c.err = cmd.Wait(); close(c.done) }()
		t.Cleanup(func() { cmd.Process.Kill(); <-c.done })
		return c
	}
	// waitPublished waits until the checkpoint counts at least n records.
	waitPublished := func(c *child, n int64) {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
			if c, err := replay.LoadCheckpoint(cp); err == nil && c.Published >= n {
				return
			}
			select {
			case <-c.done:
				t.Fatalf("replay exited (%v) before publishing %d records:\n%s", c.err, n, &c.out)
			case <-time.After(20 * time.Millisecond):
			}
		}
		c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("replay did not publish %d records in 2 minutes:\n%s", n, &c.out)
	}

	first := start("-resume")
	waitPublished(first, 5)
	first.cmd.Process.Signal(os.Interrupt)
	<-first.done
	var ee *exec.ExitError
	if !errors.As(first.err, &ee) || ee.ExitCode() != exitInterrupted {
		t.Fatalf("after SIGINT: %v, want exit %d:\n%s", first.err, exitInterrupted, &first.out)
	}
	time.Sleep(250 * time.Millisecond) // past the duplicate window

	second := start("-resume")
	c, _ := replay.LoadCheckpoint(cp)
	waitPublished(second, c.Published+5)
	second.cmd.Process.Kill() // SIGKILL
	<-second.done
	time.Sleep(250 * time.Millisecond)

	third := start("-resume")
	<-third.done
	if third.err != nil {
		t.Fatalf("resumed replay: %v:\n%s", third.err, &third.out)
	}
	if !strings.Contains(third.out.String(), "cc-news: 3 files") {
		t.Errorf("resumed replay output does not say 3 files:\n%s", &third.out)
	}
	t.Logf("last run:\n%s", &third.out)

	var got []string
	if _, err := conn.ReadSince(context.Background(), bus.StreamRaw, time.Time{}, func(m bus.Stored) error {
		raw, err := article.DecodeRaw(m.Data)
		if err != nil {
			return err
		}
		got = append(got, raw.URL)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	from, to := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)
	var want []string
	for _, f := range tr.Files {
		src, err := archive.Open(f.Local, archive.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for {
			raw, _, err := src.Next()
			if err != nil {
				break
			}
			h := strings.SplitN(strings.TrimPrefix(raw.URL, "https://"), "/", 2)[0]
			inHosts := h == "bbc.co.uk" || strings.HasSuffix(h, ".bbc.co.uk") || strings.HasSuffix(h, ".reuters.com")
			if inHosts && !raw.FetchedAt.Before(from) && raw.FetchedAt.Before(to) {
				want = append(want, raw.URL)
			}
		}
		src.Close()
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stream after SIGINT, SIGKILL and resume (-want +got):\n%s", diff)
	}
	if len(want) < 20 {
		t.Errorf("only %d articles in range: the test needs more", len(want))
	}
}
