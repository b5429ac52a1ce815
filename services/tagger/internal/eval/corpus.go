package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/newswire/newswire/pkg/score"
)

// MoneyCorpus is the money and numbers corpus, relative to the corpora
// directory.
const MoneyCorpus = "money/combined_en.jsonl"

// Case is one case of the combined money and numbers corpus.
type Case struct {
	ID     string   `json:"id"`
	Suite  string   `json:"suite"` // recognizers, duckling, quantulum3
	Kind   string   `json:"kind"`
	Tier   string   `json:"tier"` // core, extended, exotic
	Input  string   `json:"input"`
	Mode   string   `json:"mode"` // spans, whole, none, count, first_span, first_value
	Source string   `json:"source"`
	Expect []Expect `json:"expect"`
}

// Expect is one expected entity of a Case.
type Expect struct {
	Text        string   `json:"text"`
	StartByte   int      `json:"start_byte"`
	EndByte     int      `json:"end_byte"`
	Value       *float64 `json:"value"`
	Currency    *string  `json:"currency"`
	CurrencyRaw string   `json:"currency_raw"`
	MinorUnit   bool     `json:"minor_unit"`
	UnitOnly    bool     `json:"unit_only"`
	Unit        string   `json:"unit"`
	Uncertainty *float64 `json:"uncertainty"`
}

// LoadCases reads the combined corpus under corporaDir. A missing file is
// reported by name, so a wrong NEWSWIRE_CORPORA is obvious.
func LoadCases(corporaDir string) ([]Case, error) {
	path := filepath.Join(corporaDir, MoneyCorpus)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("money corpus %s is missing (is the corpora directory %q right?): %w", path, corporaDir, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open money corpus: %w", err)
	}
	defer f.Close()
	var cases []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("parse %s at line %d: %w", path, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return cases, nil
}

// selectCases returns the cases of one suite and tier whose source
// contains the given text.
func selectCases(cases []Case, suite, tier, source string) []Case {
	var out []Case
	for _, c := range cases {
		if c.Suite == suite && c.Tier == tier && containsFold(c.Source, source) {
			out = append(out, c)
		}
	}
	return out
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// near compares values with a relative tolerance that forgives float
// rounding and nothing more.
func near(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// accuracy is the Result of right cases out of all cases.
func accuracy(suite string, right, cases int, target float64) score.Result {
	v := 0.0
	if cases > 0 {
		v = float64(right) / float64(cases)
	}
	return score.Result{Suite: suite, Metric: "case accuracy", Value: v, Cases: cases, Target: target}
}
