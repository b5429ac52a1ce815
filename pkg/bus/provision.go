package bus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Provision modes (NATS_PROVISION): what a service does at start-up with the
// streams, durable consumers and key-value buckets it needs.
const (
	// ProvisionCreate creates or updates them: the embedded server of
	// `make run` and a user with rights to manage streams.
	ProvisionCreate = "create"
	// ProvisionVerify only checks that they exist as declared, and fails
	// with the differences otherwise: a production user may not change
	// them; `newswire streams apply` provisions them.
	ProvisionVerify = "verify"
)

// Topology is every JetStream object of a pipeline: what `newswire streams
// apply` provisions and what services in ProvisionVerify mode check. Each
// entry is turned into a server configuration by the same code the
// services use (stream names by Config, consumers by ConsumerConfig,
// buckets by name and TTL), so the two cannot drift.
type Topology struct {
	Streams   []string
	Consumers []ConsumerSpec
	Buckets   []BucketSpec
}

// ConsumerSpec is a durable pull consumer: the stage that runs it, the
// stream it reads, and its settings (Config.Consumer is its name).
type ConsumerSpec struct {
	Stage  Stage
	Stream string
	Config ConsumerConfig
}

// BucketSpec is a key-value bucket; entries expire after TTL (0: never).
type BucketSpec struct {
	Name string
	TTL  time.Duration
}

// Change is what provisioning does, or would do, to one object.
type Change struct {
	// Kind is stream, consumer or bucket.
	Kind string
	// Name is the stream's or bucket's name, or STREAM/consumer.
	Name string
	// Action is create, update or none.
	Action string
	// Fields are the settings that differ (empty for create and none).
	Fields []FieldDiff
}

// Change actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionNone   = "none"
)

// FieldDiff is one setting as the server has it and as declared.
type FieldDiff struct {
	Field, Have, Want string
}

func (f FieldDiff) String() string { return fmt.Sprintf("%s %s -> %s", f.Field, f.Have, f.Want) }

func (ch Change) String() string {
	s := ch.Action + " " + ch.Kind + " " + ch.Name
	for _, f := range ch.Fields {
		s += "\n    " + f.String()
	}
	return s
}

// MismatchError says an object a service needs is missing or differs from
// its declaration, in ProvisionVerify mode.
type MismatchError struct {
	Change Change
}

func (e *MismatchError) Error() string {
	what := e.Change.Kind + " " + e.Change.Name
	hint := "(NATS_PROVISION=verify: provision it with `newswire streams apply` run with the same settings)"
	if e.Change.Action == ActionCreate {
		return what + " does not exist " + hint
	}
	diffs := make([]string, len(e.Change.Fields))
	for i, f := range e.Change.Fields {
		diffs[i] = fmt.Sprintf("%s is %s, declared %s", f.Field, f.Have, f.Want)
	}
	return what + " differs from its declaration: " + strings.Join(diffs, "; ") + " " + hint
}

