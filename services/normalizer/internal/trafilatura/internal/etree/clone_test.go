package etree

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

const clonePage = `<!DOCTYPE html><html lang="en"><head><title>T</title>
<meta name="author" content="A"></head><body class="b" id="x">
<div class="article"><h1>Head</h1><p>One <a href="/a" rel="x">link</a> tail</p>
<!-- comment --><p></p><ul><li>i</li><li data-x="1" data-y="2">j</li></ul></div>
<svg><path d="M0"></path></svg><br>end</body></html>`

// sameTree reports the first difference between a and b in the fields
// dom.Clone copies and in their shape.
func sameTree(t *testing.T, a, b *html.Node, path string) {
	t.Helper()
	if a.Type != b.Type || a.DataAtom != b.DataAtom || a.Data != b.Data || len(a.Attr) != len(b.Attr) {
		t.Fatalf("%s: node %v %q %v, want %v %q %v", path, b.Type, b.Data, b.Attr, a.Type, a.Data, a.Attr)
	}
	for i := range a.Attr {
		if a.Attr[i] != b.Attr[i] {
			t.Fatalf("%s: attr %d = %v, want %v", path, i, b.Attr[i], a.Attr[i])
		}
	}
	ac, bc := a.FirstChild, b.FirstChild
	for i := 0; ac != nil || bc != nil; i++ {
		if ac == nil || bc == nil {
			t.Fatalf("%s: child %d missing on one side", path, i)
		}
		if bc.Parent != b {
			t.Fatalf("%s: child %d's parent is not its parent", path, i)
		}
		if bc.PrevSibling == nil && b.FirstChild != bc || bc.NextSibling == nil && b.LastChild != bc {
			t.Fatalf("%s: child %d's siblings are not linked", path, i)
		}
		sameTree(t, ac, bc, path+"/"+ac.Data)
		ac, bc = ac.NextSibling, bc.NextSibling
	}
}

func TestClone(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(clonePage))
	if err != nil {
		t.Fatal(err)
	}
	for _, deep := range []bool{true, false} {
		for _, n := range dom.GetElementsByTagName(doc, "*") {
			got, want := Clone(n, deep), dom.Clone(n, deep)
			if got.Parent != nil || got.PrevSibling != nil || got.NextSibling != nil {
				t.Fatalf("Clone(%s, %v) is linked to the tree", n.Data, deep)
			}
			sameTree(t, want, got, n.Data)
		}
	}

	// Changing the copy leaves the original alone, and appending an
	// attribute to one copied node does not write into the next one's.
	body := dom.QuerySelector(doc, "body")
	c := Clone(body, true)
	lis := dom.GetElementsByTagName(c, "li")
	lis[0].Attr = append(lis[0].Attr, html.Attribute{Key: "k", Val: "v"})
	if len(lis[1].Attr) != 2 || lis[1].Attr[0].Key != "data-x" {
		t.Fatalf("appending to one copy's attributes changed its neighbour: %v", lis[1].Attr)
	}
	dom.SetAttribute(dom.QuerySelector(c, "a"), "href", "/changed")
	dom.RemoveNodes(dom.GetElementsByTagName(c, "p"), nil)
	if got := dom.GetAttribute(dom.QuerySelector(doc, "a"), "href"); got != "/a" {
		t.Errorf("original link href = %q after changing the copy, want /a", got)
	}
	if got := len(dom.GetElementsByTagName(doc, "p")); got != 2 {
		t.Errorf("original has %d paragraphs after changing the copy, want 2", got)
	}
}
