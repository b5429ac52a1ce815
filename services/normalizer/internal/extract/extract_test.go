package extract

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// cmpIgnoreTextAndDates leaves text and dates to their own tests.
var cmpIgnoreTextAndDates = cmpopts.IgnoreFields(Result{}, "Paragraphs", "PublishedAt", "PublishedFrom", "UpdatedAt", "UpdatedFrom", "DateText")

// now is the fixed reference time for the tests.
var testNow = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// body is enough article text for the main-text extractor to accept.
const body = `<p>The city council voted on Tuesday to approve a new budget for the harbour district, ending months of debate about the cost of the sea wall.</p>
<p>Supporters said the plan would protect hundreds of homes from flooding, while critics argued that the money should have gone to schools and public transport instead.</p>
<p>The mayor, speaking after the vote, said the decision was the hardest of her term and promised a public review of the spending within two years.</p>`

func page(head, bodyHTML string) string {
	return "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Council approves harbour budget</title>" + head +
		"</head><body>" + bodyHTML + "</body></html>"
}

func date(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestHTMLDates(t *testing.T) {
	tests := []struct {
		name          string
		doc           string
		url           string
		now           time.Time // the fetch; testNow when zero
		wantPub       *time.Time
		wantPubFrom   DateSource
		wantUpd       *time.Time
		wantUpdFrom   DateSource
		wantDateTextN bool
	}{
		{
			name: "json-ld article",
			doc: page(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2020-01-07T10:15:00+00:00","dateModified":"2020-01-08T09:00:00Z"}</script>`,
				"<article>"+body+"</article>"),
			wantPub: date("2020-01-07T10:15:00Z"), wantPubFrom: SourceJSONLD,
			wantUpd: date("2020-01-08T09:00:00Z"), wantUpdFrom: SourceJSONLD,
		},
		{
			name: "json-ld graph prefers the article over the web page",
			doc: page(`<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2019-01-01"},{"@type":["Thing","BlogPosting"],"datePublished":"2020-02-03T04:05:06-05:00"}]}</script>`,
				"<article>"+body+"</article>"),
			wantPub: date("2020-02-03T04:05:06-05:00"), wantPubFrom: SourceJSONLD,
		},
		{
			name: "json-ld array",
			doc: page(`<script type="application/ld+json">[{"@type":"Organization","name":"x"},{"@type":"Article","datePublished":"2021-03-04"}]</script>`,
				"<article>"+body+"</article>"),
			wantPub: date("2021-03-04T00:00:00Z"), wantPubFrom: SourceJSONLD,
		},
		{
			name: "meta tags, trusted key first",
			doc: page(`<meta name="dc.date" content="2018-01-01"><meta property="article:published_time" content="2020-01-07T08:00:00+01:00"><meta property="og:updated_time" content="2020-01-07T12:00:00+01:00">`,
				"<article>"+body+"</article>"),
			wantPub: date("2020-01-07T08:00:00+01:00"), wantPubFrom: SourceMeta,
			wantUpd: date("2020-01-07T12:00:00+01:00"), wantUpdFrom: SourceMeta,
		},
		{
			name:    "sailthru date without zone is UTC",
			doc:     page(`<meta name="sailthru.date" content="2020-01-07 12:30:00">`, "<article>"+body+"</article>"),
			wantPub: date("2020-01-07T12:30:00Z"), wantPubFrom: SourceMeta,
		},
		{
			name:    "itemprop datePublished on a span",
			doc:     page("", `<article><span itemprop="datePublished" content="2017-05-06">6 May 2017</span>`+body+"</article>"),
			wantPub: date("2017-05-06T00:00:00Z"), wantPubFrom: SourceMeta,
		},
		{
			name: "time element in the article, not the sidebar",
			doc: page("", `<aside><time datetime="2015-01-01">old</time></aside><article><time datetime="2016-07-08T09:10:11+02:00">8 July</time>`+body+
				`<time class="updated" datetime="2016-07-09T00:00:00+02:00">later</time></article>`),
			wantPub: date("2016-07-08T09:10:11+02:00"), wantPubFrom: SourceTime,
			wantUpd: date("2016-07-09T00:00:00+02:00"), wantUpdFrom: SourceTime,
		},
		{
			name:    "url with slashes",
			doc:     page("", "<article>"+body+"</article>"),
			url:     "https://news.example.com/world/2020/01/07/harbour-budget/",
			wantPub: date("2020-01-07T00:00:00Z"), wantPubFrom: SourceURL,
		},
		{
			name:    "url with dashes",
			doc:     page("", "<article>"+body+"</article>"),
			url:     "https://news.example.com/story-2019-11-23-harbour.html",
			wantPub: date("2019-11-23T00:00:00Z"), wantPubFrom: SourceURL,
		},
		{
			name:    "future dates are refused",
			doc:     page(`<meta property="article:published_time" content="2031-01-01T00:00:00Z">`, "<article>"+body+"</article>"),
			url:     "https://news.example.com/2020/01/07/x",
			wantPub: date("2020-01-07T00:00:00Z"), wantPubFrom: SourceURL,
		},
		{
			name:    "free text dateline",
			doc:     page("", `<article><div class="post-date">Posted on 7 January 2020</div>`+body+"</article>"),
			wantPub: date("2020-01-07T00:00:00Z"), wantPubFrom: SourceText, wantDateTextN: true,
		},
		{
			name:          "a free-text date after the fetch of an archived page is refused",
			doc:           page("", `<article><div class="post-date">Posted on 7 January 2020</div>`+body+"</article>"),
			now:           time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC),
			wantDateTextN: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			got, err := HTML(tt.doc, tt.url, Options{Now: now})
			if err != nil {
				t.Fatalf("HTML() error: %v", err)
			}
			if !sameTime(got.PublishedAt, tt.wantPub) || got.PublishedFrom != tt.wantPubFrom {
				t.Errorf("HTML() published = %v from %q, want %v from %q", got.PublishedAt, got.PublishedFrom, tt.wantPub, tt.wantPubFrom)
			}
			if !sameTime(got.UpdatedAt, tt.wantUpd) || got.UpdatedFrom != tt.wantUpdFrom {
				t.Errorf("HTML() updated = %v from %q, want %v from %q", got.UpdatedAt, got.UpdatedFrom, tt.wantUpd, tt.wantUpdFrom)
			}
			if (got.DateText != "") != tt.wantDateTextN {
				t.Errorf("HTML() DateText = %q, want set: %v", got.DateText, tt.wantDateTextN)
			}
		})
	}
}

