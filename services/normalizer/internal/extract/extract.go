// Package extract pulls the readable article out of a news page's HTML: the
// title, authors, main-text paragraphs (menus, ads, related links and
// comments removed), lead image, canonical link, language hint and the
// structured publication and update dates, each with the source it came
// from.
//
// The main text comes from go-trafilatura with its readability and
// DOM-distiller fallbacks; metadata and dates are read by this package from
// the parsed tree. Input is already-decoded UTF-8 HTML; hostile input (too
// large, nested too deep, too slow) is refused with a sentinel error rather
// than risking a panic or an unbounded run.
package extract

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/cleantext"
	"github.com/newswire/newswire/services/normalizer/internal/language"
	"github.com/newswire/newswire/services/normalizer/internal/trafilatura"
)

// Sentinel errors. Every one of them describes the input, so a caller can
// treat them as permanent (dead-letter, do not retry).
var (
	// ErrEmpty means the document holds no markup or text at all.
	ErrEmpty = errors.New("empty document")
	// ErrBinary means the document is binary data, not text.
	ErrBinary = errors.New("document is not UTF-8 text")
	// ErrTooLarge means the document exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("document too large")
	// ErrTooDeep means elements nest deeper than Options.MaxDepth.
	ErrTooDeep = errors.New("document nested too deep")
	// ErrTimeout means extraction ran past Options.Timeout.
	ErrTimeout = errors.New("extraction time budget exceeded")
	// ErrNoText means no main text could be found.
	ErrNoText = errors.New("no main text found")
)

// Defaults used for zero Options fields.
const (
	DefaultMaxBytes = 8 << 20
	DefaultMaxDepth = 512
	DefaultTimeout  = 5 * time.Second
	// DefaultFallbackBelow is the main-text length (in characters) below
	// which the fallback extractors run.
	DefaultFallbackBelow = 1000
)

// Options bounds the work done on one document. The zero value is valid and
// means the defaults.
type Options struct {
	// MaxBytes is the largest document accepted (default DefaultMaxBytes).
	MaxBytes int
	// MaxDepth is the deepest element nesting accepted, counted on the
	// parsed tree (default DefaultMaxDepth). Real pages stay far below it;
	// it exists because the extractors slow down quadratically on
	// pathological nesting. The HTML parser refuses more than 512 levels
	// by itself (ErrTooDeep too), so a larger MaxDepth has no effect.
	MaxDepth int
	// Timeout is the time budget for one document (default
	// DefaultTimeout). It is checked between stages, so a stage that has
	// started runs to its end; MaxBytes and MaxDepth bound how long that is.
	Timeout time.Duration
	// FallbackBelow decides when the readability and DOM-distiller
	// fallbacks run: only when go-trafilatura alone finds fewer than this
	// many characters of main text (default DefaultFallbackBelow). Running
	// them on every page (a huge value) cost 1.4x the CPU for +0.0015
	// F1 on trafilatura-eval; see the eval package for figures.
	FallbackBelow int
	// NoFallback never runs the fallbacks (F1 -0.008, fastest).
	NoFallback bool
	// NoTextDates skips the free-text date search (go-htmldate) that runs
	// when the page has no structured date.
	NoTextDates bool
	// Now is the reference time for rejecting dates in the future (zero
	// means time.Now()).
	Now time.Time
}

