package eval

import (
	"math"
	"testing"
)

func TestBCubed(t *testing.T) {
	tests := []struct {
		name      string
		got, gold []string
		p, r      float64
	}{
		{"perfect", []string{"x", "x", "y"}, []string{"a", "a", "b"}, 1, 1},
		{"all in one", []string{"x", "x", "x", "x"}, []string{"a", "a", "b", "b"}, 0.5, 1},
		{"all apart", []string{"w", "x", "y", "z"}, []string{"a", "a", "b", "b"}, 1, 0.5},
		{"one misplaced", []string{"x", "x", "y", "y"}, []string{"a", "a", "a", "b"}, (1 + 1 + 0.5 + 0.5) / 4, (2.0/3 + 2.0/3 + 1.0/3 + 1) / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r, f := BCubed(tt.got, tt.gold)
			wantF := 2 * tt.p * tt.r / (tt.p + tt.r)
			if math.Abs(p-tt.p) > 1e-9 || math.Abs(r-tt.r) > 1e-9 || math.Abs(f-wantF) > 1e-9 {
				t.Errorf("BCubed = %.3f, %.3f, %.3f, want %.3f, %.3f, %.3f", p, r, f, tt.p, tt.r, wantF)
			}
		})
	}
}

// The syndication suite's cases are what they claim: every edit is
// detected as a copy and every negative is kept apart, on texts made up
// here.
func TestSyndicationCases(t *testing.T) {
	var texts [][]string
	for i := range 6 {
		var paras []string
		for j := range 8 {
			paras = append(paras, sentence(i*100+j))
		}
		texts = append(texts, paras)
	}
	for _, c := range syndicationCases(texts) {
		found, err := detects(c.first, c.then)
		if err != nil {
			t.Fatal(err)
		}
		if found != c.copy {
			t.Errorf("%s: detected %v, want %v", c.kind, found, c.copy)
		}
	}
}

func sentence(n int) string {
	words := []string{"harbour", "minister", "council", "river", "budget", "station", "court", "school", "bridge", "hospital", "union", "market", "airport", "festival", "police", "storm"}
	var s []byte
	for k := range 30 {
		w := words[(n*7+k*k*3+k)%len(words)]
		s = append(s, w...)
		s = append(s, ' ')
		s = append(s, byte('a'+(n+k)%26), byte('a'+(n*k)%26))
		s = append(s, ' ')
	}
	return string(s)
}
