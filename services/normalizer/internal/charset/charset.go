// Package charset decodes fetched documents to UTF-8. It decides the
// character encoding the way a careful browser would, in order: a byte order
// mark, the charset of the HTTP or WARC Content-Type, a <meta> declaration
// anywhere in the <head>, the body being valid UTF-8, and only then a small
// statistical detector for legacy single-byte and CJK code pages.
package charset

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// Method says how Decode chose the character encoding.
type Method string

// The ways Decode decides an encoding, strongest first.
const (
	// MethodBOM: the body starts with a UTF-8 or UTF-16 byte order mark.
	MethodBOM Method = "bom"
	// MethodHeader: the Content-Type passed to Decode names a charset.
	MethodHeader Method = "header"
	// MethodMeta: a <meta charset> or http-equiv Content-Type in the
	// document's <head>, or an XML declaration.
	MethodMeta Method = "meta"
	// MethodUTF8: nothing was declared (or a single-byte declaration was
	// contradicted) and the body is valid UTF-8.
	MethodUTF8 Method = "utf8"
	// MethodDetector: the statistical detector chose.
	MethodDetector Method = "detector"
)

// Result describes how a body was decoded.
type Result struct {
	// Charset is the WHATWG canonical name of the encoding used
	// ("utf-8", "windows-1252", "gbk").
	Charset string
	// Method says how Charset was chosen.
	Method Method
	// Invalid counts the bytes (or byte sequences, for multi-byte
	// encodings) that could not be decoded and became U+FFFD.
	Invalid int
	// Declared is the canonical name of the charset the header or the
	// document declared, "" when none was declared or it was unknown. It
	// differs from Charset when Decode overrode a wrong declaration.
	Declared string
}

// MetaScanLimit is how many bytes of a document are searched for a <meta>
// declaration. The WHATWG prescan stops at 1024 bytes; real <head>s carry
// scripts and styles that push the declaration well past that.
const MetaScanLimit = 256 << 10

// Decode converts body to UTF-8. contentType is the HTTP (or WARC payload)
// Content-Type, "" when unknown. A leading byte order mark is removed.
// Bytes that are invalid in the chosen encoding become U+FFFD and are
// counted in Result.Invalid. Decode returns an error only when the chosen
// decoder fails, which the encodings it uses do not do on any input.
func Decode(body []byte, contentType string) (string, Result, error) {
	if name, n := sniffBOM(body); name != "" {
		return decodeAs(body[n:], name, Result{Method: MethodBOM, Declared: name})
	}
	var res Result
	if label := headerCharset(contentType); label != "" {
		if name := canonical(label); name != "" {
			res = Result{Method: MethodHeader, Declared: name}
		}
	}
	if res.Method == "" {
		if label := metaCharset(body, MetaScanLimit); label != "" {
			if name := canonical(label); name != "" {
				// A document cannot declare itself UTF-16: its
				// bytes were readable as ASCII (WHATWG).
				if strings.HasPrefix(name, "utf-16") {
					name = "utf-8"
				}
				res = Result{Method: MethodMeta, Declared: name}
			}
		}
	}
	if res.Method != "" {
		return decodeDeclared(body, res)
	}
	if utf8.Valid(body) {
		// What decodeAs would return, without validating body again.
		return string(body), Result{Charset: "utf-8", Method: MethodUTF8}, nil
	}
	return decodeAs(body, Detect(body), Result{Method: MethodDetector})
}

// decodeDeclared decodes body with a declared charset unless the bytes
// contradict it beyond doubt: a single-byte declaration over a body that is
// valid UTF-8 with multi-byte sequences (servers default to ISO-8859-1;
// Latin-1 text is almost never valid UTF-8 by accident), or a UTF-8
// declaration over a body without a single valid multi-byte sequence but
// with invalid bytes (a legacy page behind a wrong header).
func decodeDeclared(body []byte, res Result) (string, Result, error) {
	switch {
	case res.Declared == "utf-8":
		if valid, invalid := utf8Stats(body); valid == 0 && invalid > 0 {
			res.Method = MethodDetector
			return decodeAs(body, Detect(body), res)
		}
	case singleByte(res.Declared):
		if valid, invalid := utf8Stats(body); valid > 0 && invalid == 0 {
			res.Method = MethodUTF8
			return decodeAs(body, "utf-8", res)
		}
	}
	return decodeAs(body, res.Declared, res)
}

// decodeAs decodes body with the named encoding and fills Charset and
// Invalid.
func decodeAs(body []byte, name string, res Result) (string, Result, error) {
	res.Charset = name
	if name == "utf-8" {
		s, n := decodeUTF8(body)
		res.Invalid = n
		return s, res, nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return "", res, fmt.Errorf("decode %d bytes as %s: %w", len(body), name, err)
	}
	out, err := decodeWith(enc, body)
	if err != nil {
		return "", res, fmt.Errorf("decode %d bytes as %s: %w", len(body), name, err)
	}
	res.Invalid = bytes.Count(out, replacement)
	return string(out), res, nil
}

var replacement = []byte("\uFFFD")

func decodeWith(enc encoding.Encoding, body []byte) ([]byte, error) {
	return enc.NewDecoder().Bytes(body)
}

// decodeUTF8 returns body as a string with each invalid byte replaced by
// U+FFFD, and how many bytes were replaced.
func decodeUTF8(body []byte) (string, int) {
	if utf8.Valid(body) {
		return string(body), 0
	}
	var b strings.Builder
	b.Grow(len(body) + 16)
	n := 0
	for len(body) > 0 {
		r, size := utf8.DecodeRune(body)
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			n++
		} else {
			b.Write(body[:size])
		}
		body = body[size:]
	}
	return b.String(), n
}

// utf8Stats counts valid multi-byte UTF-8 sequences and invalid bytes.
func utf8Stats(body []byte) (valid, invalid int) {
	for i := 0; i < len(body); {
		// Eight ASCII bytes at a time: most of a page is markup.
		if i+8 <= len(body) && binary.LittleEndian.Uint64(body[i:])&0x8080808080808080 == 0 {
			i += 8
			continue
		}
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid, invalid
}

func sniffBOM(body []byte) (name string, n int) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8", 3
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return "utf-16be", 2
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return "utf-16le", 2
	}
	return "", 0
}

// headerCharset returns the charset parameter of a Content-Type value.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Fall back to a plain search: servers send malformed values
		// such as "text/html; charset=utf-8;".
		return charsetParam(contentType)
	}
	return params["charset"]
}

// canonical maps a charset label to its WHATWG canonical name, "" when the
// label is unknown. "replacement" (ISO-2022-KR and friends) is treated as
// unknown: decoding a whole page to one U+FFFD helps nobody.
func canonical(label string) string {
	enc, err := htmlindex.Get(strings.Trim(strings.TrimSpace(label), `"'`))
	if err != nil {
		return ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil || name == "replacement" {
		return ""
	}
	if name == "x-user-defined" {
		return "windows-1252"
	}
	return name
}

// singleByte reports whether the canonical name is a single-byte encoding.
func singleByte(name string) bool {
	return strings.HasPrefix(name, "windows-125") || strings.HasPrefix(name, "iso-8859-") ||
		strings.HasPrefix(name, "koi8-") || name == "ibm866" || name == "macintosh" ||
		name == "x-mac-cyrillic" || name == "windows-874"
}
