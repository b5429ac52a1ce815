package extract

import (
	"strings"
	"testing"
	"time"
)

// FuzzHTML checks that no input panics or runs away: every call returns a
// result or an error within the time budget.
func FuzzHTML(f *testing.F) {
	f.Add(page(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2020-01-07"}]}</script>`, "<article>"+body+"</article>"), "https://example.com/2020/01/07/x")
	f.Add(page(`<meta property="article:published_time" content="2020-01-07T08:00:00+01:00">`, "<table><tr><td>a<td>b</table>"+body), "")
	f.Add(strings.Repeat("<div>", 600)+"x", "")
	f.Add("<time datetime=\"2020-13-45\">x</time><p>"+strings.Repeat("word ", 80), "http://[::1]:namedport")
	f.Add("\xff\xfe<\x00h\x00", "")
	f.Fuzz(func(t *testing.T, doc, pageURL string) {
		start := time.Now()
		res, err := HTML(doc, pageURL, Options{Timeout: 2 * time.Second, MaxBytes: 1 << 20})
		if err == nil && res == nil {
			t.Fatalf("HTML(%q) = nil, nil", doc)
		}
		// A hang guard far above the 2 s budget, not a speed check.
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("HTML(%q) took %v", doc, d)
		}
	})
}
