package bus_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestKeyWatch follows one key from a second connection through an
// absent value, puts, a put to another key (unseen) and a delete; a new
// watch starts from the current value.
func TestKeyWatch(t *testing.T) {
	srv := bustest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	writer, err := bustest.Connect(t, srv.Config).KeyValue(ctx, "settings", 0)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := bustest.Connect(t, srv.Config).KeyValue(ctx, "settings", 0)
	if err != nil {
		t.Fatal(err)
	}
	w, err := reader.WatchKey(ctx, "list")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	next := func(want string, deleted bool) {
		t.Helper()
		s, err := w.Next(ctx)
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if string(s.Value) != want || s.Deleted != deleted {
			t.Fatalf("Next = %q deleted %v, want %q deleted %v", s.Value, s.Deleted, want, deleted)
		}
	}
	next("", true) // never set
	if err := writer.Put(ctx, "list", []byte("one")); err != nil {
		t.Fatal(err)
	}
	next("one", false)
	if err := writer.Put(ctx, "other", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := writer.Put(ctx, "list", []byte("two")); err != nil {
		t.Fatal(err)
	}
	next("two", false)
	if err := writer.Delete(ctx, "list"); err != nil {
		t.Fatal(err)
	}
	next("", true)

	// A watch started on a key that has a value gets it first.
	if err := writer.Put(ctx, "list", []byte("three")); err != nil {
		t.Fatal(err)
	}
	next("three", false)
	w2, err := reader.WatchKey(ctx, "list")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := w2.Next(ctx); err != nil || string(s.Value) != "three" || s.Revision == 0 {
		t.Fatalf("new watch: Next = %+v, %v; want three with its revision", s, err)
	}
	if err := w2.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := w2.Next(ctx); !errors.Is(err, bus.ErrWatchClosed) {
		t.Fatalf("Next after Stop = %v, want ErrWatchClosed", err)
	}

	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	if _, err := w.Next(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next with nothing new = %v, want the context's deadline", err)
	}
}

// TestKeyWatchOutlivesItsStartContext checks that a watch started under
// a context that then ends goes on until Stop: a service's follower, whose
// own context ends a moment later, must not see ErrWatchClosed first.
func TestKeyWatchOutlivesItsStartContext(t *testing.T) {
	srv := bustest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	kv, err := bustest.Connect(t, srv.Config).KeyValue(ctx, "settings", 0)
	if err != nil {
		t.Fatal(err)
	}
	start, cancelStart := context.WithCancel(ctx)
	w, err := kv.WatchKey(start, "list")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if s, err := w.Next(ctx); err != nil || !s.Deleted {
		t.Fatalf("first Next = %+v, %v; want the key unset", s, err)
	}
	cancelStart()
	if err := kv.Put(ctx, "list", []byte("after")); err != nil {
		t.Fatal(err)
	}
	if s, err := w.Next(ctx); err != nil || string(s.Value) != "after" {
		t.Fatalf("Next after the start context ended = %+v, %v; want after", s, err)
	}
	if err := w.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Next(ctx); !errors.Is(err, bus.ErrWatchClosed) {
		t.Fatalf("Next after Stop = %v, want ErrWatchClosed", err)
	}
}
