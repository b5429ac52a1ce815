package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/service"
)

// site is an httptest news site: a feed of two items with an ETag, and
// their pages. It counts requests.
type site struct {
	*httptest.Server
	feedHits, notModified, pageHits atomic.Int64
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		s.feedHits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			s.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Example news</title><link>%[1]s/</link>
<item><title>First story</title><link>%[1]s/news/1</link><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Second story</title><link>%[1]s/news/2</link><pubDate>Mon, 06 May 2024 11:00:00 GMT</pubDate></item>
</channel></rss>`, s.URL)
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		s.pageHits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>Story %s</title></head><body><p>The story at %s.</p></body></html>", r.URL.Path, r.URL.Path)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// inboxWARC is a WARC of three responses, dropped in the inbox.
func inboxWARC() string {
	var b strings.Builder
	for i := range 3 {
		body := fmt.Sprintf("<html><title>Archived %d</title><p>Archived story %d.</p></html>", i, i)
		http := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://archive.example/%d\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:%036d>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", i, i, len(http), http)
	}
	return b.String()
}

// service runs the fetcher's run in the background, configured from the
// environment as main does; the returned stop ends it and waits.
func startService(t *testing.T) (stop func()) {
	t.Helper()
	var cfg Config
	if err := service.Configure("FETCHER", &cfg, nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, &cfg, bustest.Logger(t)) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run = %v", err)
		}
	}
}

func setup(t *testing.T) (*site, *bus.Conn) {
	t.Helper()
	nats := bustest.Start(t)
	s := newSite(t)
	inbox := t.TempDir()
	if err := os.WriteFile(filepath.Join(inbox, "dump.warc"), []byte(inboxWARC()), 0o644); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"FETCHER_NATS_URL":          nats.Config.URL,
		"FETCHER_METRICS_ADDR":      "127.0.0.1:0",
		"FETCHER_FEEDS":             s.URL + "/feed.xml",
		"FETCHER_FEEDS_INTERVAL":    "30s",
		"FETCHER_INBOX_DIR":         inbox,
		"FETCHER_INBOX_INTERVAL":    "100ms",
		"FETCHER_INBOX_SETTLE":      "0s",
		"FETCHER_HTTP_ALLOW":        strings.TrimPrefix(s.URL, "http://"),
		"FETCHER_HTTP_HOST_RATE":    "50",
		"FETCHER_HTTP_HOST_BURST":   "10",
		"FETCHER_SHUTDOWN_GRACE":    "10s",
		"FETCHER_LOG_FORMAT":        "text",
		"FETCHER_NATS_CONNECT_WAIT": "5s",
	} {
		t.Setenv(k, v)
	}
	return s, bustest.Connect(t, nats.Config)
}

func rawCount(t *testing.T, conn *bus.Conn) int {
	t.Helper()
	n, err := conn.ReadSince(context.Background(), bus.StreamRaw, time.Time{}, func(bus.Stored) error { return nil })
	if err != nil {
		return 0 // the stream may not exist yet
	}
	return n
}

func waitFor(t *testing.T, what string, within time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %s", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRestartDoesNotRepublish runs the service over a feed and an inbox
// WARC, restarts it, and checks that the restarted service fetches the
// feed again but publishes nothing: the items are in the seen bucket and
// the WARC in the inbox ledger.
func TestRestartDoesNotRepublish(t *testing.T) {
	s, conn := setup(t)
	stop := startService(t)
	waitFor(t, "2 feed items and 3 inbox records published", 20*time.Second, func() bool { return rawCount(t, conn) == 5 })
	stop()

	stop = startService(t)
	waitFor(t, "the restarted service polls the feed", 20*time.Second, func() bool { return s.feedHits.Load() >= 2 })
	time.Sleep(time.Second) // room for a wrong publish to happen
	stop()
	// The validators outlived the process: the first poll after the
	// restart was a conditional GET.
	if n := s.notModified.Load(); n < 1 {
		t.Errorf("the feed answered 304 %d times after the restart, want at least 1", n)
	}
	if n := rawCount(t, conn); n != 5 {
		t.Errorf("after a restart the raw stream holds %d messages, want 5", n)
	}
	if n := s.pageHits.Load(); n != 2 {
		t.Errorf("pages fetched %d times, want 2 (once each)", n)
	}
}

// TestNotModifiedPublishesNothing waits for the feed's second poll (its
// interval is at least 30s), which the site answers 304, and checks that
// nothing more was published.
func TestNotModifiedPublishesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a second poll, 30s or more")
	}
	s, conn := setup(t)
	stop := startService(t)
	defer stop()
	waitFor(t, "first poll published", 20*time.Second, func() bool { return rawCount(t, conn) == 5 })
	waitFor(t, "second poll answered 304", 45*time.Second, func() bool { return s.notModified.Load() >= 1 })
	time.Sleep(500 * time.Millisecond)
	if n := rawCount(t, conn); n != 5 {
		t.Errorf("after a 304 the raw stream holds %d messages, want 5", n)
	}
	if n := s.pageHits.Load(); n != 2 {
		t.Errorf("pages fetched %d times, want 2", n)
	}
}

// billionLaughs is an RSS feed whose title and item declare an entity that
// would expand to 10^9 copies of "lol" (3 GB); its one item links to a page
// of the site at base.
func billionLaughs(base string) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n")
	for i := 1; i <= 9; i++ {
		prev := "lol"
		if i > 1 {
			prev = fmt.Sprintf("lol%d", i-1)
		}
		fmt.Fprintf(&b, "<!ENTITY lol%d \"%s\">\n", i, strings.Repeat("&"+prev+";", 10))
	}
	fmt.Fprintf(&b, "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><link>%[1]s/</link>\n"+
		"<item><title>&lol9;</title><link>%[1]s/news/laughs</link><description>&lol9;</description></item>\n</channel></rss>", base)
	return b.String()
}

// TestBillionLaughsFeed serves a billion-laughs feed beside a good one to
// the running service: the hostile feed is refused or parsed without
// expanding its entities, in bounded time and memory, while the good
// feed's items and the inbox archive flow.
func TestBillionLaughsFeed(t *testing.T) {
	s, conn := setup(t)
	var laughHits atomic.Int64
	laughs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		laughHits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, billionLaughs(s.URL))
	}))
	t.Cleanup(laughs.Close)
	t.Setenv("FETCHER_FEEDS", laughs.URL+"/laughs.xml "+s.URL+"/feed.xml")
	t.Setenv("FETCHER_HTTP_ALLOW", "127.0.0.1/32")

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	stop := startService(t)
	waitFor(t, "the billion-laughs feed fetched", 20*time.Second, func() bool { return laughHits.Load() >= 1 })
	waitFor(t, "2 good feed items and 3 inbox records published", 20*time.Second, func() bool { return rawCount(t, conn) >= 5 })
	time.Sleep(time.Second) // room for the hostile feed's item to be handled
	stop()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	var largest int
	n, err := conn.ReadSince(context.Background(), bus.StreamRaw, time.Time{}, func(m bus.Stored) error {
		largest = max(largest, len(m.Data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("billion laughs: %d raw articles, largest %d bytes, %s, %d MiB allocated", n, largest, elapsed.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
	if n < 5 || n > 6 {
		t.Errorf("raw stream holds %d messages, want 5 (good feed and inbox) or 6 (and the hostile feed's item, unexpanded)", n)
	}
	if largest > 64<<10 {
		t.Errorf("largest raw message is %d bytes: an entity was expanded", largest)
	}
	// The whole run, NATS server included, allocates tens of MiB; one
	// expansion would be 3 GB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("the run allocated %d MiB, want under 256 MiB", alloc>>20)
	}
}
