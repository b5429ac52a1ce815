package canonurl

import (
	"errors"
	"testing"
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
	}
	for _, tt := range tests {
		got, err := Canonical(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Canonical(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCanonicalErrors(t *testing.T) {
	for _, in := range []string{"", "/relative/path", "mailto:a@b.c", "ftp://example.com/x", "http://%zz"} {
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
	}
	for _, tt := range tests {
		got, err := Resolve(tt.base, tt.ref)
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q, %q) = %q, %v, want %q", tt.base, tt.ref, got, err, tt.want)
		}
	}
}

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
