package readability

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/readability/internal/re2go"
)

// innerTextLen is charCount(ps.getInnerText(node, true)) without building
// the text (newswire): the number of runes of node's text content once
// trimmed (strings.TrimSpace) and with every run of two or more of
// re2go.NormalizeSpaces' white space characters (\t \n \f \r and space)
// made one space. The scoring and cleaning passes ask it of nested
// elements over and over, and building each element's text made them
// quadratic in allocations. Text that is not valid UTF-8 takes the slow
// path, so that runes decode as they would in the joined text.
func innerTextLen(node *html.Node) int {
	var c textCounter
	if !c.walk(node) {
		return charCount(re2go.NormalizeSpaces(strings.TrimSpace(dom.TextContent(node))))
	}
	return c.count
}

// textCounter streams a text through TrimSpace and NormalizeSpaces,
// counting runes: white space after the last other rune is held as pend
// until another rune shows it is not trailing.
type textCounter struct {
	started bool // a rune other than white space has been seen
	count   int  // runes up to and including the last rune that is not white space
	pend    int  // runes the white space since then would add
	inRun   bool // the last rune was one of NormalizeSpaces' white space
}

// walk counts the text nodes under n; false if one is not valid UTF-8.
func (c *textCounter) walk(n *html.Node) bool {
	if n.Type == html.TextNode && !c.text(n.Data) {
		return false
	}
	for child := n.FirstChild; child != nil; child = child.NextSibling {
		if !c.walk(child) {
			return false
		}
	}
	return true
}

func (c *textCounter) text(s string) bool {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
		}
		i += size
		switch {
		case r == '\t' || r == '\n' || r == '\f' || r == '\r' || r == ' ':
			if c.started && !c.inRun {
				c.pend++
				c.inRun = true
			}
		case unicode.IsSpace(r):
			if c.started {
				c.pend++
				c.inRun = false
			}
		default:
			c.started = true
			c.count += c.pend + 1
			c.pend, c.inRun = 0, false
		}
	}
	return true
}

// textCount is strings.Count(ps.getInnerText(node, true), sub) for a sub
// with no white space and of one byte, which trimming and collapsing white
// space cannot create or remove and which no text node boundary can split
// (newswire).
func textCount(node *html.Node, sub byte) int {
	n := 0
	if node.Type == html.TextNode {
		n = strings.Count(node.Data, string(sub))
	}
	for child := node.FirstChild; child != nil; child = child.NextSibling {
		n += textCount(child, sub)
	}
	return n
}

// onlySpace is strings.TrimSpace(dom.TextContent(node)) == "" without
// building the text (newswire). Text that is not valid UTF-8 takes the
// slow path, so that runes decode as they would in the joined text.
func onlySpace(node *html.Node) bool {
	space, valid := onlySpaceIn(node)
	if !valid {
		return strings.TrimSpace(dom.TextContent(node)) == ""
	}
	return space
}

// onlySpaceIn reports whether the text nodes under n hold white space
// only, stopping at the first other rune, and whether every text node it
// read was valid UTF-8.
func onlySpaceIn(n *html.Node) (space, valid bool) {
	if n.Type == html.TextNode {
		for i := 0; i < len(n.Data); {
			r, size := rune(n.Data[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(n.Data[i:])
				if r == utf8.RuneError && size == 1 {
					return false, false
				}
			}
			if !unicode.IsSpace(r) {
				return false, true
			}
			i += size
		}
	}
	for child := n.FirstChild; child != nil; child = child.NextSibling {
		if space, valid := onlySpaceIn(child); !space || !valid {
			return space, valid
		}
	}
	return true, true
}
