package article

import (
	"crypto/sha256"
	"encoding/hex"
)

// idLen is the number of hex digits kept from a SHA-256 digest for an ID:
// 128 bits, ample for collision resistance at any realistic archive size.
const idLen = 32

// IDFromURL derives an article ID from a canonical URL. The same URL gives
// the same ID across re-fetches and replays.
func IDFromURL(canonicalURL string) string {
	return digest("url\x00" + canonicalURL)[:idLen]
}

// IDFromContent derives an article ID from a content hash, for documents
// that have no URL.
func IDFromContent(contentHash string) string {
	return digest("content\x00" + contentHash)[:idLen]
}

// ContentHash is the hex SHA-256 of s, used for Article.ContentHash over the
// normalized text.
func ContentHash(s string) string {
	return digest(s)
}

// BodyHash is the hex SHA-256 of raw bytes.
func BodyHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// digest is the hex SHA-256 of s. A string of a few KiB (an article's
// text) goes through a stack buffer rather than a []byte copy of it.
func digest(s string) string {
	var sum [sha256.Size]byte
	if len(s) <= 256 {
		sum = sha256.Sum256([]byte(s))
	} else {
		h := sha256.New()
		var buf [4096]byte
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
		h.Sum(sum[:0])
	}
	return hex.EncodeToString(sum[:])
}
