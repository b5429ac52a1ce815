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
