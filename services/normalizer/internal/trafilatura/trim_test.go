package trafilatura

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/trafilatura/internal/selector"
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

// FuzzCounts checks the counting helpers that replaced upstream's joined
// strings (textContentLen, hasParagraphText) and the tree walks that
// replaced element lists (selector.Query, selector.Any) against the
// expressions they replace, on trees parsed from arbitrary input.
func FuzzCounts(f *testing.F) {
	for _, s := range []string{
		"", "<p>a</p>", "<p>ab</p><p>c\xe2\x82</p><p>\xac</p>", "<div class=author>x</div><p>by <span rel=author>A</span></p>",
		"<article><p>one</p></article><main><p>two</p></main>", "<p>\u00e9\u00e9</p><p></p>", "<p><p>nested</p></p>",
	} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, min int) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, n := range append(dom.GetElementsByTagName(doc, "*"), doc) {
			if got, want := textContentLen(n), utf8.RuneCountInString(dom.TextContent(n)); got != want {
				t.Fatalf("textContentLen(<%s>) = %d, want %d (input %q)", n.Data, got, want, s)
			}
		}
		var joined string
		for _, p := range dom.GetElementsByTagName(doc, "p") {
			joined += dom.TextContent(p)
		}
		want := !(joined == "" || utf8.RuneCountInString(joined) < min)
		if got := hasParagraphText(doc, min); got != want {
			t.Fatalf("hasParagraphText(%d) = %v, want %v (input %q)", min, got, want, s)
		}
		for _, rule := range append(append([]selector.Rule{}, selector.Content...), selector.MetaAuthor...) {
			var want *html.Node
			for _, e := range dom.GetElementsByTagName(doc, "*") {
				if rule(e) {
					want = e
					break
				}
			}
			if got := selector.Query(doc, rule); got != want {
				t.Fatalf("selector.Query = %v, want %v (input %q)", got, want, s)
			}
		}
		want = len(selector.QueryAll(doc, func(n *html.Node) bool {
			for _, r := range selector.MetaAuthor {
				if r(n) {
					return true
				}
			}
			return false
		})) > 0
		if got := selector.Any(doc, selector.MetaAuthor); got != want {
			t.Fatalf("selector.Any(MetaAuthor) = %v, want %v (input %q)", got, want, s)
		}
	})
}
