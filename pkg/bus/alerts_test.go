package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestAlertStreams: the alert streams take alerts.<name> and the outbox
// subjects, drop a repeated message id, and Follow reads the last
// messages of one subject and then new ones.
func TestAlertStreams(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := bustest.Connect(t, bustest.Start(t).Config)
	if err := conn.EnsureAlertStreams(ctx); err != nil {
		t.Fatal(err)
	}
	if err := conn.EnsureAlertStreams(ctx); err != nil {
		t.Fatalf("second EnsureAlertStreams: %v", err)
	}
	for i, m := range []bus.Message{
		{Subject: bus.SubjectAlert("a"), Data: []byte("1"), ID: "x1"},
		{Subject: bus.SubjectAlert("a"), Data: []byte("1 again"), ID: "x1"},
		{Subject: bus.SubjectAlert("b"), Data: []byte("2"), ID: "x2"},
		{Subject: bus.SubjectAlert("a"), Data: []byte("3"), ID: "x3"},
		{Subject: bus.SubjectOutbox("a"), Data: []byte("w"), ID: "x1"},
	} {
		if err := conn.Publish(ctx, m); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
	var got []string
	fctx, fcancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- conn.Follow(fctx, bus.StreamAlerts, bus.SubjectAlert("a"), 10, func(subject string, data []byte) error {
			got = append(got, subject+"="+string(data))
			if len(got) == 3 {
				fcancel()
			}
			return nil
		})
	}()
	// A new alert while following.
	time.Sleep(200 * time.Millisecond)
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectAlert("a"), Data: []byte("4"), ID: "x4"}); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := []string{"alerts.a=1", "alerts.a=3", "alerts.a=4"}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("followed %q, want %q", got, want)
	}
}

// TestFollowWaitsThroughQuiet: Follow's short waits for the iterator (see
// pullExpiry) run out quietly while nothing is published; a message
// published after more than all of them still reaches fn, and ending ctx
// ends Follow without an error.
func TestFollowWaitsThroughQuiet(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := bustest.Connect(t, bustest.Start(t).Config)
	if err := conn.EnsureAlertStreams(ctx); err != nil {
		t.Fatal(err)
	}
	fctx, fcancel := context.WithCancel(ctx)
	got := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- conn.Follow(fctx, bus.StreamAlerts, bus.SubjectAlert("q"), 0, func(subject string, data []byte) error {
			got <- string(data)
			return nil
		})
	}()
	time.Sleep(1500 * time.Millisecond) // ten short waits and more
	select {
	case err := <-done:
		t.Fatalf("Follow ended while quiet: %v", err)
	default:
	}
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectAlert("q"), Data: []byte("late"), ID: "q1"}); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != "late" {
			t.Errorf("followed %q, want %q", s, "late")
		}
	case <-ctx.Done():
		t.Fatal("the message published after the quiet never reached Follow")
	}
	fcancel()
	if err := <-done; err != nil {
		t.Errorf("Follow after cancel: %v", err)
	}
}
