// Package scope decides which archived records a replay keeps: a window of
// capture time, a list of hosts (suffix match on whole labels) and a list
// of languages (as the record declares them). It is pure: the replay asks
// it about a WARC header before reading the record's body, and about the
// raw article after, so filtering by host costs no body decoding.
package scope

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// Skip reasons. They are bounded, fit for a metric label, and join the
// archive package's skip reasons in a replay's summary.
const (
	SkipBeforeSince = "before-since"
	SkipAfterUntil  = "after-until"
	SkipHost        = "host"
	SkipLanguage    = "language"
)

// Scope is what a replay keeps. The zero value keeps everything.
type Scope struct {
	// Since and Until keep records captured in [Since, Until); zero
	// values do not bound.
	Since, Until time.Time
	// Hosts keeps records whose URL's host is one of these or below one
	// of them (bbc.co.uk keeps www.bbc.co.uk, not notbbc.co.uk). Empty
	// keeps every host.
	Hosts []string
	// Langs keeps records that declare one of these languages (ISO 639-1
	// or 639-3 codes: en, eng) or declare none. Empty keeps every
	// language.
	Langs []string
}

// New checks and normalises a scope: hosts lower-cased without a leading
// dot or scheme, languages reduced to their primary subtag.
func New(since, until time.Time, hosts, langs []string) (Scope, error) {
	s := Scope{Since: since, Until: until}
	if !since.IsZero() && !until.IsZero() && !until.After(since) {
		return Scope{}, fmt.Errorf("scope: until %s is not after since %s", until.Format(time.RFC3339), since.Format(time.RFC3339))
	}
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if i := strings.Index(h, "://"); i >= 0 {
			h = h[i+3:]
		}
		h = strings.Trim(strings.TrimSuffix(strings.SplitN(h, "/", 2)[0], "."), ".")
		if h == "" {
			continue
		}
		if strings.ContainsAny(h, " :@?#") {
			return Scope{}, fmt.Errorf("scope: host %q: want a host name such as bbc.co.uk", h)
		}
		s.Hosts = append(s.Hosts, h)
	}
	for _, l := range langs {
		l = primary(l)
		if l == "" {
			continue
		}
		if len(l) < 2 || len(l) > 3 {
			return Scope{}, fmt.Errorf("scope: language %q: want an ISO 639 code such as en", l)
		}
		s.Langs = append(s.Langs, l)
	}
	return s, nil
}

// Header says why a record with this target URI, capture date and
// declared languages (a WARC-Identified-Content-Language value such as
// "eng,fra", or "") is not kept, or "" when it may be. A zero date passes:
// the record is judged again as an article.
func (s Scope) Header(uri string, date time.Time, langs string) string {
	if why := s.time(date); why != "" {
		return why
	}
	if !s.host(uri) {
		return SkipHost
	}
	if len(s.Langs) > 0 && langs != "" && !s.anyLang(strings.Split(langs, ",")) {
		return SkipLanguage
	}
	return ""
}

// Raw says why an article is not kept, or "" when it is: its fetch time,
// its URL's host, and the language its HTML declares (html lang or a
// Content-Language meta element), when it declares one.
func (s Scope) Raw(raw *article.Raw) string {
	if why := s.time(raw.FetchedAt); why != "" {
		return why
	}
	if !s.host(raw.URL) {
		return SkipHost
	}
	if len(s.Langs) > 0 {
		if l := Declared(raw.Body); l != "" && !s.anyLang([]string{l}) {
			return SkipLanguage
		}
	}
	return ""
}

func (s Scope) time(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case !s.Since.IsZero() && t.Before(s.Since):
		return SkipBeforeSince
	case !s.Until.IsZero() && !t.Before(s.Until):
		return SkipAfterUntil
	}
	return ""
}

func (s Scope) host(uri string) bool {
	if len(s.Hosts) == 0 {
		return true
	}
	h := hostOf(uri)
	for _, want := range s.Hosts {
		if h == want || (len(h) > len(want) && strings.HasSuffix(h, want) && h[len(h)-len(want)-1] == '.') {
			return true
		}
	}
	return false
}

