package faults

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kelseyhightower/envconfig"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/broker"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/topology"
	"github.com/newswire/newswire/test/faults/harness"
)

// service is what one NATS user of deploy/k8s's accounts.conf is there
// for: the streams it verifies, its durable consumers, the subjects it
// publishes, and the key-value keys it writes.
type service struct {
	user      string
	streams   []string
	consumers [][2]string // stream, durable
	publishes []string
	// keys are bucket/key pairs the service writes.
	keys [][2]string
	// reads are the streams whose messages it may read back by sequence
	// (the story stage: a copy revised when its original came later).
	reads []string
}

var services = []service{
	{"fetcher", []string{bus.StreamRaw, bus.StreamDLQ}, nil,
		[]string{"articles.raw.inbox", "articles.dlq.fetcher"},
		[][2]string{{topology.FetcherSeenBucket, "k"}, {topology.FetcherLedgerBucket, "k"}, {topology.SourcesBucket, "fetch.feed"}}, nil},
	{"normalizer", []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ}, [][2]string{{bus.StreamRaw, "normalizer"}},
		[]string{"articles.normalized", "articles.dlq.normalizer"},
		[][2]string{{topology.SourcesBucket, "articles.feed"}}, nil},
	{"tagger", []string{bus.StreamNormalized, bus.StreamTagged, bus.StreamDLQ}, [][2]string{{bus.StreamNormalized, "tagger"}},
		[]string{"articles.tagged", "articles.dlq.tagger"},
		[][2]string{{topology.WatchListBucket, "entities"}}, nil},
	{"story", []string{bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ}, [][2]string{{bus.StreamTagged, "story"}},
		[]string{"articles.storied", "articles.dlq.story"},
		[][2]string{{"newswire_stories", "s.x"}}, []string{bus.StreamTagged}},
	{"sink", []string{bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ}, [][2]string{{bus.StreamStoried, "sink"}, {bus.StreamTagged, "sink_pg"}},
		[]string{"articles.dlq.sink"},
		[][2]string{{topology.SourcesBucket, "articles.feed"}}, nil},
	{"notify", []string{bus.StreamStoried, bus.StreamDLQ}, [][2]string{{bus.StreamStoried, "notify"}, {bus.StreamOutbox, "notify-webhook"}},
		[]string{"alerts.x", "notify.outbox.x", "articles.dlq.notify"},
		[][2]string{{"newswire_alerts_sent", "k"}}, nil},
}

