// Package clustertest makes synthetic articles for the story stage's
// benchmarks: the clusterer's own (in-memory state) and the service's
// (state in a JetStream bucket) read the same ones.
package clustertest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// Articles makes n articles of about 450 words: one in four is a trimmed
// copy of an earlier one, the rest are written afresh about one of n/8
// events (each event has its own names), from a Zipf-distributed
// vocabulary as news text is. Published one second apart from
// 2026-03-01; the same n gives the same articles.
func Articles(n int) []*article.Article {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx%c", i, 'a'+i%26)
	}
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	events := max(1, n/8)
	out := make([]*article.Article, 0, n)
	for i := range n {
		var text string
		ev := r.IntN(events)
		if i > 4 && i%4 == 0 {
			orig := out[r.IntN(len(out))]
			paras := strings.Split(orig.Text, "\n\n")
			text = strings.Join(paras[:len(paras)*2/3+1], "\n\n")
		} else {
			var b strings.Builder
			for p := range 6 {
				if p > 0 {
					b.WriteString("\n\n")
				}
				fmt.Fprintf(&b, "Name%d Place%d.", ev, ev*7)
				for range 75 {
					b.WriteByte(' ')
					b.WriteString(vocab[zipf.Uint64()])
				}
				b.WriteByte('.')
			}
			text = b.String()
		}
		pub := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		out = append(out, &article.Article{
			Schema: article.SchemaArticle, ID: fmt.Sprintf("%032x", i), Source: article.Source{Name: fmt.Sprintf("s%d", i%50), Kind: article.KindRSS},
			Title: fmt.Sprintf("Name%d in Place%d", ev, ev*7), Text: text, PublishedAt: &pub, FetchedAt: pub, ContentHash: article.ContentHash(text),
		})
	}
	return out
}

// Repeated makes n articles from arts taken again and again in order, each
// under an id of its own and published a second after the one before, as
// the whole-pipeline benchmark repeats the news-sample archive under other
// URLs: every article after the first len(arts) is an exact copy.
func Repeated(arts []*article.Article, n int) []*article.Article {
	out := make([]*article.Article, 0, n)
	for i := range n {
		a := *arts[i%len(arts)]
		a.ID = fmt.Sprintf("r%031x", i)
		pub := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		a.PublishedAt, a.FetchedAt = &pub, pub
		out = append(out, &a)
	}
	return out
}

// Window makes article i of a stream of n spread evenly over span of
// published time, each made from i alone, so that a run over a million
// holds none of them in memory. Articles have six paragraphs of words
// drawn as in Articles; one in four is a copy of an earlier article (the
// first two thirds of its paragraphs); the others are about one of n/8
// events.
type Window struct {
	N     int
	Span  time.Duration
	Words int // per paragraph
	vocab []string
}

// NewWindow returns the stream of n articles over span, with words per
// paragraph.
func NewWindow(n int, span time.Duration, words int) *Window {
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx%c", i, 'a'+i%26)
	}
	return &Window{N: n, Span: span, Words: words, vocab: vocab}
}

// original is the index of the article that copy i repeats (i itself when
// i is not a copy).
func (w *Window) original(i int) int {
	if i < 8 || i%4 != 0 {
		return i
	}
	r := rand.New(rand.NewPCG(uint64(i), 3))
	j := i - 1 - r.IntN(min(i-1, 5000))
	if j%4 == 0 {
		j--
	}
	return j
}

func (w *Window) text(i int) (string, int) {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(w.vocab)-1))
	ev := r.IntN(max(1, w.N/8))
	var b strings.Builder
	for p := range 6 {
		if p > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "Name%d Place%d.", ev, ev*7)
		for range w.Words {
			b.WriteByte(' ')
			b.WriteString(w.vocab[zipf.Uint64()])
		}
		b.WriteByte('.')
	}
	return b.String(), ev
}

// Article returns article i.
func (w *Window) Article(i int) *article.Article {
	j := w.original(i)
	text, ev := w.text(j)
	if j != i {
		paras := strings.Split(text, "\n\n")
		text = strings.Join(paras[:len(paras)*2/3], "\n\n")
	}
	pub := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(int64(w.Span) / int64(max(w.N, 1)) * int64(i)))
	return &article.Article{
		Schema: article.SchemaArticle, ID: fmt.Sprintf("%032x", i), Source: article.Source{Name: fmt.Sprintf("s%d", i%50), Kind: article.KindRSS},
		Title: fmt.Sprintf("Name%d in Place%d", ev, ev*7), Text: text, PublishedAt: &pub, FetchedAt: pub, ContentHash: article.ContentHash(text),
	}
}

// IsCopy reports whether article i copies an earlier one, and which.
func (w *Window) IsCopy(i int) (int, bool) {
	j := w.original(i)
	return j, j != i
}
