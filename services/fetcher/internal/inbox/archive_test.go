package inbox

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refusingCollector is a collector that keeps each refusal's reason.
type refusingCollector struct {
	collector
	reasons []string
}

func (c *refusingCollector) Refuse(ctx context.Context, name string, data []byte, reason error) error {
	c.reasons = append(c.reasons, name+": "+reason.Error())
	return c.collector.Refuse(ctx, name, data, reason)
}

// gzipBombRecord is a response record whose gzip Content-Encoding inflates
// to size bytes of zeros.
func gzipBombRecord(uri string, size int) string {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(make([]byte, size))
	zw.Close()
	http := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s", gz.Len(), gz.Bytes())
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", uri, len(http), http)
}

// lyingRecord is a response record whose Content-Length claims more bytes
// than follow it in the file.
func lyingRecord(uri string) string {
	http := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>short</p>"
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 999999\r\n\r\n%s", uri, http)
}

func TestUnreadableArchiveRecordsAreDeadLettered(t *testing.T) {
	tests := []struct {
		name string
		// records is the archive; good records are numbered from 0.
		records   []string
		published int
		// refused are substrings of each refusal's reason, in order.
		refused []string
	}{
		{
			name:      "gzip bomb among good records",
			records:   []string{warcRecord(0), warcRecord(1), gzipBombRecord("https://bomb.example/a", 8<<20), warcRecord(2), warcRecord(3)},
			published: 4,
			refused:   []string{"decoded body exceeds size limit"},
		},
		{
			name:      "lying Content-Length at the end",
			records:   []string{warcRecord(0), warcRecord(1), warcRecord(2), lyingRecord("https://liar.example/a")},
			published: 3,
			refused:   []string{"unexpected EOF"},
		},
		{
			name: "both, with more than a batch of good records",
			records: func() []string {
				var rs []string
				for i := range 150 {
					rs = append(rs, warcRecord(i))
				}
				rs = append(rs, gzipBombRecord("https://bomb.example/b", 4<<20))
				for i := 150; i < 300; i++ {
					rs = append(rs, warcRecord(i))
				}
				return append(rs, lyingRecord("https://liar.example/b"))
			}(),
			published: 300,
			refused:   []string{"decoded body exceeds size limit", "unexpected EOF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "mixed.warc"), []byte(strings.Join(tt.records, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			w := newWatcher(t, dir, &memLedger{m: map[string][]byte{}})
			c := &refusingCollector{}
			for scan, want := range []int{1, 0} {
				if n, err := w.Scan(context.Background(), c); err != nil || n != want {
					t.Fatalf("scan %d: Scan = %d, %v; want %d files", scan, n, err, want)
				}
			}
			if len(c.raws) != tt.published {
				t.Errorf("Scan published %d articles, want %d", len(c.raws), tt.published)
			}
			for _, r := range c.raws {
				// Records carry their capture time: they are replays.
				if !r.Replay {
					t.Errorf("archive record %s is not marked as a replay", r.URL)
				}
			}
			if diff := cmp.Diff(slicesOf("mixed.warc", len(tt.refused)), c.refused); diff != "" {
				t.Errorf("refused names (-want +got):\n%s", diff)
			}
			for i, want := range tt.refused {
				if i >= len(c.reasons) || !strings.Contains(c.reasons[i], want) {
					t.Errorf("refusals = %q, want #%d to contain %q", c.reasons, i, want)
				}
			}
		})
	}
}

func slicesOf(s string, n int) []string {
	var out []string
	for range n {
		out = append(out, s)
	}
	return out
}
