package article

import "time"

// Page is one fetched page as a line of JSON, {"url", "content_type",
// "fetched_at", "body_base64"}: what `normalizer normalize -jsonl` reads,
// and one of the record forms of the fetcher's JSON Lines archives.
type Page struct {
	URL         string    `json:"url"`
	ContentType string    `json:"content_type"`
	FetchedAt   time.Time `json:"fetched_at"`
	Body        []byte    `json:"body_base64"`
}

// UnmarshalPage resets *p and decodes the JSON document data into it:
// json.Unmarshal's result and error. A page is mostly its body in base64,
// which encoding/json scans three times; lines spelled as the tools write
// them take the fast path UnmarshalRaw takes, anything else goes through
// encoding/json (FuzzDecodeFastPage).
func UnmarshalPage(data []byte, p *Page) error {
	return unmarshal(data, p, (*fastDecoder).pageKey)
}

// pageKey reads the value of key into p. Each key may come once.
func (d *fastDecoder) pageKey(key []byte, p *Page) bool {
	switch string(key) {
	case "url":
		return once(&d.seen, 0) && d.str(&p.URL)
	case "content_type":
		return once(&d.seen, 1) && d.str(&p.ContentType)
	case "fetched_at":
		return once(&d.seen, 2) && d.time(&p.FetchedAt)
	case "body_base64":
		return once(&d.seen, 3) && d.base64(&p.Body)
	}
	return false
}
