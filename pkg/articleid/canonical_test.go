package articleid

import (
	"errors"
	"net/url"
	"testing"

	"github.com/newswire/newswire/pkg/article"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://WWW.Example.COM:443/a/b?utm_source=x&id=2&fbclid=abc#top", "https://www.example.com/a/b?id=2"},
		{"http://example.com:80", "http://example.com/"},
		{"http://example.com:8080/x", "http://example.com:8080/x"},
		{"https://example.com/a/./b/../c/", "https://example.com/a/c/"},
		{"http://example.com?q=a b #top", "http://example.com/?q=a%20b%20"},
		{"http://example.com/?q=café", "http://example.com/?q=café"},
		{"http://example.com/?a=%%370&b=50%", "http://example.com/?a=%2570&b=50%25"},
		{"https://example.com/a/b/..", "https://example.com/a/"},
		{"https://example.com/%7euser/%e2%80%99s?q=%2f", "https://example.com/~user/%E2%80%99s?q=%2F"},
		{"https://example.com/p?b=2&a=1&a=0", "https://example.com/p?a=0&a=1&b=2"},
		{"https://example.com/p?utm_medium=email&gclid=1&mc_cid=2&mc_eid=3&ref_src=tw&igshid=9", "https://example.com/p"},
		{"https://example.com/p?", "https://example.com/p"},
		{"  https://example.com./news  ", "https://example.com/news"},
		{"https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"},
		{"https://user:pw@example.com./x", "https://example.com/x"},
		{"https://example.com:8443/x", "https://example.com:8443/x"},
	}
	for _, tt := range tests {
		got, err := Canonical(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Canonical(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestTrackingParams checks that every tracking parameter either stage
// stripped before they shared this package is dropped, whatever its case
// or encoding.
func TestTrackingParams(t *testing.T) {
	for _, p := range []string{
		// the fetcher's and the normalizer's both
		"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "ocid", "cmpid",
		// the fetcher's only
		"_hsenc", "_hsmi", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
		// the normalizer's only
		"gclsrc", "ref_src", "ref_url", "twclid", "_ga", "_gl", "mkt_tok", "oly_anon_id", "oly_enc_id",
		"vero_id", "wt_mc", "wt.mc_id", "smid",
		// by prefix, in any case, escaped
		"utm_source", "UTM_Campaign", "utm%5Fterm",
	} {
		in := "https://example.com/story?id=7&" + p + "=x"
		if got, err := Canonical(in); err != nil || got != "https://example.com/story?id=7" {
			t.Errorf("Canonical(%q) = %q, %v, want the parameter dropped", in, got, err)
		}
	}
	if len(trackingParams) != 30 {
		t.Errorf("%d tracking parameters, want 30 (the union of the fetcher's 17 and the normalizer's 23)", len(trackingParams))
	}
}

// TestIDsUnchanged pins the ids of URLs without tracking parameters to
// the values the normalizer derived before this package existed: the id
// derivation is a contract, and a change here re-identifies every article
// already stored.
func TestIDsUnchanged(t *testing.T) {
	tests := []struct{ in, canonical, id string }{
		{"https://www.bbc.co.uk/news/world-europe-68123456", "https://www.bbc.co.uk/news/world-europe-68123456", "89a914f0ebcfdd01c402989d1078a500"},
		{"https://www.reuters.com/world/europe/story-2024-03-01/", "https://www.reuters.com/world/europe/story-2024-03-01/", "58d9a4633a6afd9063654d8a1234021b"},
		{"https://example.com/p?b=2&a=1", "https://example.com/p?a=1&b=2", "b00153726daddaa12ab4d0f692b21417"},
		{"HTTPS://WWW.Example.COM:443/a/b?id=2#top", "https://www.example.com/a/b?id=2", "c3120905a831f4214f0d9da1f973cba4"},
		{"https://example.com/%7euser/%e2%80%99s?q=%2f", "https://example.com/~user/%E2%80%99s?q=%2F", "12990af00a82c9ed880c401916b04eb4"},
		{"https://news.example.com/world/story.html", "https://news.example.com/world/story.html", "ec3af73f042008d0f5604a5970537e8a"},
		{"http://example.com", "http://example.com/", "0ea21ee5d5dc8a0d5756f64d3f5106fb"},
		{"https://example.com/a/./b/../c/", "https://example.com/a/c/", "0c596589429f62502eabac340cc94206"},
		{"https://www.theguardian.com/politics/2024/jan/01/story?CMP=share_btn_tw", "https://www.theguardian.com/politics/2024/jan/01/story?CMP=share_btn_tw", "df967959711384bbac85939628de687e"},
		{"https://example.com/article?id=7&page=2", "https://example.com/article?id=7&page=2", "7c2b140b8f6dd84af09873761915760d"},
	}
	for _, tt := range tests {
		id, c, err := ForLink(nil, tt.in)
		if err != nil || c != tt.canonical || id != tt.id {
			t.Errorf("ForLink(nil, %q) = %q, %q, %v, want %q, %q", tt.in, id, c, err, tt.id, tt.canonical)
		}
		if id, c := ForArticle("", tt.in, "hash"); c != tt.canonical || id != tt.id {
			t.Errorf("ForArticle(%q, %q) = %q, %q, want %q, %q", "", tt.in, id, c, tt.id, tt.canonical)
		}
	}
}

func TestCanonicalErrors(t *testing.T) {
	for _, in := range []string{"", "/relative/path", "mailto:a@b.c", "ftp://example.com/x", "http://%zz", "javascript:alert(1)"} {
		if got, err := Canonical(in); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", in, got)
		}
	}
	if _, err := Canonical("/x"); !errors.Is(err, ErrNotAbsolute) {
		t.Errorf("Canonical(%q) error = %v, want ErrNotAbsolute", "/x", err)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct{ base, ref, want string }{
		{"https://news.example.com/world/story.html?utm_source=rss", "/world/story-canonical", "https://news.example.com/world/story-canonical"},
		{"https://news.example.com/world/story.html", "../uk/x.html#c", "https://news.example.com/uk/x.html"},
		{"https://news.example.com/a", "//cdn.example.com/b", "https://cdn.example.com/b"},
		{"https://news.example.com/a", "https://Other.example.org/b", "https://other.example.org/b"},
		{"https://News.Example.com/feeds/world.rss", "/2025/01/story.html", "https://news.example.com/2025/01/story.html"},
		{"https://News.Example.com/feeds/world.rss", "story?b=2&a=1", "https://news.example.com/feeds/story?a=1&b=2"},
	}
	for _, tt := range tests {
		base, err := url.Parse(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Resolve(base, tt.ref)
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q, %q) = %q, %v, want %q", tt.base, tt.ref, got, err, tt.want)
		}
	}
	if got, err := Resolve(nil, "story.html"); err == nil {
		t.Errorf("Resolve(nil, %q) = %q, want an error", "story.html", got)
	}
}

func TestForArticle(t *testing.T) {
	tests := []struct{ declared, fetched, wantURL string }{
		{"https://example.org/news/bridge?utm_source=x&b=2&a=1", "https://m.example.org/b", "https://example.org/news/bridge?a=1&b=2"},
		{"not a url", "https://m.example.org/b?fbclid=1", "https://m.example.org/b"},
		{"", "", ""},
		{"/relative", "file:///x", ""},
	}
	for _, tt := range tests {
		id, c := ForArticle(tt.declared, tt.fetched, "cafe")
		want := article.IDFromContent("cafe")
		if tt.wantURL != "" {
			want = article.IDFromURL(tt.wantURL)
		}
		if c != tt.wantURL || id != want {
			t.Errorf("ForArticle(%q, %q) = %q, %q, want %q, %q", tt.declared, tt.fetched, id, c, want, tt.wantURL)
		}
	}
}

func TestForRaw(t *testing.T) {
	body := []byte("<html>story</html>")
	tests := []struct {
		url  string
		want string
	}{
		{"https://Example.com/a?utm_source=x&b=2&a=1", article.IDFromURL("https://example.com/a?a=1&b=2")},
		{"https://www.bbc.co.uk/news/world-europe-68123456", "89a914f0ebcfdd01c402989d1078a500"},
		{"", article.IDFromContent(article.BodyHash(body))},
		{"urn:uuid:1234", article.IDFromContent(article.BodyHash(body))},
	}
	for _, tt := range tests {
		if got := ForRaw(tt.url, body); got != tt.want {
			t.Errorf("ForRaw(%q) = %s, want %s", tt.url, got, tt.want)
		}
	}
}
