// Package remotetest serves archive files over a local HTTP server for
// tests, as Common Crawl serves them: Range requests, ETag, a CC-NEWS
// tree of monthly listings. Faults are injected on request: connections
// cut in the middle of a body, 5xx answers, a slow line. It also builds
// WARC files from the real captures in the shared corpora.
package remotetest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// Request is one request the server answered.
type Request struct {
	Path   string
	Offset int64 // the Range start; 0 without a Range
	Status int
	Agent  string
}

// Server serves files from memory, with an ETag and honouring Range and
// If-Range.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	files    map[string][]byte
	starts   map[string][]int64 // offsets where gzip members start
	cuts     map[string][]int64 // per path, bytes after which to cut the next responses
	statuses map[string][]int   // per path, statuses to answer the next requests with
	delay    time.Duration      // pause per 16 KB written
	requests []Request
}

// NewServer starts a server, closed when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{files: map[string][]byte{}, starts: map[string][]int64{}, cuts: map[string][]int64{}, statuses: map[string][]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Put serves data at path (which starts with /). members, when given, are
// the offsets where its gzip members start: a Range request elsewhere
// fails the test's check in Requests.
func (s *Server) Put(path string, data []byte, members []int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path], s.starts[path] = data, members
}

// URL is the address of path.
func (s *Server) URL(path string) string { return s.Server.URL + path }

// CutAfter makes the next responses for path end abruptly after n bytes
// of body each, one n per response.
func (s *Server) CutAfter(path string, n ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cuts[path] = append(s.cuts[path], n...)
}

// Fail answers the next requests for path with these statuses; 200
// stands for an answer without a fault.
func (s *Server) Fail(path string, status ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[path] = append(s.statuses[path], status...)
}

// Slow pauses for d after every 16 KB of body written.
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Requests returns the requests answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// MemberStart reports whether off starts a gzip member of path.
func (s *Server) MemberStart(path string, off int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := slices.BinarySearch(s.starts[path], off)
	return ok
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.files[r.URL.Path]
	var status int
	if st := s.statuses[r.URL.Path]; len(st) > 0 {
		status, s.statuses[r.URL.Path] = st[0], st[1:]
		if status == http.StatusOK {
			status = 0 // no fault this time
		}
	}
	cut := int64(-1)
	var off int64
	if v, found := strings.CutPrefix(r.Header.Get("Range"), "bytes="); found {
		from, _, _ := strings.Cut(v, "-")
		off, _ = strconv.ParseInt(from, 10, 64)
	}
	etag := ""
	if ok {
		sum := sha256.Sum256(data)
		etag = `"` + hex.EncodeToString(sum[:8]) + `"`
	}
	if ir := r.Header.Get("If-Range"); off > 0 && ir != "" && ir != etag {
		off = 0 // RFC 9110: the whole of the changed file
	}
	delay := s.delay
	req := Request{Path: r.URL.Path, Offset: off, Agent: r.UserAgent()}
	switch {
	case !ok:
		status = http.StatusNotFound
	case status == 0 && off > int64(len(data)):
		status = http.StatusRequestedRangeNotSatisfiable
	case status == 0:
		if c := s.cuts[r.URL.Path]; len(c) > 0 {
			cut, s.cuts[r.URL.Path] = c[0], c[1:]
		}
		status = http.StatusOK
		if off > 0 {
			status = http.StatusPartialContent
		}
	}
	req.Status = status
	s.requests = append(s.requests, req)
	s.mu.Unlock()

	if status >= 300 {
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "0")
		}
		if status == http.StatusRequestedRangeNotSatisfiable {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(data)))
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Accept-Ranges", "bytes")
	w.Header().Set("Last-Modified", "Fri, 01 Mar 2024 00:00:00 GMT")
	w.Header().Set("Content-Type", "application/octet-stream")
	body := data[off:]
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if status == http.StatusPartialContent {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", off, len(data)-1, len(data)))
	}
	w.WriteHeader(status)
	for len(body) > 0 {
		n := min(len(body), 16<<10)
		if cut >= 0 && int64(n) > cut {
			n = int(cut)
		}
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		body = body[n:]
		if cut >= 0 {
			if cut -= int64(n); cut == 0 {
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler) // the connection is closed mid-body
			}
		}
		if delay > 0 {
			w.(http.Flusher).Flush()
			time.Sleep(delay)
		}
	}
}

