package eval

import (
	"os"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

// corpora returns the corpora directory from NEWSWIRE_CORPORA, skipping
// the test when it is not set.
func corpora(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA not set: set it to the shared corpora directory (e.g. /work/shared/corpora) to run the evaluation")
	}
	return dir
}

func report(t *testing.T, results []score.Result) {
	t.Helper()
	var b strings.Builder
	if err := score.WriteTable(&b, results); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	for _, r := range results {
		if !r.Pass() {
			t.Errorf("%s %s = %.3f, want >= %.3f", r.Suite, r.Metric, r.Value, r.Target)
		}
	}
}

func TestExtraction(t *testing.T) {
	dir := corpora(t)
	results, err := Extraction(dir)
	if err != nil {
		t.Fatalf("Extraction(%q) error: %v", dir, err)
	}
	report(t, results)
}

func TestHTMLDates(t *testing.T) {
	dir := corpora(t)
	results, err := HTMLDates(dir)
	if err != nil {
		t.Fatalf("HTMLDates(%q) error: %v", dir, err)
	}
	report(t, results)
}

func TestMissingCorpus(t *testing.T) {
	dir := t.TempDir()
	for name, f := range map[string]func(string) ([]score.Result, error){
		"Extraction": Extraction,
		"HTMLDates":  HTMLDates,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f(dir)
			if err == nil || !strings.Contains(err.Error(), "evaldata.json") {
				t.Errorf("%s(%q) error = %v, want one naming evaldata.json", name, dir, err)
			}
		})
	}
}

func TestGoldDay(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2020-01-07", "2020-01-07", true},
		{"2019-05.13", "2019-05-13", true},
		{"2014-07-8", "2014-07-08", true},
		{"", "", false},
		{"2019-02-30", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := GoldDay(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("GoldDay(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
