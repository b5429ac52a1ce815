package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/story/internal/cluster"
)

// Targets of near-copy detection.
const (
	copyPrecisionTarget = 0.98
	copyRecallTarget    = 0.95
)

// newsSample names the pages the syndication suite is built from: the
// news-sample WARC's pages, kept as HTML in trafilatura-eval's folders.
const newsSampleExpect = "warc/news-sample/news-sample.expect.jsonl"

var newsSamplePages = []string{"extraction/trafilatura-eval/eval", "extraction/trafilatura-eval/cache"}

// WriteBodies writes the news-sample pages as the JSON lines `normalizer
// normalize -jsonl` reads, so the suite is built from the texts the
// pipeline's own normalizer extracts (make eval pipes one into the other).
func WriteBodies(corpora string, w io.Writer) error {
	f, err := os.Open(filepath.Join(corpora, newsSampleExpect))
	if err != nil {
		return err
	}
	defer f.Close()
	enc := json.NewEncoder(w)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e struct {
			URL  string `json:"url"`
			File string `json:"file"`
		}
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return fmt.Errorf("%s: %w", newsSampleExpect, err)
		}
		var body []byte
		for _, dir := range newsSamplePages {
			if body, err = os.ReadFile(filepath.Join(corpora, dir, e.File)); err == nil {
				break
			}
		}
		if err != nil {
			return fmt.Errorf("news-sample page %s: %w", e.File, err)
		}
		if err := enc.Encode(map[string]any{
			"url": e.URL, "content_type": "text/html", "fetched_at": "2026-01-01T00:00:00Z", "body_base64": body,
		}); err != nil {
			return err
		}
	}
	return sc.Err()
}

// ReadTexts reads normalized articles (JSON lines) and keeps the texts of
// at least minWords words, split into paragraphs.
func ReadTexts(r io.Reader) ([][]string, error) {
	const minWords = 150
	var out [][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var a article.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("news-sample texts: %w", err)
		}
		if len(strings.Fields(a.Text)) < minWords {
			continue
		}
		var paras []string
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		if len(paras) >= 4 {
			out = append(out, paras)
		}
	}
	return out, sc.Err()
}

// copyCase is one pair: the earlier article, the later one, and whether
// the later copies the earlier.
type copyCase struct {
	kind        string
	first, then *article.Article
	copy        bool
}

// Copies measures near-copy detection: recall on ECB+'s silver copy
// pairs, recall on the syndication suite's edits of the news-sample texts,
// and precision over all of them with the hard negatives (pairs of ECB+
// articles on one event written independently, and follow-ups built from
// the news-sample texts). texts are the news-sample texts (ReadTexts).
func Copies(corpora string, texts [][]string) ([]score.Result, error) {
	docs, err := readECB(corpora)
	if err != nil {
		return nil, err
	}
	silver, err := readSilver(corpora)
	if err != nil {
		return nil, err
	}
	byID := map[string]ecbDoc{}
	for _, d := range docs {
		byID[d.DocID] = d
	}
	var cases []copyCase
	for p := range silver {
		a, b := byID[p[0]], byID[p[1]]
		cases = append(cases, copyCase{kind: "silver", first: ecbArticle(a), then: ecbArticle(b), copy: true})
	}
	// Same event, written independently: every pair of one event cluster
	// that is not a silver copy pair.
	for i, a := range docs {
		for _, b := range docs[i+1:] {
			if a.Subtopic != b.Subtopic || silver[[2]string{a.DocID, b.DocID}] || silver[[2]string{b.DocID, a.DocID}] {
				continue
			}
			cases = append(cases, copyCase{kind: "same event", first: ecbArticle(a), then: ecbArticle(b)})
		}
	}
	cases = append(cases, syndicationCases(texts)...)

	tally := map[string][2]int{} // kind: found, total
	tp, fp := 0, 0
	for _, c := range cases {
		found, err := detects(c.first, c.then)
		if err != nil {
			return nil, err
		}
		t := tally[c.kind]
		t[1]++
		if found {
			t[0]++
			if c.copy {
				tp++
			} else {
				fp++
			}
		}
		tally[c.kind] = t
	}
	recall := func(kinds ...string) (float64, int) {
		found, total := 0, 0
		for _, k := range kinds {
			found += tally[k][0]
			total += tally[k][1]
		}
		if total == 0 {
			return 0, 0
		}
		return float64(found) / float64(total), total
	}
	precision := 1.0
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	sr, sn := recall("silver")
	var edits []string
	for _, e := range editKinds {
		edits = append(edits, e.name)
	}
	er, en := recall(edits...)
	out := []score.Result{
		{Suite: "copies, ECB+ silver pairs", Metric: "recall", Value: sr, Cases: sn, Target: copyRecallTarget},
		{Suite: "copies, syndication edits of news-sample", Metric: "recall", Value: er, Cases: en, Target: copyRecallTarget},
		{Suite: "copies, all pairs", Metric: "precision", Value: precision, Cases: tp + fp, Target: copyPrecisionTarget},
	}
	for _, e := range editKinds {
		r, n := recall(e.name)
		out = append(out, score.Result{Suite: "copies, edit: " + e.name, Metric: "recall", Value: r, Cases: n})
	}
	for _, k := range []string{"same event", "follow-up", "other article"} {
		r, n := recall(k)
		out = append(out, score.Result{Suite: "copies, negatives: " + k, Metric: "kept apart", Value: 1 - r, Cases: n})
	}
	return out, nil
}

