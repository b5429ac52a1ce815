package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestContentHashIsSHA256 checks ContentHash against crypto/sha256 directly
// on either side of digest's stack-buffer path and across its 4 KiB chunks.
func TestContentHashIsSHA256(t *testing.T) {
	for _, n := range []int{0, 1, 255, 256, 257, 4095, 4096, 4097, 10_000} {
		s := strings.Repeat("Ayatollah Ali Khamenei £170million ", n/35+1)[:n]
		sum := sha256.Sum256([]byte(s))
		if got, want := ContentHash(s), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("ContentHash(%d bytes) = %s, want %s", n, got, want)
		}
	}
}

func TestIDs(t *testing.T) {
	a, b := IDFromURL("https://example.com/a"), IDFromURL("https://example.com/b")
	if len(a) != idLen || a == b || a != IDFromURL("https://example.com/a") {
		t.Errorf("IDFromURL: %q, %q", a, b)
	}
	if c := IDFromContent(ContentHash("text")); len(c) != idLen || c == a {
		t.Errorf("IDFromContent = %q", c)
	}
}

func BenchmarkContentHash(b *testing.B) {
	s := strings.Repeat("The minister said on Tuesday that the plan was dead. ", 100)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		ContentHash(s)
	}
}
