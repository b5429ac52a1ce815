package htmldate

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/pagestest"
)

// cleanDocumentPerTag is cleanDocument as go-htmldate wrote it: one walk
// per tag, removing each tag's nodes in turn.
func cleanDocumentPerTag(doc *html.Node) {
	tags := []string{"object", "embed", "applet", "frame", "frameset", "noframes", "iframe",
		"label", "map", "math", "audio", "canvas", "datalist", "picture", "rdf", "svg", "track", "video"}
	for _, node := range dom.GetAllNodesWithTag(doc, tags...) {
		if node.Parent != nil {
			node.Parent.RemoveChild(node)
		}
	}
}

// TestCleanDocumentOneWalk: cleanDocument's one walk leaves the tree that
// go-htmldate's walk per tag left, on crafted pages (nested and repeated
// useless elements) and the trafilatura-eval pages (make test sets
// NEWSWIRE_CORPORA).
func TestCleanDocumentOneWalk(t *testing.T) {
	pages := []string{
		datedPage,
		`<object><embed><video><track></video></embed></object><p>kept</p><label><map><svg><math></math></svg></map></label>`,
		`<frameset><frame><noframes>x</noframes></frameset><iframe>y</iframe><picture><canvas></canvas></picture><datalist></datalist><audio></audio><applet></applet>`,
	}
	pages = append(pages, pagestest.Cache(t)...)
	changed := 0
	for i, p := range pages {
		a, err := html.Parse(strings.NewReader(p))
		if err != nil {
			continue
		}
		b, _ := html.Parse(strings.NewReader(p))
		before := render(t, a)
		cleanDocument(a)
		cleanDocumentPerTag(b)
		got, want := render(t, a), render(t, b)
		if got != want {
			t.Errorf("page %d: the one walk left another tree than the walk per tag", i)
		}
		if got != before {
			changed++
		}
	}
	if changed < 3 {
		t.Errorf("only %d pages had an element to remove: the comparison says little", changed)
	}
	pagestest.SkipWithout(t)
}
