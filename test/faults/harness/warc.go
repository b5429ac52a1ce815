package harness

import (
	"bytes"
	"fmt"
	"io"
	"time"
)

// Invented but news-shaped material for generated articles: each article
// combines these by its index, so every one has its own URL and text.
var (
	people  = []string{"Angela Merkel", "Joe Biden", "Rishi Sunak", "Emmanuel Macron", "Narendra Modi", "Jacinda Ardern", "Olaf Scholz", "Giorgia Meloni", "Justin Trudeau", "Cyril Ramaphosa"}
	orgs    = []string{"the European Central Bank", "the United Nations", "Reuters", "the World Health Organization", "Goldman Sachs", "the Bank of England", "NATO", "the International Monetary Fund"}
	places  = []string{"London", "Berlin", "Paris", "New Delhi", "Washington", "Ottawa", "Rome", "Johannesburg", "Tokyo", "Sydney"}
	topics  = []string{"energy prices", "the housing market", "trade talks", "a new climate plan", "interest rates", "the health service", "defence spending", "rail strikes"}
	amounts = []string{"£170million", "$2.5 billion", "€40 million", "£3.2bn", "$750,000", "€1.1 billion"}
)

// ArticleURL is the URL of generated article i.
func ArticleURL(i int) string {
	return fmt.Sprintf("https://news.example.com/%d/%02d/story-%07d.html", 2024, 1+i%12, i)
}

// ArticleHTML is the page of generated article i: a title, a byline with a
// date, and six paragraphs naming people, organisations, places, money and
// figures.
func ArticleHTML(i int) string {
	p := people[i%len(people)]
	o := orgs[(i/3)%len(orgs)]
	pl := places[(i/7)%len(places)]
	t := topics[(i/11)%len(topics)]
	m := amounts[(i/5)%len(amounts)]
	date := time.Date(2024, time.Month(1+i%12), 1+i%28, 8+i%10, i%60, 0, 0, time.UTC)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s meets %s over %s (report %d)</title>
<meta property="article:published_time" content="%s"></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
<article><h1>%s meets %s over %s (report %d)</h1>
<p class="byline">By Staff Reporter %d | Published %s</p>
`, p, o, t, i, date.Format(time.RFC3339), p, o, t, i, i%97, date.Format("2 January 2006 15:04"))
	paras := []string{
		fmt.Sprintf("%s met officials from %s in %s on Tuesday to discuss %s, in talks that aides described as frank. Report number %d follows weeks of negotiation.", p, o, pl, t, i),
		fmt.Sprintf("The package under discussion is worth %s, and about %d people are expected to benefit from it over the next %d years, according to figures seen by this newspaper.", m, 1000+i%9000, 2+i%8),
		fmt.Sprintf("Critics in %s said the plan did not go far enough. \"We have heard promises like this before,\" one opposition spokesman said, pointing to %d previous announcements on %s.", pl, 3+i%20, t),
		fmt.Sprintf("%s said the organisation would publish its own assessment within %d weeks, and that %d%% of its members had backed the proposal in a vote held earlier this month.", o, 2+i%6, 40+i%55),
		fmt.Sprintf("Markets reacted calmly. Shares in companies exposed to %s rose %d.%d%% in early trading in %s, while the currency was little changed against the dollar.", t, i%5, i%10, places[(i/13)%len(places)]),
		fmt.Sprintf("%s is due to travel to %s next week, where %s is expected to return to the subject of %s in a speech to %d delegates. Story reference %07d.", p, places[(i/17)%len(places)], p, t, 200+i%800, i),
	}
	for _, para := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", para)
	}
	b.WriteString("</article><footer><p>Copyright News Example. All rights reserved.</p></footer></body></html>\n")
	return b.String()
}

// WriteWARC writes generated articles first to first+n-1 as WARC/1.0
// response records, with their fetch time.
func WriteWARC(w io.Writer, first, n int) error {
	for i := first; i < first+n; i++ {
		if err := WriteWARCRecord(w, ArticleURL(i), []byte(ArticleHTML(i)), time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Second)); err != nil {
			return err
		}
	}
	return nil
}

// WriteWARCRecord writes one response record holding an HTTP 200 response
// with body as text/html.
func WriteWARCRecord(w io.Writer, uri string, body []byte, date time.Time) error {
	var httpMsg bytes.Buffer
	fmt.Fprintf(&httpMsg, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n", len(body))
	httpMsg.Write(body)
	_, err := fmt.Fprintf(w, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: %s\r\nWARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		recordID(uri), date.UTC().Format(time.RFC3339), uri, httpMsg.Len(), httpMsg.Bytes())
	return err
}

// recordID is a stable UUID-shaped id derived from uri.
func recordID(uri string) string {
	var h [16]byte
	for i, c := range []byte(uri) {
		h[i%16] = h[i%16]*31 + c
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
