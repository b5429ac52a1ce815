// Package ccnews finds the files of Common Crawl's news archive, CC-NEWS,
// for a range of time. CC-NEWS publishes a listing per month,
// crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz, of WARC files named by the
// time the crawler began writing them
// (CC-NEWS-20240301012345-00001.warc.gz); a file holds the captures from
// that time until the next file begins.
package ccnews

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/newswire/newswire/services/fetcher/internal/remote"
)

// DefaultBase is Common Crawl's HTTPS endpoint.
const DefaultBase = "https://data.commoncrawl.org/"

// maxListing caps a listing's size; a month's listing is about 30 KB
// gzipped.
const maxListing = 64 << 20

// ListingPath is the path of a month's listing below the base URL.
func ListingPath(year int, month time.Month) string {
	return fmt.Sprintf("crawl-data/CC-NEWS/%04d/%02d/warc.paths.gz", year, month)
}

// File is one CC-NEWS WARC file.
type File struct {
	// Path is the path below the base URL, as the listing gives it.
	Path string
	// Start is the time in its name: when its first capture was made.
	Start time.Time
}

// FileTime reads the time in a CC-NEWS file name
// (CC-NEWS-20240301012345-00001.warc.gz, or the older
// CC-NEWS-20160826124520-00000.warc.gz); ok is false for another name.
func FileTime(p string) (t time.Time, ok bool) {
	name := path.Base(p)
	rest, found := strings.CutPrefix(name, "CC-NEWS-")
	if !found || len(rest) < 14 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102150405", rest[:14])
	return t, err == nil
}

// ParseListing reads a listing: one path per line, gzipped or plain.
// Lines that do not name a CC-NEWS WARC file are ignored.
func ParseListing(data []byte) ([]File, error) {
	var r io.Reader = bytes.NewReader(data)
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
		r = zr
	}
	var out []File
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if t, ok := FileTime(line); ok && strings.HasSuffix(line, ".warc.gz") {
			out = append(out, File{Path: line, Start: t})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	return out, nil
}

// Select returns the files that may hold captures made in [from, to), in
// time order: those that start in the range, and, unless one starts at
// from exactly, the last one that starts before it (its captures run on
// into the range). A zero to does not bound.
func Select(files []File, from, to time.Time) []File {
	files = slices.Clone(files)
	slices.SortStableFunc(files, func(a, b File) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	files = slices.CompactFunc(files, func(a, b File) bool { return a.Path == b.Path })
	first := len(files)
	for i, f := range files {
		if !f.Start.Before(from) {
			first = i
			break
		}
	}
	// The file before the range holds its first captures; several may
	// start at the same second (written in parallel): take them all.
	lo := first
	if lo > 0 && (lo == len(files) || !files[lo].Start.Equal(from)) {
		t := files[lo-1].Start
		for lo > 0 && files[lo-1].Start.Equal(t) {
			lo--
		}
	}
	hi := first
	for hi < len(files) && (to.IsZero() || files[hi].Start.Before(to)) {
		hi++
	}
	return files[lo:hi]
}

// ErrNoListing means the archive has no listing for a month in the range.
var ErrNoListing = errors.New("no CC-NEWS listing")

// Resolve reads the listings of the months that [from, to) touches (and
// of the month before, for the file already running at from) below base
// and returns the URLs of the files Select picks.
func Resolve(ctx context.Context, c *remote.Client, base string, from, to time.Time) ([]string, error) {
	if to.IsZero() || !to.After(from) {
		return nil, fmt.Errorf("cc-news: range [%s, %s) is empty", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	var all []File
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := to.Add(-time.Nanosecond)
	for m := first.AddDate(0, -1, 0); !m.After(last); m = m.AddDate(0, 1, 0) {
		u := base + ListingPath(m.Year(), m.Month())
		data, err := c.ReadAll(ctx, u, maxListing)
		var se *remote.StatusError
		switch {
		case errors.As(err, &se) && se.Status == http.StatusNotFound && m.Before(first):
			continue // the month before CC-NEWS began, or one not yet listed
		case errors.As(err, &se) && se.Status == http.StatusNotFound:
			return nil, fmt.Errorf("cc-news %04d-%02d: %w at %s", m.Year(), m.Month(), ErrNoListing, u)
		case err != nil:
			return nil, fmt.Errorf("cc-news listing %04d-%02d: %w", m.Year(), m.Month(), err)
		}
		files, err := ParseListing(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", u, err)
		}
		all = append(all, files...)
	}
	picked := Select(all, from, to)
	urls := make([]string, len(picked))
	for i, f := range picked {
		urls[i] = base + strings.TrimPrefix(f.Path, "/")
	}
	return urls, nil
}
