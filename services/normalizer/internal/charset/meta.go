package charset

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// metaCharset returns the charset label a document declares in its first
// limit bytes: the first <meta charset> or <meta http-equiv="content-type"
// content="...charset=..."> before the <body> starts, else a leading XML
// declaration's encoding. Unlike the WHATWG prescan it reads past 1024 bytes, and
// because it tokenizes it does not mistake a "<meta" inside a script for
// a tag.
func metaCharset(body []byte, limit int) string {
	if len(body) > limit {
		body = body[:limit]
	}
	if !hasMetaTag(body) {
		// Plain text and tag-less bodies: nothing for the tokenizer to
		// find, and tokenizing costs as much as the rest of decoding.
		return xmlEncoding(body)
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return xmlEncoding(body)
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				return xmlEncoding(body)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return xmlEncoding(body)
			case "meta":
				if label := metaAttrs(z, hasAttr); label != "" {
					return label
				}
			}
		}
	}
}

// hasMetaTag reports whether body contains "<meta", in any case: every
// <meta> tag the tokenizer could find starts so.
func hasMetaTag(body []byte) bool {
	for {
		i := bytes.IndexByte(body, '<')
		if i < 0 || len(body)-i < len("<meta") {
			return false
		}
		if t := body[i+1 : i+5]; t[0]|0x20 == 'm' && t[1]|0x20 == 'e' && t[2]|0x20 == 't' && t[3]|0x20 == 'a' {
			return true
		}
		body = body[i+1:]
	}
}

// metaAttrs reads one <meta> element's attributes.
func metaAttrs(z *html.Tokenizer, more bool) string {
	var charset, content string
	var httpEquiv bool
	for more {
		var key, val []byte
		key, val, more = z.TagAttr()
		switch string(key) {
		case "charset":
			charset = string(val)
		case "http-equiv":
			httpEquiv = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
		case "content":
			content = string(val)
		}
	}
	if charset != "" {
		return strings.TrimSpace(charset)
	}
	if httpEquiv {
		return charsetParam(content)
	}
	return ""
}

// charsetParam extracts the value after "charset=" in a Content-Type-like
// string, the WHATWG "extracting a character encoding from a meta element"
// algorithm.
func charsetParam(s string) string {
	// ASCII-only lower case keeps every index of lower valid in s
	// (strings.ToLower may change byte lengths on other input).
	lower := asciiLower(s)
	for {
		i := strings.Index(lower, "charset")
		if i < 0 {
			return ""
		}
		lower, s = lower[i+len("charset"):], s[i+len("charset"):]
		t := strings.TrimLeft(s, " \t\n\f\r")
		if !strings.HasPrefix(t, "=") {
			continue
		}
		t = strings.TrimLeft(t[1:], " \t\n\f\r")
		if t == "" {
			return ""
		}
		if q := t[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(t[1:], q)
			if end < 0 {
				return ""
			}
			return t[1 : end+1]
		}
		if end := strings.IndexAny(t, "; \t\n\f\r\"'"); end >= 0 {
			t = t[:end]
		}
		return t
	}
}

// xmlEncoding returns the encoding of a leading <?xml ... encoding="x"?>.
func xmlEncoding(body []byte) string {
	if !bytes.HasPrefix(body, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(body, []byte("?>"))
	if end < 0 || end > 512 {
		return ""
	}
	decl := string(body[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	j := strings.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return rest[1 : j+1]
}

// asciiLower lower-cases ASCII letters only, so the result has s's length.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
