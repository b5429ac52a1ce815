package bus_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestKVCompareAndSet checks Create, Entry and UpdateRevision against a
// real server, and Scan's filter.
func TestKVCompareAndSet(t *testing.T) {
	srv := bustest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	kv, err := bustest.Connect(t, srv.Config).KeyValue(ctx, "cas", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := kv.Create(ctx, "s.a", []byte("1"))
	if err != nil {
		t.Fatalf("Create = %v", err)
	}
	if _, err := kv.Create(ctx, "s.a", []byte("x")); !errors.Is(err, bus.ErrKeyExists) {
		t.Errorf("second Create = %v, want ErrKeyExists", err)
	}
	rev2, err := kv.UpdateRevision(ctx, "s.a", []byte("2"), rev)
	if err != nil {
		t.Fatalf("UpdateRevision = %v", err)
	}
	if _, err := kv.UpdateRevision(ctx, "s.a", []byte("3"), rev); !errors.Is(err, bus.ErrRevisionMismatch) {
		t.Errorf("UpdateRevision at a stale revision = %v, want ErrRevisionMismatch", err)
	}
	if v, r, ok, err := kv.Entry(ctx, "s.a"); err != nil || !ok || string(v) != "2" || r != rev2 {
		t.Errorf("Entry = %q, %d, %v, %v; want 2, %d", v, r, ok, err, rev2)
	}
	if _, _, ok, err := kv.Entry(ctx, "s.none"); ok || err != nil {
		t.Errorf("Entry(missing) = %v, %v", ok, err)
	}
	for i := range 3 {
		if _, err := kv.Create(ctx, fmt.Sprintf("s.b%d", i), []byte{byte('a' + i)}); err != nil {
			t.Fatal(err)
		}
		if _, err := kv.Create(ctx, fmt.Sprintf("k.%d", i), []byte("other")); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	if err := kv.Scan(ctx, "s.>", func(k string, v []byte) error { got[k] = string(v); return nil }); err != nil {
		t.Fatalf("Scan = %v", err)
	}
	want := map[string]string{"s.a": "2", "s.b0": "a", "s.b1": "b", "s.b2": "c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scan(s.>) (-want +got):\n%s", diff)
	}
	// An empty filter result returns at once.
	if err := kv.Scan(ctx, "x.>", func(string, []byte) error { t.Error("called"); return nil }); err != nil {
		t.Errorf("Scan(x.>) = %v", err)
	}
}
