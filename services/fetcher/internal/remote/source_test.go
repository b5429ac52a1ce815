package remote

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/services/fetcher/internal/archive"
	"github.com/newswire/newswire/services/fetcher/internal/remote/remotetest"
	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// read returns the URLs and positions a Source yields for url.
func read(t *testing.T, c *Client, url string, after *archive.Position, pre Prefilter) ([]string, []archive.Position, archive.Stats) {
	t.Helper()
	src, err := c.Open(context.Background(), url, archive.Options{After: after}, pre)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var urls []string
	var pos []archive.Position
	for {
		raw, p, err := src.Next(context.Background())
		if err == io.EOF {
			return urls, pos, src.Stats()
		}
		if err != nil {
			t.Fatalf("Next = %v", err)
		}
		urls = append(urls, raw.URL)
		pos = append(pos, p)
	}
}

// TestSourceLayouts cuts a stream of each WARC layout several times: per
// record gzip and plain WARC continue with a Range request where the
// first unfinished record begins, whole-file gzip from the start, skipping
// what was read. Each yields the records of an uncut read, once each.
func TestSourceLayouts(t *testing.T) {
	recs := remotetest.CorpusResponses(t)[:30]
	perRecord, members := remotetest.WARC(recs)
	zr, err := gzip.NewReader(bytes.NewReader(perRecord))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	zw.Write(plain)
	zw.Close()

	srv := remotetest.NewServer(t)
	c := newClient(t, Config{})
	for _, tt := range []struct {
		name   string
		data   []byte
		ranged bool
	}{
		{"gzip per record", perRecord, true},
		{"plain", plain, true},
		{"whole-file gzip", whole.Bytes(), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := "/" + tt.name
			srv.Put(path, tt.data, members)
			want, wantPos, _ := read(t, c, srv.URL(path), nil, nil)
			if len(want) < 25 {
				t.Fatalf("uncut read gave %d articles", len(want))
			}
			n := int64(len(tt.data))
			srv.CutAfter(path, n/5, n/4, 1, n/3)
			before := c.Stats()
			got, gotPos, st := read(t, c, srv.URL(path), nil, nil)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("cut read (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantPos, gotPos); diff != "" {
				t.Errorf("cut read positions (-want +got):\n%s", diff)
			}
			if st.Published != len(want) {
				t.Errorf("Stats.Published = %d, want %d", st.Published, len(want))
			}
			ranges := 0
			for _, r := range srv.Requests() {
				if r.Path == path && r.Offset > 0 {
					ranges++
				}
			}
			if resumes := c.Stats().Resumes - before.Resumes; tt.ranged && (resumes != 4 || ranges != 4) {
				t.Errorf("%d resumes, %d range requests; want 4 of each", resumes, ranges)
			} else if !tt.ranged && ranges != 0 {
				t.Errorf("%d range requests into a whole-file gzip; want none", ranges)
			}
			// Resuming after the tenth article yields the rest.
			rest, _, _ := read(t, c, srv.URL(path), &wantPos[9], nil)
			if diff := cmp.Diff(want[10:], rest); diff != "" {
				t.Errorf("read after %v (-want +got):\n%s", wantPos[9], diff)
			}
		})
	}
}

func TestSourcePrefilter(t *testing.T) {
	recs := remotetest.CorpusResponses(t)[:20]
	data, members := remotetest.WARC(recs)
	srv := remotetest.NewServer(t)
	srv.Put("/a", data, members)
	c := newClient(t, Config{})
	n := 0
	urls, _, st := read(t, c, srv.URL("/a"), nil, func(rec *warc.Record) string {
		if n++; n%2 == 0 {
			return "host"
		}
		return ""
	})
	if len(urls)+st.Skipped["host"] != 20 || st.Skipped["host"] != 10 {
		t.Errorf("kept %d, skipped %v; want 10 and 10 host", len(urls), st.Skipped)
	}
}

func TestSourceMissing(t *testing.T) {
	srv := remotetest.NewServer(t)
	c := newClient(t, Config{})
	_, err := c.Open(context.Background(), srv.URL("/none.warc.gz"), archive.Options{}, nil)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusNotFound {
		t.Errorf("Open of a missing file = %v, want a 404", err)
	}
}
