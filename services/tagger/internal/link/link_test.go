package link

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"none", "Prices rose 30% in 2020 @ noon.", nil},
		{"url with percent escapes", "You can go to https://www.test.com/search?q=30%25%2020% now", []string{"https://www.test.com/search?q=30%25%2020%"}},
		{"sentence full stop", "See http://example.com/2020/01/07/story.html.", []string{"http://example.com/2020/01/07/story.html"}},
		{"www", "Visit www.bbc.co.uk/news, or not.", []string{"www.bbc.co.uk/news"}},
		{"bracketed", "(see https://en.wikipedia.org/wiki/Foo_(bar)) and (http://x.org/a)", []string{"https://en.wikipedia.org/wiki/Foo_(bar)", "http://x.org/a"}},
		{"email", "Write to tips@example.co.uk. Or j.smith+news@paper.com", []string{"tips@example.co.uk", "j.smith+news@paper.com"}},
		{"handle is not an email", "said @realDonaldTrump and user@localhost", nil},
		{"ends at non-ASCII", "at https://x.com/a—and “https://y.org/b”", []string{"https://x.com/a", "https://y.org/b"}},
		{"www inside url once", "http://www.x.com/?u=www.y.com and a@b.com inside http://h.com/a@b.com", []string{"http://www.x.com/?u=www.y.com", "a@b.com", "http://h.com/a@b.com"}},
		{"bare scheme", "the ratio 3:// nothing and www. alone", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			prev := -1
			for _, s := range Find(tc.text) {
				if s.Start < prev || s.Start >= s.End || s.End > len(tc.text) {
					t.Fatalf("bad span %+v after %d", s, prev)
				}
				prev = s.End
				got = append(got, tc.text[s.Start:s.End])
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Find(%q) (-want +got):\n%s", tc.text, diff)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	f.Add("https://www.test.com/search?q=30%25%2020% and a@b.com www.x.org")
	f.Add("://@www.")
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, s := range Find(text) {
			if s.Start < prev || s.Start >= s.End || s.End > len(text) {
				t.Fatalf("Find(%q): bad span %+v after %d", text, s, prev)
			}
			prev = s.End
		}
	})
}

func BenchmarkFindNoLinks(b *testing.B) {
	text := []byte{}
	for len(text) < 64<<10 {
		text = append(text, "The ministry said 52 targets had been identified in the region. "...)
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Find(s)
	}
}
