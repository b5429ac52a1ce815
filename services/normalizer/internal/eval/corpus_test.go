//go:build eval

// The evaluations on the shared corpora, with per-case detail under -v.
// They are measurements, not unit tests, so they are built only with the
// eval tag: `NEWSWIRE_CORPORA=../shared/corpora go test -tags eval -v
// ./services/normalizer/internal/eval`. `make eval` prints the same tables.

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

func TestDates(t *testing.T) {
	dir := corpora(t)
	results, err := Dates(dir)
	if err != nil {
		t.Fatalf("Dates(%q) error: %v", dir, err)
	}
	report(t, results)
	if testing.Verbose() {
		cases, err := LoadDates(dir)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := RunDates(cases)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			if !o.Read {
				t.Logf("miss %s %-12s %q ref=%s want=%s got=%s", o.Case.ID, o.Case.suite(), o.Case.Input, o.Case.Reference, o.Case.ExpectedUTC, o.Got)
			}
		}
	}
}

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

func TestCharsetSuite(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA not set")
	}
	res, verdicts, err := CharsetDetail(dir)
	if err != nil {
		t.Fatalf("CharsetDetail(%q): %v", dir, err)
	}
	for _, v := range verdicts {
		if !v.OursRight || !v.BaselineRight {
			t.Logf("%s: expected %q, charset.Decode %q (%v), DetermineEncoding %q (%v)", v.Page, v.Expected, v.Ours, v.OursRight, v.Baseline, v.BaselineRight)
		}
	}
	var b strings.Builder
	if err := score.WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
}
