package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stream names. Every service declares the streams it touches with the
// same configuration, so the order in which services start does not matter.
const (
	StreamRaw        = "ARTICLES_RAW"
	StreamNormalized = "ARTICLES_NORMALIZED"
	StreamTagged     = "ARTICLES_TAGGED"
	StreamStoried    = "ARTICLES_STORIED"
	StreamDLQ        = "ARTICLES_DLQ"
)

// dlqMaxAge keeps dead letters longer than articles: an operator may look at
// them only after a holiday.
const dlqMaxAge = 30 * 24 * time.Hour

func (c Config) streamConfig(name string) (jetstream.StreamConfig, error) {
	sc := jetstream.StreamConfig{
		Name:       name,
		Retention:  jetstream.LimitsPolicy,
		Storage:    jetstream.FileStorage,
		Replicas:   c.StreamReplicas,
		MaxAge:     c.StreamMaxAge,
		MaxBytes:   c.StreamMaxBytes,
		Duplicates: c.DuplicateWindow,
		// A full stream refuses new messages (ErrStreamFull) rather than
		// drop old ones a consumer may not have read yet.
		Discard: jetstream.DiscardNew,
	}
	switch name {
	case StreamRaw:
		sc.Subjects = []string{SubjectRawAll}
		sc.Description = "raw fetched articles, per source kind"
	case StreamNormalized:
		sc.Subjects = []string{SubjectNormalized}
		sc.Description = "normalized articles"
	case StreamTagged:
		sc.Subjects = []string{SubjectTagged}
		sc.Description = "tagged articles, ready for the sinks"
	case StreamStoried:
		sc.Subjects = []string{SubjectStoried}
		sc.Description = "tagged articles with duplicate_of, similarity and story_id, from the story stage"
	case StreamDLQ:
		sc.Subjects = []string{SubjectDLQAll}
		sc.Description = "dead letters: messages a stage could not process, with the reason in headers"
		sc.MaxAge = max(c.StreamMaxAge, dlqMaxAge)
	default:
		return sc, fmt.Errorf("unknown stream %q", name)
	}
	return sc, nil
}

// EnsureStreams creates or updates the named streams. It is idempotent and
// safe to run from several services at once. With NATS_PROVISION=verify it
// only checks that they exist as declared (a MismatchError otherwise).
func (c *Conn) EnsureStreams(ctx context.Context, names ...string) error {
	for _, name := range names {
		sc, err := c.cfg.anyStreamConfig(name)
		if err != nil {
			return err
		}
		ch, err := c.planStream(ctx, sc)
		if c.cfg.Provision == ProvisionVerify {
			if err == nil {
				err = verify(ch)
			}
			if err != nil {
				return err
			}
			continue
		}
		if err == nil && ch.Action == ActionNone {
			// Already as declared: no update. Services starting together
			// then create consumers on streams nobody is rewriting (an
			// update racing a consumer create trips a data race inside
			// nats-server 2.15's file store, seen under -race).
			continue
		}
		err = c.settle(ctx, func(ctx context.Context) error {
			_, err := c.js.CreateOrUpdateStream(ctx, sc)
			if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
				// Another service created it between our update and
				// create attempts: update the one that now exists.
				_, err = c.js.UpdateStream(ctx, sc)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("create or update stream %s: %w", name, err)
		}
	}
	return nil
}
