package trafilatura

import (
	"strings"

	"github.com/newswire/newswire/services/normalizer/internal/htmlwalk"
	"golang.org/x/net/html"
)

// elementsWithAttr returns the elements under doc, in document order, named
// tag with an attribute key whose value ok accepts (any such attribute, as
// a CSS attribute selector takes it); with inHead, only those with a <head>
// ancestor. newswire: it stands for the CSS selectors the metadata search
// parsed at each call and matched against every element of the page (one
// walk, no parse; TestElementsWithAttr compares each use with its
// selector).
func elementsWithAttr(doc *html.Node, tag, key string, ok func(string) bool, inHead bool) []*html.Node {
	var out []*html.Node
	for e := range htmlwalk.Elements(doc) {
		if e.Data != tag || !hasAttr(e, key, ok) || (inHead && !hasAncestor(e, "head")) {
			continue
		}
		out = append(out, e)
	}
	return out
}

func hasAttr(n *html.Node, key string, ok func(string) bool) bool {
	for _, a := range n.Attr {
		if a.Key == key && ok(a.Val) {
			return true
		}
	}
	return false
}

func hasAncestor(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

func anyValue(string) bool         { return true }
func isOpenGraph(v string) bool    { return strings.HasPrefix(v, "og:") }
func isLdJSON(v string) bool       { return v == "application/ld+json" }
func isSettingsJSON(v string) bool { return v == "application/settings+json" }
