package readability

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// checkCounts compares innerTextLen, textCount and onlySpace with the expressions
// they replace, on n and every node under it.
func checkCounts(t *testing.T, ps *Parser, n *html.Node) {
	t.Helper()
	text := ps.getInnerText(n, true)
	if got, want := innerTextLen(n), charCount(text); got != want {
		t.Fatalf("innerTextLen = %d, want %d for %q", got, want, text)
	}
	if got, want := textCount(n, ','), strings.Count(text, ","); got != want {
		t.Fatalf("textCount = %d, want %d for %q", got, want, text)
	}
	if got, want := onlySpace(n), strings.TrimSpace(dom.TextContent(n)) == ""; got != want {
		t.Fatalf("onlySpace = %v, want %v for %q", got, want, dom.TextContent(n))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		checkCounts(t, ps, c)
	}
}

func TestInnerTextLen(t *testing.T) {
	ps := NewParser()
	pp := &ps
	for _, page := range []string{
		"",
		"<p>  one,  two \t\n three  </p>",
		"<div> <p>a\u00a0 \u00a0b</p>\u3000<p> c,d </p>\n</div>",
		"<p>\u00a0\u00a0 lead and trail \u2003 </p>",
		"<ul><li>x</li> <li> y , z</li></ul> tail  ",
		"<div> \u3000<p>\n</p><br></div>",
	} {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		checkCounts(t, pp, doc)
	}
}

// FuzzInnerTextLen checks the counts against the expressions they replace
// on parsed pages, and on two adjacent text nodes cut from the input at any
// byte, which may split a rune (or hold bytes that are not UTF-8).
func FuzzInnerTextLen(f *testing.F) {
	f.Add("<p> a  b\t, c </p>", 3)
	f.Add("\u00a0x\u3000 y\xff,z ", 2)
	f.Add("é  è", 1)
	f.Add(" \u3000 ", 2)
	ps := NewParser()
	pp := &ps
	f.Fuzz(func(t *testing.T, page string, cut int) {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		checkCounts(t, pp, doc)
		if cut < 0 {
			cut = -cut
		}
		cut %= len(page) + 1
		div := &html.Node{Type: html.ElementNode, Data: "div"}
		div.AppendChild(&html.Node{Type: html.TextNode, Data: page[:cut]})
		div.AppendChild(&html.Node{Type: html.TextNode, Data: page[cut:]})
		checkCounts(t, pp, div)
	})
}
