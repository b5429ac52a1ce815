package main

import "testing"

func TestRateFlag(t *testing.T) {
	for in, want := range map[string]float64{"50": 50, "50/s": 50, "120/m": 2, "7200/h": 2, "0": 0, "2.5/s": 2.5} {
		var r rateFlag
		if err := r.Set(in); err != nil || float64(r) != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, float64(r), err, want)
		}
	}
	for _, in := range []string{"", "x", "5/d", "-1"} {
		var r rateFlag
		if err := r.Set(in); err == nil {
			t.Errorf("Set(%q) = nil error, want one", in)
		}
	}
}
