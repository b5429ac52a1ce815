package trafilatura

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/pagestest"
	"github.com/newswire/newswire/services/normalizer/internal/trafilatura/internal/selector"
)

// domAuthorUpstream is extractDomAuthor as upstream wrote it: the whole
// tree copied and pruned, then the first author element's text.
func domAuthorUpstream(doc *html.Node) string {
	if !selector.Any(doc, selector.MetaAuthor) {
		return ""
	}
	clone := pruneUnwantedNodes(doc, selector.MetaAuthorDiscard)
	if author := extractDomMetaSelectors(clone, 120, selector.MetaAuthor); author != "" {
		return normalizeAuthors("", author)
	}
	return ""
}

var authorPages = []string{
	"",
	`<div class="author">By <span class="date">Jan 1</span> Jane Doe</div>`,
	`<p class="byline"><a href="/j">Jane Roe</a> <time>today</time> and Joe Bloggs</p>`,
	`<div class="comments"><span class="author">A Commenter</span></div><span class="author">Real Author</span>`,
	`<figure><figcaption class="author">Photo Person</figcaption></figure><div id="author">Sam Smith<figure>x</figure> tail</div>`,
	`<div class="sidebar"><div class="author-name">Side Bar</div></div><a rel="author">Ann Lee</a>`,
	`<span class="author"><span class="quote">"q"</span><span class="quote">more</span> Kim Park</span>`,
	`<div class="byline"><div class="title">T</div>after title<time>1</time>after time</div>`,
	`<body class="author-page"><div class="print">P</div><p>Body text by Max Mustermann</p></body>`,
	`<div class="author">ab</div><div class="author">Second Author</div>`,
	`<author>Plain Author Tag</author>`,
}

// TestDomAuthorMatchesPrunedCopy: extractDomAuthor, which checks each
// author element in place, finds what upstream's pruned copy of the whole
// tree gave, and leaves the tree as it was: on crafted pages and on the
// trafilatura-eval cache's 110 pages (make test sets NEWSWIRE_CORPORA).
func TestDomAuthorMatchesPrunedCopy(t *testing.T) {
	if found := checkDomAuthor(t, authorPages); found < 7 {
		t.Errorf("an author on only %d crafted pages, want 7", found)
	}
	pagestest.SkipWithout(t)
	pages := pagestest.Cache(t)
	if found := checkDomAuthor(t, pages); found < len(pages)/10 {
		t.Errorf("an author on only %d of %d pages: the comparison says little", found, len(pages))
	}
}

// checkDomAuthor compares extractDomAuthor with upstream's way on each
// page and checks that it leaves the tree as it was; it returns on how
// many pages an author was found.
func checkDomAuthor(t *testing.T, pages []string) (found int) {
	t.Helper()
	for i, p := range pages {
		doc, err := html.Parse(strings.NewReader(p))
		if err != nil {
			continue
		}
		before := renderTree(t, doc)
		got, want := extractDomAuthor(doc), domAuthorUpstream(doc)
		if got != want {
			t.Errorf("page %d: author %q, upstream's way %q", i, got, want)
		}
		if got != "" {
			found++
		}
		if renderTree(t, doc) != before {
			t.Errorf("page %d: extractDomAuthor changed the tree", i)
		}
	}
	return found
}

// FuzzDomAuthor holds extractDomAuthor to upstream's pruned copy on trees
// parsed from arbitrary input.
func FuzzDomAuthor(f *testing.F) {
	for _, p := range authorPages {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		if got, want := extractDomAuthor(doc), domAuthorUpstream(doc); got != want {
			t.Fatalf("author %q, upstream's way %q (input %q)", got, want, s)
		}
	})
}

func renderTree(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
