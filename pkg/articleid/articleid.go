// Package articleid decides an article's identity: the one canonical
// spelling of its URL and the id derived from it. The fetcher keys the
// pages it has handed over (and the raw documents it publishes) with it,
// and the normalizer the articles it emits, so a link seen in a feed, the
// page fetched from it and the article made of that page share one id.
package articleid

import (
	"net/url"

	"github.com/newswire/newswire/pkg/article"
)

// ForLink returns the id and the canonical URL of the article a link
// points to: ref (a feed item's link, a sitemap's loc, a page source's URL)
// resolved against base, which may be nil. The fetcher fetches the
// canonical URL and keys the page by the id.
func ForLink(base *url.URL, ref string) (id, canonicalURL string, err error) {
	c, err := Resolve(base, ref)
	if err != nil {
		return "", "", err
	}
	return article.IDFromURL(c), c, nil
}

// ForArticle returns the id and the canonical URL of a normalized article:
// the URL the page declares (rel=canonical, og:url; "" when none) wins
// over the URL it was fetched from, and an article with neither usable has
// no canonical URL and the id of its content hash. For a page that
// declares nothing, the id is ForLink's for the URL it was fetched from.
func ForArticle(declared, fetched, contentHash string) (id, canonicalURL string) {
	for _, u := range []string{declared, fetched} {
		if u == "" {
			continue
		}
		if c, err := Canonical(u); err == nil {
			return article.IDFromURL(c), c
		}
	}
	return article.IDFromContent(contentHash), ""
}

// ForRaw returns the id of a raw document read from an archive, the inbox
// or a file: ForLink's for its URL, so that a replayed document carries
// the id (and the message id) a live fetch of it would, else, when it has
// no usable URL, the id of its body's hash.
func ForRaw(rawURL string, body []byte) string {
	if rawURL != "" {
		if id, _, err := ForLink(nil, rawURL); err == nil {
			return id
		}
	}
	return article.IDFromContent(article.BodyHash(body))
}
