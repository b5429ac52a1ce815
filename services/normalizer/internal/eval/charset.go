package eval

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/normalizer/internal/charset"
	"github.com/newswire/newswire/services/normalizer/internal/mojibake"
	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/htmlindex"
)

// CharsetPage is one document of the charset evaluation.
type CharsetPage struct {
	Name        string
	Body        []byte
	ContentType string
	// Declared is the charset the page's Content-Type or any <meta> in
	// the whole file declares, canonical; "" when none.
	Declared string
}

// CharsetVerdict is how one decoder did on one page.
type CharsetVerdict struct {
	Page, Expected, Ours, Baseline string
	OursRight, BaselineRight       bool
}

var rxAnyMeta = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// expectedCharset is the check that decides "right", independent of both
// decoders: a body that is valid UTF-8 with multi-byte sequences is UTF-8
// (no legacy text is valid UTF-8 by accident); a pure-ASCII body is right
// in any ASCII-compatible charset ("" here); otherwise the charset the page
// declares anywhere (header, or any <meta> in the whole file); with no
// declaration, "?" (then a decoding is right when it has no U+FFFD and no
// mojibake).
func expectedCharset(p CharsetPage) string {
	if utf8.Valid(p.Body) {
		for _, c := range p.Body {
			if c >= 0x80 {
				return "utf-8"
			}
		}
		return ""
	}
	if p.Declared != "" {
		return p.Declared
	}
	return "?"
}

func canonicalName(label string) string {
	enc, err := htmlindex.Get(strings.TrimSpace(label))
	if err != nil {
		return ""
	}
	name, _ := htmlindex.Name(enc)
	return name
}

func judge(p CharsetPage, expected, got string) bool {
	switch expected {
	case "":
		return got != "utf-16le" && got != "utf-16be"
	case "?":
		enc, err := htmlindex.Get(got)
		if err != nil {
			return false
		}
		s, err := enc.NewDecoder().String(string(p.Body))
		return err == nil && !strings.ContainsRune(s, utf8.RuneError) && mojibake.Badness(s) == 0
	}
	return got == expected
}

// CharsetSuite scores charset.Decode against x/net/html/charset's
// DetermineEncoding on the given pages.
func CharsetSuite(suite string, pages []CharsetPage) ([]score.Result, []CharsetVerdict) {
	var verdicts []CharsetVerdict
	ours, base, legacy, oursLegacy, baseLegacy := 0, 0, 0, 0, 0
	for _, p := range pages {
		exp := expectedCharset(p)
		_, res, err := charset.Decode(p.Body, p.ContentType)
		got := res.Charset
		if err != nil {
			got = "error"
		}
		_, bname, _ := htmlcharset.DetermineEncoding(p.Body, p.ContentType)
		v := CharsetVerdict{Page: p.Name, Expected: exp, Ours: got, Baseline: bname,
			OursRight: judge(p, exp, got), BaselineRight: judge(p, exp, bname)}
		verdicts = append(verdicts, v)
		if v.OursRight {
			ours++
		}
		if v.BaselineRight {
			base++
		}
		if exp != "utf-8" && exp != "" {
			legacy++
			if v.OursRight {
				oursLegacy++
			}
			if v.BaselineRight {
				baseLegacy++
			}
		}
	}
	n := len(pages)
	return []score.Result{
		{Suite: suite + " charset.Decode", Metric: "accuracy", Value: ratioOf(ours, n), Cases: n, Target: 0.99},
		{Suite: suite + " x/net DetermineEncoding", Metric: "accuracy", Value: ratioOf(base, n), Cases: n},
		{Suite: suite + " not-UTF-8 charset.Decode", Metric: "accuracy", Value: ratioOf(oursLegacy, legacy), Cases: legacy},
		{Suite: suite + " not-UTF-8 DetermineEncoding", Metric: "accuracy", Value: ratioOf(baseLegacy, legacy), Cases: legacy},
	}, verdicts
}

