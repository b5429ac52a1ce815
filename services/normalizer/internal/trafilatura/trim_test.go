package trafilatura

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// FuzzTrimmedTextLen checks trimmedTextLen against the expression it
// replaces, on trees parsed from arbitrary input.
func FuzzTrimmedTextLen(f *testing.F) {
	for _, s := range []string{
		"", " ", "<p>a  b</p>", "<div> x<b>y</b> z </div>", "<p>\u00a0a\u0085b\u3000</p>",
		"<ul><li>one</li><li> two </li></ul>", "a\xffb \xc3", "<a>link</a>text<a> </a>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, n := range dom.GetElementsByTagName(doc, "*") {
			want := utf8.RuneCountInString(trim(dom.TextContent(n)))
			if got := trimmedTextLen(n); got != want {
				t.Fatalf("trimmedTextLen(<%s>) = %d, want %d (input %q)", n.Data, got, want, s)
			}
		}
	})
}
