package httpfetch

import (
	"net/url"
	"testing"
)

func TestNormalize(t *testing.T) {
	base, _ := url.Parse("https://News.Example.com/feeds/world.rss")
	tests := []struct {
		ref, want string
		bad       bool
	}{
		{"https://www.Example.com/a/b?id=3&utm_source=rss&utm_medium=feed#comments", "https://www.example.com/a/b?id=3", false},
		{"HTTP://example.com:80", "http://example.com/", false},
		{"https://example.com:443/x?fbclid=abc", "https://example.com/x", false},
		{"https://example.com:8443/x", "https://example.com:8443/x", false},
		{"/2025/01/story.html", "https://news.example.com/2025/01/story.html", false},
		{"story?b=2&a=1", "https://news.example.com/feeds/story?b=2&a=1", false},
		{"https://user:pw@example.com./x", "https://example.com/x", false},
		{"https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x", false},
		{"mailto:desk@example.com", "", true},
		{"javascript:alert(1)", "", true},
		{"%zz", "", true},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.ref, base)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q, error %v", tt.ref, got, err, tt.want, tt.bad)
		}
	}
}