// sameTime compares instants and the written offset (the day a reader sees
// depends on it).
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(*b) && oa == ob
}

func TestHTMLMetadata(t *testing.T) {
	doc := `<!DOCTYPE html><html lang="en-GB"><head><title>Council approves harbour budget | Example News</title>
<link rel="canonical" href="/news/harbour-budget">
<meta property="og:url" content="https://other.example.com/ignored">
<meta property="og:image" content="/img/harbour.jpg">
<meta name="author" content="Jane Smith">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad">Buy cheap flights today</div>
<article><h1>Council approves harbour budget</h1>` + body + `</article>
<div class="related"><h3>Related stories</h3><ul><li><a href="/a">Mayor opens new bridge over the river</a></li><li><a href="/b">Schools face funding gap</a></li></ul></div>
<section id="comments" class="comments"><div class="comment"><p>First! This is a comment by a reader that should not be in the text.</p></div></section>
<footer>Copyright Example News 2020. All rights reserved.</footer>
</body></html>`
	got, err := HTML(doc, "https://www.example.com/news/harbour-budget?utm_source=x", Options{Now: testNow})
	if err != nil {
		t.Fatalf("HTML() error: %v", err)
	}
	want := &Result{
		Title:        "Council approves harbour budget",
		Authors:      []string{"Jane Smith"},
		ImageURL:     "https://www.example.com/img/harbour.jpg",
		CanonicalURL: "https://www.example.com/news/harbour-budget",
		Language:     "en-GB",
	}
	if diff := cmp.Diff(want, got, cmpIgnoreTextAndDates); diff != "" {
		t.Errorf("HTML() metadata mismatch (-want +got):\n%s", diff)
	}
	text := got.Text()
	for _, s := range []string{"The city council voted on Tuesday", "promised a public review of the spending within two years."} {
		if !strings.Contains(text, s) {
			t.Errorf("HTML() text lacks %q; text:\n%s", s, text)
		}
	}
	for _, s := range []string{"Buy cheap flights", "Related stories", "Schools face funding gap", "First! This is a comment", "All rights reserved", "World news"} {
		if strings.Contains(text, s) {
			t.Errorf("HTML() text contains boilerplate %q; text:\n%s", s, text)
		}
	}
}

func TestHTMLParagraphs(t *testing.T) {
	doc := page("", `<article><h2>Sea wall</h2><p>First   paragraph with <b>bold</b> and <a href="#">a link</a>.</p>`+body+
		`<ul><li>one point</li><li>another point</li></ul></article>`)
	got, err := HTML(doc, "", Options{Now: testNow})
	if err != nil {
		t.Fatalf("HTML() error: %v", err)
	}
	for _, want := range []string{"Sea wall", "First paragraph with bold and a link."} {
		found := false
		for _, p := range got.Paragraphs {
			found = found || p == want
		}
		if !found {
			t.Errorf("HTML() paragraphs = %q, want one equal to %q", got.Paragraphs, want)
		}
	}
}

