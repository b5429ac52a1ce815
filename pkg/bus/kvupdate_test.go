package bus_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestKVUpdateConcurrent adds to one key from several connections at once,
// as replicas of a stage do: compare-and-set loses no addition.
func TestKVUpdateConcurrent(t *testing.T) {
	srv := bustest.Start(t)
	ctx := context.Background()
	if _, err := bustest.Connect(t, srv.Config).OpenKeyValue(ctx, "counts"); !errors.Is(err, bus.ErrNoBucket) {
		t.Fatalf("OpenKeyValue before creation: %v, want ErrNoBucket", err)
	}
	const writers, adds = 4, 25
	var wg sync.WaitGroup
	for w := range writers {
		conn := bustest.Connect(t, srv.Config)
		kv, err := conn.KeyValue(ctx, "counts", 0)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range adds {
				err := kv.Update(ctx, "n", func(old []byte, ok bool) ([]byte, error) {
					n := 0
					if ok {
						n, _ = strconv.Atoi(string(old))
					}
					return []byte(strconv.Itoa(n + 1)), nil
				})
				if err != nil {
					t.Errorf("writer %d: Update: %v", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	kv, err := bustest.Connect(t, srv.Config).OpenKeyValue(ctx, "counts")
	if err != nil {
		t.Fatal(err)
	}
	if err := kv.Put(ctx, "other", []byte("x")); err != nil {
		t.Fatal(err)
	}
	all, err := kv.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(all["n"]), strconv.Itoa(writers*adds); got != want || len(all) != 2 {
		t.Errorf("Entries() = %q, want n = %s and other", all, want)
	}
	sentinel := errors.New("refused")
	if err := kv.Update(ctx, "n", func([]byte, bool) ([]byte, error) { return nil, sentinel }); !errors.Is(err, sentinel) {
		t.Errorf("Update with a failing f = %v, want %v", err, sentinel)
	}
}
