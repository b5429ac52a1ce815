package sourcehealth

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Key parts: the fetcher writes FetchPart, the normalizer and the sink
// add to ArticlesPart. Each part of a source is one key, so writers of
// different parts never contend.
const (
	FetchPart    = "fetch"
	ArticlesPart = "articles"
)

// Key is the bucket key of a source's part: "<part>.<escaped name>".
// Letters, digits, '-' and '_' are kept; every other byte (the dots of a
// host name among them) is written =XX, so any name makes a valid
// key-value key of a single token.
func Key(part, name string) string {
	var b strings.Builder
	b.WriteString(part)
	b.WriteByte('.')
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return b.String()
}

// ParseKey splits a key made by Key into its part and source name.
func ParseKey(key string) (part, name string, err error) {
	part, esc, ok := strings.Cut(key, ".")
	if !ok || part == "" || esc == "" {
		return "", "", fmt.Errorf("source key %q: want <part>.<name>", key)
	}
	var b strings.Builder
	for i := 0; i < len(esc); i++ {
		if esc[i] != '=' {
			b.WriteByte(esc[i])
			continue
		}
		if i+2 >= len(esc) {
			return "", "", fmt.Errorf("source key %q: %w", key, errors.New("truncated escape"))
		}
		v, err := strconv.ParseUint(esc[i+1:i+3], 16, 8)
		if err != nil {
			return "", "", fmt.Errorf("source key %q: %w", key, err)
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return part, b.String(), nil
}
