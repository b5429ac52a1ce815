package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// parserDepthError is the message golang.org/x/net/html's parser panics
// with, and Parse returns, when a document nests deeper than 512 elements
// (x/net v0.45.0 and later): the parser bounds its own work on pathological
// nesting, so no pass over the tokens is needed before it.
const parserDepthError = "open stack of elements exceeds"

// isParserDepthError reports whether err is html.Parse refusing a
// document nested too deep.
func isParserDepthError(err error) bool {
	return err != nil && strings.Contains(err.Error(), parserDepthError)
}

// treeDepth returns the element nesting of the parsed tree, stopping as
// soon as it passes limit, so that a limit below the parser's own bounds
// the extractors' work. The walk is iterative and allocates only its stack.
func treeDepth(root *html.Node, limit int) int {
	type frame struct {
		n     *html.Node
		depth int
	}
	deepest := 0
	stack := []frame{{root, 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := f.depth
		if f.n.Type == html.ElementNode {
			d++
			if d > deepest {
				if deepest = d; deepest > limit {
					return deepest
				}
			}
		}
		for c := f.n.FirstChild; c != nil; c = c.NextSibling {
			if c.FirstChild != nil || c.Type == html.ElementNode {
				stack = append(stack, frame{c, d})
			}
		}
	}
	return deepest
}