// TestPermissions runs a NATS server with the accounts.conf deploy/k8s
// ships, provisions the pipeline as its admin user (newswire streams
// apply's code), and proves for every service's user that it can do its
// own work with NATS_PROVISION=verify, and that it cannot publish to
// another stage's subject; create, update, purge or delete a stream; read
// another consumer's messages (pull from it, look it up, subscribe to
// other users' reply subjects, read a stream directly or through an
// ephemeral consumer); or write another service's key-value keys. Each
// refusal is seen twice: as the server's permissions violation, and as
// state that did not change.
func TestPermissions(t *testing.T) {
	const password = "perm-test-password"
	accounts, err := harness.AccountsFile()
	if err != nil {
		t.Fatal(err)
	}
	env, err := harness.AccountEnv(accounts, password)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		t.Setenv(k, v)
	}
	users, _ := harness.AccountUsers(accounts)
	for _, s := range services {
		if !slices.Contains(users, s.user) {
			t.Errorf("accounts.conf has no user %s", s.user)
		}
	}
	srv, err := broker.Start(broker.Config{Host: "127.0.0.1", Port: -1, StoreDir: t.TempDir(), AccountsFile: accounts}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// Provision as the Job does: the declaration from the services'
	// variables, with the story stage, the watch list and a second sink.
	t.Setenv("SINK_INPUT", "storied")
	t.Setenv("TAGGER_ENTITIES_BUCKET", topology.WatchListBucket)
	var tc topology.Config
	if err := envconfig.Process("", &tc); err != nil {
		t.Fatal(err)
	}
	tc.URL, tc.User, tc.Password = srv.ClientURL(), harness.AdminUser, password
	top := tc.Topology()
	pg := tc.SinkConsumer("sink_pg")
	pg.Stream = bus.StreamTagged
	top.Consumers = append(top.Consumers, pg)
	admin, err := bus.Connect(ctx, tc.Config, "admin", bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Apply(ctx, top); err != nil {
		t.Fatalf("Apply as admin = %v", err)
	}
	anc, _ := connect(t, srv.ClientURL(), harness.AdminUser, password)
	ajs, _ := jetstream.New(anc)
	// A message in every article stream, so that a purge or a read shows.
	for _, subj := range []string{"articles.raw.inbox", "articles.normalized", "articles.tagged", "articles.storied", "articles.dlq.x", "alerts.x", "notify.outbox.x"} {
		if _, err := ajs.Publish(ctx, subj, []byte("seed")); err != nil {
			t.Fatal(err)
		}
	}
	allConsumers := [][2]string{}
	for _, s := range services {
		allConsumers = append(allConsumers, s.consumers...)
	}
	allStreams := []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ, "ALERTS", "ALERTS_OUTBOX"}
	streamState := func() map[string]string {
		out := map[string]string{}
		for _, name := range allStreams {
			s, err := ajs.Stream(ctx, name)
			if err != nil {
				t.Fatalf("admin: stream %s: %v", name, err)
			}
			i := s.CachedInfo()
			// A purge moves the first sequence past the messages it removed.
			out[name] = fmt.Sprintf("first_seq %d max_age %s max_bytes %d replicas %d subjects %v", i.State.FirstSeq, i.Config.MaxAge, i.Config.MaxBytes, i.Config.Replicas, i.Config.Subjects)
		}
		return out
	}
	consumerState := func() map[string]string {
		out := map[string]string{}
		for _, c := range allConsumers {
			cons, err := ajs.Consumer(ctx, c[0], c[1])
			if err != nil {
				t.Fatalf("admin: consumer %s/%s: %v", c[0], c[1], err)
			}
			i := cons.CachedInfo()
			out[c[0]+"/"+c[1]] = fmt.Sprintf("delivered %d ack_pending %d", i.Delivered.Stream, i.NumAckPending)
		}
		return out
	}
	beforeStreams, beforeConsumers := streamState(), consumerState()
	outputs := []string{"articles.raw.inbox", "articles.normalized", "articles.tagged", "articles.storied",
		"alerts.x", "notify.outbox.x"}
	var allKeys [][2]string
	for _, s := range services {
		allKeys = append(allKeys, s.keys...)
	}

	for _, s := range services {
		t.Run(s.user, func(t *testing.T) {
			// Its own work, as the service does it: verify, bind, publish,
			// write its keys.
			cfg := bustest.Config(srv.ClientURL())
			cfg.User, cfg.Password, cfg.Provision = s.user, password, bus.ProvisionVerify
			cfg.StreamMaxAge, cfg.DuplicateWindow = tc.StreamMaxAge, tc.DuplicateWindow
			c, err := bus.Connect(ctx, cfg, s.user, bustest.Logger(t))
			if err != nil {
				t.Fatalf("connect as %s: %v", s.user, err)
			}
			defer c.Close(context.Background())
			if len(s.streams) > 0 {
				if err := c.EnsureStreams(ctx, s.streams...); err != nil {
					t.Errorf("%s: verify streams %v = %v", s.user, s.streams, err)
				}
			}
			if s.user == "notify" {
				if err := c.EnsureAlertStreams(ctx); err != nil {
					t.Errorf("notify: verify the alert streams = %v", err)
				}
			}
			m, _ := bus.NewMetrics(prometheus.NewRegistry())
			for _, cons := range s.consumers {
				spec := findConsumer(top, cons)
				if _, err := c.NewConsumer(ctx, spec.Stage, cons[0], nil, spec.Config, m, bustest.Logger(t)); err != nil {
					t.Errorf("%s: bind consumer %s/%s = %v", s.user, cons[0], cons[1], err)
				}
			}
			for _, k := range s.keys {
				ttl := time.Duration(0)
				for _, b := range top.Buckets {
					if b.Name == k[0] {
						ttl = b.TTL
					}
				}
				kv, err := c.KeyValue(ctx, k[0], ttl)
				if err != nil {
					t.Errorf("%s: verify bucket %s = %v", s.user, k[0], err)
					continue
				}
				if err := kv.Put(ctx, k[1], []byte(s.user)); err != nil {
					t.Errorf("%s: put %s %s = %v", s.user, k[0], k[1], err)
				}
				if v, ok, err := kv.Get(ctx, k[1]); err != nil || !ok || string(v) != s.user {
					t.Errorf("%s: get %s %s = %q, %v, %v", s.user, k[0], k[1], v, ok, err)
				}
			}
			for _, st := range s.reads {
				// Allowed, the read is answered (the stream holds no message
				// 1 here); refused, it would wait for a reply until rctx ends.
				rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				if _, err := c.GetStored(rctx, st, 1); err != nil && !errors.Is(err, bus.ErrMessageNotFound) {
					t.Errorf("%s: read back message 1 of %s = %v, want it allowed", s.user, st, err)
				}
				cancel()
			}
			if s.user == "tagger" {
				// Every replica follows the watch list through a watcher.
				kv, err := c.KeyValue(ctx, topology.WatchListBucket, 0)
				if err != nil {
					t.Fatal(err)
				}
				w, err := kv.WatchKey(ctx, "entities")
				if err != nil {
					t.Fatalf("tagger: watch the watch list = %v", err)
				}
				if st, err := w.Next(ctx); err != nil || string(st.Value) != "tagger" {
					t.Errorf("tagger: watch Next = %+v, %v", st, err)
				}
				w.Stop()
			}
			nc, errs := connect(t, srv.ClientURL(), s.user, password, nats.CustomInboxPrefix(bus.InboxPrefix(s.user)))
			for _, subj := range s.publishes {
				if err := nc.PublishRequest(subj, nc.NewRespInbox(), []byte("own")); err != nil {
					t.Fatal(err)
				}
			}
			if err := nc.Flush(); err != nil {
				t.Fatal(err)
			}
		drain:
			for timeout := time.After(3 * time.Second); ; {
				select {
				case e := <-errs:
					t.Errorf("%s: publishing its own subjects %v: %v, want all allowed", s.user, s.publishes, e)
				case <-timeout:
					break drain
				}
			}

			// Nothing of another stage's.
			refuse := func(what, subject string, data []byte) {
				t.Helper()
				if violation(nc, errs, subject, data) == "" {
					t.Errorf("%s: %s (%s) allowed, want a permissions violation", s.user, what, subject)
				}
			}
			for _, subj := range outputs {
				if !slices.Contains(s.publishes, subj) {
					refuse("publish to another stage's subject", subj, nil)
				}
			}
			for _, st := range []string{"fetcher", "normalizer", "tagger", "story", "sink", "notify"} {
				if st != s.user {
					refuse("publish another stage's dead letter", "articles.dlq."+st, nil)
				}
			}
			for _, name := range allStreams {
				refuse("create a stream", "$JS.API.STREAM.CREATE."+name, []byte(`{"name":"`+name+`","subjects":["x.>"]}`))
				refuse("update a stream", "$JS.API.STREAM.UPDATE."+name, []byte(`{"name":"`+name+`","max_age":1000000000}`))
				refuse("purge a stream", "$JS.API.STREAM.PURGE."+name, nil)
				refuse("delete a stream", "$JS.API.STREAM.DELETE."+name, nil)
				if !slices.Contains(s.reads, name) {
					refuse("read a stream's message", "$JS.API.STREAM.MSG.GET."+name, []byte(`{"seq":1}`))
				}
				refuse("read a stream's message directly", "$JS.API.DIRECT.GET."+name, []byte(`{"seq":1}`))
				refuse("create an ephemeral consumer", "$JS.API.CONSUMER.CREATE."+name, []byte(`{"stream_name":"`+name+`","config":{"ack_policy":"none"}}`))
			}
			for _, cons := range allConsumers {
				if slices.Contains(s.consumers, cons) {
					continue
				}
				refuse("pull another consumer's messages", "$JS.API.CONSUMER.MSG.NEXT."+cons[0]+"."+cons[1], []byte(`{"batch":1}`))
				refuse("look up another consumer", "$JS.API.CONSUMER.INFO."+cons[0]+"."+cons[1], nil)
				refuse("delete another consumer", "$JS.API.CONSUMER.DELETE."+cons[0]+"."+cons[1], nil)
				refuse("acknowledge another consumer's message", "$JS.ACK."+cons[0]+"."+cons[1]+".1.1.1.0.0", nil)
			}
			for _, k := range allKeys {
				if !slices.Contains(s.keys, k) {
					refuse("write another service's key", "$KV."+k[0]+"."+k[1], []byte("intruder"))
				}
			}
			// Other users' replies (such as the messages another service's
			// pull consumer is handed) arrive on their inboxes.
			if _, err := nc.Subscribe("_INBOX.>", func(*nats.Msg) {}); err == nil {
				if v := waitViolation(errs, "_INBOX.>"); v == "" {
					t.Errorf("%s: subscribe to every inbox allowed, want a permissions violation", s.user)
				}
			}
			if _, err := nc.Subscribe("articles.>", func(*nats.Msg) {}); err == nil {
				if v := waitViolation(errs, "articles.>"); v == "" {
					t.Errorf("%s: subscribe to the article subjects allowed, want a permissions violation", s.user)
				}
			}
		})
	}

	// The state says the same: no stream changed or lost a message, no
	// consumer was read, no key was written by an intruder.
	if got := streamState(); fmt.Sprint(got) != fmt.Sprint(beforeStreams) {
		t.Errorf("streams changed:\n%v\nwant\n%v", got, beforeStreams)
	}
	if got := consumerState(); fmt.Sprint(got) != fmt.Sprint(beforeConsumers) {
		t.Errorf("consumers read:\n%v\nwant\n%v", got, beforeConsumers)
	}
	for _, k := range allKeys {
		kv, err := ajs.KeyValue(ctx, k[0])
		if err != nil {
			t.Fatal(err)
		}
		e, err := kv.Get(ctx, k[1])
		if err != nil {
			t.Errorf("admin: %s %s: %v", k[0], k[1], err)
			continue
		}
		if string(e.Value()) == "intruder" {
			t.Errorf("%s %s was written by another service", k[0], k[1])
		}
	}
	if _, _, err := tryConnect(srv.ClientURL(), "normalizer", "wrong"); err == nil {
		t.Errorf("connect with a wrong password succeeded")
	}
}

