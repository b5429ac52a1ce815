package httpfetch

import (
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	const body = `# comment
User-agent: *
Disallow: /search
Allow: /search/about$
Disallow: /*.pdf$

User-agent: NewsWire
User-agent: otherbot
Disallow: /private/   # trailing comment
Allow: /private/public
Disallow: /*?session=
Crawl-delay: 3

Sitemap: https://example.com/sitemap.xml
`
	tests := []struct {
		agent, path string
		want        bool
	}{
		{"newswire", "/", true},
		{"newswire", "/private/x", false},
		{"newswire", "/private/public/1", true},
		{"newswire", "/search", true}, // its own group replaces "*"
		{"newswire", "/a?session=1", false},
		{"newswire", "/robots.txt", true},
		{"otherbot", "/private/", false},
		{"somebot", "/search?q=x", false},
		{"somebot", "/search/about", true},
		{"somebot", "/search/about/more", false},
		{"somebot", "/files/a.pdf", false},
		{"somebot", "/files/a.pdf?x", true},
		{"somebot", "/news", true},
	}
	for _, tt := range tests {
		r := ParseRobots([]byte(body), tt.agent)
		if got := r.Allowed(tt.path); got != tt.want {
			t.Errorf("ParseRobots(agent %q).Allowed(%q) = %v, want %v", tt.agent, tt.path, got, tt.want)
		}
	}
	if d := ParseRobots([]byte(body), "newswire").CrawlDelay; d != 3*time.Second {
		t.Errorf("CrawlDelay = %v, want 3s", d)
	}
}

func TestRobotsMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/x", true},
		{"/a", "/b", false},
		{"/a*c", "/abbbc", true},
		{"/a*c$", "/abcx", false},
		{"/a*c$", "/abcxc", true},
		{"*", "/anything", true},
		{"/x$", "/x", true},
		{"/x$", "/xy", false},
		{"/**a", "/ba", true},
	}
	for _, tt := range tests {
		if got := robotsMatch(tt.pattern, tt.path); got != tt.want {
			t.Errorf("robotsMatch(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

// FuzzParseRobots: any robots.txt parses without panic, and matching stays
// total.
func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /a\nCrawl-delay: 1.5\n"), "/a/b")
	f.Add([]byte("user-agent:newswire\ndisallow:/\n"), "/x?y")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		r := ParseRobots(body, "newswire")
		_ = r.Allowed(path)
		if !r.Allowed("/robots.txt") {
			t.Errorf("ParseRobots(%q).Allowed(/robots.txt) = false, want true", body)
		}
	})
}
