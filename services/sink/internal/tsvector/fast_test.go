package tsvector

import (
	"os"
	"strings"
	"testing"
)

// tokens returns the parser's tokens of s, each as its type and text.
func tokens(s string, tablesOnly bool) []string {
	p := newParser(s)
	p.tablesOnly = tablesOnly
	var out []string
	for p.get() {
		out = append(out, string(rune('A'+p.typ))+s[p.token:p.token+p.lenbytetoken])
	}
	return out
}

// sameTokens reports the first token where the fast path and the tables
// differ on s.
func sameTokens(t *testing.T, s string) {
	t.Helper()
	fast, tables := tokens(s, false), tokens(s, true)
	for i := range max(len(fast), len(tables)) {
		var f, g string
		if i < len(fast) {
			f = fast[i]
		}
		if i < len(tables) {
			g = tables[i]
		}
		if f != g {
			t.Fatalf("tokens of %.200q: token %d is %q with the fast path, %q with the tables alone", s, i, f, g)
		}
	}
}

var fastCases = []string{
	"", "a", " ", "word", "two words", "The quick brown Fox, jumps; over (the) lazy dog!",
	"word.", "word.com", "word-", "self-driving", "word_x", "mail@example.com", "http://x.y/z",
	"word/", "a:b", "word1", "1word", "word\u00e9", "\u00e9word", "word\u0301", "a\tb\nc\rd",
	"x <b>bold</b> y", "a &amp; b", "a ~/x b", "a ./b c", "a -3 b", "a +3 b", "a --b", "a, -b",
	"a  \t<x", "'quoted' \"double\"", "it's", "a...b", "end.", "(a)", "a)b", "a\x00b", "\x00", "a \x00 b",
	"<script>var x;</script> after", "<!-- c --> d", "a <", "a&", "a+", "a/", "a.", "a-", "a_", "a@", "a:",
}

func TestFastPath(t *testing.T) {
	for _, s := range fastCases {
		sameTokens(t, s)
	}
	b, err := os.ReadFile("../postgres/testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		t.Fatal(err)
	}
	sameTokens(t, string(b))
}

// FuzzFastPath compares the parser's tokens with and without the fast
// path over any valid UTF-8 (Parse's input: text holds nothing else), NUL
// bytes included: no server needed, so it runs fast.
func FuzzFastPath(f *testing.F) {
	for _, s := range fastCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameTokens(t, strings.ToValidUTF8(s, "\uFFFD"))
	})
}
