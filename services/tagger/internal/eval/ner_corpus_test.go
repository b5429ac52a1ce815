//go:build eval

// The named-entity evaluation on the shared corpora. It is a measurement,
// not a unit test, so it is built only with the eval tag:
// `NEWSWIRE_CORPORA=/work/shared/corpora go test -tags eval -run TestEntities -v
// ./internal/eval` (from services/tagger).

package eval

import (
	"os"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

// TestEntities runs Entities on the shared corpora when NEWSWIRE_CORPORA
// names them.
func TestEntities(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" && os.Getenv("CI") == "true" {
		t.Fatal("NEWSWIRE_CORPORA is not set under CI: make eval sets it to the shared corpora directory")
	}
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory to run the named-entity evaluation")
	}
	rs, err := Entities(dir)
	if err != nil {
		t.Fatalf("Entities(%q) error: %v", dir, err)
	}
	if err := score.WriteTable(os.Stdout, rs); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if !r.Pass() {
			t.Errorf("%s %s = %.3f, below target %.3f", r.Suite, r.Metric, r.Value, r.Target)
		}
	}
}
