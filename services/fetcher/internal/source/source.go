// Package source describes where the fetcher gets articles from: the
// sources file (YAML or JSON) that operators edit, a shorthand list of feed
// URLs for simple setups, and the pacing and scheduling of their polls.
package source

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
	"golang.org/x/text/language"

	"github.com/newswire/newswire/pkg/article"
)

// Kinds of source, as written in the sources file.
const (
	// KindRSS, KindAtom, KindJSONFeed and KindFeed are polled feeds; "feed"
	// lets the parser detect the format, the others only document intent.
	KindRSS      = "rss"
	KindAtom     = "atom"
	KindJSONFeed = "jsonfeed"
	KindFeed     = "feed"
	// KindSitemap is a sitemap or sitemap index, usually a Google News one.
	KindSitemap = "sitemap"
	// KindPage is a single article page, re-fetched every Interval.
	KindPage = "page"
	// KindInbox is a local directory watched for dropped files (Path).
	KindInbox = "inbox"
)

// Kinds lists the kinds the sources file accepts, in a stable order.
var kinds = []string{KindRSS, KindAtom, KindJSONFeed, KindFeed, KindSitemap, KindPage, KindInbox}

// Limits on a source's settings. Polling faster than MinInterval is rude to
// publishers; a feed rarely changes more often than that.
const (
	DefaultInterval = 5 * time.Minute
	MinInterval     = 30 * time.Second
	// DefaultLastmodWindow keeps sitemap URLs modified in the last two days,
	// the span Google News sitemaps are asked to cover.
	DefaultLastmodWindow = 48 * time.Hour
)

// ErrInvalid is wrapped by every validation error, so callers can tell a bad
// sources file from an unreadable one.
var ErrInvalid = errors.New("invalid source")

// Source is one place the fetcher polls or watches.
type Source struct {
	// Name is the operator's name for the source; unique within a file.
	Name string `json:"name" yaml:"name"`
	// Kind is one of rss, atom, jsonfeed, feed, sitemap, page or inbox.
	Kind string `json:"kind" yaml:"kind"`
	// URL is the feed, sitemap or page address (http or https).
	URL string `json:"url,omitempty" yaml:"url,omitempty"`
	// Path is the directory an inbox source watches.
	Path string `json:"path,omitempty" yaml:"path,omitempty"`
	// Interval is the time between polls; DefaultInterval when zero.
	Interval time.Duration `json:"interval,omitempty" yaml:"interval,omitempty"`
	// Locale is an optional BCP 47 tag ("en-GB") that decides date order
	// and the currency of a bare "$" downstream.
	Locale string `json:"locale,omitempty" yaml:"locale,omitempty"`
	// Headers are extra request headers (an API key, Accept-Language).
	Headers map[string]string `json:"headers,omitempty" yaml:"headers,omitempty"`
	// LastmodWindow keeps only sitemap URLs whose lastmod (or news
	// publication date) is this recent; DefaultLastmodWindow when zero.
	LastmodWindow time.Duration `json:"lastmod_window,omitempty" yaml:"lastmod_window,omitempty"`
}

// ArticleKind maps the source's kind to the article contract's kind, which
// also names the raw subject the fetcher publishes on.
func (s Source) ArticleKind() article.Kind {
	switch s.Kind {
	case KindSitemap:
		return article.KindSitemap
	case KindPage:
		return article.KindPage
	case KindInbox:
		return article.KindInbox
	default:
		return article.KindRSS
	}
}

// ArticleSource is the source as it is recorded on every article.Raw.
func (s Source) ArticleSource() article.Source {
	return article.Source{Name: s.Name, Kind: s.ArticleKind(), Locale: s.Locale}
}

// withDefaults fills zero settings with their defaults.
func (s Source) withDefaults() Source {
	if s.Interval == 0 {
		s.Interval = DefaultInterval
	}
	if s.Kind == KindSitemap && s.LastmodWindow == 0 {
		s.LastmodWindow = DefaultLastmodWindow
	}
	return s
}

