package eval

import "testing"

// TestWatch is the watch list's row of make eval, which needs no corpus:
// it must meet its targets here too.
func TestWatch(t *testing.T) {
	rs, err := Watch("")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if !r.Pass() || r.Cases == 0 {
			t.Errorf("%s %s = %.3f over %d cases, target %.3f", r.Suite, r.Metric, r.Value, r.Cases, r.Target)
		}
	}
}
