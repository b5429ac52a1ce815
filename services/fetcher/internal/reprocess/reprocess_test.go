package reprocess

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func count(t *testing.T, conn *bus.Conn, stream string) (all, copies int) {
	t.Helper()
	if _, err := conn.ReadSince(context.Background(), stream, time.Time{}, func(m bus.Stored) error {
		all++
		if len(m.Header[bus.HeaderReprocess]) > 0 {
			copies++
			if m.Header[bus.HeaderArticleID][0] == "" {
				t.Errorf("copy %d lost its article id header", m.Sequence)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return all, copies
}

func TestReprocessRaw(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamRaw, bus.StreamNormalized); err != nil {
		t.Fatal(err)
	}
	publish := func(n int, prefix string) {
		for i := range n {
			id := fmt.Sprintf("%s%d", prefix, i)
			if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindRSS), Data: []byte(`{}`), ID: id,
				Header: map[string]string{bus.HeaderArticleID: id}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	publish(3, "old")
	time.Sleep(20 * time.Millisecond)
	since := time.Now()
	publish(5, "new")

	cfg := Config{From: FromRaw, Since: since}
	sum, err := Run(ctx, conn, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 5 || sum.Republished != 5 {
		t.Errorf("Run = read %d, republished %d; want 5, 5", sum.Read, sum.Republished)
	}
	if all, copies := count(t, conn, bus.StreamRaw); all != 13 || copies != 5 {
		t.Errorf("stream holds %d messages, %d copies; want 13, 5", all, copies)
	}
	// A rerun of the same command (after a crash, say) skips its own copies
	// and its republished originals are dropped as duplicates.
	again, err := Run(ctx, conn, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Run != sum.Run || again.Own != 5 {
		t.Errorf("rerun: run %q, own copies %d; want %q, 5", again.Run, again.Own, sum.Run)
	}
	if all, copies := count(t, conn, bus.StreamRaw); all != 13 || copies != 5 {
		t.Errorf("after a rerun the stream holds %d messages, %d copies; want 13, 5", all, copies)
	}
	// Nothing stored since then: nothing to do.
	none, err := Run(ctx, conn, Config{From: FromNormalized, Since: since}, nil)
	if err != nil || none.Read != 0 {
		t.Errorf("Run over an empty stream = %+v, %v; want nothing read", none, err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{From: "tagged", Since: time.Now()},
		{From: FromRaw},
		{From: FromRaw, Since: time.Now(), Until: time.Now().Add(-time.Hour)},
	} {
		if _, err := Run(context.Background(), nil, cfg, nil); err == nil {
			t.Errorf("Run(%+v) = nil error, want one", cfg)
		}
	}
}
