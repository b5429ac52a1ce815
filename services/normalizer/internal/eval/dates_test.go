package eval

import (
	"testing"
)

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