// Plan compares t with the server and returns one Change per object, in
// the order streams, buckets, consumers. It changes nothing.
func (c *Conn) Plan(ctx context.Context, t Topology) ([]Change, error) {
	var out []Change
	for _, name := range t.Streams {
		sc, err := c.cfg.anyStreamConfig(name)
		if err != nil {
			return nil, err
		}
		ch, err := c.planStream(ctx, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	for _, b := range t.Buckets {
		ch, err := c.planBucket(ctx, c.cfg.kvConfig(b.Name, b.TTL))
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	for _, cs := range t.Consumers {
		if err := cs.Config.Validate(); err != nil {
			return nil, fmt.Errorf("consumer %s/%s: %w", cs.Stream, cs.Config.Consumer, err)
		}
		ch, err := c.planConsumer(ctx, cs.Stream, cs.Config.jetstream(cs.Stage, nil))
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// Apply brings the server in line with t: it creates what is missing and
// updates what differs, and returns the changes made (Plan's, with none
// for objects already as declared). Running it twice changes nothing the
// second time. It needs a user that may manage streams and consumers.
func (c *Conn) Apply(ctx context.Context, t Topology) ([]Change, error) {
	changes, err := c.Plan(ctx, t)
	if err != nil {
		return nil, err
	}
	consumers := t.Consumers
	for i, ch := range changes {
		if ch.Action == ActionNone {
			continue
		}
		switch ch.Kind {
		case "stream":
			sc, _ := c.cfg.anyStreamConfig(ch.Name)
			err = c.settlePlacement(ctx, func(ctx context.Context) error {
				_, err := c.js.CreateOrUpdateStream(ctx, sc)
				return err
			})
		case "bucket":
			var ttl time.Duration
			for _, b := range t.Buckets {
				if b.Name == ch.Name {
					ttl = b.TTL
				}
			}
			err = c.settlePlacement(ctx, func(ctx context.Context) error {
				_, err := c.js.CreateOrUpdateKeyValue(ctx, c.cfg.kvConfig(ch.Name, ttl))
				return err
			})
		case "consumer":
			cs := consumers[i-len(t.Streams)-len(t.Buckets)]
			err = c.settlePlacement(ctx, func(ctx context.Context) error {
				_, err := c.js.CreateOrUpdateConsumer(ctx, cs.Stream, cs.Config.jetstream(cs.Stage, nil))
				return err
			})
		}
		if err != nil {
			return changes[:i], fmt.Errorf("%s %s %s: %w", ch.Action, ch.Kind, ch.Name, err)
		}
	}
	return changes, nil
}

// errCodeNoPeers is JetStream's "no suitable peers for placement": on a
// cluster that has just started, the meta leader does not know every
// peer yet, and a replicated stream cannot be placed for a moment.
const errCodeNoPeers = 10005

// settlePlacement is settle, also waiting out errCodeNoPeers (up to
// NATS_CONNECT_WAIT): provisioning runs right after the servers start.
func (c *Conn) settlePlacement(ctx context.Context, call func(ctx context.Context) error) error {
	deadline := time.Now().Add(c.cfg.ConnectWait)
	for {
		err := c.settle(ctx, call)
		var ae *jetstream.APIError
		if err == nil || !errors.As(err, &ae) || ae.ErrorCode != errCodeNoPeers || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		c.log.Warn("jetstream cannot place the replicas yet; retrying", "err", err)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Second):
		}
	}
}

// verify returns a MismatchError unless ch says the object is as declared.
func verify(ch Change) error {
	if ch.Action == ActionNone {
		return nil
	}
	return &MismatchError{Change: ch}
}

func (c *Conn) planStream(ctx context.Context, want jetstream.StreamConfig) (Change, error) {
	ch := Change{Kind: "stream", Name: want.Name, Action: ActionCreate}
	var info *jetstream.StreamInfo
	err := c.settle(ctx, func(ctx context.Context) error {
		s, err := c.js.Stream(ctx, want.Name)
		if err == nil {
			info = s.CachedInfo()
		}
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
		return ch, nil
	case err != nil:
		return ch, fmt.Errorf("stream %s info: %w", want.Name, err)
	}
	ch.Fields = streamDiff(info.Config, want)
	ch.Action = action(ch.Fields)
	return ch, nil
}

func (c *Conn) planBucket(ctx context.Context, want jetstream.KeyValueConfig) (Change, error) {
	ch := Change{Kind: "bucket", Name: want.Bucket, Action: ActionCreate}
	var info *jetstream.StreamInfo
	err := c.settle(ctx, func(ctx context.Context) error {
		s, err := c.js.Stream(ctx, "KV_"+want.Bucket)
		if err == nil {
			info = s.CachedInfo()
		}
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
		return ch, nil
	case err != nil:
		return ch, fmt.Errorf("bucket %s info: %w", want.Bucket, err)
	}
	have := info.Config
	ch.Fields = diffFields(
		field{"ttl", have.MaxAge.String(), want.TTL.String()},
		field{"history", strconv.FormatInt(have.MaxMsgsPerSubject, 10), strconv.Itoa(int(want.History))},
		field{"replicas", strconv.Itoa(have.Replicas), strconv.Itoa(want.Replicas)},
		field{"storage", have.Storage.String(), want.Storage.String()},
	)
	ch.Action = action(ch.Fields)
	return ch, nil
}

func (c *Conn) planConsumer(ctx context.Context, stream string, want jetstream.ConsumerConfig) (Change, error) {
	ch := Change{Kind: "consumer", Name: stream + "/" + want.Durable, Action: ActionCreate}
	var info *jetstream.ConsumerInfo
	err := c.settle(ctx, func(ctx context.Context) error {
		cons, err := c.js.Consumer(ctx, stream, want.Durable)
		if err == nil {
			info = cons.CachedInfo()
		}
		return err
	})
	switch {
	case errors.Is(err, jetstream.ErrConsumerNotFound), errors.Is(err, jetstream.ErrStreamNotFound):
		return ch, nil
	case err != nil:
		return ch, fmt.Errorf("consumer %s info: %w", ch.Name, err)
	}
	have := info.Config
	ch.Fields = diffFields(
		field{"description", strconv.Quote(have.Description), strconv.Quote(want.Description)},
		field{"ack_policy", have.AckPolicy.String(), want.AckPolicy.String()},
		field{"ack_wait", have.AckWait.String(), want.AckWait.String()},
		field{"max_deliver", strconv.Itoa(have.MaxDeliver), strconv.Itoa(want.MaxDeliver)},
		field{"max_ack_pending", strconv.Itoa(have.MaxAckPending), strconv.Itoa(want.MaxAckPending)},
		field{"deliver_policy", have.DeliverPolicy.String(), want.DeliverPolicy.String()},
		field{"filter_subjects", filters(have), filters(want)},
	)
	ch.Action = action(ch.Fields)
	return ch, nil
}

func streamDiff(have, want jetstream.StreamConfig) []FieldDiff {
	return diffFields(
		field{"subjects", strings.Join(have.Subjects, ","), strings.Join(want.Subjects, ",")},
		field{"description", strconv.Quote(have.Description), strconv.Quote(want.Description)},
		field{"retention", have.Retention.String(), want.Retention.String()},
		field{"storage", have.Storage.String(), want.Storage.String()},
		field{"replicas", strconv.Itoa(have.Replicas), strconv.Itoa(want.Replicas)},
		field{"max_age", have.MaxAge.String(), want.MaxAge.String()},
		field{"max_bytes", strconv.FormatInt(noLimit(have.MaxBytes), 10), strconv.FormatInt(noLimit(want.MaxBytes), 10)},
		field{"duplicate_window", have.Duplicates.String(), want.Duplicates.String()},
		field{"discard", have.Discard.String(), want.Discard.String()},
	)
}

// noLimit writes "no limit" one way: the server stores 0 as -1.
func noLimit(n int64) int64 {
	if n <= 0 {
		return -1
	}
	return n
}

// filters is a consumer's subject filter, however the server stores it.
func filters(cc jetstream.ConsumerConfig) string {
	fs := slices.Clone(cc.FilterSubjects)
	if cc.FilterSubject != "" {
		fs = append(fs, cc.FilterSubject)
	}
	slices.Sort(fs)
	if len(fs) == 0 {
		return "(all)"
	}
	return strings.Join(fs, ",")
}

type field struct{ name, have, want string }

func diffFields(fs ...field) []FieldDiff {
	var out []FieldDiff
	for _, f := range fs {
		if f.have != f.want {
			out = append(out, FieldDiff{Field: f.name, Have: f.have, Want: f.want})
		}
	}
	return out
}

func action(d []FieldDiff) string {
	if len(d) == 0 {
		return ActionNone
	}
	return ActionUpdate
}

// anyStreamConfig is the declaration of an article stream or an alert
// stream.
func (c Config) anyStreamConfig(name string) (jetstream.StreamConfig, error) {
	if name == StreamAlerts || name == StreamOutbox {
		return c.alertStreamConfig(name)
	}
	return c.streamConfig(name)
}

// kvConfig is the declaration of a key-value bucket.
func (c Config) kvConfig(bucket string, ttl time.Duration) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:   bucket,
		TTL:      ttl,
		Storage:  jetstream.FileStorage,
		Replicas: c.StreamReplicas,
		History:  1,
	}
}

// jetstream is the server configuration of the durable consumer c, run by
// stage and filtered to subjects (all of the stream's when empty).
func (c ConsumerConfig) jetstream(stage Stage, subjects []string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:        c.Consumer,
		Description:    fmt.Sprintf("newswire %s", stage),
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        c.AckWait,
		MaxDeliver:     c.MaxDeliver + serverDeliverSlack,
		MaxAckPending:  c.MaxAckPending,
		DeliverPolicy:  jetstream.DeliverAllPolicy,
		FilterSubjects: subjects,
	}
}
