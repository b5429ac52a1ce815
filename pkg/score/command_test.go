package score

import (
	"errors"
	"strings"
	"testing"
)

func TestCommandFailsBelowTarget(t *testing.T) {
	dir := t.TempDir()
	pass := func(string) ([]Result, error) {
		return []Result{{Suite: "a", Metric: "F1", Value: 0.9, Cases: 10, Target: 0.8}, {Suite: "b", Metric: "F1", Value: 0.1, Cases: 3}}, nil
	}
	miss := func(string) ([]Result, error) {
		return []Result{{Suite: "c", Metric: "F1", Value: 0.5, Cases: 4, Target: 0.75}}, nil
	}
	var out strings.Builder
	if err := Command("x", []string{"-corpora", dir}, &out, pass); err != nil {
		t.Fatalf("Command(all pass) error = %v, want nil", err)
	}
	out.Reset()
	err := Command("x", []string{"-corpora", dir}, &out, pass, miss)
	if !errors.Is(err, ErrBelowTarget) {
		t.Fatalf("Command(one miss) error = %v, want ErrBelowTarget", err)
	}
	if !strings.Contains(err.Error(), "c F1 0.500 < 0.750") || !strings.Contains(err.Error(), "1 of 3 rows") {
		t.Errorf("Command(one miss) error = %q, want it to name the row", err)
	}
	// The table is printed in full before the error, with the miss marked.
	if !strings.Contains(out.String(), "BELOW") || !strings.Contains(out.String(), "a ") {
		t.Errorf("Command(one miss) printed %q, want the whole table with BELOW", out.String())
	}
}
