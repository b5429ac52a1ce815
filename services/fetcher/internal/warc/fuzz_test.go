package warc

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader checks that no input makes the reader panic, loop or read
// past its input, and that every error it reports is a *FormatError,
// ErrARC, ErrNotHTTP, ErrContentEncoding or io.EOF.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, name := range files {
		if filepath.Base(name) == "LICENSE" {
			continue
		}
		if b, err := os.ReadFile(name); err == nil && len(b) < 4<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(record(TypeResponse, "<http://x/>", "application/http",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n5\r\nabcde\r\n0\r\n\r\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReaderConfig(bytesReader(data), Config{MaxBodySize: 1 << 20, MaxHeaderSize: 8 << 10})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			if i > len(data)+2 {
				t.Fatalf("%d records from %d bytes", i, len(data))
			}
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			var fe *FormatError
			if errors.As(err, &fe) {
				continue
			}
			if errors.Is(err, ErrARC) {
				return
			}
			if err != nil {
				t.Fatalf("Next() = %v, want a record, *FormatError, ErrARC or io.EOF", err)
			}
			resp, err := rec.HTTP()
			if err != nil {
				if !errors.As(err, &fe) && !errors.Is(err, ErrNotHTTP) && !errors.Is(err, ErrContentEncoding) {
					t.Fatalf("HTTP() = %v", err)
				}
				io.Copy(io.Discard, rec.Body)
				continue
			}
			if _, err := io.Copy(io.Discard, resp.Body); err != nil && !errors.As(err, &fe) {
				t.Fatalf("read HTTP body = %v, want nil or *FormatError", err)
			}
		}
	})
}

// bytesReader hands out data in small reads, as a slow file or pipe would.
func bytesReader(data []byte) io.Reader { return &slowReader{data: data} }

type slowReader struct{ data []byte }

func (s *slowReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 1+len(s.data)%977)], s.data)
	s.data = s.data[n:]
	return n, nil
}
