package alerts

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/alert"
)

func TestNewSearch(t *testing.T) {
	now := time.Now()
	s, err := NewSearch(Options{Name: "rr", Query: `entity:"Rolls-Royce"`, NATS: true, Webhook: "https://example.com/hook"}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.ID) != 16 || len(s.Secret) != 64 {
		t.Errorf("id %q secret %q", s.ID, s.Secret)
	}
	// A replacement keeps the id, creation time and secret.
	r, err := NewSearch(Options{Name: "rr", Query: `rolls`, Webhook: "https://example.com/other"}, s, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != s.ID || r.Secret != s.Secret || !r.Created.Equal(s.Created) || r.Updated.Equal(s.Updated) {
		t.Errorf("replacement %+v of %+v", r, s)
	}
	_, err = NewSearch(Options{Name: "bad", Query: `rolls (royce`, NATS: true}, nil, now)
	if err == nil || !strings.Contains(err.Error(), "\n  rolls (royce\n        ^") {
		t.Errorf("bad query error = %q, want a caret under the (", err)
	}
	if _, err := NewSearch(Options{Name: "none", Query: "x"}, nil, now); err == nil {
		t.Error("no destination accepted")
	}
}

func TestWriteList(t *testing.T) {
	var b bytes.Buffer
	ss := []*alert.Search{{Name: "b", Query: "q2", Webhook: "https://x/"}, {Name: "a", Query: "q1", NATS: true}}
	if err := WriteList(&b, ss, func(n string) string { return "alerts." + n }); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "a ") || !strings.Contains(lines[1], "NATS alerts.a") || !strings.Contains(lines[2], "POST https://x/") {
		t.Errorf("WriteList:\n%s", b.String())
	}
}
