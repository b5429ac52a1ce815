package archive

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// mediaType is the lower-cased type/subtype of a Content-Type value.
func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// textual reports whether a media type is worth publishing as an article:
// HTML or plain text. Images, CSS, scripts and JSON APIs are not.
func textual(ct string) bool {
	switch mediaType(ct) {
	case "text/html", "application/xhtml+xml", "text/plain":
		return true
	}
	return false
}

// robots reports whether u names a robots.txt file.
func robots(u string) bool {
	if p, err := url.Parse(u); err == nil {
		return strings.EqualFold(p.Path, "/robots.txt")
	}
	return strings.HasSuffix(strings.ToLower(u), "/robots.txt")
}

// webURL reports whether u may name a page: archives also hold records
// of the crawler's own bookkeeping (wget's metadata: log and arguments,
// dns: lookups, whois:), which are text but not news. Other schemes pass:
// WARCs built from saved pages use file: or ad-hoc names.
func webURL(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	if !ok {
		return true
	}
	switch strings.ToLower(scheme) {
	case "metadata", "dns", "whois":
		return false
	}
	return true
}

// sniff guesses a missing content type from the body.
func sniff(ct string, body []byte) string {
	if strings.TrimSpace(ct) != "" {
		return ct
	}
	return http.DetectContentType(body)
}

// readBody reads r in full, failing beyond max bytes.
func readBody(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("body exceeds %d bytes", max)
	}
	return b, nil
}
