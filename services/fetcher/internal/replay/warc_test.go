package replay

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// base is the capture time of the first record writeWARC writes; record i
// was captured i minutes later.
var base = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// writeWARC writes a WARC file, one gzip member per record, holding a
// warcinfo record and n responses of about bodySize bytes each, and returns
// its path.
func writeWARC(t testing.TB, dir, name, host string, n, bodySize int) string {
	t.Helper()
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	member := func(rec string) {
		zw.Reset(&out)
		zw.Write([]byte(rec))
		zw.Close()
	}
	member(record("warcinfo", "", base, "application/warc-fields", "software: replay test\r\n"))
	filler := strings.Repeat("The minister said the figures would be published next week. ", bodySize/60+1)[:bodySize]
	for i := range n {
		body := fmt.Sprintf("<html><head><title>Story %d</title></head><body><p>Story %d from %s.</p><p>%s</p></body></html>", i, i, host, filler)
		http := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		uri := fmt.Sprintf("https://%s/news/%d", host, i)
		member(record("response", uri, base.Add(time.Duration(i)*time.Minute), "application/http; msgtype=response", http))
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func record(typ, uri string, date time.Time, contentType, block string) string {
	var b strings.Builder
	b.WriteString("WARC/1.1\r\n")
	fmt.Fprintf(&b, "WARC-Type: %s\r\n", typ)
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	fmt.Fprintf(&b, "WARC-Date: %s\r\n", date.Format(time.RFC3339))
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:%08x-0000-4000-8000-%012x>\r\n", date.Unix()&0xffffffff, len(uri)+int(date.Unix()%1e6))
	fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(block))
	b.WriteString(block)
	b.WriteString("\r\n\r\n")
	return b.String()
}
