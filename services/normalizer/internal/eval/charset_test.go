package eval

import (
	"os"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

func TestCharsetSuite(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA not set")
	}
	res, verdicts, err := CharsetDetail(dir)
	if err != nil {
		t.Fatalf("CharsetDetail(%q): %v", dir, err)
	}
	for _, v := range verdicts {
		if !v.OursRight || !v.BaselineRight {
			t.Logf("%s: expected %q, charset.Decode %q (%v), DetermineEncoding %q (%v)", v.Page, v.Expected, v.Ours, v.OursRight, v.Baseline, v.BaselineRight)
		}
	}
	var b strings.Builder
	if err := score.WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
}

func BenchmarkCharsetDecode(b *testing.B) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		b.Skip("NEWSWIRE_CORPORA not set")
	}
	pages, err := TrafilaturaCharsetPages(dir)
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, p := range pages {
		total += len(p.Body)
	}
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, p := range pages {
			charsetDecodeForBench(p)
		}
	}
}
