package archive

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/newswire/newswire/pkg/score"
)

// Evaluate reads the news-sample WARC in the shared corpora directory
// (corpora/warc/news-sample) and measures, against its expect file, how
// many of the listed pages were published (recall), how many published
// records are listed pages (precision), and how many carry the page's
// declared charset in ContentType. It also reads every other WARC file
// there and counts those read without an unexpected error.
func Evaluate(corporaDir string) ([]score.Result, error) {
	dir := filepath.Join(corporaDir, "warc", "news-sample")
	expect, err := readExpect(filepath.Join(dir, "news-sample.expect.jsonl"))
	if err != nil {
		return nil, err
	}
	src, err := Open(filepath.Join(dir, "news-sample.warc.gz"), Options{Name: "eval"})
	if err != nil {
		return nil, err
	}
	defer src.Close()
	published, listed, charsetOK, charsetCases := 0, 0, 0, 0
	seen := make(map[string]bool)
	for {
		raw, _, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("evaluate news-sample: %w", err)
		}
		published++
		want, ok := expect[raw.URL]
		if !ok || seen[raw.URL] {
			continue
		}
		seen[raw.URL] = true
		listed++
		if want != "" {
			charsetCases++
			_, params, _ := mime.ParseMediaType(raw.ContentType)
			if strings.EqualFold(params["charset"], want) {
				charsetOK++
			}
		}
	}
	results := []score.Result{
		{Suite: "warc news-sample pages published", Metric: "recall", Value: ratio(listed, len(expect)), Cases: len(expect), Target: 1},
		{Suite: "warc news-sample pages published", Metric: "precision", Value: ratio(listed, published), Cases: published, Target: 1},
		{Suite: "warc news-sample declared charset kept", Metric: "accuracy", Value: ratio(charsetOK, charsetCases), Cases: charsetCases, Target: 1},
	}
	clean, files, err := readCorpusFiles(filepath.Join(corporaDir, "warc"))
	if err != nil {
		return nil, err
	}
	results = append(results, score.Result{Suite: "warc corpus files read cleanly", Metric: "accuracy", Value: ratio(clean, files), Cases: files, Target: 1})
	return results, nil
}

// readExpect maps each expected URL to its declared charset.
func readExpect(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := make(map[string]string)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var e struct {
			URL     string `json:"url"`
			Charset string `json:"declared_charset"`
		}
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("parse %s line %d: %w", path, line, err)
		}
		out[e.URL] = e.Charset
	}
	return out, sc.Err()
}

// damaged lists the corpus files built to fail, with the errors they must
// give: example-trunc.warc has a cut gzip payload and stray bytes after it;
// example.arc.gz is an ARC file.
var damaged = map[string]int{"example-trunc.warc": 2, "example.arc.gz": 1}

// readCorpusFiles reads each WARC corpus file (news-sample aside) and
// counts those giving exactly the errors expected of them.
func readCorpusFiles(dir string) (clean, files int, err error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.gz"))
	if err != nil {
		return 0, 0, err
	}
	plain, _ := filepath.Glob(filepath.Join(dir, "*", "*.warc"))
	for _, p := range append(paths, plain...) {
		if strings.Contains(p, "news-sample") {
			continue
		}
		src, err := Open(p, Options{})
		if err != nil {
			return 0, 0, err
		}
		errs := 0
		for {
			_, _, err := src.Next()
			if err == io.EOF {
				break
			}
			var ae *Error
			if !errors.As(err, &ae) && err != nil {
				src.Close()
				return 0, 0, err
			}
			if err != nil {
				errs++
			}
		}
		src.Close()
		files++
		if errs == damaged[filepath.Base(p)] {
			clean++
		}
	}
	return clean, files, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
