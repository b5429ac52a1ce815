package eval

import (
	"os"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

func TestEntities(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory to run the NER evaluation")
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
			t.Logf("%s %s = %.3f, below target %.3f", r.Suite, r.Metric, r.Value, r.Target)
		}
	}
}

func TestEntitiesMissingFile(t *testing.T) {
	_, err := Entities(t.TempDir())
	if err == nil {
		t.Fatal("Entities(empty dir) = nil error, want one naming the missing file")
	}
}
