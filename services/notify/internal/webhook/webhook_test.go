package webhook

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/alert"
)

func TestSend(t *testing.T) {
	var gotSig, gotID string
	var gotBody []byte
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotSig, gotID = r.Header.Get(alert.HeaderSignature), r.Header.Get(alert.HeaderID)
		gotBody, _ = io.ReadAll(r.Body)
		if status == http.StatusFound {
			http.Redirect(w, r, "http://169.254.169.254/", status)
			return
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("nope"))
	}))
	defer srv.Close()
	ctx := context.Background()
	body := []byte(`{"id":"a1"}`)
	guarded, err := New(Config{Timeout: 5 * time.Second, UserAgent: "t"})
	if err != nil {
		t.Fatal(err)
	}
	// The httptest server is on loopback: refused, permanently, unless allowed.
	if err := guarded.Send(ctx, srv.URL, "k", "a1", "n", body, time.Now()); !Permanent(err) {
		t.Errorf("Send to loopback without allow: %v, want a permanent refusal", err)
	}
	c, err := New(Config{Timeout: 5 * time.Second, UserAgent: "t", Allow: []string{"127.0.0.0/8"}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := c.Send(ctx, srv.URL, "k", "a1", "n", body, now); err != nil {
		t.Fatalf("Send = %v", err)
	}
	if err := alert.Verify("k", gotSig, gotBody, now, time.Minute); err != nil || gotID != "a1" {
		t.Errorf("received signature %q id %q: %v", gotSig, gotID, err)
	}
	for code, permanent := range map[int]bool{500: false, 503: false, 429: false, 408: false, 400: true, 404: true, 410: true, 302: true} {
		status = code
		err := c.Send(ctx, srv.URL, "k", "a1", "n", body, now)
		if err == nil || Permanent(err) != permanent {
			t.Errorf("status %d: err %v, permanent %v, want %v", code, err, Permanent(err), permanent)
		}
	}
	if err := c.Send(ctx, "ftp://example.com/", "k", "a1", "n", body, now); !Permanent(err) {
		t.Errorf("ftp: %v, want permanent", err)
	}
}
