// Package normalize turns a raw fetched document into the article contract:
// it decodes the bytes to UTF-8, repairs mojibake, extracts the main text
// and metadata from HTML (or the byline structure of plain text), removes
// repeated paragraphs, settles the timestamps in UTC, detects the language
// and derives the canonical URL, the id and the content hash. It is pure: no
// broker, no metrics; the service and the normalize command share it.
package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/normalizer/internal/byline"
	"github.com/newswire/newswire/services/normalizer/internal/charset"
	"github.com/newswire/newswire/services/normalizer/internal/cleantext"
	"github.com/newswire/newswire/services/normalizer/internal/dedupe"
	"github.com/newswire/newswire/services/normalizer/internal/extract"
	"github.com/newswire/newswire/services/normalizer/internal/language"
	"github.com/newswire/newswire/services/normalizer/internal/mojibake"
	"github.com/newswire/newswire/services/normalizer/internal/timestamp"
)

// Errors that reject a document. They are permanent: the same input always
// fails the same way.
var (
	ErrEmpty       = errors.New("empty document")
	ErrTooLarge    = errors.New("document too large")
	ErrBinary      = errors.New("binary content, not an article")
	ErrUnsupported = errors.New("unsupported content type")
	ErrNoText      = errors.New("no article text found")
)

// Retryable reports whether err may not happen again: the time budget ran
// out, which on a starved processor says more about the machine than about
// the document. Everything else Normalize returns is permanent.
func Retryable(err error) bool { return errors.Is(err, extract.ErrTimeout) }

// Options bound and tune normalization.
type Options struct {
	// MaxBytes is the largest body accepted.
	MaxBytes int
	// Budget is the time allowed for one document's HTML extraction.
	Budget time.Duration
	// FutureTolerance is how far after the fetch a timestamp may be before
	// it is rejected as implausible.
	FutureTolerance time.Duration
}

// DefaultOptions are the service's defaults.
var DefaultOptions = Options{MaxBytes: 10 << 20, Budget: 5 * time.Second, FutureTolerance: 24 * time.Hour}

// Stats says what normalization changed, for metrics and debugging.
type Stats struct {
	Charset             string
	CharsetMethod       string
	InvalidBytes        int
	MojibakeFixed       int
	DuplicateParagraphs int
	Format              string // html, text or json
}

// Normalizer normalizes documents. It is safe for concurrent use.
type Normalizer struct {
	opts Options
}

// New returns a Normalizer.
func New(opts Options) (*Normalizer, error) {
	if opts.MaxBytes <= 0 || opts.Budget <= 0 || opts.FutureTolerance < 0 {
		return nil, fmt.Errorf("normalize: max bytes %d, budget %s and future tolerance %s: want positive", opts.MaxBytes, opts.Budget, opts.FutureTolerance)
	}
	return &Normalizer{opts: opts}, nil
}

// doc is what a format-specific reader found, before cleaning.
type doc struct {
	title, imageURL, canonical, langHint string
	authors, highlights, paragraphs      []string
	published, updated                   *time.Time
	dateText                             string
}

