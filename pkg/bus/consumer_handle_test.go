package bus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// batchOf returns jobs for deliveries named by data; those in skip are
// refused before handling, as exhausted ones are.
func batchOf(data []string, skip map[string]bool) []job {
	js := make([]job, len(data))
	for i, s := range data {
		js[i].d.Data = []byte(s)
		if skip[s] {
			js[i].skip, js[i].err = true, errors.New("exhausted")
		}
	}
	return js
}

// errsOf lists each job's error, "" for none.
func errsOf(js []job) []string {
	out := make([]string, len(js))
	for i, j := range js {
		if j.err != nil {
			out[i] = j.err.Error()
		}
	}
	return out
}

// TestBatchedSkipsRefused checks that a batch handler is handed only the
// deliveries not refused before handling, and that its results land on
// those, in order, with a result count that does not match failing each
// of them and leaving the refused ones as they were.
func TestBatchedSkipsRefused(t *testing.T) {
	tests := []struct {
		name    string
		results func(ds []*Delivery) []error
		want    []string
	}{
		{name: "all succeed", results: func([]*Delivery) []error { return nil }, want: []string{"", "exhausted", "", "exhausted"}},
		{
			name: "per delivery",
			results: func(ds []*Delivery) []error {
				errs := make([]error, len(ds))
				for i, d := range ds {
					errs[i] = fmt.Errorf("failed %s", d.Data)
				}
				return errs
			},
			want: []string{"failed a", "exhausted", "failed c", "exhausted"},
		},
		{
			name:    "wrong count",
			results: func([]*Delivery) []error { return []error{nil} },
			want:    []string{"batch handler returned 1 results for 2 messages", "exhausted", "batch handler returned 1 results for 2 messages", "exhausted"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := batchOf([]string{"a", "b", "c", "d"}, map[string]bool{"b": true, "d": true})
			var handed []string
			batched(batchFunc(func(_ context.Context, ds []*Delivery) []error {
				for _, d := range ds {
					handed = append(handed, string(d.Data))
				}
				return tt.results(ds)
			}))(context.Background(), js)
			if got := strings.Join(handed, ","); got != "a,c" {
				t.Errorf("handler was handed %q, want a,c", got)
			}
			if got := errsOf(js); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("errors = %q, want %q", got, tt.want)
			}
		})
	}
}

type batchFunc func(ctx context.Context, ds []*Delivery) []error

func (f batchFunc) HandleBatch(ctx context.Context, ds []*Delivery) []error { return f(ctx, ds) }

// TestHandleSafelyBatchPanic checks the panic policy on a batch with a
// refused delivery in it: the batch is handed again one delivery at a
// time, the refused one never, and only the delivery that panics alone
// carries the panic, with its stack.
func TestHandleSafelyBatchPanic(t *testing.T) {
	c := &Consumer{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	js := batchOf([]string{"a", "poison", "skipped", "c"}, map[string]bool{"skipped": true})
	calls := 0
	handle := batched(batchFunc(func(_ context.Context, ds []*Delivery) []error {
		calls++
		for _, d := range ds {
			switch string(d.Data) {
			case "poison":
				panic("poisoned")
			case "skipped":
				t.Errorf("the refused delivery was handed to the handler")
			}
		}
		return nil
	}))
	c.handleSafely(context.Background(), handle, js, 3)
	if calls != 4 {
		t.Errorf("handler called %d times, want 4 (the batch, then each of its 3 handled deliveries)", calls)
	}
	got := errsOf(js)
	if got[0] != "" || got[2] != "exhausted" || got[3] != "" {
		t.Errorf("errors = %q, want only poison's (and the refused one's) set", got)
	}
	if !IsPermanent(js[1].err) || !strings.Contains(got[1], "handler panic: poisoned; stack: ") || !strings.Contains(got[1], "TestHandleSafelyBatchPanic") {
		t.Errorf("poison's error = %q, want a permanent handler panic with the stack naming the test's handler", got[1])
	}
}

// TestHandleSafelySinglePanic checks that a Handler's panic is the
// delivery's permanent error.
func TestHandleSafelySinglePanic(t *testing.T) {
	c := &Consumer{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	js := batchOf([]string{"poison"}, nil)
	handle := single(HandlerFunc(func(context.Context, *Delivery) (*Message, error) { panic("boom") }))
	c.handleSafely(context.Background(), handle, js, 1)
	if js[0].out != nil || !IsPermanent(js[0].err) || !strings.HasPrefix(js[0].err.Error(), "handler panic: boom; stack: ") {
		t.Errorf("after a panic: out %v, err %v; want nil and a permanent handler panic", js[0].out, js[0].err)
	}
}
