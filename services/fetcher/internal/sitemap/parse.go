// Package sitemap reads sitemaps and sitemap indexes (plain or gzipped),
// including the Google News extension, and polls sitemap sources: URLs
// whose lastmod or news publication date falls inside the source's window
// have their pages fetched and handed over like feed items.
package sitemap

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
)

// MaxEntries is the sitemap protocol's limit on URLs (or child sitemaps)
// in one file; entries past it are dropped and Truncated is set.
const MaxEntries = 50000

// MaxUncompressed is the protocol's 50 MB limit on one file, applied after
// gunzip.
const MaxUncompressed = 50 << 20

// Sitemap is one parsed sitemap file: a urlset (URLs) or a sitemapindex
// (Sitemaps).
type Sitemap struct {
	Index     bool
	URLs      []URL
	Sitemaps  []Ref
	Truncated bool
}

// URL is one <url> entry.
type URL struct {
	Loc     string
	Lastmod *time.Time
	// News is the Google News extension, nil when absent.
	News *News
}

// News is a <news:news> block.
type News struct {
	Title           string
	PublicationDate *time.Time
	// Name and Language are the <news:publication> fields.
	Name     string
	Language string
}

// Ref is a <sitemap> entry of an index.
type Ref struct {
	Loc     string
	Lastmod *time.Time
}

// Date is the entry's most telling date: the news publication date, else
// lastmod; nil when it has neither.
func (u URL) Date() *time.Time {
	if u.News != nil && u.News.PublicationDate != nil {
		return u.News.PublicationDate
	}
	return u.Lastmod
}

// Decompress gunzips body when it starts with the gzip magic bytes (a
// .xml.gz file served without Content-Encoding), reading at most limit
// bytes of output: a gzip bomb ends in httpfetch.ErrTooLarge, not in
// memory exhaustion. Other bodies are returned as they are.
func Decompress(body []byte, limit int64) ([]byte, error) {
	if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("gunzip sitemap: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip sitemap: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("gunzip sitemap: over %d bytes: %w", limit, httpfetch.ErrTooLarge)
	}
	return out, nil
}

// Parse reads one sitemap or sitemap index. Parsing is lenient about
// stray ampersands and unknown entities (many real sitemaps have them),
// never expands DTD entities, and keeps only <loc> children of <url> and
// <sitemap> (not image or video locs).
func Parse(r io.Reader) (*Sitemap, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var (
		sm    Sitemap
		stack []string
		root  bool
		cur   *URL
		ref   *Ref
		text  strings.Builder
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, fmt.Errorf("parse sitemap at line %d: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) == 0 {
				switch name {
				case "urlset":
				case "sitemapindex":
					sm.Index = true
				default:
					return nil, fmt.Errorf("parse sitemap: root element <%s> is not urlset or sitemapindex", t.Name.Local)
				}
				root = true
			}
			stack = append(stack, name)
			text.Reset()
			switch {
			case len(stack) == 2 && name == "url" && !sm.Index:
				cur = &URL{}
			case len(stack) == 2 && name == "sitemap" && sm.Index:
				ref = &Ref{}
			case len(stack) == 3 && name == "news" && cur != nil:
				cur.News = &News{}
			}
		case xml.CharData:
			if text.Len() < 8192 {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			val := strings.TrimSpace(text.String())
			depth := len(stack)
			stack = stack[:depth-1]
			parent := ""
			if depth >= 2 {
				parent = stack[depth-2]
			}
			text.Reset()
			switch {
			case cur != nil && depth == 3 && name == "loc":
				cur.Loc = val
			case cur != nil && depth == 3 && name == "lastmod":
				cur.Lastmod = parseDate(val)
			case cur != nil && cur.News != nil && depth == 4 && parent == "news" && name == "title":
				cur.News.Title = strings.Join(strings.Fields(val), " ")
			case cur != nil && cur.News != nil && depth == 4 && parent == "news" && name == "publication_date":
				cur.News.PublicationDate = parseDate(val)
			case cur != nil && cur.News != nil && depth == 5 && parent == "publication" && name == "name":
				cur.News.Name = val
			case cur != nil && cur.News != nil && depth == 5 && parent == "publication" && name == "language":
				cur.News.Language = val
			case ref != nil && depth == 3 && name == "loc":
				ref.Loc = val
			case ref != nil && depth == 3 && name == "lastmod":
				ref.Lastmod = parseDate(val)
			case cur != nil && depth == 2:
				if cur.Loc != "" {
					if len(sm.URLs) < MaxEntries {
						sm.URLs = append(sm.URLs, *cur)
					} else {
						sm.Truncated = true
					}
				}
				cur = nil
			case ref != nil && depth == 2:
				if ref.Loc != "" {
					if len(sm.Sitemaps) < MaxEntries {
						sm.Sitemaps = append(sm.Sitemaps, *ref)
					} else {
						sm.Truncated = true
					}
				}
				ref = nil
			}
		}
	}
	if !root {
		return nil, errors.New("parse sitemap: no root element")
	}
	return &sm, nil
}

// dateLayouts are the W3C Datetime profile the protocol uses, plus forms
// seen in the wild (a space instead of T, no zone).
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006-01",
	"2006",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate parses a W3C datetime; dates without a zone are taken as UTC.
// It returns nil for anything else.
func parseDate(s string) *time.Time {
	if s == "" {
		return nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}
