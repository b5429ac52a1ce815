package faults

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/broker"
	"github.com/newswire/newswire/test/faults/harness"
)

// TestPermissions runs the broker with the pipeline's users and shows that
// each service may publish its own stage's output and nothing of another
// stage's.
func TestPermissions(t *testing.T) {
	const password = "perm-test-password"
	srv, err := broker.Start(broker.Config{Host: "127.0.0.1", Port: -1, StoreDir: t.TempDir(), Users: harness.Users(password)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	admin, _ := connect(t, srv.ClientURL(), harness.AdminUser, password)
	ajs, _ := jetstream.New(admin)
	ctx := context.Background()
	for name, subject := range map[string]string{"ARTICLES_RAW": "articles.raw.>", "ARTICLES_NORMALIZED": "articles.normalized", "ARTICLES_TAGGED": "articles.tagged", "ARTICLES_DLQ": "articles.dlq.>"} {
		if _, err := ajs.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{subject}}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		user, subject string
		allowed       bool
	}{
		{"fetcher", "articles.raw.inbox", true},
		{"fetcher", "articles.normalized", false},
		{"fetcher", "articles.dlq.fetcher", true},
		{"fetcher", "articles.dlq.sink", false},
		{"normalizer", "articles.normalized", true},
		{"normalizer", "articles.tagged", false},
		{"normalizer", "articles.raw.inbox", false},
		{"normalizer", "articles.dlq.normalizer", true},
		{"tagger", "articles.tagged", true},
		{"tagger", "articles.normalized", false},
		{"sink", "articles.tagged", false},
		{"sink", "articles.dlq.sink", true},
		{"sink", "articles.dlq.normalizer", false},
	}
	for _, tt := range tests {
		t.Run(tt.user+"/"+tt.subject, func(t *testing.T) {
			nc, errs := connect(t, srv.ClientURL(), tt.user, password)
			js, _ := jetstream.New(nc)
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			_, err := js.Publish(ctx, tt.subject, []byte("x"))
			var violation bool
			select {
			case e := <-errs:
				violation = strings.Contains(e.Error(), "Permissions Violation")
			case <-time.After(500 * time.Millisecond):
			}
			if tt.allowed && (err != nil || violation) {
				t.Errorf("%s publishing to %s: err %v, violation %v; want stored", tt.user, tt.subject, err, violation)
			}
			if !tt.allowed && (err == nil || !violation) {
				t.Errorf("%s publishing to %s: err %v, violation %v; want a permissions violation", tt.user, tt.subject, err, violation)
			}
		})
	}
	if _, _, err := tryConnect(srv.ClientURL(), "normalizer", "wrong"); err == nil {
		t.Errorf("connect with a wrong password succeeded")
	}
}

func connect(t *testing.T, url, user, password string) (*nats.Conn, <-chan error) {
	t.Helper()
	nc, errs, err := tryConnect(url, user, password)
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	t.Cleanup(nc.Close)
	return nc, errs
}

func tryConnect(url, user, password string) (*nats.Conn, <-chan error, error) {
	errs := make(chan error, 16)
	nc, err := nats.Connect(url, nats.UserInfo(user, password), nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		select {
		case errs <- err:
		default:
		}
	}))
	return nc, errs, err
}
