package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// uncounted are elements that never raise the nesting estimate: void
// elements, and elements whose end tag is optional and which the parser
// closes implicitly (an unclosed <p> or <li> does not nest).
func uncounted(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source,
		atom.Track, atom.Wbr,
		atom.P, atom.Li, atom.Dt, atom.Dd, atom.Option, atom.Optgroup, atom.Tr,
		atom.Td, atom.Th, atom.Rb, atom.Rt, atom.Rtc, atom.Rp, atom.Thead,
		atom.Tbody, atom.Tfoot, atom.Colgroup, atom.Caption, atom.Html,
		atom.Head, atom.Body:
		return true
	}
	return false
}

// maxDepth estimates the element nesting of doc in one linear pass over
// the token stream, stopping as soon as it passes limit. It returns the
// deepest nesting seen and the byte offset where it was reached. Each
// element name keeps its own count of open elements so that stray end tags
// cannot hide real nesting.
func maxDepth(doc string, limit int) (depth, offset int) {
	z := html.NewTokenizer(strings.NewReader(doc))
	open := make(map[string]int)
	cur, pos := 0, 0
	for {
		tt := z.Next()
		pos += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return depth, offset
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if uncounted(a) {
				continue
			}
			open[string(name)]++
			cur++
			if cur > depth {
				depth, offset = cur, pos
				if depth > limit {
					return depth, offset
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if n := open[string(name)]; n > 0 {
				open[string(name)] = n - 1
				cur--
			}
		}
	}
}
