package trafilatura

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/pagestest"
)

// TestImportantLinks: importantLinks finds what upstream's CSS selector
// found, in the same order, with and without tables, on crafted pages and
// on the trafilatura-eval cache's pages (make test sets NEWSWIRE_CORPORA).
func TestImportantLinks(t *testing.T) {
	pages := []string{
		"", `<a>top</a><div><a>1</a><span><a>2</a></span></div><table><tr><td><a>3</a></td></tr></table>`,
		`<ul><li><a>x</a></li></ul><ol><li><a>y</a></li></ol><dl><dt><a>z</a></dt></dl><p><a><a>nested</a></a></p>`,
		`<section><a>none</a></section><table><a>foster</a></table>`,
	}
	pages = append(pages, pagestest.Cache(t)...)
	links := 0
	for i, p := range pages {
		doc, err := html.Parse(strings.NewReader(p))
		if err != nil {
			continue
		}
		for _, tables := range []bool{false, true} {
			sel := "div a, ul a, ol a, dl a, p a"
			if tables {
				sel += ", table a"
			}
			want := dom.QuerySelectorAll(doc, sel)
			got := importantLinks(doc, tables)
			if len(got) != len(want) {
				t.Fatalf("page %d, tables %v: %d links, the selector %d", i, tables, len(got), len(want))
			}
			for j := range got {
				if got[j] != want[j] {
					t.Fatalf("page %d, tables %v: link %d differs from the selector's", i, tables, j)
				}
			}
			links += len(got)
		}
	}
	if links < 10 {
		t.Errorf("only %d links compared", links)
	}
	pagestest.SkipWithout(t)
}

// TestElementsWithAttr: each use of elementsWithAttr finds what the CSS
// selector it stands for found, in the same order, on crafted pages and
// on the trafilatura-eval cache's pages (make test sets NEWSWIRE_CORPORA).
func TestElementsWithAttr(t *testing.T) {
	pages := []string{
		"",
		`<html><head><meta content="a"><meta property="og:title" content="T"><meta property="og:x"><meta name="x" content=""><script type="application/ld+json">{}</script></head>` +
			`<body><meta content="body"><meta property="og:body" content="b"><meta property="OG:no"><script type="application/settings+json">{}</script><script type="application/ld+json ">{}</script></body></html>`,
	}
	pages = append(pages, pagestest.Cache(t)...)
	uses := []struct {
		sel    string
		tag    string
		key    string
		ok     func(string) bool
		inHead bool
	}{
		{"head meta[content]", "meta", "content", anyValue, true},
		{`meta[property^="og:"]`, "meta", "property", isOpenGraph, false},
		{`script[type="application/ld+json"]`, "script", "type", isLdJSON, false},
		{`script[type="application/settings+json"]`, "script", "type", isSettingsJSON, false},
	}
	found := make([]int, len(uses))
	for i, p := range pages {
		doc, err := html.Parse(strings.NewReader(p))
		if err != nil {
			continue
		}
		for u, use := range uses {
			want := dom.QuerySelectorAll(doc, use.sel)
			got := elementsWithAttr(doc, use.tag, use.key, use.ok, use.inHead)
			if len(got) != len(want) {
				t.Fatalf("page %d, %s: %d elements, the selector %d", i, use.sel, len(got), len(want))
			}
			for j := range got {
				if got[j] != want[j] {
					t.Fatalf("page %d, %s: element %d differs from the selector's", i, use.sel, j)
				}
			}
			found[u] += len(got)
		}
	}
	for u, n := range found {
		if n == 0 {
			t.Errorf("%s: no element found on any page", uses[u].sel)
		}
	}
	pagestest.SkipWithout(t)
}