func (o Options) withDefaults() (Options, error) {
	if o.MaxBytes < 0 || o.MaxDepth < 0 || o.Timeout < 0 || o.FallbackBelow < 0 {
		return o, fmt.Errorf("invalid extract options: negative limit (max bytes %d, max depth %d, timeout %v, fallback below %d)", o.MaxBytes, o.MaxDepth, o.Timeout, o.FallbackBelow)
	}
	if o.FallbackBelow == 0 {
		o.FallbackBelow = DefaultFallbackBelow
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth == 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o, nil
}

// DateSource names where a timestamp was read, from most to least trusted.
type DateSource string

// The date sources, in order of trust.
const (
	SourceNone   DateSource = ""
	SourceJSONLD DateSource = "json-ld"
	SourceMeta   DateSource = "meta"
	SourceTime   DateSource = "time"
	SourceURL    DateSource = "url"
	// SourceText is a date found in the page's visible text by go-htmldate's
	// pattern search, used only when no structured date exists.
	SourceText DateSource = "text"
)

// Result is what HTML found in a page. Empty fields were not found.
type Result struct {
	Title   string
	Authors []string
	// Paragraphs is the main text, one whitespace-normalised block
	// (paragraph, heading, list item, table row) per entry.
	Paragraphs []string
	// ImageURL is the lead image (og:image and the like), absolute.
	ImageURL string
	// CanonicalURL is rel=canonical or og:url, resolved against the page URL.
	CanonicalURL string
	// Language is the <html lang> attribute as written ("en-GB"), a hint only.
	Language string
	// PublishedAt and UpdatedAt keep the offset written in the page; a
	// timestamp written without one is read as UTC.
	PublishedAt   *time.Time
	PublishedFrom DateSource
	UpdatedAt     *time.Time
	UpdatedFrom   DateSource
	// DateText is the best free-text dateline or byline date ("Posted 7
	// January 2020, 10:15"), set only when PublishedAt is nil; the caller
	// parses it with its own date parser.
	DateText string
}

// Text joins the paragraphs with blank lines.
func (r *Result) Text() string { return strings.Join(r.Paragraphs, "\n\n") }

// HTML extracts the article from doc, already-decoded UTF-8 HTML fetched
// from pageURL (which may be empty; it resolves relative links and is a
// last-resort date source). It returns one of the sentinel errors, wrapped,
// when the input is refused.
func HTML(doc string, pageURL string, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(opts.Timeout)
	if err := checkInput(doc, opts); err != nil {
		return nil, err
	}
	if !utf8.ValidString(doc) {
		doc = strings.ToValidUTF8(doc, "\uFFFD")
	}
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil {
			return nil, fmt.Errorf("parse page url %q: %w", pageURL, err)
		}
		base = u
	}

	root, err := html.Parse(strings.NewReader(doc))
	switch {
	case isParserDepthError(err):
		return nil, fmt.Errorf("parse html: %v: %w", err, ErrTooDeep)
	case err != nil:
		return nil, fmt.Errorf("parse html: %w", err)
	}
	if d := treeDepth(root, opts.MaxDepth); d > opts.MaxDepth {
		return nil, fmt.Errorf("elements nested %d deep, limit %d: %w", d, opts.MaxDepth, ErrTooDeep)
	}
	if err := checkDeadline(deadline, "parse"); err != nil {
		return nil, err
	}

	res := &Result{}
	meta := readMeta(root)
	res.Language = meta.lang
	res.CanonicalURL = resolve(base, firstNonEmpty(meta.canonical, meta.ogURL))
	res.ImageURL = resolve(base, meta.image)
	findDates(meta, pageURL, opts.Now, res)
	if err := checkDeadline(deadline, "metadata"); err != nil {
		return nil, err
	}

	// go-trafilatura (our copy, internal/trafilatura): the fallbacks
	// (readability, then DOM distiller) run only when it finds little text,
	// where they help most, from the same main extraction. Its language
	// classifier and its site name, category, tag and license searches are
	// off: nothing here reads them. The tree is not modified.
	topts := trafilatura.Options{
		OriginalURL:     base,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
		NoLanguage:      true,
		BasicMetadata:   true,
	}
	if !opts.NoFallback {
		topts.FallbackBelow = opts.FallbackBelow
	}
	tr, err := trafilatura.ExtractDocument(root, topts)
	if err := checkDeadline(deadline, "main text"); err != nil {
		return nil, err
	}
	if err == nil && tr != nil {
		// Read before the date search, which prunes root.
		res.Paragraphs = paragraphs(tr.ContentNode)
	}
	// The free-text date search runs after the main text is known, so that
	// go-dateparser reads dates in the languages the page declares and is
	// written in (plus English) rather than in all of its locales: pages
	// often keep a template's lang="en-US" over Spanish text.
	if res.PublishedAt == nil && !opts.NoTextDates {
		var textLang string
		if err == nil && tr != nil {
			textLang, _ = language.Detect(tr.ContentText)
		}
		textDate(root, pageURL, []string{meta.lang, textLang}, opts.Now, res)
		if err := checkDeadline(deadline, "text date"); err != nil {
			return nil, err
		}
	}
	if err != nil || tr == nil {
		// go-trafilatura reports "not long enough" for pages without text.
		return res, fmt.Errorf("extract main text: %w", ErrNoText)
	}
	res.Title = clean(tr.Metadata.Title)
	if res.Title == "" {
		res.Title = meta.title
	}
	res.Authors = splitAuthors(tr.Metadata.Author)
	if res.ImageURL == "" {
		res.ImageURL = resolve(base, tr.Metadata.Image)
	}
	// go-trafilatura's last resort reads the whole page, <title> included:
	// a page whose only "text" is its title has no main text.
	if len(res.Paragraphs) == 0 || clean(strings.Join(res.Paragraphs, " ")) == meta.title {
		res.Paragraphs = nil
		return res, fmt.Errorf("extract main text: %w", ErrNoText)
	}
	return res, nil
}

func checkDeadline(deadline time.Time, stage string) error {
	if time.Now().After(deadline) {
		return fmt.Errorf("%s: %w", stage, ErrTimeout)
	}
	return nil
}

// checkInput refuses empty, binary and oversized documents before the
// parser sees them. Nesting is checked on the parsed tree.
func checkInput(doc string, opts Options) error {
	if len(doc) > opts.MaxBytes {
		return fmt.Errorf("document of %d bytes, limit %d: %w", len(doc), opts.MaxBytes, ErrTooLarge)
	}
	if strings.TrimSpace(doc) == "" {
		return ErrEmpty
	}
	if binary(doc) {
		return ErrBinary
	}
	return nil
}

// binary reports whether doc looks like undecoded binary data rather than
// text: a NUL byte, or more than 10% C0 control bytes other than white
// space, in its first 8 KiB.
func binary(doc string) bool {
	head := doc[:min(len(doc), 8<<10)]
	ctl := 0
	for i := 0; i < len(head); i++ {
		switch c := head[i]; {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			ctl++
		}
	}
	return ctl*10 > len(head)
}

func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ";") {
		if a = clean(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// resolve makes ref absolute against base; it returns "" for refs that
// cannot be made into an http(s) URL.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// clean collapses runs of white space into one space and trims.
func clean(s string) string { return cleantext.Collapse(s) }
