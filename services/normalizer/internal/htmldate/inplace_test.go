package htmldate

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

const datedPage = `<html><head><title>Harbour works</title></head><body>
<iframe src="https://example.org/ad"></iframe>
<div class="article"><p>The harbour works begin next spring, the council said.</p>
<p class="byline">Posted on 7 January 2020 by the desk</p></div>
<svg><text>2031</text></svg>
</body></html>`

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func parse(t *testing.T) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(datedPage))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The date search prunes the tree it reads; by default that is a copy, so
// the caller's tree is left as it was, and InPlace finds the same date in
// the caller's own tree.
func TestFromDocumentCopiesUnlessInPlace(t *testing.T) {
	opts := Options{MinDate: time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), MaxDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), UseOriginalDate: true}

	doc := parse(t)
	before := render(t, doc)
	copied, err := FromDocument(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if after := render(t, doc); after != before {
		t.Errorf("FromDocument changed its caller's tree:\n%s\nwas\n%s", after, before)
	}
	if got := copied.DateTime.Format("2006-01-02"); got != "2020-01-07" {
		t.Errorf("date %s, want 2020-01-07", got)
	}

	doc = parse(t)
	opts.InPlace = true
	inPlace, err := FromDocument(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !inPlace.DateTime.Equal(copied.DateTime) || inPlace.SrcString != copied.SrcString {
		t.Errorf("in place %v %q, copied %v %q", inPlace.DateTime, inPlace.SrcString, copied.DateTime, copied.SrcString)
	}
	if strings.Contains(render(t, doc), "<iframe") {
		t.Error("InPlace left the iframe the search prunes: did it search a copy?")
	}
}