func ratioOf(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Charset measures charset detection on the trafilatura pages (no
// Content-Type: what the page says) and on the news-sample WARC (the HTTP
// Content-Type as recorded).
func Charset(corporaDir string) ([]score.Result, error) {
	res, _, err := CharsetDetail(corporaDir)
	return res, err
}

// CharsetDetail is Charset with the per-page verdicts.
func CharsetDetail(corporaDir string) ([]score.Result, []CharsetVerdict, error) {
	traf, err := TrafilaturaCharsetPages(corporaDir)
	if err != nil {
		return nil, nil, err
	}
	r1, v1 := CharsetSuite("trafilatura", traf)
	warc, err := WARCCharsetPages(filepath.Join(corporaDir, "warc", "news-sample", "news-sample.warc.gz"))
	if err != nil {
		return nil, nil, err
	}
	r2, v2 := CharsetSuite("news-sample warc", warc)
	return append(r1, r2...), append(v1, v2...), nil
}

// TrafilaturaCharsetPages loads every page evaldata.json names.
func TrafilaturaCharsetPages(corporaDir string) ([]CharsetPage, error) {
	dir := filepath.Join(corporaDir, "extraction", "trafilatura-eval")
	b, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return nil, fmt.Errorf("read trafilatura annotations: %w", err)
	}
	var raw map[string]struct {
		File string `json:"file"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse trafilatura annotations: %w", err)
	}
	files := map[string]bool{}
	for _, v := range raw {
		files[v.File] = true
	}
	var pages []CharsetPage
	for f := range files {
		var body []byte
		for _, sub := range []string{"cache", "eval"} {
			if body, err = os.ReadFile(filepath.Join(dir, sub, f)); err == nil {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("read trafilatura page %s: %w", f, err)
		}
		p := CharsetPage{Name: f, Body: body}
		if m := rxAnyMeta.FindSubmatch(body); m != nil {
			p.Declared = canonicalName(string(m[1]))
		}
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Name < pages[j].Name })
	return pages, nil
}

// WARCCharsetPages reads the response records of a gzipped WARC file.
// It is a minimal reader for this fixture (no chunked transfer coding).
func WARCCharsetPages(path string) ([]CharsetPage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open warc: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read warc %s: %w", path, err)
	}
	br := bufio.NewReader(zr)
	var pages []CharsetPage
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			return pages, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read warc %s: %w", path, err)
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !strings.HasPrefix(line, "WARC/") {
			return nil, fmt.Errorf("read warc %s: unexpected line %q", path, line)
		}
		hdr, err := textproto.NewReader(br).ReadMIMEHeader()
		if err != nil {
			return nil, fmt.Errorf("read warc %s headers: %w", path, err)
		}
		n, err := strconv.Atoi(hdr.Get("Content-Length"))
		if err != nil {
			return nil, fmt.Errorf("read warc %s content-length: %w", path, err)
		}
		block := make([]byte, n)
		if _, err := io.ReadFull(br, block); err != nil {
			return nil, fmt.Errorf("read warc %s block: %w", path, err)
		}
		if hdr.Get("WARC-Type") != "response" {
			continue
		}
		hb := bufio.NewReader(strings.NewReader(string(block)))
		if _, err := hb.ReadString('\n'); err != nil { // status line
			return nil, fmt.Errorf("read warc %s http status: %w", path, err)
		}
		hh, err := textproto.NewReader(hb).ReadMIMEHeader()
		if err != nil {
			return nil, fmt.Errorf("read warc %s http headers: %w", path, err)
		}
		body, err := io.ReadAll(hb)
		if err != nil {
			return nil, err
		}
		p := CharsetPage{Name: hdr.Get("WARC-Target-URI"), Body: body, ContentType: hh.Get("Content-Type")}
		if cs := charsetOf(p.ContentType); cs != "" {
			p.Declared = canonicalName(cs)
		} else if m := rxAnyMeta.FindSubmatch(body); m != nil {
			p.Declared = canonicalName(string(m[1]))
		}
		pages = append(pages, p)
	}
}

func charsetOf(ct string) string {
	i := strings.Index(strings.ToLower(ct), "charset=")
	if i < 0 {
		return ""
	}
	v := ct[i+len("charset="):]
	if j := strings.IndexAny(v, "; "); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

func charsetDecodeForBench(p CharsetPage) {
	_, _, _ = charset.Decode(p.Body, p.ContentType)
}
