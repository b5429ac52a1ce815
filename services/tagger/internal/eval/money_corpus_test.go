//go:build eval

// The money and figure evaluation on the shared corpora. It is a
// measurement, not a unit test, so it is built only with the eval tag:
// `NEWSWIRE_CORPORA=../shared/corpora go test -tags eval -v
// ./services/tagger/internal/eval`. `make eval` prints the same table.

package eval

import (
	"os"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

// TestMoneyAndFigures runs the evaluation on the shared corpora when
// NEWSWIRE_CORPORA names them (the Makefile's eval target sets it).
func TestMoneyAndFigures(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" && os.Getenv("CI") == "true" {
		t.Fatal("NEWSWIRE_CORPORA is not set under CI: make eval sets it to the shared corpora directory")
	}
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory to run the money and figure evaluation")
	}
	for name, run := range map[string]func(string) ([]score.Result, error){"Money": Money, "Figures": Figures} {
		rs, err := run(dir)
		if err != nil {
			t.Fatalf("%s(%q) error: %v", name, dir, err)
		}
		if err := score.WriteTable(os.Stdout, rs); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.Pass() {
				t.Errorf("%s: %s %s = %.3f, below target %.3f", name, r.Suite, r.Metric, r.Value, r.Target)
			}
		}
	}
}
