package syndication

import (
	"fmt"
	"strings"
	"testing"
)

// paragraphs returns n distinct paragraphs of made-up wire copy.
func paragraphs(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("Paragraph %d says that official number %d met delegate %d in city %d on the question of harbour %d, and the talks went on until late in the evening of day %d.", i, i*7, i*11, i*13, i*17, i*19))
	}
	return out
}

func TestContainment(t *testing.T) {
	p := paragraphs(12)
	orig := strings.Join(p, "\n\n")
	other := strings.Join(paragraphsSeeded(12, 1000), "\n\n")
	tests := []struct {
		name     string
		a, b     string
		min, max float64
		ok       bool
	}{
		{"identical", orig, orig, 1, 1, true},
		{"case and punctuation differ", orig, strings.ToUpper(strings.ReplaceAll(orig, ",", " -")), 1, 1, true},
		{"first half", orig, strings.Join(p[:6], "\n\n"), 1, 1, true},
		{"reordered", orig, strings.Join(append(append([]string{}, p[6:]...), p[:6]...), "\n\n"), 0.9, 1, true},
		{"unrelated", orig, other, 0, 0.05, true},
		{"a quarter shared", orig, strings.Join(append(paragraphsSeeded(9, 500), p[:3]...), "\n\n"), 0.15, 0.35, true},
		{"too short", "one two three", "one two three", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Containment(Of(tt.a), Of(tt.b))
			if ok != tt.ok || got < tt.min || got > tt.max {
				t.Errorf("Containment = %.3f, %v, want [%.2f, %.2f], %v", got, ok, tt.min, tt.max, tt.ok)
			}
		})
	}
}

func paragraphsSeeded(n, seed int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("Item %d reports storm %d closing road %d near village %d while crews %d repaired line %d.", seed+i, seed+i*3, seed+i*5, seed+i*7, seed+i*9, seed+i*11))
	}
	return out
}

func TestCappedSketch(t *testing.T) {
	long := strings.Join(paragraphsSeeded(200, 1), " ")
	s := Of(long)
	if !s.Capped || len(s.Values) != MaxSketch {
		t.Fatalf("Of(long) capped %v with %d values, want capped with %d", s.Capped, len(s.Values), MaxSketch)
	}
	// A copy of the first fifth, compared with the capped sketch of the
	// whole, is found contained.
	words := strings.Fields(long)
	part := Of(strings.Join(words[:len(words)/5], " "))
	if c, ok := Containment(s, part); !ok || c < 0.8 {
		t.Errorf("Containment(long, first fifth) = %.3f, %v, want >= 0.8", c, ok)
	}
	if len(s.Keys()) == 0 || len(s.Keys()) > MaxKeys {
		t.Errorf("Keys() has %d, want 1 to %d", len(s.Keys()), MaxKeys)
	}
}

func TestEncodeDecode(t *testing.T) {
	for _, s := range []Sketch{{}, Of("a b c d e f g h"), Of(strings.Join(paragraphsSeeded(200, 3), " "))} {
		got := Decode(s.Encode())
		if got.Capped != s.Capped || len(got.Values) != len(s.Values) {
			t.Fatalf("Decode(Encode) = %d values capped %v, want %d capped %v", len(got.Values), got.Capped, len(s.Values), s.Capped)
		}
		for i := range s.Values {
			if got.Values[i] != s.Values[i] {
				t.Fatalf("value %d = %d, want %d", i, got.Values[i], s.Values[i])
			}
		}
	}
	if got := Decode([]byte{1, 2}); len(got.Values) != 0 {
		t.Errorf("Decode(malformed) = %v, want empty", got)
	}
}

func FuzzSketch(f *testing.F) {
	f.Add("The minister said on Tuesday that the bridge would close.", "the bridge would close")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		sa, sb := Of(a), Of(b)
		c1, ok1 := Containment(sa, sb)
		c2, ok2 := Containment(sb, sa)
		if c1 != c2 || ok1 != ok2 {
			t.Fatalf("Containment not symmetric: %v %v vs %v %v", c1, ok1, c2, ok2)
		}
		if c1 < 0 || c1 > 1 {
			t.Fatalf("Containment = %v out of [0, 1]", c1)
		}
		if _, ok := Containment(Decode(sa.Encode()), sa); ok && c1 < 0 {
			t.Fatal("unreachable")
		}
	})
}
