package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/normalizer/internal/mojibake"
)

// mojibakeCase is one python-ftfy test case (corpora/mojibake).
type mojibakeCase struct {
	Label         string  `json:"label"`
	Original      string  `json:"original"`
	Fixed         string  `json:"fixed"`
	FixedEncoding *string `json:"fixed-encoding"`
	Expect        string  `json:"expect"`
}

// want is what fixing the encoding alone should give: ftfy's
// "fixed-encoding" when present. "fixed" also straightens quotes and
// replaces C1 controls, which the normalizer does not do.
func (c mojibakeCase) want() string {
	if c.FixedEncoding != nil {
		return *c.FixedEncoding
	}
	return c.Fixed
}

// MojibakeFailure is a case that mojibake.Fix got wrong.
type MojibakeFailure struct {
	Suite, Label, Original, Got, Want string
}

// Mojibake scores mojibake.Fix on the ftfy cases: every case must come out
// as ftfy's fix_encoding output, which for the negative cases is the input
// itself except where a C1 control stands for Windows-1252 punctuation. A
// last line counts the negative cases left byte-for-byte unchanged. Known
// failures of ftfy itself are not scored.
func Mojibake(corporaDir string) ([]score.Result, error) {
	res, _, err := MojibakeDetail(corporaDir)
	return res, err
}

// MojibakeDetail is Mojibake that also returns every failing case.
func MojibakeDetail(corporaDir string) ([]score.Result, []MojibakeFailure, error) {
	suites := []struct {
		file, suite string
		target      float64
	}{
		{"in-the-wild.json", "ftfy in-the-wild", 0.80},
		{"synthetic.json", "ftfy synthetic", 0},
		{"negative.json", "ftfy negative", 1.0},
	}
	var results []score.Result
	var fails []MojibakeFailure
	for _, s := range suites {
		path := filepath.Join(corporaDir, "mojibake", s.file)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("read mojibake suite: %w", err)
		}
		var cases []mojibakeCase
		if err := json.Unmarshal(b, &cases); err != nil {
			return nil, nil, fmt.Errorf("parse mojibake suite %s: %w", path, err)
		}
		ok, n, same := 0, 0, 0
		for _, c := range cases {
			if c.Expect != "pass" {
				continue
			}
			n++
			want := c.want()
			got, _ := mojibake.Fix(c.Original)
			if got == c.Original {
				same++
			}
			if got == want {
				ok++
				continue
			}
			fails = append(fails, MojibakeFailure{Suite: s.suite, Label: c.Label, Original: c.Original, Got: got, Want: want})
		}
		results = append(results, score.Result{Suite: s.suite, Metric: "exact", Value: float64(ok) / float64(max(n, 1)), Cases: n, Target: s.target})
		if s.file == "negative.json" {
			results = append(results, score.Result{Suite: s.suite, Metric: "unchanged", Value: float64(same) / float64(max(n, 1)), Cases: n})
		}
	}
	return results, fails, nil
}
