package archive

import (
	"os"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

// TestEvaluate prints the evaluation table; it runs only when
// NEWSWIRE_CORPORA names the shared corpora directory.
func TestEvaluate(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory to run the archive evaluation")
	}
	results, err := Evaluate(dir)
	if err != nil {
		t.Fatalf("Evaluate(%q) = %v", dir, err)
	}
	if err := score.WriteTable(os.Stdout, results); err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.Pass() {
			t.Errorf("%s %s = %.3f, want >= %.3f", r.Suite, r.Metric, r.Value, r.Target)
		}
	}
}