func findConsumer(top bus.Topology, c [2]string) bus.ConsumerSpec {
	for _, cs := range top.Consumers {
		if cs.Stream == c[0] && cs.Config.Consumer == c[1] {
			return cs
		}
	}
	panic("consumer " + c[0] + "/" + c[1] + " not declared")
}

// violation publishes data to subject with a reply inbox and returns the
// permissions violation the server reports for it ("" if none comes).
func violation(nc *nats.Conn, errs <-chan error, subject string, data []byte) string {
	if err := nc.PublishRequest(subject, nc.NewRespInbox(), data); err != nil {
		return err.Error()
	}
	if err := nc.Flush(); err != nil {
		return err.Error()
	}
	return waitViolation(errs, subject)
}

// waitViolation waits for the server's permissions violation naming
// subject. The server answers at once; an allowed subject waits out the
// timeout, which only a failing check pays.
func waitViolation(errs <-chan error, subject string) string {
	timeout := time.After(3 * time.Second)
	for {
		select {
		case e := <-errs:
			if s := e.Error(); strings.Contains(s, "Permissions Violation") && strings.Contains(s, `"`+subject+`"`) {
				return s
			}
		case <-timeout:
			return ""
		}
	}
}

func connect(t *testing.T, url, user, password string, opts ...nats.Option) (*nats.Conn, <-chan error) {
	t.Helper()
	nc, errs, err := tryConnect(url, user, password, opts...)
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	t.Cleanup(nc.Close)
	return nc, errs
}

func tryConnect(url, user, password string, opts ...nats.Option) (*nats.Conn, <-chan error, error) {
	errs := make(chan error, 64)
	opts = append([]nats.Option{nats.UserInfo(user, password), nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		select {
		case errs <- err:
		default:
		}
	})}, opts...)
	nc, err := nats.Connect(url, opts...)
	return nc, errs, err
}
