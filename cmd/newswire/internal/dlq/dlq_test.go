package dlq_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/cmd/newswire/internal/dlq"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func setup(t *testing.T) (*bus.Conn, *dlq.Tool, *bytes.Buffer) {
	t.Helper()
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	if err := conn.EnsureStreams(context.Background(), bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	tool, err := dlq.New(conn, &out)
	if err != nil {
		t.Fatal(err)
	}
	return conn, tool, &out
}

func deadLetter(t *testing.T, conn *bus.Conn, stage bus.Stage, subject, reason string, data []byte) {
	t.Helper()
	if err := conn.DeadLetter(context.Background(), stage, bus.DeadLetter{
		Subject: subject, Data: data, Reason: reason, Stream: "S", Sequence: uint64(len(data)) + uint64(len(reason)), Deliveries: 1,
	}); err != nil {
		t.Fatal(err)
	}
}

func TestListShowRetry(t *testing.T) {
	conn, tool, out := setup(t)
	ctx := context.Background()
	raw := bus.SubjectRaw(article.KindInbox)
	deadLetter(t, conn, bus.StageNormalizer, raw, "decode raw article: unexpected end of JSON input", []byte(`{"schema":"newswire.raw/v1","body":"aGk="}`))
	deadLetter(t, conn, bus.StageTagger, bus.SubjectNormalized, strings.Repeat("very long reason ", 20), []byte{0xff, 0x00, 0x01})
	deadLetter(t, conn, bus.StageNormalizer, raw, "binary content", []byte("plain text"))

	if err := tool.List(ctx, "", 10); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("List printed %d lines, want a header and 3:\n%s", len(lines), out)
	}
	for i, want := range []string{"SEQ", "1 ", "2 ", "3 "} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("List line %d = %q, want prefix %q", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[1], "normalizer") || !strings.Contains(lines[1], "articles.raw.inbox") || !strings.Contains(lines[1], "decode raw article") {
		t.Errorf("List line 1 = %q, want stage, subject and reason", lines[1])
	}
	if !strings.Contains(lines[2], "…") || strings.Count(lines[2], "very long reason") > 5 {
		t.Errorf("List line 2 = %q, want the reason truncated", lines[2])
	}

	out.Reset()
	if err := tool.List(ctx, bus.StageTagger, 10); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 {
		t.Errorf("List(tagger) printed %d lines, want 2:\n%s", n, out)
	}

	out.Reset()
	if err := tool.Show(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"sequence: 1", "stage: normalizer", "Newswire-Dlq-Reason: decode raw article", "\"schema\": \"newswire.raw/v1\""} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Show(1) lacks %q:\n%s", want, out)
		}
	}
	if err := tool.Show(ctx, 99); err == nil {
		t.Errorf("Show(99) = nil, want an error")
	}

	out.Reset()
	if err := tool.Retry(ctx, []uint64{1, 99}); err == nil {
		t.Errorf("Retry(1, 99) = nil, want the error of 99")
	}
	if !strings.Contains(out.String(), "1\tretried to articles.raw.inbox") {
		t.Errorf("Retry output = %q, want 1 retried", out)
	}
	out.Reset()
	if err := tool.RetryAll(ctx, bus.StageNormalizer, 1); err != nil {
		t.Fatal(err)
	}
	left, err := conn.ListDeadLetters(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for _, d := range left {
		seqs = append(seqs, d.Sequence)
	}
	if diff := cmp.Diff([]uint64{2}, seqs); diff != "" {
		t.Errorf("after retrying normalizer's, dead letters left (-want +got):\n%s", diff)
	}
	st, err := conn.Streams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Name == bus.StreamRaw && s.Messages != 2 {
			t.Errorf("%s holds %d messages after two retries, want 2", s.Name, s.Messages)
		}
	}
}

func TestFormatPayload(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, "(empty)\n"},
		{[]byte(`{"a":[1,2]}`), "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n"},
		{[]byte("hello\nworld"), "hello\nworld\n"},
		{[]byte{0xff, 'a'}, "00000000  ff 61                                             |.a|\n"},
		{[]byte("a\x00b"), "00000000  61 00 62                                          |a.b|\n"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			if got := string(dlq.FormatPayload(tt.in)); got != tt.want {
				t.Errorf("FormatPayload(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTruncateAndParseSeqs(t *testing.T) {
	if got := dlq.Truncate("abcdef", 4); got != "abc…" {
		t.Errorf("Truncate(%q, 4) = %q, want %q", "abcdef", got, "abc…")
	}
	if got := dlq.Truncate("ab", 4); got != "ab" {
		t.Errorf("Truncate(%q, 4) = %q, want %q", "ab", got, "ab")
	}
	for _, tt := range []struct {
		in      []string
		want    []uint64
		wantErr bool
	}{
		{[]string{"1", "42"}, []uint64{1, 42}, false},
		{[]string{"0"}, nil, true},
		{[]string{"x"}, nil, true},
		{nil, nil, false},
	} {
		got, err := dlq.ParseSeqs(tt.in)
		if (err != nil) != tt.wantErr || !cmp.Equal(got, tt.want) {
			t.Errorf("ParseSeqs(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
