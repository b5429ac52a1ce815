package eval

import (
	"os"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

func TestMojibakeSuite(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA not set")
	}
	res, fails, err := MojibakeDetail(dir)
	if err != nil {
		t.Fatalf("MojibakeDetail(%q): %v", dir, err)
	}
	for _, f := range fails {
		t.Logf("%s: %s\n  in   %q\n  got  %q\n  want %q", f.Suite, f.Label, f.Original, f.Got, f.Want)
	}
	var b strings.Builder
	if err := score.WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	for _, r := range res {
		if !r.Pass() {
			t.Errorf("%s %s = %.3f, want >= %.3f", r.Suite, r.Metric, r.Value, r.Target)
		}
	}
}