// detects runs the clusterer, state in memory, over first then then and
// reports whether it marks then as a copy of first.
func detects(first, then *article.Article) (bool, error) {
	c, err := cluster.New(cluster.NewMemory(), cluster.DefaultConfig)
	if err != nil {
		return false, err
	}
	if _, err := c.Assign(context.Background(), first); err != nil {
		return false, err
	}
	r, err := c.Assign(context.Background(), then)
	if err != nil {
		return false, err
	}
	return r.DuplicateOf == first.ID, nil
}

func readSilver(corpora string) (map[[2]string]bool, error) {
	data, err := os.ReadFile(filepath.Join(corpora, ecbDir, "silver_copy_pairs.tsv"))
	if err != nil {
		return nil, err
	}
	out := map[[2]string]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 2 {
			continue
		}
		out[[2]string{f[0], f[1]}] = true
	}
	return out, nil
}

// editKinds are the syndication suite's edits: each turns an agency text
// into what another outlet runs.
var editKinds = []struct {
	name string
	edit func(paras, other []string) (title string, text []string)
}{
	{"exact copy, other URL", func(p, _ []string) (string, []string) { return "", p }},
	{"headline edited", func(p, _ []string) (string, []string) { return "Breaking: what we know so far", p }},
	{"half the paragraphs dropped from the end", func(p, _ []string) (string, []string) { return "", p[:(len(p)+1)/2] }},
	{"every third paragraph dropped", func(p, _ []string) (string, []string) {
		var out []string
		for i, x := range p {
			if i%3 != 2 {
				out = append(out, x)
			}
		}
		return "", out
	}},
	{"paragraphs added", func(p, o []string) (string, []string) {
		out := append([]string{}, p[:len(p)/2]...)
		out = append(out, o[:min(2, len(o))]...)
		return "", append(out, p[len(p)/2:]...)
	}},
	{"paragraphs reordered", func(p, _ []string) (string, []string) {
		out := append([]string{}, p[len(p)/2:]...)
		out = append(out, p[:len(p)/2]...)
		for i, j := 0, len(out)-1; i < j; i, j = i+2, j-2 {
			out[i], out[j] = out[j], out[i]
		}
		return "", out
	}},
	{"other boilerplate", func(p, _ []string) (string, []string) {
		out := []string{"By our staff and agencies | Updated 14:05 GMT | Share this story on social media"}
		out = append(out, p...)
		return "", append(out, "Sign up to our morning newsletter for the day's top stories. © 2026 The Daily Example. All rights reserved. Comments are closed on this article.")
	}},
	{"correction appended", func(p, _ []string) (string, []string) {
		return "", append(append([]string{}, p...), "Correction: an earlier version of this article gave the wrong date for the meeting, which takes place on Thursday; it also misspelled the name of a spokeswoman.")
	}},
	{"headline, boilerplate and a third dropped", func(p, _ []string) (string, []string) {
		keep := p[:len(p)-len(p)/3]
		out := append([]string{"From our correspondent, with agencies."}, keep...)
		return "Read: the full report", append(out, "More on this story: see our live coverage.")
	}},
}

// syndicationCases builds the suite from the news-sample texts: each edit
// of each text (a copy), a follow-up of each text (new reporting on top,
// a quarter of the original below as background: not a copy), and each
// text against the next (not a copy).
func syndicationCases(texts [][]string) []copyCase {
	var cases []copyCase
	mk := func(kind, url, title string, paras []string) *article.Article {
		text := strings.Join(paras, "\n\n")
		return &article.Article{
			Schema: article.SchemaArticle, ID: article.IDFromURL(url), Source: article.Source{Name: kind, Kind: article.KindJSONL},
			Title: title, Text: text, FetchedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ContentHash: article.ContentHash(text),
		}
	}
	for i, p := range texts {
		other := texts[(i+1)%len(texts)]
		orig := mk("agency", fmt.Sprintf("https://agency.example/%d", i), "Agency report", p)
		for j, e := range editKinds {
			title, text := e.edit(p, other)
			if title == "" {
				title = orig.Title
			}
			cases = append(cases, copyCase{kind: e.name, first: orig, then: mk("outlet", fmt.Sprintf("https://outlet%d.example/%d", j, i), title, text), copy: true})
		}
		// A follow-up: new reporting on top (other texts stand in for it),
		// three times as long as the background below it: the last quarter
		// of the original's words.
		all := strings.Fields(strings.Join(p, " "))
		background := []string{strings.Join(all[len(all)-len(all)/4:], " ")}
		var follow []string
		for k := 1; words(follow) < 3*words(background) && k < len(texts); k++ {
			for _, para := range texts[(i+k)%len(texts)] {
				if words(follow) >= 3*words(background) {
					break
				}
				follow = append(follow, para)
			}
		}
		follow = append(follow, background...)
		cases = append(cases, copyCase{kind: "follow-up", first: orig, then: mk("agency", fmt.Sprintf("https://agency.example/%d/update", i), "Agency report, update", follow)})
		cases = append(cases, copyCase{kind: "other article", first: orig, then: mk("outlet", fmt.Sprintf("https://other.example/%d", i), "Other", other)})
	}
	return cases
}

func words(paras []string) int {
	n := 0
	for _, p := range paras {
		n += len(strings.Fields(p))
	}
	return n
}
