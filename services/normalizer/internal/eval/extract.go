package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/normalizer/internal/charset"
	"github.com/newswire/newswire/services/normalizer/internal/extract"
)

// trafDir is the trafilatura suite inside the corpora directory.
const trafDir = "extraction/trafilatura-eval"

// Targets for the trafilatura suite.
const (
	// ExtractionF1Target is above Python trafilatura (0.908) and
	// go-trafilatura with its fallback (0.916 published, measured here
	// with the UTF-8 decoding rule).
	ExtractionF1Target = 0.915
	// DateDayTarget is the share of dated pages whose publication day must
	// match the gold date.
	DateDayTarget = 0.85
)

// TrafPage is one annotated page of the trafilatura suite.
type TrafPage struct {
	URL     string
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	// Date is the gold publication day, "YYYY-MM-DD"; absent from some
	// pages and empty for pages that have none. HasDate says which.
	Date    string `json:"date"`
	HasDate bool   `json:"-"`
}

// LoadTrafilatura reads the suite's annotations, sorted by URL. A missing
// annotation file or page is an error naming the path.
func LoadTrafilatura(corporaDir string) ([]TrafPage, error) {
	dir := filepath.Join(corporaDir, trafDir)
	path := filepath.Join(dir, "evaldata.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read trafilatura annotations: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	pages := make([]TrafPage, 0, len(raw))
	for u, msg := range raw {
		var p TrafPage
		if err := json.Unmarshal(msg, &p); err != nil {
			return nil, fmt.Errorf("parse %s entry %q: %w", path, u, err)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(msg, &keys); err != nil {
			return nil, fmt.Errorf("parse %s entry %q: %w", path, u, err)
		}
		_, p.HasDate = keys["date"]
		p.URL = u
		pages = append(pages, p)
	}
	sortPages(pages)
	return pages, nil
}

func sortPages(p []TrafPage) {
	sort.Slice(p, func(i, j int) bool { return p[i].URL < p[j].URL })
}

// ReadPage returns the decoded HTML of a suite page. Pages live in cache/
// or eval/.
func ReadPage(corporaDir string, p TrafPage) (string, error) {
	dir := filepath.Join(corporaDir, trafDir)
	var lastErr error
	for _, sub := range []string{"cache", "eval"} {
		b, err := os.ReadFile(filepath.Join(dir, sub, p.File))
		if err == nil {
			return Decode(b)
		}
		lastErr = err
	}
	return "", fmt.Errorf("read page for %s: %w", p.URL, lastErr)
}

// Decode turns page bytes into UTF-8 with the normalizer's charset
// package (BOM, declared charset, valid UTF-8, then detection), as the
// service does; the pages carry no Content-Type header.
func Decode(b []byte) (string, error) {
	s, _, err := charset.Decode(b, "")
	if err != nil {
		return "", fmt.Errorf("decode page: %w", err)
	}
	return s, nil
}

// normSpace collapses white space so that snippets match across line
// breaks, as trafilatura's evaluation does.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Confusion counts snippet matches.
type Confusion struct{ TP, FP, TN, FN int }

// Add scores one page's extracted text against its snippets.
func (c *Confusion) Add(p TrafPage, text string) {
	text = normSpace(text)
	for _, s := range p.With {
		if text != "" && strings.Contains(text, normSpace(s)) {
			c.TP++
		} else {
			c.FN++
		}
	}
	for _, s := range p.Without {
		if text != "" && strings.Contains(text, normSpace(s)) {
			c.FP++
		} else {
			c.TN++
		}
	}
}

// Precision, Recall and F1 of the counts.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }
func (c Confusion) Recall() float64    { return ratio(c.TP, c.TP+c.FN) }
func (c Confusion) F1() float64        { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Extraction scores extract.HTML's main text on the trafilatura suite:
// F1, precision and recall over all with/without snippets. A page the
// extractor refuses counts as empty text.
func Extraction(corporaDir string) ([]score.Result, error) {
	return ExtractionWith(corporaDir, extract.Options{})
}

// ExtractionWith is Extraction with explicit extractor options, to measure
// trade-offs such as Options.NoFallback.
func ExtractionWith(corporaDir string, opts extract.Options) ([]score.Result, error) {
	pages, err := LoadTrafilatura(corporaDir)
	if err != nil {
		return nil, err
	}
	var c Confusion
	for _, p := range pages {
		doc, err := ReadPage(corporaDir, p)
		if err != nil {
			return nil, err
		}
		var text string
		if r, err := extract.HTML(doc, p.URL, opts); err == nil {
			text = strings.Join(r.Paragraphs, "\n")
		}
		c.Add(p, text)
	}
	suite := "trafilatura-eval main text"
	if opts.NoFallback {
		suite += " (no fallback)"
	}
	n := len(pages)
	return []score.Result{
		{Suite: suite, Metric: "F1", Value: c.F1(), Cases: n, Target: ExtractionF1Target},
		{Suite: suite, Metric: "precision", Value: c.Precision(), Cases: n},
		{Suite: suite, Metric: "recall", Value: c.Recall(), Cases: n},
	}, nil
}

// GoldDay parses a gold date, tolerating the suite's few malformed ones
// ("2019-05.13", "2014-07-8").
func GoldDay(s string) (string, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if len(f) != 3 {
		return "", false
	}
	y, _ := strconv.Atoi(f[0])
	m, _ := strconv.Atoi(f[1])
	d, _ := strconv.Atoi(f[2])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// Day is the calendar day a result dates its page to: the publication
// date, else the update date, as written in the page (in the offset the
// page gave, not converted to UTC: the gold dates are the day the page
// shows its readers). Empty when the page has no structured date.
func Day(r *extract.Result) string {
	switch {
	case r == nil:
		return ""
	case r.PublishedAt != nil:
		return r.PublishedAt.Format(time.DateOnly)
	case r.UpdatedAt != nil:
		return r.UpdatedAt.Format(time.DateOnly)
	}
	return ""
}

// HTMLDates scores extract.HTML's structured dates on the trafilatura
// suite's gold dates: exact day on pages with a gold date (target
// DateDayTarget), how often a date was returned for them, and how often
// no date was returned for pages whose gold date is empty.
func HTMLDates(corporaDir string) ([]score.Result, error) {
	pages, err := LoadTrafilatura(corporaDir)
	if err != nil {
		return nil, err
	}
	var dated, exact, found, undated, none int
	for _, p := range pages {
		if !p.HasDate {
			continue
		}
		doc, err := ReadPage(corporaDir, p)
		if err != nil {
			return nil, err
		}
		r, _ := extract.HTML(doc, p.URL, extract.Options{NoFallback: true})
		got := Day(r)
		gold, ok := GoldDay(p.Date)
		if !ok {
			undated++
			if got == "" {
				none++
			}
			continue
		}
		dated++
		if got != "" {
			found++
		}
		if got == gold {
			exact++
		}
	}
	return []score.Result{
		{Suite: "trafilatura-eval dates (gold day)", Metric: "exact day", Value: ratio(exact, dated), Cases: dated, Target: DateDayTarget},
		{Suite: "trafilatura-eval dates (gold day)", Metric: "coverage", Value: ratio(found, dated), Cases: dated},
		{Suite: "trafilatura-eval dates (gold empty)", Metric: "no date returned", Value: ratio(none, undated), Cases: undated},
	}, nil
}
