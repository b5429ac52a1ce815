package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what one walk over the parsed tree collects for metadata and
// dates.
type pageMeta struct {
	lang, canonical, ogURL, image, title string
	// jsonLD holds the text of every application/ld+json script.
	jsonLD []string
	// published and updated hold meta-tag and itemprop date values in
	// document order, with the rank of the key that named them.
	published, updated []ranked
	// times holds <time> elements: datetime attribute (or text), and
	// whether the element is marked as the publication or update date.
	times []timeElem
	// dateTexts holds short texts of elements whose class or id says
	// "date", "time", "byline" or similar, in document order.
	dateTexts []string
}

type ranked struct {
	rank  int
	value string
}

type timeElem struct {
	value          string
	pub, upd, main bool
}

// publishedKeys and updatedKeys are meta names, properties and itemprops
// (lower case) that carry dates, most trusted first.
func publishedRank(key string) int {
	switch key {
	case "article:published_time", "og:article:published_time", "datepublished":
		return 1
	case "parsely-pub-date", "sailthru.date", "publish-date", "publish_date", "publishdate",
		"pubdate", "article.published", "article_date_original", "original-publish-date",
		"date_published", "published_time", "og:published_time", "article:published",
		"cxenseparse:recs:publishtime", "citation_publication_date", "citation_date",
		"dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
		"datecreated", "article.created", "pdate", "displaydate", "date.available",
		"rnews:datepublished", "bt:pubdate", "release_date", "originalpublicationdate":
		return 2
	case "dc.date", "dcterms.date", "date", "created", "creation_date", "timestamp":
		return 3
	}
	return 0
}

func updatedRank(key string) int {
	switch key {
	case "article:modified_time", "og:article:modified_time", "datemodified":
		return 1
	case "og:updated_time", "article:modified", "dc.date.modified", "dcterms.modified",
		"article.updated", "lastmod", "last-modified", "modified_time", "date_modified",
		"parsely-updated", "bt:moddate", "revised":
		return 2
	}
	return 0
}

// readMeta walks the tree once, iteratively (input nesting is bounded by
// Options.MaxDepth, but an explicit stack keeps stack use flat anyway).
func readMeta(root *html.Node) *pageMeta {
	m := &pageMeta{}
	type frame struct {
		n    *html.Node
		main bool // inside <article> or <main>
	}
	stack := []frame{{root, false}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, inMain := f.n, f.main
		if n.Type == html.ElementNode {
			if m.visit(n, inMain) {
				continue
			}
			if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
				inMain = true
			}
		}
		// Push children in reverse so they pop in document order.
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{c, inMain})
		}
	}
	return m
}

// visit records what element n says; it reports whether n's subtree need
// not be walked.
func (m *pageMeta) visit(n *html.Node, inMain bool) bool {
	switch n.DataAtom {
	case atom.Html:
		if m.lang == "" {
			m.lang = strings.TrimSpace(attr(n, "lang"))
		}
	case atom.Title:
		if m.title == "" {
			m.title = clean(textOf(n, 300))
		}
		return true
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
			m.jsonLD = append(m.jsonLD, textOf(n, 1<<20))
		}
		return true
	case atom.Style, atom.Noscript, atom.Template:
		return true
	case atom.Link:
		for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
			if rel == "canonical" && m.canonical == "" {
				m.canonical = attr(n, "href")
			}
		}
		return true
	case atom.Meta:
		m.visitMeta(n)
		return true
	case atom.Time:
		v := attr(n, "datetime")
		if v == "" {
			v = clean(textOf(n, 200))
		}
		cls := strings.ToLower(attr(n, "class") + " " + attr(n, "itemprop"))
		te := timeElem{value: v, main: inMain}
		te.pub = hasAttr(n, "pubdate") || strings.Contains(cls, "publish") || strings.Contains(cls, "entry-date") || strings.Contains(cls, "created")
		te.upd = strings.Contains(cls, "modif") || strings.Contains(cls, "updated")
		if v != "" {
			m.times = append(m.times, te)
		}
	}
	// itemprop dates on any element: content or datetime attribute, else text.
	if ip := strings.ToLower(attr(n, "itemprop")); ip != "" && n.DataAtom != atom.Time {
		v := firstNonEmpty(attr(n, "content"), attr(n, "datetime"))
		if v == "" && (ip == "datepublished" || ip == "datemodified") {
			v = clean(textOf(n, 200))
		}
		if r := publishedRank(ip); r > 0 && v != "" {
			m.published = append(m.published, ranked{r, v})
		}
		if r := updatedRank(ip); r > 0 && v != "" {
			m.updated = append(m.updated, ranked{r, v})
		}
	}
	if len(m.dateTexts) < 8 && looksLikeDateBox(n) {
		if t := clean(textOf(n, 400)); t != "" && len(t) <= 200 && strings.ContainsAny(t, "0123456789") {
			m.dateTexts = append(m.dateTexts, t)
			return true
		}
	}
	return false
}

func (m *pageMeta) visitMeta(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
		key := strings.ToLower(strings.TrimSpace(attr(n, k)))
		if key == "" {
			continue
		}
		switch key {
		case "og:url":
			if m.ogURL == "" {
				m.ogURL = content
			}
		case "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src":
			if m.image == "" {
				m.image = content
			}
		}
		if r := publishedRank(key); r > 0 {
			m.published = append(m.published, ranked{r, content})
		}
		if r := updatedRank(key); r > 0 {
			m.updated = append(m.updated, ranked{r, content})
		}
	}
}

// looksLikeDateBox reports whether an element's class or id marks it as a
// dateline or byline.
func looksLikeDateBox(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.Article, atom.Main, atom.Section, atom.Ul, atom.Ol, atom.Table:
		return false
	}
	s := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, w := range []string{"date", "byline", "posted", "published", "timestamp", "dateline", "time"} {
		if strings.Contains(s, w) {
			return !strings.Contains(s, "update") && !strings.Contains(s, "timeline")
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// textOf concatenates the text under n, up to about limit bytes, skipping
// scripts and styles.
func textOf(n *html.Node, limit int) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 && b.Len() < limit {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			continue
		case html.ElementNode:
			if c != n && (c.DataAtom == atom.Script || c.DataAtom == atom.Style) {
				continue
			}
			if c.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}
