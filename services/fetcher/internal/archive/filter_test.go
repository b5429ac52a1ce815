package archive

import "testing"

func TestFilters(t *testing.T) {
	tests := []struct {
		in           string
		textual, web bool
		robots       bool
	}{
		{in: "text/html; charset=utf-8", textual: true, web: true},
		{in: "TEXT/HTML", textual: true, web: true},
		{in: "application/xhtml+xml", textual: true, web: true},
		{in: "text/plain", textual: true, web: true},
		{in: "text/css", web: true},
		{in: "image/png", web: true},
		{in: "application/json", web: true},
		{in: "", web: true},
		{in: "metadata://gnu.org/software/wget/warc/wget.log"},
		{in: "dns:example.com"},
		{in: "https://news.example/robots.txt", web: true, robots: true},
		{in: "https://news.example/robots.txt.html", web: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := textual(tt.in); got != tt.textual {
				t.Errorf("textual(%q) = %v, want %v", tt.in, got, tt.textual)
			}
			if got := webURL(tt.in); got != tt.web {
				t.Errorf("webURL(%q) = %v, want %v", tt.in, got, tt.web)
			}
			if got := robots(tt.in); got != tt.robots {
				t.Errorf("robots(%q) = %v, want %v", tt.in, got, tt.robots)
			}
		})
	}
}
