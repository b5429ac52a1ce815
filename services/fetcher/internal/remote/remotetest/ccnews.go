package remotetest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// File is one WARC file of a Tree.
type File struct {
	// Path is its path below the base URL, as the listing gives it.
	Path string
	// Start is the time in its name.
	Start time.Time
	// Local holds the same bytes on disk.
	Local string
}

// Tree is a CC-NEWS-shaped archive on a Server: monthly listings
// (crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz) and timestamped WARC.gz files
// built from the real captures in the corpora, each re-dated across its
// file's span and given a host from Hosts and a language from Langs in
// turn.
type Tree struct {
	Server *Server
	// Base is the base URL, with a trailing slash.
	Base  string
	Files []File
}

// Hosts are the hosts a Tree's records are spread over.
var Hosts = []string{"www.reuters.com", "bbc.co.uk", "www.bbc.co.uk", "notbbc.co.uk", "example.org"}

// Langs are the WARC-Identified-Content-Language values a Tree's records
// get in turn ("": none).
var Langs = []string{"eng", "", "deu,eng", "fra"}

// Starts are the times of a Tree's files: one in February, four over 1
// and 2 March 2024, twelve hours apart.
var Starts = []time.Time{
	time.Date(2024, 2, 29, 18, 0, 0, 0, time.UTC),
	time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC),
	time.Date(2024, 3, 1, 18, 0, 0, 0, time.UTC),
	time.Date(2024, 3, 2, 6, 0, 0, 0, time.UTC),
	time.Date(2024, 3, 2, 18, 0, 0, 0, time.UTC),
}

// NewTree serves a Tree of len(Starts) files of perFile records each.
func NewTree(t testing.TB, perFile int) *Tree {
	t.Helper()
	recs := CorpusResponses(t)
	srv := NewServer(t)
	tr := &Tree{Server: srv, Base: srv.URL("/")}
	dir := t.TempDir()
	listings := map[string][]string{}
	n := 0
	for i, start := range Starts {
		span := 12 * time.Hour
		var out []Record
		for j := range perFile {
			r := recs[n%len(recs)]
			n++
			u, _ := url.Parse(r.URI)
			r.URI = fmt.Sprintf("https://%s/f%d/r%d/%s", Hosts[n%len(Hosts)], i, j, path.Base(u.Path))
			r.Date = start.Add(span * time.Duration(j) / time.Duration(perFile))
			r.Lang = Langs[n%len(Langs)]
			out = append(out, r)
		}
		data, members := WARC(out)
		month := fmt.Sprintf("crawl-data/CC-NEWS/%04d/%02d/", start.Year(), start.Month())
		p := month + fmt.Sprintf("CC-NEWS-%s-%05d.warc.gz", start.Format("20060102150405"), i)
		srv.Put("/"+p, data, members)
		local := filepath.Join(dir, path.Base(p))
		if err := os.WriteFile(local, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tr.Files = append(tr.Files, File{Path: p, Start: start, Local: local})
		listings[month] = append(listings[month], p)
	}
	for month, paths := range listings {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(strings.Join(paths, "\n") + "\n"))
		zw.Close()
		srv.Put("/"+month+"warc.paths.gz", b.Bytes(), nil)
	}
	return tr
}

// URLs are the files' URLs.
func (tr *Tree) URLs() []string {
	var out []string
	for _, f := range tr.Files {
		out = append(out, tr.Base+f.Path)
	}
	return out
}
