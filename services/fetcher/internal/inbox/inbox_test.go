package inbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
)

// memLedger is a Ledger in memory.
type memLedger struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (l *memLedger) Get(_ context.Context, key string) ([]byte, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.m[key]
	return v, ok, nil
}

func (l *memLedger) Put(_ context.Context, key string, value []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[key] = append([]byte(nil), value...)
	return nil
}

// collector keeps what was published; failAfter > 0 makes the publish
// after that many articles fail once.
type collector struct {
	raws      []*article.Raw
	refused   []string
	failAfter int
}

func (c *collector) Publish(_ context.Context, raws []*article.Raw) error {
	if c.failAfter > 0 && len(c.raws)+len(raws) > c.failAfter {
		c.failAfter = 0
		return errors.New("broker unavailable")
	}
	c.raws = append(c.raws, raws...)
	return nil
}

func (c *collector) Refuse(_ context.Context, name string, _ []byte, _ error) error {
	c.refused = append(c.refused, name)
	return nil
}

func warcRecord(i int) string {
	body := fmt.Sprintf("<html><title>Story %d</title><p>Body of story %d.</p></html>", i, i)
	http := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/%d\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:%036d>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", i, i, len(http), http)
}

func newWatcher(t *testing.T, dir string, ledger Ledger) *Watcher {
	t.Helper()
	w, err := New(Config{Dir: dir, Interval: time.Second, MaxFileSize: 1 << 20, Source: article.Source{Name: "inbox", Kind: article.KindInbox}},
		ledger, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func TestArchivesIngestedOnce(t *testing.T) {
	dir := t.TempDir()
	var warc strings.Builder
	for i := range 300 {
		warc.WriteString(warcRecord(i))
	}
	jsonl := `{"url":"https://news.example/j1","title":"One","text":"First story."}` + "\n" + `{"url":"https://news.example/j2","title":"Two","text":"Second story."}` + "\n"
	for name, data := range map[string]string{"a.warc": warc.String(), "b.jsonl": jsonl, "c.txt": "Title\n\nA plain story."} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ledger := &memLedger{m: map[string][]byte{}}
	w := newWatcher(t, dir, ledger)
	c := &collector{failAfter: 200} // the WARC's second batch fails once
	ctx := context.Background()
	for scan, want := range []int{2, 1, 0} {
		n, err := w.Scan(ctx, c)
		if err != nil || n != want {
			t.Errorf("scan %d: Scan = %d, %v; want %d files", scan, n, err, want)
		}
	}
	kinds := map[article.Kind]int{}
	ids := map[string]bool{}
	for _, r := range c.raws {
		kinds[r.Source.Kind]++
		if ids[r.ID] {
			t.Errorf("article %s (%s) published twice", r.ID, r.URL)
		}
		ids[r.ID] = true
	}
	if diff := cmp.Diff(map[article.Kind]int{article.KindInbox: 303}, kinds); diff != "" {
		t.Errorf("published kinds (-want +got):\n%s", diff)
	}
}

func TestUnreadableArchiveIsRefusedOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.warc.gz"), []byte("not gzip, not warc"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newWatcher(t, dir, &memLedger{m: map[string][]byte{}})
	c := &collector{}
	for range 2 {
		if _, err := w.Scan(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.raws) != 0 || len(c.refused) > 1 {
		t.Errorf("Scan of a broken archive: published %d, refused %q; want nothing published and at most one refusal", len(c.raws), c.refused)
	}
}
