package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// record renders one WARC record with the given block.
func record(typ, uri, contentType, block string) string {
	return fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"+
		"WARC-Record-ID: <urn:uuid:%d>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, uri, len(block), contentType, len(block), block)
}

// gzipMembers compresses each part as its own gzip member.
func gzipMembers(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// summary is what a test compares about one read.
type summary struct {
	Type   string
	URI    string
	Offset int64
	Seek   bool
	Len    int
	Err    string
}

// readAll reads every record, reading each body in full. Format errors are
// kept in the summary list; it stops at io.EOF or any other error.
func readAll(t testing.TB, r io.Reader) ([]summary, error) {
	t.Helper()
	rd := NewReader(r)
	var out []summary
	for i := 0; i < 10000; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		var fe *FormatError
		if errors.As(err, &fe) {
			out = append(out, summary{Offset: fe.Offset, Err: "format"})
			continue
		}
		if err != nil {
			return out, err
		}
		b, err := io.ReadAll(rec.Body)
		s := summary{Type: rec.Type, URI: rec.TargetURI, Offset: rec.Offset, Seek: rec.Seekable, Len: len(b)}
		if err != nil {
			s.Err = "body"
		}
		out = append(out, s)
	}
	return out, errors.New("reader did not stop")
}

func TestCorpusCounts(t *testing.T) {
	// want is the number of "WARC/1." version lines in each file, counted
	// with `zcat -f FILE | grep -ac '^WARC/1'` and checked by hand against
	// each record's Content-Length. errs is the FormatErrors expected.
	tests := []struct {
		file  string
		want  int
		types string
		errs  int
	}{
		{"gowarc/skip-non-open.warc.gz", 10, "response*10", 0},
		{"gowarc/test.warc.gz", 3, "warcinfo request response", 0},
		{"jwarc/cc.warc.gz", 1, "response", 0},
		{"warcio/example-bad-non-chunked.warc.gz", 6, "warcinfo warcinfo response request revisit request", 0},
		{"warcio/example-digest.warc", 4, "request*4", 0},
		{"warcio/example-iana.org-chunked.warc", 3, "warcinfo response request", 0},
		{"warcio/example-resource.warc.gz", 3, "warcinfo warcinfo resource", 0},
		{"warcio/example-space-in-target-uri.warc.gz", 2, "warcinfo resource", 0},
		{"warcio/example-trunc.warc", 4, "warcinfo warcinfo response request", 1},
		{"warcio/example-wget-bad-target-uri.warc.gz", 6, "warcinfo request response metadata resource resource", 0},
		{"warcio/example-wrong-chunks.warc.gz", 2, "response request", 0},
		{"warcio/example.warc", 6, "warcinfo warcinfo response request revisit request", 0},
		{"warcio/example.warc.gz", 6, "warcinfo warcinfo response request revisit request", 0},
		{"warcio/post-test.warc.gz", 6, "response request response request response request", 0},
		{"whirlwind/whirlwind.warc.gz", 4, "warcinfo request response metadata", 0},
		{"whirlwind/whirlwind.warc.wat.gz", 2, "warcinfo metadata", 0},
		{"whirlwind/whirlwind.warc.wet.gz", 2, "warcinfo conversion", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := readAll(t, f)
			if err != nil {
				t.Fatalf("read %s: %v", tt.file, err)
			}
			var types []string
			errs := 0
			for _, s := range got {
				if s.Err == "format" {
					errs++
					continue
				}
				types = append(types, s.Type)
			}
			if len(types) != tt.want || errs != tt.errs {
				t.Errorf("read %s: %d records, %d errors, want %d, %d", tt.file, len(types), errs, tt.want, tt.errs)
			}
			if diff := cmp.Diff(expand(tt.types), types); diff != "" {
				t.Errorf("read %s: record types (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func expand(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		name, n, ok := strings.Cut(f, "*")
		k := 1
		if ok {
			fmt.Sscan(n, &k)
		}
		for range k {
			out = append(out, name)
		}
	}
	return out
}

func TestTruncated(t *testing.T) {
	f, err := os.Open("testdata/warcio/example-trunc.warc")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f)
	var offsets []int64
	var msgs []string
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		var fe *FormatError
		if errors.As(err, &fe) {
			offsets = append(offsets, fe.Offset)
			msgs = append(msgs, err.Error())
			continue
		}
		if err != nil {
			t.Fatalf("Next() = %v, want a *FormatError or a record", err)
		}
		if rec.Type != TypeResponse {
			continue
		}
		resp, err := rec.HTTP()
		if err != nil {
			t.Fatalf("HTTP() at offset %d = %v", rec.Offset, err)
		}
		_, err = io.ReadAll(resp.Body)
		if !errors.As(err, &fe) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("read truncated gzip body = %v, want *FormatError wrapping io.ErrUnexpectedEOF", err)
		}
		offsets = append(offsets, fe.Offset)
		msgs = append(msgs, err.Error())
	}
	// 1197: the response whose gzip payload is cut short; 2560: the stray
	// bytes after it, before the next record.
	if diff := cmp.Diff([]int64{1197, 2560}, offsets); diff != "" {
		t.Errorf("error offsets (-want +got):\n%s", diff)
	}
	for _, m := range msgs {
		if !strings.Contains(m, "offset") {
			t.Errorf("error %q does not name the offset", m)
		}
	}
}

