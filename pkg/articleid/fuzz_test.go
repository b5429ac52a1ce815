package articleid

import (
	"net/url"
	"testing"
)

func FuzzCanonical(f *testing.F) {
	f.Add("https://example.com/a/../b?utm_x=1&b=2#f")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		again, err := Canonical(c)
		if err != nil || again != c {
			t.Fatalf("Canonical(%q) = %q, but Canonical(%q) = %q, %v", s, c, c, again, err)
		}
	})
}

// FuzzStagesAgree follows one link through both stages: the fetcher keys
// it and fetches its canonical URL (ForLink); the HTTP client reports the
// URL it fetched as url.URL.String of the parsed request URL; the
// normalizer derives the article's id from that URL (ForArticle, the page
// declaring nothing), or from the canonical URL when the page declares it.
// All must give one id, and the fetcher must key the canonical URL, met
// again in another feed, as the link, and a replay of the page (an archive
// record with the fetched URL) must carry the same raw id.
func FuzzStagesAgree(f *testing.F) {
	for _, s := range [][2]string{
		{"https://News.Example.com/feeds/world.rss", "story?b=2&a=1&utm_source=rss#c"},
		{"https://example.com/", "https://user:pw@Example.com.:443/x?_hsenc=1&gclsrc=2&id=3"},
		{"", "HTTP://example.com:80/a/./b/../%7ec?q=a b"},
		{"https://example.com/a/b", "../c?x=%zz&y=caf\u00e9"},
		{"http://[2001:DB8::1]:8080/", "/p;q=1?a=1;b=2"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, base, link string) {
		var b *url.URL
		if base != "" {
			var err error
			if b, err = url.Parse(base); err != nil {
				return
			}
		}
		id, c, err := ForLink(b, link)
		if err != nil {
			return // the fetcher skips the link; nothing is fetched
		}
		req, err := url.Parse(c)
		if err != nil {
			t.Fatalf("ForLink(%q, %q) = %q, which does not parse: %v", base, link, c, err)
		}
		fetched := req.String()
		if nid, nc := ForArticle("", fetched, "hash"); nid != id || nc != c {
			t.Fatalf("link %q on %q: fetcher id %s (%q), normalizer of the fetched URL %q: id %s (%q)", link, base, id, c, fetched, nid, nc)
		}
		if nid, nc := ForArticle(c, "https://other.example/", "hash"); nid != id || nc != c {
			t.Fatalf("declared canonical %q: normalizer id %s (%q), fetcher id %s", c, nid, nc, id)
		}
		if again, ac, err := ForLink(nil, c); err != nil || again != id || ac != c {
			t.Fatalf("ForLink(nil, %q) = %s, %q, %v, want %s (the link's)", c, again, ac, err, id)
		}
		if rid := ForRaw(fetched, []byte("body")); rid != id {
			t.Fatalf("ForRaw(%q) = %s, want %s: a replayed copy of the page must carry the live fetch's id", fetched, rid, id)
		}
	})
}
