package htmlwalk

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/pagestest"
)

// TestElementsMatchesDom: Elements yields exactly the nodes, in the same
// order, that dom.GetElementsByTagName(root, "*") lists, for the whole
// document and for every element of it taken as the root, on crafted
// trees and on the trafilatura-eval pages when the corpora are present.
func TestElementsMatchesDom(t *testing.T) {
	docs := []string{
		"",
		"<p>only text</p>",
		"<div><p>a<b>b</b>c</p><!-- x --><ul><li>1<li>2</ul></div><span></span>",
		"<html><head><title>t</title></head><body><div><div><div><i>deep</i></div></div></div>tail</body></html>",
		"<table><tr><td>1</td><td><table><tr><td>2</td></tr></table></td></tr></table>",
	}
	pages := pagestest.Cache(t)
	docs = append(docs, pages[:min(len(pages), 40)]...)
	for i, d := range docs {
		root, err := html.Parse(strings.NewReader(d))
		if err != nil {
			t.Fatal(err)
		}
		check(t, i, root)
		for e := range Elements(root) {
			check(t, i, e)
		}
	}
	// A root without children, and none.
	check(t, -1, &html.Node{Type: html.ElementNode, Data: "p"})
	for range Elements(nil) {
		t.Error("Elements(nil) yielded a node")
	}
	pagestest.SkipWithout(t)
}

func check(t *testing.T, doc int, root *html.Node) {
	t.Helper()
	want := dom.GetElementsByTagName(root, "*")
	var got []*html.Node
	for e := range Elements(root) {
		got = append(got, e)
	}
	if len(got) != len(want) {
		t.Fatalf("doc %d, root <%s>: %d elements, want %d", doc, root.Data, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("doc %d, root <%s>: element %d is <%s>, want <%s>", doc, root.Data, i, got[i].Data, want[i].Data)
		}
	}
}

// TestElementsStops: a loop that breaks ends the walk.
func TestElementsStops(t *testing.T) {
	root, _ := html.Parse(strings.NewReader("<p>1</p><p>2</p><p>3</p>"))
	n := 0
	for e := range Elements(root) {
		if e.Data == "body" {
			break
		}
		n++
	}
	if n != 2 { // html, head
		t.Errorf("visited %d elements before <body>, want 2", n)
	}
}
