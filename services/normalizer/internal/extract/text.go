package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// isBlock reports whether an element starts a new paragraph in the output.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre, atom.Table, atom.Tr,
		atom.Thead, atom.Tbody, atom.Tfoot, atom.Caption, atom.Figure, atom.Figcaption,
		atom.Hr, atom.Br, atom.Details, atom.Summary, atom.Aside, atom.Nav, atom.Form,
		atom.Address, atom.Body, atom.Html:
		return true
	}
	return false
}

// paragraphs flattens the extracted content tree into whitespace-normalised
// blocks. Table cells are separated by spaces within their row.
func paragraphs(root *html.Node) []string {
	if root == nil {
		return nil
	}
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := clean(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	// Iterative walk: exit markers flush the paragraph an element closes.
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{root, false}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			flush()
			continue
		}
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			continue
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				continue
			case atom.Td, atom.Th:
				cur.WriteByte(' ')
			}
			if isBlock(n.DataAtom) {
				flush()
				stack = append(stack, frame{n, true})
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{c, false})
		}
	}
	flush()
	return out
}
