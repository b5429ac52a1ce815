package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestWatchAll: the initial values, the marker, then a put and a delete,
// against a real server.
func TestWatchAll(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := bustest.Connect(t, bustest.Start(t).Config)
	kv, err := conn.KeyValue(ctx, "watchall", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "gone"} {
		if err := kv.Put(ctx, k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := kv.Delete(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	w, err := kv.WatchAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	live := map[string]string{}
	apply := func() bus.KeyChange {
		c, err := w.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c.Deleted {
			delete(live, c.Key)
		} else if c.Key != "" {
			live[c.Key] = string(c.Value)
		}
		return c
	}
	for apply().Key != "" {
	}
	if len(live) != 2 || live["a"] != "a" || live["b"] != "b" {
		t.Fatalf("initial values %v, want a and b", live)
	}
	if err := kv.Put(ctx, "c", []byte("c")); err != nil {
		t.Fatal(err)
	}
	if c := apply(); c.Key != "c" || c.Deleted {
		t.Errorf("after put: %+v", c)
	}
	if err := kv.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if c := apply(); c.Key != "a" || !c.Deleted {
		t.Errorf("after delete: %+v", c)
	}
	if _, ok := live["a"]; ok || len(live) != 2 {
		t.Errorf("live = %v, want b and c", live)
	}
}
