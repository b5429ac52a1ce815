package warc

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func compress(t *testing.T, kind, s string) string {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch kind {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "zlib":
		w = zlib.NewWriter(&buf)
	case "flate":
		w, _ = flate.NewWriter(&buf, flate.DefaultCompression)
	}
	if _, err := io.WriteString(w, s); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

const page = "<html><body><p>Hello, world.</p></body></html>"

func TestHTTP(t *testing.T) {
	bomb := compress(t, "gzip", strings.Repeat("a", 5<<20))
	tests := []struct {
		name       string
		typ        string
		http       string
		wantStatus int
		wantCT     string
		wantBody   string
		wantErr    error // from HTTP()
		wantRead   error // from reading Body
	}{
		{
			name: "identity", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page,
			wantStatus: 200, wantCT: "text/html", wantBody: page,
		},
		{
			name: "chunked", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\n3;ext=1\r\n><b\r\n0\r\nTrailer: x\r\n\r\n",
			wantStatus: 200, wantBody: "<html><b",
		},
		{
			name: "chunked without final chunk", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\n",
			wantStatus: 200, wantBody: "<html",
		},
		{
			name: "chunked header but body stored de-chunked", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + page,
			wantStatus: 200, wantBody: page,
		},
		{
			name: "chunked and gzip", typ: TypeResponse,
			http: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" +
				chunk(compress(t, "gzip", page)) + "0\r\n\r\n",
			wantStatus: 200, wantBody: page,
		},
		{
			name: "gzip header but plain body", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + page,
			wantStatus: 200, wantBody: page,
		},
		{
			name: "deflate zlib", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + compress(t, "zlib", page),
			wantStatus: 200, wantBody: page,
		},
		{
			name: "deflate raw", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + compress(t, "flate", page),
			wantStatus: 200, wantBody: page,
		},
		{
			name: "gzip bomb", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb,
			wantStatus: 200, wantBody: strings.Repeat("a", 1<<20), wantRead: ErrBodyTooLarge,
		},
		{
			name: "brotli", typ: TypeResponse,
			http:       "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxxxx",
			wantStatus: 200, wantErr: ErrContentEncoding,
		},
		{
			name: "not found, header folded, LF only", typ: TypeResponse,
			http:       "HTTP/1.0 404 Not Found\nContent-Type: text/html;\n charset=utf-8\n\nnope",
			wantStatus: 404, wantCT: "text/html; charset=utf-8", wantBody: "nope",
		},
		{
			name: "revisit has no body", typ: TypeRevisit,
			http:       "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
			wantStatus: 200, wantCT: "text/html",
		},
		{
			name: "malformed status line", typ: TypeResponse,
			http:    "<html>not http</html>",
			wantErr: &FormatError{},
		},
		{
			name: "request record", typ: TypeRequest,
			http:    "GET / HTTP/1.1\r\n\r\n",
			wantErr: ErrNotHTTP,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := record(tt.typ, "http://x/", "application/http; msgtype=response", tt.http)
			rd, err := NewReaderConfig(strings.NewReader(data), Config{MaxBodySize: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			rec, err := rd.Next()
			if err != nil {
				t.Fatalf("Next() = %v", err)
			}
			resp, err := rec.HTTP()
			if tt.wantErr != nil {
				var fe *FormatError
				if errors.As(tt.wantErr, &fe) {
					if !errors.As(err, &fe) {
						t.Fatalf("HTTP() = %v, want a *FormatError", err)
					}
					return
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("HTTP() = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("HTTP() = %v", err)
			}
			body, err := io.ReadAll(resp.Body)
			if !errors.Is(err, tt.wantRead) {
				t.Errorf("read body = %v, want %v", err, tt.wantRead)
			}
			got := []any{resp.StatusCode, resp.Header.Get("Content-Type"), string(body)}
			want := []any{tt.wantStatus, tt.wantCT, tt.wantBody}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("HTTP() (-want +got):\n%s", diff)
			}
		})
	}
}

func chunk(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		n := min(len(s), 7)
		fmt.Fprintf(&b, "%X\r\n%s\r\n", n, s[:n])
		s = s[n:]
	}
	return b.String()
}

func TestHTTPCorpus(t *testing.T) {
	tests := []struct {
		file    string
		uri     string
		status  int
		ct      string
		bodyLen int
		prefix  string
	}{
		{"warcio/example-iana.org-chunked.warc", "http://www.iana.org/", 200, "text/html; charset=UTF-8", 7223, "<!doctype html>"},
		{"warcio/example.warc.gz", "http://example.com/", 200, "text/html", 1270, "<!doctype html>"},
		{"warcio/example-bad-non-chunked.warc.gz", "http://example.com/", 200, "text/html", 1270, "<!doctype html>"},
		{"warcio/example-wrong-chunks.warc.gz", "http://example.com/", 200, "text/html; charset=UTF-8", 1270, "<!doctype html>"},
		{"jwarc/cc.warc.gz", "http://commoncrawl.org/", 200, "text/html; charset=UTF-8", 20289, "\n<!DOCTYPE html>"},
		{"whirlwind/whirlwind.warc.gz", "https://an.wikipedia.org/wiki/Escopete", 200, "text/html; charset=UTF-8", 72848, "<!DOCTYPE html>"},
		{"gowarc/test.warc.gz", "https://apis.google.com/js/platform.js", 200, "text/javascript", 53952, "(function(){"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd := NewReader(f)
			for {
				rec, err := rd.Next()
				if err != nil {
					t.Fatalf("Next() = %v before the response", err)
				}
				if rec.Type != TypeResponse {
					continue
				}
				resp, err := rec.HTTP()
				if err != nil {
					t.Fatalf("HTTP() = %v", err)
				}
				body, err := io.ReadAll(resp.Body)
				if err != nil {
					t.Fatalf("read body: %v", err)
				}
				got := []any{rec.TargetURI, resp.StatusCode, resp.Header.Get("Content-Type"), len(body), strings.HasPrefix(string(body), tt.prefix)}
				want := []any{tt.uri, tt.status, tt.ct, tt.bodyLen, true}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("first response in %s (-want +got):\n%s", tt.file, diff)
				}
				return
			}
		})
	}
}