// Record is one response record to write.
type Record struct {
	URI  string
	Date time.Time
	// Block is the record block: an HTTP response, headers and body.
	Block []byte
	// Lang, when set, is written as WARC-Identified-Content-Language.
	Lang string
}

// Corpora returns the shared corpora directory: NEWSWIRE_CORPORA, or
// ../shared/corpora beside the repository. It fails the test when there
// is none.
func Corpora(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("NEWSWIRE_CORPORA"); d != "" {
		return d
	}
	wd, _ := os.Getwd()
	for d := wd; d != filepath.Dir(d); d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "corpora")
		if _, err := os.Stat(filepath.Join(c, "warc")); err == nil {
			return c
		}
	}
	t.Fatal("shared corpora not found: set NEWSWIRE_CORPORA")
	return ""
}

// CorpusResponses reads the response records of the real WARC files in
// the corpora (the news-sample pages and the Common Crawl captures): their
// target URIs and HTTP blocks.
func CorpusResponses(t testing.TB) []Record {
	t.Helper()
	dir := filepath.Join(Corpora(t), "warc")
	var out []Record
	for _, name := range []string{"news-sample/news-sample.warc.gz", "whirlwind/whirlwind.warc.gz", "jwarc/cc.warc.gz"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rd := warc.NewReader(f)
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if rec.Type != warc.TypeResponse {
				continue
			}
			block, err := io.ReadAll(rec.Body)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, Record{URI: rec.TargetURI, Date: rec.Date, Block: block, Lang: rec.Header.Get("WARC-Identified-Content-Language")})
		}
		f.Close()
	}
	if len(out) < 70 {
		t.Fatalf("read %d responses from the corpora, want the news sample's 72 and more", len(out))
	}
	return out
}

// WARC writes records as a WARC file gzipped one member per record, after
// a warcinfo record, and returns it with the offsets of its members.
func WARC(recs []Record) ([]byte, []int64) {
	var out bytes.Buffer
	var starts []int64
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestSpeed)
	member := func(b []byte) {
		starts = append(starts, int64(out.Len()))
		zw.Reset(&out)
		zw.Write(b)
		zw.Close()
	}
	var b bytes.Buffer
	header := func(typ, uri string, date time.Time, ct, lang string, n int) {
		b.Reset()
		b.WriteString("WARC/1.0\r\n")
		fmt.Fprintf(&b, "WARC-Type: %s\r\n", typ)
		if uri != "" {
			fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
		}
		fmt.Fprintf(&b, "WARC-Date: %s\r\n", date.UTC().Format(time.RFC3339))
		sum := sha256.Sum256([]byte(uri + date.String()))
		fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:%s>\r\n", hex.EncodeToString(sum[:16]))
		if lang != "" {
			fmt.Fprintf(&b, "WARC-Identified-Content-Language: %s\r\n", lang)
		}
		fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", ct, n)
	}
	info := []byte("software: newswire remotetest\r\nformat: WARC File Format 1.0\r\n")
	date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(recs) > 0 {
		date = recs[0].Date
	}
	header("warcinfo", "", date, "application/warc-fields", "", len(info))
	member(append(append(slices.Clone(b.Bytes()), info...), "\r\n\r\n"...))
	for _, r := range recs {
		header("response", r.URI, r.Date, "application/http; msgtype=response", r.Lang, len(r.Block))
		rec := append(slices.Clone(b.Bytes()), r.Block...)
		member(append(rec, "\r\n\r\n"...))
	}
	return out.Bytes(), starts
}
