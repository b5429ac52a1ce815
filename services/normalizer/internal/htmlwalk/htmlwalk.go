// Package htmlwalk walks parsed HTML trees without listing them first.
//
// The extractors (our copies of go-trafilatura, go-htmldate and
// go-readability) used to ask go-shiori/dom for every element of a tree,
// GetElementsByTagName(root, "*"), and then filter the list: a slice of
// every element, grown by doubling, built again for each selector. A walk
// visits the same elements in the same order and allocates nothing.
package htmlwalk

import (
	"iter"

	"golang.org/x/net/html"
)

// Elements yields the element nodes under root (root itself excluded) in
// document order, as dom.GetElementsByTagName(root, "*") lists them. The
// loop body must not change the tree: a caller that removes or moves nodes
// while it goes needs the list.
func Elements(root *html.Node) iter.Seq[*html.Node] {
	return func(yield func(*html.Node) bool) {
		if root == nil {
			return
		}
		n := root.FirstChild
		for n != nil {
			if n.Type == html.ElementNode && !yield(n) {
				return
			}
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
			for n != root && n.NextSibling == nil {
				n = n.Parent
			}
			if n == root {
				return
			}
			n = n.NextSibling
		}
	}
}