// Normalize turns raw into an article. Errors wrap one of the Err values
// above, or describe malformed input; all are permanent.
func (n *Normalizer) Normalize(raw *article.Raw) (*article.Article, Stats, error) {
	var st Stats
	body := raw.Body
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return nil, st, ErrEmpty
	case len(body) > n.opts.MaxBytes:
		return nil, st, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(body), n.opts.MaxBytes)
	}
	fetchedAt := raw.FetchedAt.UTC()
	if fetchedAt.IsZero() {
		return nil, st, errors.New("raw document has no fetched_at")
	}
	format, err := sniff(raw.ContentType, body)
	if err != nil {
		return nil, st, err
	}
	st.Format = format
	tsOpts := timestamp.Options{Now: fetchedAt, DayFirst: dayFirst(raw.Source.Locale)}

	var d doc
	switch format {
	case "json":
		d, err = readJSON(body, tsOpts)
	default:
		text, cs, derr := charset.Decode(body, raw.ContentType)
		if derr != nil {
			return nil, st, fmt.Errorf("decode charset: %w", derr)
		}
		st.Charset, st.CharsetMethod, st.InvalidBytes = cs.Charset, string(cs.Method), cs.Invalid
		if format == "html" {
			d, err = n.readHTML(text, raw.URL, fetchedAt)
		} else {
			d = readText(text, tsOpts)
		}
	}
	if err != nil {
		return nil, st, err
	}

	// Clean every piece of text the same way: mojibake first (it needs the
	// original bytes' shape), then Unicode and whitespace hygiene.
	clean := func(s string) string {
		if fixed, ok := mojibake.Fix(s); ok {
			st.MojibakeFixed++
			s = fixed
		}
		return cleantext.Clean(s)
	}
	d.title = oneLine(clean(d.title))
	for i := range d.authors {
		d.authors[i] = oneLine(clean(d.authors[i]))
	}
	d.authors = nonEmpty(d.authors)
	paras := make([]string, 0, len(d.paragraphs))
	for _, p := range d.paragraphs {
		paras = append(paras, clean(p))
	}
	paras, st.DuplicateParagraphs = dedupe.Paragraphs(nonEmpty(paras))
	highlights := make([]string, 0, len(d.highlights))
	for _, h := range d.highlights {
		highlights = append(highlights, oneLine(clean(h)))
	}
	text := strings.Join(paras, "\n\n")
	if text == "" {
		return nil, st, ErrNoText
	}

	a := &article.Article{
		Schema:     article.SchemaArticle,
		Source:     raw.Source,
		URL:        raw.URL,
		Title:      d.title,
		Authors:    d.authors,
		Text:       text,
		Highlights: nonEmpty(highlights),
		ImageURL:   d.imageURL,
		FetchedAt:  fetchedAt,
		Replay:     raw.Replay,
	}
	if a.Authors == nil {
		a.Authors = []string{}
	}
	if a.Highlights == nil {
		a.Highlights = []string{}
	}
	n.settleTimes(a, d, raw.Hints, tsOpts)
	if a.Title == "" && raw.Hints != nil {
		a.Title = oneLine(clean(raw.Hints.Title))
	}
	if len(a.Authors) == 0 && raw.Hints != nil {
		a.Authors = nonEmpty(append([]string(nil), raw.Hints.Authors...))
		if a.Authors == nil {
			a.Authors = []string{}
		}
	}
	a.Language, _ = language.Detect(text)
	a.ContentHash = article.ContentHash(text)
	a.ID, a.CanonicalURL = articleid.ForArticle(d.canonical, raw.URL, a.ContentHash)
	return a, st, nil
}

// settleTimes picks published_at and updated_at: what the document says,
// else the byline text, else the fetcher's hints; never later than the
// fetch plus the tolerance, never invented.
func (n *Normalizer) settleTimes(a *article.Article, d doc, hints *article.Hints, opts timestamp.Options) {
	limit := a.FetchedAt.Add(n.opts.FutureTolerance)
	plausible := func(t *time.Time) *time.Time {
		if t == nil || t.IsZero() || t.After(limit) {
			return nil
		}
		u := t.UTC()
		return &u
	}
	a.PublishedAt = plausible(d.published)
	a.UpdatedAt = plausible(d.updated)
	if a.PublishedAt == nil && d.dateText != "" {
		if t, err := timestamp.Parse(d.dateText, opts); err == nil {
			a.PublishedAt = plausible(&t)
		}
	}
	if hints != nil {
		if a.PublishedAt == nil {
			a.PublishedAt = plausible(hints.PublishedAt)
		}
		if a.UpdatedAt == nil {
			a.UpdatedAt = plausible(hints.UpdatedAt)
		}
	}
}

func (n *Normalizer) readHTML(text, pageURL string, now time.Time) (doc, error) {
	r, err := extract.HTML(text, pageURL, extract.Options{MaxBytes: n.opts.MaxBytes, Timeout: n.opts.Budget, Now: now})
	if err != nil {
		return doc{}, fmt.Errorf("extract main text: %w", err)
	}
	return doc{
		title: r.Title, authors: r.Authors, paragraphs: r.Paragraphs, imageURL: r.ImageURL,
		canonical: r.CanonicalURL, langHint: r.Language,
		published: r.PublishedAt, updated: r.UpdatedAt, dateText: r.DateText,
	}, nil
}

