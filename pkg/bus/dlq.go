package bus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrDeadLetterNotFound means no dead letter is stored at a sequence: it
// was never there, or was already retried or expired.
var ErrDeadLetterNotFound = errors.New("dead letter not found")

// ListDeadLetters returns up to limit dead letters of stage (all stages
// when stage is ""), oldest first. It reads through an ordered consumer and
// leaves the stream unchanged.
func (c *Conn) ListDeadLetters(ctx context.Context, stage Stage, limit int) ([]StoredDeadLetter, error) {
	if limit < 1 {
		return nil, fmt.Errorf("list dead letters: limit %d, want >= 1", limit)
	}
	s, err := c.js.Stream(ctx, StreamDLQ)
	if err != nil {
		return nil, fmt.Errorf("open stream %s: %w", StreamDLQ, err)
	}
	subject := SubjectDLQAll
	if stage != "" {
		subject = SubjectDLQ(stage)
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		return nil, fmt.Errorf("stream %s info: %w", StreamDLQ, err)
	}
	var stored uint64
	for _, n := range info.State.Subjects {
		stored += n
	}
	if stage == "" {
		stored = info.State.Msgs
	}
	n := int(min(stored, uint64(limit)))
	if n == 0 {
		return nil, nil
	}
	oc, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", StreamDLQ, err)
	}
	out := make([]StoredDeadLetter, 0, n)
	for len(out) < n {
		batch, err := oc.Fetch(n-len(out), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return out, fmt.Errorf("read %s: %w", StreamDLQ, err)
		}
		got := 0
		for m := range batch.Messages() {
			got++
			var seq uint64
			if md, err := m.Metadata(); err == nil {
				seq = md.Sequence.Stream
			}
			out = append(out, storedDeadLetter(seq, m.Subject(), m.Headers(), m.Data()))
		}
		if err := batch.Error(); err != nil {
			return out, fmt.Errorf("read %s: %w", StreamDLQ, err)
		}
		if got == 0 {
			break // expired or retried by someone else meanwhile
		}
	}
	return out, nil
}

// GetDeadLetter returns the dead letter stored at seq in ARTICLES_DLQ.
func (c *Conn) GetDeadLetter(ctx context.Context, seq uint64) (StoredDeadLetter, error) {
	s, err := c.js.Stream(ctx, StreamDLQ)
	if err != nil {
		return StoredDeadLetter{}, fmt.Errorf("open stream %s: %w", StreamDLQ, err)
	}
	raw, err := s.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return StoredDeadLetter{}, fmt.Errorf("dead letter %d: %w", seq, ErrDeadLetterNotFound)
	}
	if err != nil {
		return StoredDeadLetter{}, fmt.Errorf("get dead letter %d: %w", seq, err)
	}
	return storedDeadLetter(raw.Sequence, raw.Subject, raw.Header, raw.Data), nil
}

func storedDeadLetter(seq uint64, subject string, h nats.Header, data []byte) StoredDeadLetter {
	dl := StoredDeadLetter{
		Sequence: seq,
		Stage:    Stage(h.Get(HeaderDLQStage)),
		Reason:   h.Get(HeaderDLQReason),
		Subject:  h.Get(HeaderDLQSubject),
		Header:   h,
		Data:     data,
	}
	if dl.Stage == "" {
		dl.Stage = Stage(strings.TrimPrefix(subject, "articles.dlq."))
	}
	dl.Time, _ = time.Parse(time.RFC3339Nano, h.Get(HeaderDLQTime))
	return dl
}

// RetryMsgID is the Nats-Msg-Id a retried dead letter is republished with.
// It names the dead letter, not the article: the original id would be
// dropped as a duplicate inside the window, while a retry repeated after a
// crash (republished, not yet deleted) is dropped rather than doubled.
func RetryMsgID(dlqSeq uint64) string { return "dlq-retry:" + strconv.FormatUint(dlqSeq, 10) }

// RetryDeadLetter republishes the dead letter at seq, with its original
// headers (less the dead-letter ones), to the subject it was first
// published on, waits for the server's acknowledgement, then deletes it
// from ARTICLES_DLQ. It returns the subject it republished to. A crash
// between the two steps leaves the dead letter in place: retrying it again
// is safe (at least once; a repeat inside the duplicate window is dropped).
func (c *Conn) RetryDeadLetter(ctx context.Context, seq uint64) (string, error) {
	dl, err := c.GetDeadLetter(ctx, seq)
	if err != nil {
		return "", err
	}
	if dl.Subject == "" || strings.HasPrefix(dl.Subject, "articles.dlq.") {
		return "", fmt.Errorf("retry dead letter %d: original subject %q is not retryable", seq, dl.Subject)
	}
	msg := nats.NewMsg(dl.Subject)
	msg.Data = dl.Data
	for k, vs := range dl.Header {
		if strings.HasPrefix(k, "Newswire-Dlq-") || k == HeaderMsgID || strings.HasPrefix(k, "Nats-") {
			continue
		}
		for _, v := range vs {
			msg.Header.Add(k, v)
		}
	}
	msg.Header.Set(HeaderMsgID, RetryMsgID(seq))
	if _, err := c.js.PublishMsg(ctx, msg); err != nil {
		return "", fmt.Errorf("retry dead letter %d: publish to %s: %w", seq, dl.Subject, err)
	}
	s, err := c.js.Stream(ctx, StreamDLQ)
	if err != nil {
		return "", fmt.Errorf("open stream %s: %w", StreamDLQ, err)
	}
	if err := s.DeleteMsg(ctx, seq); err != nil {
		// Another operator's retry may have deleted it first.
		if _, gerr := c.GetDeadLetter(ctx, seq); !errors.Is(gerr, ErrDeadLetterNotFound) {
			return "", fmt.Errorf("retry dead letter %d: republished to %s, but delete: %w", seq, dl.Subject, err)
		}
	}
	return dl.Subject, nil
}
