package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/freeport"
)

// childEnv makes the test binary run the notifier's main: the end-to-end
// test starts it as a real process, so that it can kill it with SIGKILL.
const childEnv = "NOTIFY_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// receiver is a real HTTP server receiving webhooks. It verifies each
// signature and counts, per alert id, the requests it answered 2xx.
type receiver struct {
	srv *httptest.Server

	mu        sync.Mutex
	delivered map[string]int
	tries     map[string]int
	badSig    []string
	// hold, when set, blocks the first request for an alert of this
	// search: it is sent on held and then answered 503 once release is
	// closed (the notifier is killed meanwhile).
	hold    string
	wasHeld bool
	held    chan string
	release chan struct{}
}

func newReceiver(t *testing.T, secret string) *receiver {
	r := &receiver{delivered: map[string]int{}, tries: map[string]int{}, held: make(chan string, 1), release: make(chan struct{})}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		id, name := req.Header.Get(alert.HeaderID), req.Header.Get(alert.HeaderName)
		if err := alert.Verify(secret, req.Header.Get(alert.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
			r.mu.Lock()
			r.badSig = append(r.badSig, fmt.Sprintf("%s: %v", id, err))
			r.mu.Unlock()
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var al alert.Alert
		if err := json.Unmarshal(body, &al); err != nil || al.ID != id || al.Name != name {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.tries[id]++
		hold := r.tries[id] == 1 && name == r.hold && !r.wasHeld
		r.wasHeld = r.wasHeld || hold
		r.mu.Unlock()
		if req.URL.Path == "/failing" {
			http.Error(w, "receiver down", http.StatusInternalServerError)
			return
		}
		if hold {
			r.held <- id
			<-r.release
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
		r.mu.Lock()
		r.delivered[id]++
		r.mu.Unlock()
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) count(id string) (delivered, tries int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.delivered[id], r.tries[id]
}

// child is the notifier process.
type child struct {
	t       *testing.T
	env     []string
	cmd     *exec.Cmd
	log     *os.File
	metrics string
}

func (c *child) start() {
	c.t.Helper()
	c.cmd = exec.Command(os.Args[0])
	c.cmd.Env = append(os.Environ(), c.env...)
	c.cmd.Stdout, c.cmd.Stderr = c.log, c.log
	if err := c.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get("http://" + c.metrics + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("notifier not ready after 2m; its log:\n%s", c.output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *child) kill() {
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	_ = c.cmd.Wait()
}

func (c *child) output() string {
	b, _ := os.ReadFile(c.log.Name())
	return string(b)
}

// TestEndToEnd runs the notifier as a process against a real NATS server
// and a real HTTP receiver: an article that matches gives exactly one
// webhook delivery and one message on alerts.<name>, and copies of its
// story none, also when the notifier is killed with SIGKILL while the
// webhook is in flight and restarted, and again while idle. A webhook
// that keeps failing is retried and dead-lettered with its last error;
// one to an internal address is refused by the SSRF guard and
// dead-lettered at once.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the notifier as a process; waits out an ack wait (30 s)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	if err := conn.EnsureStreams(ctx, bus.StreamStoried, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	if err := conn.EnsureAlertStreams(ctx); err != nil {
		t.Fatal(err)
	}
	const secret = "e2e-secret"
	rcv := newReceiver(t, secret)
	rcv.hold = "rr"

	// The saved searches, as newswire alerts add writes them.
	kv, err := conn.KeyValue(ctx, alert.Bucket, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []alert.Search{
		{ID: "s1", Name: "rr", Query: `entity:"Rolls-Royce" engines`, NATS: true, Webhook: rcv.srv.URL + "/hook", Secret: secret},
		{ID: "s2", Name: "sentinel", Query: `sentinelword`, NATS: true},
		{ID: "s3", Name: "failing", Query: `failword`, Webhook: rcv.srv.URL + "/failing", Secret: secret},
		{ID: "s4", Name: "metadata", Query: `failword`, Webhook: "http://169.254.169.254/latest/", Secret: secret},
	} {
		s.Schema, s.Created, s.Updated = alert.SchemaSearch, time.Now(), time.Now()
		b, _ := json.Marshal(s)
		if err := kv.Put(ctx, s.Name, b); err != nil {
			t.Fatal(err)
		}
	}

	// What arrives on alerts.*, counted by alert id.
	var natsMu sync.Mutex
	natsAlerts := map[string]int{}
	seen := make(chan string, 100)
	followErr := make(chan error, 1)
	go func() {
		followErr <- conn.Follow(ctx, bus.StreamAlerts, bus.SubjectAlertsAll, 0, func(_ string, data []byte) error {
			var al alert.Alert
			if json.Unmarshal(data, &al) == nil {
				natsMu.Lock()
				natsAlerts[al.ID]++
				natsMu.Unlock()
				seen <- al.ID
			}
			return nil
		})
	}()
	waitNATS := func(id string) {
		t.Helper()
		for {
			select {
			case got := <-seen:
				if got == id {
					return
				}
			case err := <-followErr:
				t.Fatalf("following alerts.*: %v", err)
			case <-ctx.Done():
				t.Fatalf("no alert %s on alerts.*", id)
			}
		}
	}

	metricsPort := freePort(t)
	logf, err := os.Create(filepath.Join(t.TempDir(), "notify.log"))
	if err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, log: logf, metrics: fmt.Sprintf("127.0.0.1:%d", metricsPort), env: []string{
		childEnv + "=1",
		"NATS_URL=" + srv.ClientURL(),
		"LOG_FORMAT=text",
		"NOTIFY_METRICS_ADDR=" + fmt.Sprintf("127.0.0.1:%d", metricsPort),
		"NOTIFY_INPUT=storied",
		// One article at a time, in stream order: the sentinel's alert
		// says every article before it has been matched.
		"NOTIFY_CONCURRENCY=1",
		"NOTIFY_WEBHOOK_ALLOW=127.0.0.0/8",
		"NOTIFY_WEBHOOK_TIMEOUT=5s",
		"NOTIFY_WEBHOOK_MAX_DELIVER=3",
		"NOTIFY_WEBHOOK_BACKOFF=100ms",
		"NOTIFY_WEBHOOK_MAX_BACKOFF=200ms",
	}}
	t.Cleanup(func() {
		if c.cmd != nil && c.cmd.ProcessState == nil {
			c.kill()
		}
		if t.Failed() {
			t.Logf("notifier log:\n%s", c.output())
		}
	})
	c.start()

	publish := func(id, story, text string) {
		t.Helper()
		a := article.Article{
			Schema: article.SchemaArticle, ID: id, StoryID: story, Title: "Report " + id, Text: text,
			Source: article.Source{Name: "wire", Kind: article.KindInbox}, FetchedAt: time.Now().UTC(), ContentHash: id,
			Tags: &article.Tags{Entities: []article.Entity{{Type: "ORG", Text: "Rolls-Royce", Canonical: "Rolls-Royce", Start: 0, End: 11}}},
		}
		if story != id {
			a.DuplicateOf = story
		}
		b, _ := json.Marshal(a)
		if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectStoried, Data: b, ID: "e2e:" + id}); err != nil {
			t.Fatal(err)
		}
	}
	const match = "Rolls-Royce engines win an order."
	storyS, storyT := alert.ID("s1", "a1"), alert.ID("s1", "e1")

	// A1 starts story a1 and matches; B1 is a copy in it; C1 matches nothing.
	publish("a1", "a1", match)
	publish("b1", "a1", match+" Copied.")
	publish("c1", "c1", "Nothing to see.")
	// The webhook for a1's story is in flight: kill the notifier there.
	select {
	case id := <-rcv.held:
		if id != storyS {
			t.Fatalf("held alert %s, want %s", id, storyS)
		}
	case <-ctx.Done():
		t.Fatal("no webhook for the matching article")
	}
	c.kill()
	close(rcv.release)
	c.start()

	// More of story a1, a new matching story e1, a failing webhook, and
	// the sentinel.
	publish("d1", "a1", match+" Again.")
	publish("e1", "e1", match+" A second order.")
	publish("f1", "f1", "failword")
	publish("g1", "g1", "sentinelword")
	waitNATS(alert.ID("s2", "g1"))
	waitDelivered(ctx, t, rcv, storyT)
	// The in-flight delivery comes back after the ack wait (30 s).
	waitDelivered(ctx, t, rcv, storyS)

	// Killed while idle, restarted: nothing is delivered again.
	c.kill()
	c.start()
	publish("h1", "a1", match+" Yet again.")
	publish("i1", "i1", "sentinelword")
	waitNATS(alert.ID("s2", "i1"))

	// The failing webhook and the guarded one end in the dead letters.
	var dls []bus.StoredDeadLetter
	for {
		dls, err = conn.ListDeadLetters(ctx, bus.StageNotify, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) >= 2 || ctx.Err() != nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	reasons := map[string]string{}
	for _, dl := range dls {
		reasons[dl.Subject] = dl.Reason
	}
	if r := reasons[bus.SubjectOutbox("failing")]; !strings.Contains(r, "status 500") || !strings.Contains(r, "try 3") {
		t.Errorf("failing webhook dead letter reason %q, want status 500 on try 3", r)
	}
	if r := reasons[bus.SubjectOutbox("metadata")]; !strings.Contains(r, "ssrf") {
		t.Errorf("metadata webhook dead letter reason %q, want the ssrf guard's", r)
	}
	if len(dls) != 2 {
		t.Errorf("%d dead letters, want 2: %v", len(dls), reasons)
	}
	if _, tries := rcv.count(alert.ID("s3", "f1")); tries != 3 {
		t.Errorf("failing webhook tried %d times, want 3 (NOTIFY_WEBHOOK_MAX_DELIVER)", tries)
	}

	for _, id := range []string{storyS, storyT} {
		if d, _ := rcv.count(id); d != 1 {
			t.Errorf("alert %s delivered %d times by webhook, want 1", id, d)
		}
		natsMu.Lock()
		n := natsAlerts[id]
		natsMu.Unlock()
		if n != 1 {
			t.Errorf("alert %s published %d times on alerts.rr, want 1", id, n)
		}
	}
	if _, tries := rcv.count(storyS); tries != 2 {
		t.Errorf("alert %s tried %d times, want 2 (the one in flight at the kill, then the delivery)", storyS, tries)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.badSig) > 0 {
		t.Errorf("bad signatures: %v", rcv.badSig)
	}
	if len(rcv.delivered) != 2 {
		t.Errorf("delivered alerts %v, want only %s and %s", rcv.delivered, storyS, storyT)
	}
}

func waitDelivered(ctx context.Context, t *testing.T, r *receiver, id string) {
	t.Helper()
	for {
		if d, _ := r.count(id); d > 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("alert %s never delivered", id)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func freePort(t *testing.T) int {
	port, err := freeport.Get()
	if err != nil {
		t.Fatal(err)
	}
	return port
}