func readText(text string, opts timestamp.Options) doc {
	b := byline.Parse(text, opts)
	return doc{
		title: b.Title, authors: b.Authors, highlights: b.Highlights, paragraphs: b.Paragraphs,
		published: b.PublishedAt, updated: b.UpdatedAt,
	}
}

// jsonArticle is an article document dropped in as JSON: the contract's
// fields, of which text is required.
type jsonArticle struct {
	URL          string     `json:"url"`
	CanonicalURL string     `json:"canonical_url"`
	Title        string     `json:"title"`
	Authors      []string   `json:"authors"`
	Text         string     `json:"text"`
	Highlights   []string   `json:"highlights"`
	ImageURL     string     `json:"image_url"`
	PublishedAt  *time.Time `json:"published_at"`
	UpdatedAt    *time.Time `json:"updated_at"`
}

func readJSON(body []byte, opts timestamp.Options) (doc, error) {
	var j jsonArticle
	if err := json.Unmarshal(body, &j); err != nil {
		return doc{}, fmt.Errorf("decode article JSON: %w", err)
	}
	if strings.TrimSpace(j.Text) == "" {
		return doc{}, fmt.Errorf("article JSON: %w (the text field is empty)", ErrNoText)
	}
	// The text may still carry a byline and highlights: read it as plain
	// text without a title line, and let the JSON's fields win.
	b := byline.Parse("\n"+j.Text, opts)
	d := doc{
		title: j.Title, authors: j.Authors, highlights: j.Highlights, paragraphs: b.Paragraphs,
		imageURL: j.ImageURL, canonical: j.CanonicalURL, published: j.PublishedAt, updated: j.UpdatedAt,
	}
	if d.canonical == "" {
		d.canonical = j.URL
	}
	if len(d.authors) == 0 {
		d.authors = b.Authors
	}
	if len(d.highlights) == 0 {
		d.highlights = b.Highlights
	}
	if d.published == nil {
		d.published = b.PublishedAt
	}
	if d.updated == nil {
		d.updated = b.UpdatedAt
	}
	return d, nil
}

// sniff decides the format from the declared content type, checked against
// the bytes: a body that is plainly binary is refused whatever it claims.
func sniff(contentType string, body []byte) (string, error) {
	detected := http.DetectContentType(body)
	// Some binary signatures are also the first letters of ordinary text
	// ("BMW recalls..." sniffs as image/bmp, "OTTO" as a font): those
	// need control bytes to be binary. A PDF header is unmistakable.
	if isBinary(detected) && (detected == "application/pdf" || !textual(body)) {
		return "", fmt.Errorf("%w (%s)", ErrBinary, detected)
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return "json", nil
	case mt == "text/html" || mt == "application/xhtml+xml":
		return "html", nil
	case mt == "text/plain" || mt == "":
		if strings.HasPrefix(detected, "text/html") {
			return "html", nil
		}
		return "text", nil
	case strings.HasPrefix(mt, "text/"):
		return "text", nil
	}
	return "", fmt.Errorf("%w: %s", ErrUnsupported, mt)
}

// textual reports whether the first 512 bytes of body (what
// http.DetectContentType reads) hold no NUL and no control byte other than
// white space. Every binary format it recognises by letters alone (BMP,
// GIF, ID3, Ogg, MIDI, fonts) has such bytes in its header.
func textual(body []byte) bool {
	for _, c := range body[:min(len(body), 512)] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			return false
		}
	}
	return true
}

func isBinary(detected string) bool {
	for _, p := range []string{"image/", "audio/", "video/", "font/", "application/pdf", "application/zip", "application/x-gzip", "application/octet-stream", "application/wasm", "application/vnd.ms-fontobject", "application/x-rar-compressed", "application/ogg"} {
		if strings.HasPrefix(detected, p) {
			return true
		}
	}
	return false
}

// dayFirst says whether ambiguous numeric dates (03/04/2020) are day-first
// in a locale: everywhere but the United States and the places that write
// dates its way. A source without a locale is read day-first, as most of
// the world's English-language press writes.
func dayFirst(locale string) bool {
	switch strings.ToLower(locale) {
	case "en-us", "en-ph", "en-fm", "en-mh", "en-pw", "en-as", "en-gu", "en-mp", "en-pr", "en-vi", "en-um":
		return false
	}
	return true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
