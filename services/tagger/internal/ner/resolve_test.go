package ner

import (
	"strings"
	"testing"
)

// FuzzOddSpace: oddSpace agrees with the expression it replaces.
func FuzzOddSpace(f *testing.F) {
	for _, s := range []string{"Goldman Sachs", "Goldman  Sachs", "Goldman\tSachs", "Gold\u00a0man", "a\nb", "\u00c2", "é ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ContainsAny(s, "\t\r\n\u00a0") || strings.Contains(s, "  ")
		if got := oddSpace(s); got != want {
			t.Errorf("oddSpace(%q) = %v, want %v", s, got, want)
		}
	})
}
