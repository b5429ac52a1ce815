package bus_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// deadLetters stores n dead letters of stage, each the payload "<stage>-<i>"
// first published on articles.raw.inbox with an article id header.
func deadLetters(t *testing.T, conn *bus.Conn, stage bus.Stage, n int) {
	t.Helper()
	for i := range n {
		err := conn.DeadLetter(context.Background(), stage, bus.DeadLetter{
			Subject:    bus.SubjectRaw(article.KindInbox),
			Data:       fmt.Appendf(nil, "%s-%d", stage, i),
			Header:     map[string][]string{bus.HeaderArticleID: {fmt.Sprint(i)}, jetstream.MsgIDHeader: {"orig"}},
			Reason:     "bad " + string(stage),
			Stream:     bus.StreamRaw,
			Sequence:   uint64(100 + i),
			Deliveries: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestListDeadLetters(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamRaw, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	deadLetters(t, conn, bus.StageNormalizer, 3)
	deadLetters(t, conn, bus.StageTagger, 2)

	tests := []struct {
		stage bus.Stage
		limit int
		want  []string
	}{
		{"", 100, []string{"normalizer-0", "normalizer-1", "normalizer-2", "tagger-0", "tagger-1"}},
		{"", 2, []string{"normalizer-0", "normalizer-1"}},
		{bus.StageTagger, 100, []string{"tagger-0", "tagger-1"}},
		{bus.StageNormalizer, 1, []string{"normalizer-0"}},
		{bus.StageSink, 10, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.stage, tt.limit), func(t *testing.T) {
			dls, err := conn.ListDeadLetters(ctx, tt.stage, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range dls {
				got = append(got, string(d.Data))
				if d.Reason != "bad "+string(d.Stage) || d.Subject != "articles.raw.inbox" || d.Time.IsZero() || d.Sequence == 0 {
					t.Errorf("dead letter %+v: want reason, subject, time and sequence set", d)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ListDeadLetters(%q, %d) mismatch (-want +got):\n%s", tt.stage, tt.limit, diff)
			}
		})
	}
}

func TestRetryDeadLetter(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamRaw, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	deadLetters(t, conn, bus.StageNormalizer, 2)
	dls, err := conn.ListDeadLetters(ctx, "", 10)
	if err != nil || len(dls) != 2 {
		t.Fatalf("ListDeadLetters = %d, %v; want 2", len(dls), err)
	}
	seq := dls[0].Sequence

	got, err := conn.GetDeadLetter(ctx, seq)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Data) != "normalizer-0" || got.Stage != bus.StageNormalizer {
		t.Errorf("GetDeadLetter(%d) = %q from %q, want normalizer-0 from normalizer", seq, got.Data, got.Stage)
	}

	subject, err := conn.RetryDeadLetter(ctx, seq)
	if err != nil {
		t.Fatal(err)
	}
	if subject != "articles.raw.inbox" {
		t.Errorf("RetryDeadLetter(%d) subject = %q, want articles.raw.inbox", seq, subject)
	}
	if _, err := conn.GetDeadLetter(ctx, seq); !errors.Is(err, bus.ErrDeadLetterNotFound) {
		t.Errorf("GetDeadLetter(%d) after retry: err = %v, want ErrDeadLetterNotFound", seq, err)
	}
	if _, err := conn.RetryDeadLetter(ctx, seq); !errors.Is(err, bus.ErrDeadLetterNotFound) {
		t.Errorf("second RetryDeadLetter(%d): err = %v, want ErrDeadLetterNotFound", seq, err)
	}
	left, err := conn.ListDeadLetters(ctx, "", 10)
	if err != nil || len(left) != 1 || string(left[0].Data) != "normalizer-1" {
		t.Errorf("after retry, dead letters = %v (%v), want only normalizer-1", left, err)
	}

	// The raw stream holds the original payload and headers, with a new id
	// and no dead-letter headers.
	msgs := streamMessages(t, srv.Config.URL, bus.StreamRaw, 1)
	if len(msgs) != 1 {
		t.Fatalf("raw stream holds %d messages, want 1", len(msgs))
	}
	m := struct {
		Data   []byte
		Header nats.Header
	}{msgs[0].Data(), msgs[0].Headers()}
	if string(m.Data) != "normalizer-0" {
		t.Errorf("republished data = %q, want normalizer-0", m.Data)
	}
	if id := m.Header.Get(jetstream.MsgIDHeader); id != bus.RetryMsgID(seq) {
		t.Errorf("republished Nats-Msg-Id = %q, want %q", id, bus.RetryMsgID(seq))
	}
	if got := m.Header.Get(bus.HeaderArticleID); got != "0" {
		t.Errorf("republished %s = %q, want 0", bus.HeaderArticleID, got)
	}
	if r := m.Header.Get(bus.HeaderDLQReason); r != "" {
		t.Errorf("republished message keeps dead-letter reason %q", r)
	}

	// A dead letter from the fetcher has no stream of its own but an
	// original subject; one with no subject at all is refused.
	if err := conn.DeadLetter(ctx, bus.StageFetcher, bus.DeadLetter{Data: []byte("x"), Reason: "too large"}); err != nil {
		t.Fatal(err)
	}
	dls, _ = conn.ListDeadLetters(ctx, bus.StageFetcher, 1)
	if len(dls) != 1 {
		t.Fatalf("fetcher dead letters = %d, want 1", len(dls))
	}
	if _, err := conn.RetryDeadLetter(ctx, dls[0].Sequence); err == nil {
		t.Errorf("RetryDeadLetter of a dead letter without subject: err = nil, want a refusal")
	}
}

func TestRetryDeadLetterFlowsAgain(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("normalizer"))
	ctx := context.Background()
	var fail atomic.Bool
	fail.Store(true)
	stop := p.run(t, bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
		if fail.Load() {
			return nil, bus.Permanent(errors.New("refused"))
		}
		return &bus.Message{Subject: bus.SubjectNormalized, Data: d.Data, ID: "n:" + string(d.Data)}, nil
	}))
	publishRaw(t, p.conn, 1)
	dls := waitDeadLetters(t, p.conn, 1)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	fail.Store(false)
	p.run(t, bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
		return &bus.Message{Subject: bus.SubjectNormalized, Data: d.Data, ID: "n:" + string(d.Data)}, nil
	}))
	if _, err := p.conn.RetryDeadLetter(ctx, dls[0].Sequence); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := p.conn.Streams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var normalized, dlq uint64
		for _, s := range st {
			switch s.Name {
			case bus.StreamNormalized:
				normalized = s.Messages
			case bus.StreamDLQ:
				dlq = s.Messages
			}
		}
		if normalized == 1 && dlq == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after retry: %d normalized, %d dead letters; want 1 and 0", normalized, dlq)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func waitDeadLetters(t *testing.T, conn *bus.Conn, n int) []bus.StoredDeadLetter {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		dls, err := conn.ListDeadLetters(context.Background(), "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) >= n {
			return dls
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d dead letters after 10s, want %d", len(dls), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDeadLetterKeyStoredOnce: a refusal of no stream message made twice
// under one key (a retried file) is one dead letter; another key is another.
func TestDeadLetterKeyStoredOnce(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"a", "a", "b", ""} {
		err := conn.DeadLetter(ctx, bus.StageFetcher, bus.DeadLetter{
			Subject: bus.SubjectRaw(article.KindInbox),
			Data:    []byte("doc " + key),
			Header:  map[string][]string{bus.HeaderDocument: {"poison.html"}},
			Reason:  "too large",
			Key:     key,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	dls, err := conn.ListDeadLetters(ctx, bus.StageFetcher, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dls {
		got = append(got, string(d.Data))
	}
	if diff := cmp.Diff([]string{"doc a", "doc b", "doc "}, got); diff != "" {
		t.Errorf("dead letters (-want +got):\n%s", diff)
	}
}