func TestHTMLRefuses(t *testing.T) {
	deep := strings.Repeat("<div>", 100000) + "text" + strings.Repeat("</div>", 100000)
	tests := []struct {
		name string
		doc  string
		opts Options
		want error
	}{
		{"empty", "", Options{}, ErrEmpty},
		{"white space", " \n\t ", Options{}, ErrEmpty},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", Options{}, ErrBinary},
		{"too large", page("", body), Options{MaxBytes: 100}, ErrTooLarge},
		{"100000 nested divs", deep, Options{}, ErrTooDeep},
		{"100000 unclosed spans", strings.Repeat("<span>", 100000), Options{}, ErrTooDeep},
		{"no text", page("", "<div><img src=x></div>"), Options{}, ErrNoText},
		{"timeout", page("", "<article>"+body+"</article>"), Options{Timeout: time.Nanosecond}, ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := HTML(tt.doc, "", tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("HTML(%.20q) error = %v, want %v", tt.doc, err, tt.want)
			}
		})
	}
}

func TestHTMLInvalidOptions(t *testing.T) {
	for _, o := range []Options{{MaxBytes: -1}, {MaxDepth: -1}, {Timeout: -1}, {FallbackBelow: -1}} {
		if _, err := HTML(page("", body), "", o); err == nil {
			t.Errorf("HTML(%+v) error = nil, want an options error", o)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339, "" for no date
	}{
		{"2020-01-07T10:15:00Z", "2020-01-07T10:15:00Z"},
		{"2020-01-07T10:15:00.123+05:30", "2020-01-07T10:15:00.123+05:30"},
		{"2020-01-07T10:15:00+0100", "2020-01-07T10:15:00+01:00"},
		{"2022-5-5 22:17:36", "2022-05-05T22:17:36Z"},
		{"2020/01/07", "2020-01-07T00:00:00Z"},
		{"Tue, 07 Jan 2020 10:15:00 GMT", "2020-01-07T10:15:00Z"},
		{"07.01.2020", "2020-01-07T00:00:00Z"},
		{"1578392100", "2020-01-07T10:15:00Z"},
		{"2020-01-07 at noon", "2020-01-07T00:00:00Z"},
		{"yesterday", ""},
		{"2020-02-30", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			s := ""
			if ok {
				s = got.Format(time.RFC3339Nano)
			}
			if s != tt.want {
				t.Errorf("parseDate(%q) = %q, want %q", tt.in, s, tt.want)
			}
		})
	}
}

func TestTreeDepthLimit(t *testing.T) {
	nested := func(n int) string {
		return page("", strings.Repeat("<div>", n)+body+strings.Repeat("</div>", n))
	}
	tests := []struct {
		name     string
		doc      string
		maxDepth int
		want     error
	}{
		// html, body and the divs: 3 + n levels.
		{"50 divs under a limit of 100", nested(50), 100, nil},
		{"150 divs over a limit of 100", nested(150), 100, ErrTooDeep},
		{"600 divs over the parser's 512", nested(600), 10000, ErrTooDeep},
		{"100000 unclosed anchors are not nested", page("", strings.Repeat("<a>x", 100000)+body), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A generous budget: this is about nesting, and extracting
			// 100,000 anchors under the race detector takes seconds.
			_, err := HTML(tt.doc, "", Options{MaxDepth: tt.maxDepth, NoFallback: true, Timeout: 2 * time.Minute})
			if !errors.Is(err, tt.want) {
				t.Errorf("HTML(%d bytes, MaxDepth %d) error = %v, want %v", len(tt.doc), tt.maxDepth, err, tt.want)
			}
		})
	}
}

func TestDateLanguages(t *testing.T) {
	tests := []struct {
		hints []string
		want  []string
	}{
		{[]string{"", ""}, nil},
		{[]string{"en-US", ""}, []string{"en"}},
		{[]string{"de-AT", "de"}, []string{"de", "en"}},
		{[]string{"en-US", "es"}, []string{"en", "es"}}, // a template's lang over Spanish text
		{[]string{"pt_BR", ""}, []string{"pt", "en"}},
		{[]string{"xx-unknown", ""}, nil},
		{[]string{"  FR ", "xx"}, []string{"fr", "en"}},
	}
	for _, tt := range tests {
		if got := dateLanguages(tt.hints...); !cmp.Equal(got, tt.want) {
			t.Errorf("dateLanguages(%q) = %q, want %q", tt.hints, got, tt.want)
		}
	}
}