func TestARC(t *testing.T) {
	f, err := os.Open("testdata/warcio/example.arc.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f)
	if _, err := rd.Next(); !errors.Is(err, ErrARC) {
		t.Fatalf("Next() on an ARC file = %v, want ErrARC", err)
	}
	if _, err := rd.Next(); !errors.Is(err, ErrARC) {
		t.Fatalf("second Next() on an ARC file = %v, want ErrARC again", err)
	}
}

func TestRecordFields(t *testing.T) {
	f, err := os.Open("testdata/warcio/example.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f)
	var revisit *Record
	for revisit == nil {
		rec, err := rd.Next()
		if err != nil {
			t.Fatalf("Next() = %v before the revisit record", err)
		}
		if rec.Type == TypeRevisit {
			revisit = rec
		}
	}
	got := map[string]string{
		"uri":      revisit.TargetURI,
		"date":     revisit.Date.Format("2006-01-02T15:04:05Z"),
		"id":       revisit.RecordID,
		"refersTo": revisit.RefersToTargetURI,
		"refDate":  revisit.RefersToDate.Format("2006-01-02T15:04:05Z"),
		"profile":  revisit.Profile,
		"ct":       revisit.ContentType,
	}
	want := map[string]string{
		"uri":      "http://example.com/",
		"date":     "2017-03-06T04:03:48Z",
		"id":       "<urn:uuid:e6e395ca-0221-11e7-a18d-0242ac120005>",
		"refersTo": "http://example.com/",
		"refDate":  "2017-03-06T04:02:06Z",
		"profile":  "http://netpreserve.org/warc/1.0/revisit/uri-agnostic-identical-payload-digest",
		"ct":       "application/http; msgtype=response",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("revisit fields (-want +got):\n%s", diff)
	}
	resp, err := revisit.HTTP()
	if err != nil {
		t.Fatalf("HTTP() on revisit = %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || len(b) != 0 {
		t.Errorf("revisit HTTP() = %d with %d body bytes, want 200 with none", resp.StatusCode, len(b))
	}
}

func TestCleanURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://example.com/", "http://example.com/"},
		{"<http://example.com/>", "http://example.com/"},
		{"  <http://example.com/a b>  ", "http://example.com/a b"},
		{"file:///example with spaces.png", "file:///example with spaces.png"},
		{"<", "<"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := cleanURI(tt.in); got != tt.want {
				t.Errorf("cleanURI(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"},
		{"2024-05-01T10:00:00.123456Z", "2024-05-01T10:00:00.123456Z"},
		{"2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00Z"},
		{"20240501100000", "2024-05-01T10:00:00Z"},
		{"yesterday", "0001-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseDate(tt.in).Format("2006-01-02T15:04:05.999999Z07:00"); got != tt.want {
				t.Errorf("parseDate(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestResync(t *testing.T) {
	a := record(TypeResource, "http://a/", "text/plain", "alpha")
	b := record(TypeResource, "http://b/", "text/plain", "bravo")
	tests := []struct {
		name  string
		input []byte
		want  []summary
	}{
		{
			name:  "plain",
			input: []byte(a + b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)), Seek: true, Len: 5},
			},
		},
		{
			name:  "junk between records",
			input: []byte(a + "garbage\nmore garbage\n" + b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Offset: int64(len(a)), Err: "format"},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)) + 21, Seek: true, Len: 5},
			},
		},
		{
			name:  "bad content-length",
			input: []byte(strings.Replace(a, "Content-Length: 5", "Content-Length: five", 1) + b),
			want: []summary{
				{Offset: 0, Err: "format"},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)) + 3, Seek: true, Len: 5},
			},
		},
		{
			name:  "content-length too long at end of file",
			input: []byte(a + strings.Replace(b, "Content-Length: 5", "Content-Length: 999999999999", 1)),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)), Seek: true, Len: 9, Err: "body"},
			},
		},
		{
			name:  "content-length too short",
			input: []byte(strings.Replace(a, "Content-Length: 5", "Content-Length: 2", 1) + b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 2},
				{Offset: int64(len(a)) - 7, Err: "format"},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)), Seek: true, Len: 5},
			},
		},
		{
			name:  "header cut off",
			input: []byte(a + b[:30]),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Offset: int64(len(a)), Err: "format"},
			},
		},
		{
			name:  "gzip per record",
			input: gzipMembers(t, a, b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(gzipMembers(t, a))), Seek: true, Len: 5},
			},
		},
		{
			name:  "gzip whole file",
			input: gzipMembers(t, a+b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)), Seek: false, Len: 5},
			},
		},
		{
			name:  "corrupt gzip member",
			input: corruptMember(t, a, b, a),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Offset: int64(len(gzipMembers(t, a))), Err: "format"},
				{Type: "resource", URI: "http://a/", Offset: int64(len(gzipMembers(t, a, b))), Seek: true, Len: 5},
			},
		},
		{
			name:  "truncated gzip",
			input: gzipMembers(t, a, b)[:len(gzipMembers(t, a, b))-10],
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(gzipMembers(t, a))), Seek: true, Len: 5},
				{Offset: int64(len(gzipMembers(t, a))), Err: "format"},
			},
		},
		{
			name:  "gzip member begins with the record separator",
			input: gzipMembers(t, strings.TrimSuffix(a, "\r\n\r\n"), "\r\n\r\n"+b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(gzipMembers(t, strings.TrimSuffix(a, "\r\n\r\n")))), Seek: true, Len: 5},
			},
		},
		{
			name:  "zero padding after the last gzip member",
			input: append(gzipMembers(t, a), make([]byte, 100)...),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Offset: int64(len(gzipMembers(t, a))), Err: "format"},
			},
		},
		{
			name:  "lf line endings",
			input: []byte(strings.ReplaceAll(a, "\r\n", "\n") + b),
			want: []summary{
				{Type: "resource", URI: "http://a/", Offset: 0, Seek: true, Len: 5},
				{Type: "resource", URI: "http://b/", Offset: int64(len(a)) - 10, Seek: true, Len: 5},
			},
		},
		{name: "empty", input: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, bytes.NewReader(tt.input))
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("read %s (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// corruptMember gzips the parts one member each and damages the middle
// member's deflate data.
func corruptMember(t *testing.T, a, b, c string) []byte {
	first := gzipMembers(t, a)
	mid := gzipMembers(t, b)
	for i := 12; i < len(mid)-8; i += 3 {
		mid[i] ^= 0xff
	}
	return append(append(first, mid...), gzipMembers(t, c)...)
}

func TestCheckpointOffset(t *testing.T) {
	a := record(TypeResource, "http://a/", "text/plain", "alpha")
	b := record(TypeResource, "http://b/", "text/plain", "bravo")
	for _, data := range [][]byte{[]byte(a + b), gzipMembers(t, a, b)} {
		all, err := readAll(t, bytes.NewReader(data))
		if err != nil || len(all) != 2 {
			t.Fatalf("read = %v, %v", all, err)
		}
		off := all[1].Offset
		rd, err := NewReaderConfig(bytes.NewReader(data[off:]), Config{Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := rd.Next()
		if err != nil {
			t.Fatalf("Next() after resuming at %d = %v", off, err)
		}
		if rec.Offset != off || rec.TargetURI != "http://b/" {
			t.Errorf("resumed at %d: record %q at %d, want %q at %d", off, rec.TargetURI, rec.Offset, "http://b/", off)
		}
	}
}

func TestNewReaderConfig(t *testing.T) {
	if _, err := NewReaderConfig(strings.NewReader(""), Config{MaxBodySize: -1}); err == nil {
		t.Errorf("NewReaderConfig(MaxBodySize: -1) = nil error, want one")
	}
}

// TestNewsSample reads the 1 MB news-sample WARC.gz from NEWSWIRE_CORPORA
// (not copied into the project): 1 warcinfo and 72 responses, one gzip
// member each, every HTTP body decoded without error.
func TestNewsSample(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory")
	}
	f, err := os.Open(filepath.Join(dir, "warc", "news-sample", "news-sample.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f)
	counts := map[string]int{}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next() = %v", err)
		}
		if !rec.Seekable {
			t.Errorf("record at %d is not seekable, want one gzip member per record", rec.Offset)
		}
		counts[rec.Type]++
		if rec.Type != TypeResponse {
			continue
		}
		resp, err := rec.HTTP()
		if err != nil {
			t.Fatalf("HTTP() at offset %d = %v", rec.Offset, err)
		}
		if _, err := io.ReadAll(resp.Body); err != nil {
			t.Errorf("read body at offset %d: %v", rec.Offset, err)
		}
	}
	if diff := cmp.Diff(map[string]int{TypeWarcinfo: 1, TypeResponse: 72}, counts); diff != "" {
		t.Errorf("record types (-want +got):\n%s", diff)
	}
}
