package bus_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestPublishToFullStream fills ARTICLES_TAGGED up to NATS_STREAM_MAX_BYTES:
// the next publish, synchronous or not, fails with ErrStreamFull, and what
// the stream held is all still there (it discards new messages, never old
// ones a consumer may not have read).
func TestPublishToFullStream(t *testing.T) {
	srv := bustest.Start(t)
	cfg := srv.Config
	cfg.StreamMaxBytes = 64 << 10
	conn := bustest.Connect(t, cfg)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamTagged); err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 4<<10)
	stored := 0
	var err error
	for i := range 100 {
		err = conn.Publish(ctx, bus.Message{Subject: bus.SubjectTagged, Data: data, ID: fmt.Sprint("m", i)})
		if err != nil {
			break
		}
		stored++
	}
	if !errors.Is(err, bus.ErrStreamFull) {
		t.Fatalf("Publish to a full stream = %v, want ErrStreamFull", err)
	}
	if stored == 0 || stored >= 100 {
		t.Fatalf("%d messages stored before the stream was full, want 1-99", stored)
	}
	p, err := conn.PublishAsync(bus.Message{Subject: bus.SubjectTagged, Data: data, ID: "async"})
	if err == nil {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = p.Wait(wctx)
		cancel()
	}
	if !errors.Is(err, bus.ErrStreamFull) {
		t.Errorf("PublishAsync to a full stream, Wait = %v, want ErrStreamFull", err)
	}
	st, err := conn.Streams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Name == bus.StreamTagged && (s.Messages != uint64(stored) || s.FirstSeq != 1) {
			t.Errorf("%s holds %d messages from sequence %d, want the %d stored from 1", s.Name, s.Messages, s.FirstSeq, stored)
		}
	}
	// A message already stored is still acknowledged as a duplicate.
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectTagged, Data: data, ID: "m0"}); err != nil {
		t.Errorf("republishing a stored message to a full stream = %v, want nil (a duplicate)", err)
	}
}

// TestPublishRetriesUntilStored publishes, synchronously and not, while no
// stream answers for the subject, as during a stream leader election: each
// publish is retried with its Nats-Msg-Id until the stream appears, and is
// stored once.
func TestPublishRetriesUntilStored(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	go func() {
		time.Sleep(time.Second)
		if err := conn.EnsureStreams(ctx, bus.StreamTagged); err != nil {
			t.Error(err)
		}
	}()
	p, err := conn.PublishAsync(bus.Message{Subject: bus.SubjectTagged, Data: []byte("a"), ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectTagged, Data: []byte("b"), ID: "b"}); err != nil {
		t.Errorf("Publish while no stream answers = %v, want it stored once the stream is there", err)
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := p.Wait(wctx); err != nil {
		t.Errorf("PublishAsync while no stream answers: Wait = %v, want nil", err)
	}
	st, err := conn.Streams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Name == bus.StreamTagged && s.Messages != 2 {
			t.Errorf("%s holds %d messages, want 2", s.Name, s.Messages)
		}
	}
}
