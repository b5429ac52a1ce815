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
