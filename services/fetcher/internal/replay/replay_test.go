package replay

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func connect(t testing.TB) *bus.Conn {
	t.Helper()
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	if err := conn.EnsureStreams(context.Background(), bus.StreamRaw); err != nil {
		t.Fatal(err)
	}
	return conn
}

// stored reads back every raw article in the stream.
func stored(t *testing.T, conn *bus.Conn) []bus.Stored {
	t.Helper()
	var out []bus.Stored
	if _, err := conn.ReadSince(context.Background(), bus.StreamRaw, time.Time{}, func(s bus.Stored) error {
		out = append(out, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReplayWARC(t *testing.T) {
	conn := connect(t)
	dir := t.TempDir()
	path := writeWARC(t, dir, "a.warc.gz", "news.example", 40, 2000)
	sum, err := Run(context.Background(), Config{Inputs: []string{path}, Checkpoint: filepath.Join(dir, "cp")}, conn, nil, bustest.Logger(t))
	if err != nil {
		t.Fatalf("Run = %v", err)
	}
	if sum.Read != 40 || sum.Published != 40 || !sum.Complete {
		t.Errorf("Run read %d, published %d, complete %v; want 40, 40, true", sum.Read, sum.Published, sum.Complete)
	}
	if diff := cmp.Diff(map[string]int64{"record-type": 1}, sum.Skipped); diff != "" {
		t.Errorf("Skipped (-want +got):\n%s", diff)
	}
	msgs := stored(t, conn)
	if len(msgs) != 40 {
		t.Fatalf("stream holds %d messages, want 40", len(msgs))
	}
	for i, m := range msgs {
		raw, err := article.DecodeRaw(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		if want := base.Add(time.Duration(i) * time.Minute); !raw.FetchedAt.Equal(want) {
			t.Errorf("message %d fetched_at = %v, want %v", i, raw.FetchedAt, want)
		}
		if !raw.Replay || m.Header[bus.HeaderReplay][0] != "true" || m.Subject != bus.SubjectRaw(article.KindWARC) {
			t.Errorf("message %d: replay %v, header %q, subject %q; want a replay on %s", i, raw.Replay, m.Header[bus.HeaderReplay], m.Subject, bus.SubjectRaw(article.KindWARC))
		}
	}
	cp, err := LoadCheckpoint(filepath.Join(dir, "cp"))
	if err != nil {
		t.Fatal(err)
	}
	if !cp.Done() || cp.Published != 40 {
		t.Errorf("checkpoint done %v, published %d; want true, 40", cp.Done(), cp.Published)
	}
}

// stopAfter cancels a replay once n records were acknowledged.
type stopAfter struct {
	n      int64
	seen   atomic.Int64
	cancel context.CancelFunc
}

func (s *stopAfter) Record(outcome, _ string, _ int) {
	if outcome == OutcomePublished && s.seen.Add(1) == s.n {
		s.cancel()
	}
}
func (s *stopAfter) Progress(Progress) {}

func TestResumeAfterInterrupt(t *testing.T) {
	conn := connect(t)
	dir := t.TempDir()
	inputs := []string{
		writeWARC(t, dir, "1.warc.gz", "one.example", 150, 500),
		writeWARC(t, dir, "2.warc.gz", "two.example", 150, 500),
	}
	cpPath := filepath.Join(dir, "replay.checkpoint")
	for _, stopAt := range []int64{1, 149, 150, 151, 263} {
		// A fresh stream per case: reset by a new server would be slower.
		ctx, cancel := context.WithCancel(context.Background())
		obs := &stopAfter{n: stopAt, cancel: cancel}
		first, err := Run(ctx, Config{Inputs: inputs, Checkpoint: cpPath, Rate: 2000}, conn, obs, bustest.Logger(t))
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stop at %d: interrupted Run = %v, want context.Canceled", stopAt, err)
		}
		second, err := Run(context.Background(), Config{Inputs: inputs, Checkpoint: cpPath, Resume: true}, conn, nil, bustest.Logger(t))
		if err != nil {
			t.Fatalf("stop at %d: resumed Run = %v", stopAt, err)
		}
		if got := first.Published + second.Published; got != 300 || !second.Resumed || !second.Complete {
			t.Errorf("stop at %d: published %d + %d = %d (resumed %v, complete %v), want 300 in all with no duplicates",
				stopAt, first.Published, second.Published, got, second.Resumed, second.Complete)
		}
		if first.Published < stopAt {
			t.Errorf("stop at %d: first run published %d", stopAt, first.Published)
		}
		third, err := Run(context.Background(), Config{Inputs: inputs, Checkpoint: cpPath, Resume: true}, conn, nil, bustest.Logger(t))
		if err != nil || !third.AlreadyDone || third.Published != 0 {
			t.Errorf("stop at %d: third Run = %+v, %v; want already done", stopAt, third, err)
		}
	}
	if n := len(stored(t, conn)); n != 300 {
		t.Errorf("stream holds %d messages, want 300", n)
	}
}

func TestResumeOtherInputs(t *testing.T) {
	conn := connect(t)
	dir := t.TempDir()
	a := writeWARC(t, dir, "a.warc.gz", "a.example", 3, 100)
	b := writeWARC(t, dir, "b.warc.gz", "b.example", 3, 100)
	cpPath := filepath.Join(dir, "cp")
	if _, err := Run(context.Background(), Config{Inputs: []string{a}, Checkpoint: cpPath}, conn, nil, nil); err != nil {
		t.Fatal(err)
	}
	// A finished replay of other inputs: the new one starts afresh.
	sum, err := Run(context.Background(), Config{Inputs: []string{b}, Checkpoint: cpPath, Resume: true}, conn, nil, nil)
	if err != nil || sum.Resumed || sum.Published != 3 {
		t.Errorf("Run with other inputs after a finished replay = %+v, %v; want a fresh replay of 3", sum, err)
	}
	// Inputs appended to a finished replay: only the new one is read.
	c := writeWARC(t, dir, "c.warc.gz", "c.example", 4, 100)
	sum, err = Run(context.Background(), Config{Inputs: []string{b, c}, Checkpoint: cpPath, Resume: true}, conn, nil, nil)
	if err != nil || !sum.Resumed || sum.Published != 4 {
		t.Errorf("Run with an input appended = %+v, %v; want the 4 of the new one", sum, err)
	}
	// An unfinished replay of other inputs is refused.
	ctx, cancel := context.WithCancel(context.Background())
	d := writeWARC(t, dir, "d.warc.gz", "d.example", 100, 100)
	if _, err := Run(ctx, Config{Inputs: []string{d}, Checkpoint: cpPath, Rate: 20}, conn, &stopAfter{n: 2, cancel: cancel}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Run = %v", err)
	}
	cancel()
	_, err = Run(context.Background(), Config{Inputs: []string{a}, Checkpoint: cpPath, Resume: true}, conn, nil, nil)
	if !errors.Is(err, ErrCheckpointMismatch) {
		t.Errorf("Run with other inputs than an unfinished replay = %v, want ErrCheckpointMismatch", err)
	}
}

func TestSinceUntil(t *testing.T) {
	conn := connect(t)
	dir := t.TempDir()
	path := writeWARC(t, dir, "a.warc.gz", "news.example", 30, 100)
	tests := []struct {
		name         string
		since, until time.Time
		want         int64
		skipped      map[string]int64
	}{
		{"all", time.Time{}, time.Time{}, 30, map[string]int64{"record-type": 1}},
		{"since", base.Add(10 * time.Minute), time.Time{}, 20, map[string]int64{"record-type": 1, SkipBeforeSince: 10}},
		{"until", time.Time{}, base.Add(5 * time.Minute), 5, map[string]int64{"record-type": 1, SkipAfterUntil: 25}},
		{"window", base.Add(10 * time.Minute), base.Add(12 * time.Minute), 2, map[string]int64{"record-type": 1, SkipBeforeSince: 10, SkipAfterUntil: 18}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := Run(context.Background(), Config{Inputs: []string{path}, Since: tt.since, Until: tt.until}, conn, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Published != tt.want {
				t.Errorf("Run(since %v, until %v) published %d, want %d", tt.since, tt.until, sum.Published, tt.want)
			}
			if diff := cmp.Diff(tt.skipped, sum.Skipped); diff != "" {
				t.Errorf("Skipped (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRate checks that -rate slows a replay down: 60 records at 40/s
// cannot take less than (60-burst)/40 s. Only a lower bound is asserted;
// a loaded machine can only make the replay slower.
func TestRate(t *testing.T) {
	conn := connect(t)
	path := writeWARC(t, t.TempDir(), "a.warc.gz", "news.example", 60, 100)
	start := time.Now()
	sum, err := Run(context.Background(), Config{Inputs: []string{path}, Rate: 40}, conn, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 1300*time.Millisecond || sum.Published != 60 {
		t.Errorf("Run at 40/s published %d in %s, want 60 in at least 1.3s", sum.Published, took)
	}
}

func TestCorruptRecordIsCountedAndSkipped(t *testing.T) {
	conn := connect(t)
	dir := t.TempDir()
	path := writeWARC(t, dir, "a.warc.gz", "news.example", 5, 100)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.warc.gz")
	if err := os.WriteFile(cut, data[:len(data)-40], 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), Config{Inputs: []string{cut, filepath.Join(dir, "missing.warc")}}, conn, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Published != 4 || sum.Failed[FailCorrupt] != 1 || sum.Failed[FailFile] != 1 || len(sum.Errors) != 2 {
		t.Errorf("Run over a truncated and a missing file: published %d, failed %v (%q); want 4, one corrupt, one file", sum.Published, sum.Failed, sum.Errors)
	}
}

func TestBar(t *testing.T) {
	got := Bar(Progress{Read: 10, Published: 9, BytesDone: 50, BytesTotal: 100, Rate: 3, ETA: 4 * time.Second}, 10)
	want := "[#####.....]  50.0%  10 read  0 kept  9 published  3/s  0.0/0.0 MB  ETA 4s "
	if got != want {
		t.Errorf("Bar = %q, want %q", got, want)
	}
	got = Bar(Progress{Read: 10, Kept: 9, Published: 9, Files: 40, FilesDone: 2, BytesDone: 3e9, BytesTotal: 4e10, Downloaded: 2.5e9, Retries: 3, Rate: 3, ETA: -1}, 10)
	want = "[..........]   7.5%  file 3/40  10 read  9 kept  9 published  3/s  3000.0/40000.0 MB  2500.0 MB downloaded  3 retries  ETA ? "
	if got != want {
		t.Errorf("Bar = %q, want %q", got, want)
	}
}

// TestResumeAfterLostCheckpointWrite stands in for a kill -9 between the
// broker's acknowledgements and the checkpoint's write: the checkpoint on
// disk is older than what the stream holds. The resumed run finds its own
// earlier publishes in the stream and does not publish them again, even
// with the duplicate window long past.
func TestResumeAfterLostCheckpointWrite(t *testing.T) {
	srv := bustest.Start(t)
	cfg := srv.Config
	cfg.DuplicateWindow = 100 * time.Millisecond
	conn := bustest.Connect(t, cfg)
	if err := conn.EnsureStreams(context.Background(), bus.StreamRaw); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inputs := []string{writeWARC(t, dir, "a.warc.gz", "a.example", 30, 300), writeWARC(t, dir, "b.warc.gz", "b.example", 30, 300)}
	cp := filepath.Join(dir, "cp")
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := Run(ctx, Config{Inputs: inputs, Checkpoint: cp, Rate: 40}, conn, &stopAfter{n: 10, cancel: cancel}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Run = %v", err)
	}
	cancel()
	early, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	old, err := LoadCheckpoint(cp)
	if err != nil || old.Published < 10 || old.Published >= 60 {
		t.Fatalf("checkpoint after the interrupt = %+v, %v; want it inside the replay", old, err)
	}
	sum, err := Run(context.Background(), Config{Inputs: inputs, Checkpoint: cp, Resume: true}, conn, nil, nil)
	if err != nil || !sum.Complete {
		t.Fatalf("resumed Run = %v, %+v", err, sum)
	}
	// The later checkpoint writes are lost.
	if err := os.WriteFile(cp, early, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(250 * time.Millisecond) // past the duplicate window
	sum, err = Run(context.Background(), Config{Inputs: inputs, Checkpoint: cp, Resume: true}, conn, nil, nil)
	if err != nil || !sum.Complete {
		t.Fatalf("Run from the old checkpoint = %v, %+v", err, sum)
	}
	if want := 60 - old.Published; sum.Published != 0 || sum.Skipped[SkipStored] != want {
		t.Errorf("Run from the old checkpoint published %d, skipped %v; want 0 published, %d %s", sum.Published, sum.Skipped, want, SkipStored)
	}
	if n := len(stored(t, conn)); n != 60 {
		t.Errorf("stream holds %d messages, want 60", n)
	}
	if c, err := LoadCheckpoint(cp); err != nil || !c.Done() || c.Published != 60 {
		t.Errorf("checkpoint = %+v, %v; want done with 60", c, err)
	}
}