// hostOf is the lower-cased host of uri without port or trailing dot.
func hostOf(uri string) string {
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

func (s Scope) anyLang(declared []string) bool {
	for _, d := range declared {
		d = primary(d)
		for _, want := range s.Langs {
			if d == want || iso3[want] == d || iso3[d] == want {
				return true
			}
		}
	}
	return false
}

// primary is the lower-cased primary subtag of a language tag: en-GB, EN
// and en_US are en. It is idempotent: "en -GB" is en, not "en ".
func primary(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(strings.TrimSpace(tag))
}

// subtag is the primary subtag of a declared language when it is one (two
// to eight ASCII letters, as BCP 47 has them), else "": lang="0000" or a
// run of stray bytes declares nothing.
func subtag(tag string) string {
	p := primary(tag)
	if len(p) < 2 || len(p) > 8 {
		return ""
	}
	for i := range len(p) {
		if p[i] < 'a' || p[i] > 'z' {
			return ""
		}
	}
	return p
}

// headLimit is how much of a body Declared looks at: the html element
// and the head's meta elements come first.
const headLimit = 4096

// Declared returns the primary language an HTML document declares in its
// first bytes (the html element's lang or xml:lang attribute, else a
// Content-Language meta element), or "".
func Declared(body []byte) string {
	head := body[:min(len(body), headLimit)]
	if i := indexFold(head, []byte("<html")); i >= 0 {
		tag := head[i:]
		if j := bytes.IndexByte(tag, '>'); j >= 0 {
			tag = tag[:j]
		}
		if v := attr(tag, "lang"); v != "" {
			return subtag(v)
		}
	}
	for rest := head; ; {
		i := indexFold(rest, []byte("content-language"))
		if i < 0 {
			return ""
		}
		start := bytes.LastIndexByte(rest[:i], '<')
		end := bytes.IndexByte(rest[i:], '>')
		if start >= 0 && end >= 0 {
			if v := attr(rest[start:i+end], "content"); v != "" {
				l, _, _ := strings.Cut(v, ",")
				return subtag(l)
			}
		}
		rest = rest[i+len("content-language"):]
	}
}

// attr returns the value of attribute name (or xml:name) in a tag.
func attr(tag []byte, name string) string {
	for rest := tag; ; {
		i := indexFold(rest, []byte(name))
		if i < 0 {
			return ""
		}
		before := byte(' ')
		if i > 0 {
			before = rest[i-1]
		}
		after := rest[i+len(name):]
		after = bytes.TrimLeft(after, " \t\r\n")
		rest = rest[i+len(name):]
		if (before != ' ' && before != '\t' && before != '\n' && before != '\r' && before != ':') || len(after) == 0 || after[0] != '=' {
			continue
		}
		v := bytes.TrimLeft(after[1:], " \t\r\n")
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			if j := bytes.IndexByte(v[1:], v[0]); j >= 0 {
				return strings.TrimSpace(string(v[1 : j+1]))
			}
			return ""
		}
		if j := bytes.IndexAny(v, " \t\r\n/>"); j >= 0 {
			v = v[:j]
		}
		return string(v)
	}
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring case.
func indexFold(s, lower []byte) int {
	n := len(lower)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && s[i+j]|0x20 == lower[j] {
			j++
		}
		if j == n {
			return i
		}
	}
	return -1
}

// iso3 maps the ISO 639-1 codes of the languages most common in news to
// the ISO 639-3 codes Common Crawl writes in
// WARC-Identified-Content-Language.
var iso3 = map[string]string{
	"ar": "ara", "bg": "bul", "bn": "ben", "ca": "cat", "cs": "ces", "da": "dan", "de": "deu",
	"el": "ell", "en": "eng", "es": "spa", "et": "est", "fa": "fas", "fi": "fin", "fr": "fra",
	"he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun", "id": "ind", "it": "ita", "ja": "jpn",
	"ko": "kor", "lt": "lit", "lv": "lav", "ms": "msa", "nl": "nld", "no": "nor", "pl": "pol",
	"pt": "por", "ro": "ron", "ru": "rus", "sk": "slk", "sl": "slv", "sr": "srp", "sv": "swe",
	"sw": "swa", "ta": "tam", "th": "tha", "tr": "tur", "uk": "ukr", "ur": "urd", "vi": "vie",
	"zh": "zho",
}
