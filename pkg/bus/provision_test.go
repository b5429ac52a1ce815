package bus_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func testTopology() bus.Topology {
	return bus.Topology{
		Streams:   []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ},
		Consumers: []bus.ConsumerSpec{{Stage: bus.StageNormalizer, Stream: bus.StreamRaw, Config: bustest.ConsumerConfig("normalizer")}},
		Buckets:   []bus.BucketSpec{{Name: "seen", TTL: time.Hour}, {Name: "ledger"}},
	}
}

func actions(changes []bus.Change) []string {
	var out []string
	for _, ch := range changes {
		out = append(out, ch.Action+" "+ch.Kind+" "+ch.Name)
	}
	return out
}

// TestApply provisions a topology, applies it again (nothing to do),
// then a changed one (only the changed settings are updated).
func TestApply(t *testing.T) {
	srv := bustest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := bustest.Connect(t, srv.Config)
	top := testTopology()

	plan, err := admin.Plan(ctx, top)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"create stream ARTICLES_RAW", "create stream ARTICLES_NORMALIZED", "create stream ARTICLES_DLQ",
		"create bucket seen", "create bucket ledger", "create consumer ARTICLES_RAW/normalizer"}
	if diff := cmp.Diff(want, actions(plan)); diff != "" {
		t.Errorf("Plan on an empty server (-want +got):\n%s", diff)
	}
	if _, err := admin.Plan(ctx, top); err != nil {
		t.Fatal(err)
	}
	if got, err := admin.Apply(ctx, top); err != nil || !cmp.Equal(want, actions(got)) {
		t.Fatalf("Apply = %v, %v, want %v", actions(got), err, want)
	}
	again, err := admin.Apply(ctx, top)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range again {
		if ch.Action != bus.ActionNone {
			t.Errorf("second Apply: %s, want nothing to do", ch)
		}
	}

	// Longer retention and a larger ack window: two updates, with the
	// old and new values.
	cfg := srv.Config
	cfg.StreamMaxAge = 2 * time.Hour
	changed := bustest.Connect(t, cfg)
	top.Consumers[0].Config.AckWait = 9 * time.Second
	got, err := changed.Apply(ctx, top)
	if err != nil {
		t.Fatal(err)
	}
	var updates []string
	for _, ch := range got {
		if ch.Action == bus.ActionUpdate {
			updates = append(updates, ch.String())
		}
	}
	wantUpdates := []string{
		"update stream ARTICLES_RAW\n    max_age 1h0m0s -> 2h0m0s",
		"update stream ARTICLES_NORMALIZED\n    max_age 1h0m0s -> 2h0m0s",
		// The dead letters keep at least 30 days either way.
		"update consumer ARTICLES_RAW/normalizer\n    ack_wait 5s -> 9s",
	}
	if diff := cmp.Diff(wantUpdates, updates); diff != "" {
		t.Errorf("Apply of a changed topology (-want +got):\n%s", diff)
	}
}

// TestVerifyMode: with NATS_PROVISION=verify a service finds nothing
// missing and binds its consumer once the objects are provisioned, and
// fails with the differences otherwise, changing nothing.
func TestVerifyMode(t *testing.T) {
	srv := bustest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	vcfg := srv.Config
	vcfg.Provision = bus.ProvisionVerify
	svc := bustest.Connect(t, vcfg)
	m, err := bus.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	cc := bustest.ConsumerConfig("normalizer")

	var mismatch *bus.MismatchError
	err = svc.EnsureStreams(ctx, bus.StreamRaw)
	if !errors.As(err, &mismatch) || !strings.Contains(err.Error(), "stream ARTICLES_RAW does not exist") {
		t.Errorf("EnsureStreams before provisioning = %v, want stream ARTICLES_RAW does not exist", err)
	}
	if _, err := svc.KeyValue(ctx, "seen", time.Hour); !errors.As(err, &mismatch) {
		t.Errorf("KeyValue before provisioning = %v, want a MismatchError", err)
	}
	if plan, _ := bustest.Connect(t, srv.Config).Plan(ctx, testTopology()); plan[0].Action != bus.ActionCreate {
		t.Errorf("verify mode created %s", plan[0].Name)
	}

	if _, err := bustest.Connect(t, srv.Config).Apply(ctx, testTopology()); err != nil {
		t.Fatal(err)
	}
	if err := svc.EnsureStreams(ctx, bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ); err != nil {
		t.Errorf("EnsureStreams after provisioning = %v", err)
	}
	if _, err := svc.KeyValue(ctx, "seen", time.Hour); err != nil {
		t.Errorf("KeyValue after provisioning = %v", err)
	}
	cons, err := svc.NewConsumer(ctx, bus.StageNormalizer, bus.StreamRaw, nil, cc, m, bustest.Logger(t))
	if err != nil {
		t.Fatalf("NewConsumer after provisioning = %v", err)
	}
	_ = cons

	// Settings the service runs with that the server does not have.
	other := vcfg
	other.StreamMaxAge = 3 * time.Hour
	err = bustest.Connect(t, other).EnsureStreams(ctx, bus.StreamRaw)
	if !errors.As(err, &mismatch) || !strings.Contains(err.Error(), "max_age is 1h0m0s, declared 3h0m0s") {
		t.Errorf("EnsureStreams with another max age = %v, want max_age is 1h0m0s, declared 3h0m0s", err)
	}
	if _, err := svc.KeyValue(ctx, "seen", 2*time.Hour); err == nil || !strings.Contains(err.Error(), "ttl is 1h0m0s, declared 2h0m0s") {
		t.Errorf("KeyValue with another TTL = %v, want ttl is 1h0m0s, declared 2h0m0s", err)
	}
	cc.MaxAckPending = 99
	if _, err := svc.NewConsumer(ctx, bus.StageNormalizer, bus.StreamRaw, nil, cc, m, bustest.Logger(t)); err == nil || !strings.Contains(err.Error(), "max_ack_pending is 64, declared 99") {
		t.Errorf("NewConsumer with another max ack pending = %v, want max_ack_pending is 64, declared 99", err)
	}
	cc = bustest.ConsumerConfig("tagger")
	if _, err := svc.NewConsumer(ctx, bus.StageTagger, bus.StreamNormalized, nil, cc, m, bustest.Logger(t)); err == nil || !strings.Contains(err.Error(), "consumer ARTICLES_NORMALIZED/tagger does not exist") {
		t.Errorf("NewConsumer of an undeclared consumer = %v, want does not exist", err)
	}
}
