package etree

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

func stripFixture(t *testing.T) (body, span, em *html.Node) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(`<body><p>one <span>two <em>three</em> four</span> five</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	body = dom.QuerySelector(doc, "body")
	return body, dom.QuerySelector(doc, "span"), dom.QuerySelector(doc, "em")
}

func outer(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Strip and StripCopy leave the same tree; Strip moves the children
// themselves into the element's place, StripCopy copies them and leaves the
// originals in the detached element.
func TestStripMovesStripCopyCopies(t *testing.T) {
	const want = `<body><p>one two <em>three</em> four five</p></body>`

	body, span, em := stripFixture(t)
	Strip(span)
	if got := outer(t, body); got != want {
		t.Errorf("Strip: %s, want %s", got, want)
	}
	if em.Parent == nil || em.Parent.Data != "p" || span.FirstChild != nil || span.Parent != nil {
		t.Errorf("Strip: <em> under %v, span keeps children %v: want the children moved", em.Parent, span.FirstChild != nil)
	}

	body, span, em = stripFixture(t)
	StripCopy(span)
	if got := outer(t, body); got != want {
		t.Errorf("StripCopy: %s, want %s", got, want)
	}
	if em.Parent != span || span.Parent != nil {
		t.Errorf("StripCopy: the original <em> is under %v, want the detached span", em.Parent)
	}
}
