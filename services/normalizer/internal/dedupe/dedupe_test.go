package dedupe

import (
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name        string
		in          []string
		want        []string
		wantRemoved int
	}{
		{"nil", nil, []string{}, 0},
		{"no repeats", []string{"one two three four", "five six seven eight"}, []string{"one two three four", "five six seven eight"}, 0},
		{"repeated paragraph", []string{"The minister said it was over.", "Other text here now.", "the minister  said it was OVER."},
			[]string{"The minister said it was over.", "Other text here now."}, 1},
		{"short repeats kept", []string{"Q:", "What happened next, minister?", "A:", "We left.", "Q:", "And then what did you do?", "A:", "We came back."},
			[]string{"Q:", "What happened next, minister?", "A:", "We left.", "Q:", "And then what did you do?", "A:", "We came back."}, 0},
		{"repeated block takes short lines with it", []string{"Headline words are here", "By Jane Doe", "First paragraph of the body.", "Second paragraph of it.", "Highlight one", "By Jane Doe", "First paragraph of the body.", "Second paragraph of it."},
			[]string{"Headline words are here", "By Jane Doe", "First paragraph of the body.", "Second paragraph of it.", "Highlight one"}, 3},
		{"empty dropped", []string{"a", "", "  ", "b"}, []string{"a", "b"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, removed := Paragraphs(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" || removed != tt.wantRemoved {
				t.Errorf("Paragraphs(%q) removed %d, want %d; kept (-want +got):\n%s", tt.in, removed, tt.wantRemoved, diff)
			}
		})
	}
}

func TestParagraphsSeed(t *testing.T) {
	b, err := os.ReadFile("testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSpace(string(b)), "\n")
	kept, removed := Paragraphs(paras)
	// Lines 1-32: title, byline, 27 body paragraphs, 3 highlights; lines
	// 33-60 repeat the byline and the body.
	if len(kept) != 32 || removed != len(paras)-32 {
		t.Fatalf("Paragraphs(seed) kept %d, removed %d of %d, want 32 kept", len(kept), removed, len(paras))
	}
	if diff := cmp.Diff(paras[:32], kept); diff != "" {
		t.Errorf("Paragraphs(seed) kept (-want +got):\n%s", diff)
	}
}

func BenchmarkParagraphs(b *testing.B) {
	raw, err := os.ReadFile("testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		b.Fatal(err)
	}
	paras := strings.Split(string(raw), "\n")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Paragraphs(paras)
	}
}

// refKey is Key written the plain way, with a string builder: the
// reference the buffer-based Key must match.
func refKey(p string) string {
	var b strings.Builder
	space := false
	for _, r := range p {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= 0x80 && unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"The  Minister\tSAID", " Ünïcode\u00a0Straße ", "bad \xff byte", "\u2003lead"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if got, want := Key(p), refKey(p); got != want {
			t.Errorf("Key(%q) = %q, want %q", p, got, want)
		}
	})
}