// Validate reports the first problem with s, naming the source and field.
func (s Source) Validate() error {
	name := s.Name
	if name == "" {
		return fmt.Errorf("%w: source with url %q: field name is required", ErrInvalid, s.URL)
	}
	fail := func(field, format string, args ...any) error {
		return fmt.Errorf("%w: source %q: field %s: %s", ErrInvalid, name, field, fmt.Sprintf(format, args...))
	}
	if !validKind(s.Kind) {
		return fail("kind", "%q is not one of %s", s.Kind, strings.Join(kinds, ", "))
	}
	if s.Kind == KindInbox {
		if s.Path == "" {
			return fail("path", "required for kind inbox")
		}
	} else {
		if s.URL == "" {
			return fail("url", "required for kind %s", s.Kind)
		}
		u, err := url.Parse(s.URL)
		if err != nil {
			return fail("url", "%v", err)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return fail("url", "scheme %q is not http or https", u.Scheme)
		}
		if u.Host == "" {
			return fail("url", "%q has no host", s.URL)
		}
	}
	if s.Interval < 0 {
		return fail("interval", "%v is negative", s.Interval)
	}
	if s.Interval != 0 && s.Interval < MinInterval && s.Kind != KindInbox {
		return fail("interval", "%v is shorter than the minimum %v", s.Interval, MinInterval)
	}
	if s.LastmodWindow < 0 {
		return fail("lastmod_window", "%v is negative", s.LastmodWindow)
	}
	if s.LastmodWindow != 0 && s.Kind != KindSitemap {
		return fail("lastmod_window", "only applies to kind sitemap")
	}
	if s.Locale != "" {
		if _, err := language.Parse(s.Locale); err != nil {
			return fail("locale", "%q is not a BCP 47 tag: %v", s.Locale, err)
		}
	}
	for k, v := range s.Headers {
		if !httpguts.ValidHeaderFieldName(k) {
			return fail("headers", "%q is not a valid header name", k)
		}
		if !httpguts.ValidHeaderFieldValue(v) {
			return fail("headers", "value of %q is not a valid header value", k)
		}
		switch strings.ToLower(k) {
		case "host", "user-agent", "if-none-match", "if-modified-since", "accept-encoding", "content-length":
			return fail("headers", "%q is set by the fetcher and cannot be overridden", k)
		}
	}
	return nil
}

// validateAll checks every source and that names are unique.
func validateAll(srcs []Source) error {
	seen := make(map[string]int, len(srcs))
	for i, s := range srcs {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("source %d: %w", i, err)
		}
		if j, dup := seen[s.Name]; dup {
			return fmt.Errorf("%w: source %q: field name: used by sources %d and %d", ErrInvalid, s.Name, j, i)
		}
		seen[s.Name] = i
	}
	return nil
}

func validKind(k string) bool {
	for _, known := range kinds {
		if k == known {
			return true
		}
	}
	return false
}

// FromURLs builds feed sources from a list of URLs separated by commas or
// whitespace, as one environment variable holds them in simple setups.
// Each source is named after its host ("www.bbc.co.uk", "www.bbc.co.uk-2"
// for a second feed on the same host) and has Kind "feed". Entries are not
// validated here: call Validate on each, as Load does.
func FromURLs(list string, interval time.Duration) []Source {
	fields := strings.FieldsFunc(list, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	var out []Source
	used := map[string]int{}
	for _, f := range fields {
		name := f
		if u, err := url.Parse(f); err == nil && u.Host != "" {
			name = u.Host
		}
		used[name]++
		if n := used[name]; n > 1 {
			name = fmt.Sprintf("%s-%d", name, n)
		}
		out = append(out, Source{Name: name, Kind: KindFeed, URL: f, Interval: interval}.withDefaults())
	}
	return out
}
