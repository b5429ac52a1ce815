package articleid

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// ErrNotAbsolute is returned for a URL without an http or https scheme and
// a host.
var ErrNotAbsolute = errors.New("not an absolute http(s) URL")

// trackingParams are query parameters that identify a campaign or a click,
// never the document, so two links differing only in them are the same
// page. utm_* parameters are dropped by prefix.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gclsrc": true, "msclkid": true,
	"mc_cid": true, "mc_eid": true, "ref_src": true, "ref_url": true, "igshid": true,
	"yclid": true, "twclid": true, "_ga": true, "_gl": true, "mkt_tok": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "wt_mc": true, "wt.mc_id": true,
	"ocid": true, "cmpid": true, "smid": true, "_hsenc": true, "_hsmi": true,
	"ns_mchannel": true, "ns_source": true, "ns_campaign": true, "ns_linkname": true, "ns_fee": true,
}

// Canonical returns raw in canonical form: scheme and host in lower case,
// user information, the default port, the fragment, tracking parameters
// (utm_*, fbclid, gclid, mc_cid, ...) and an empty query removed, the
// remaining query parameters sorted by name (then by value), dot segments
// resolved, an empty path written "/", and percent-encoding normalized
// (unreserved characters decoded, hex digits in upper case). Only http and
// https URLs with a host have one.
func Canonical(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonicalize url %q: %w", raw, err)
	}
	return canonical(u, raw)
}

// Resolve resolves ref (a feed link, a rel=canonical value, possibly
// relative) against base, which may be nil, and returns the canonical
// result.
func Resolve(base *url.URL, ref string) (string, error) {
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("canonicalize url %q: %w", ref, err)
	}
	if base != nil {
		r = base.ResolveReference(r)
	}
	return canonical(r, ref)
}

func canonical(u *url.URL, raw string) (string, error) {
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("canonicalize url %q: %w", raw, ErrNotAbsolute)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("canonicalize url %q: %w", raw, ErrNotAbsolute)
	}
	if strings.Contains(u.Hostname(), ":") { // IPv6 literal
		host = "[" + strings.ToLower(u.Hostname()) + "]"
		if _, err := url.Parse("http://" + host + "/"); err != nil {
			// "//::" resolves to the host ":", which no URL can carry.
			return "", fmt.Errorf("canonicalize url %q: bad host: %w", raw, err)
		}
	}
	if port := u.Port(); port != "" && !(scheme == "http" && port == "80") && !(scheme == "https" && port == "443") {
		host += ":" + port
	}
	path := removeDots(normEscapes(u.EscapedPath()))
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	b.WriteString(path)
	if q := query(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// query drops tracking parameters and sorts the rest, keeping each
// parameter's own encoding (normalized).
func query(raw string) string {
	if raw == "" {
		return ""
	}
	var kept []string
	for _, p := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		key, _, _ := strings.Cut(p, "=")
		k, err := url.QueryUnescape(key)
		if err != nil {
			k = key
		}
		k = strings.ToLower(k)
		if strings.HasPrefix(k, "utm_") || trackingParams[k] {
			continue
		}
		kept = append(kept, escapeQuery(normEscapes(p)))
	}
	sort.SliceStable(kept, func(i, j int) bool {
		ki, _, _ := strings.Cut(kept[i], "=")
		kj, _, _ := strings.Cut(kept[j], "=")
		if ki != kj {
			return ki < kj
		}
		return kept[i] < kept[j]
	})
	return strings.Join(kept, "&")
}

// normEscapes decodes percent-escapes of unreserved characters, writes
// the others' hex digits in upper case, and escapes a "%" that starts no
// escape as "%25", so that no new escape can form from what is left
// ("%%370" must not become "%70", which is "p").
func normEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || !ishex(s[i+1]) || !ishex(s[i+2]) {
			b.WriteString("%25")
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if unreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(s[i+1 : i+3]))
		}
		i += 2
	}
	return b.String()
}

// escapeQuery percent-encodes the spaces and control characters that
// url.Parse lets through in a query, so that the canonical URL holds no
// white space and parses back to itself ("?b #top" is "?b%20", not "?b "
// that a reader would trim). Other bytes keep their form, non-ASCII
// included, so that IDs derived from canonical URLs do not change.
func escapeQuery(s string) string {
	bad := func(c byte) bool { return c <= ' ' || c == 0x7F }
	i := 0
	for i < len(s) && !bad(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if c := s[i]; bad(c) {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// removeDots resolves "." and ".." segments (RFC 3986 section 5.2.4).
func removeDots(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	var out []string
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
