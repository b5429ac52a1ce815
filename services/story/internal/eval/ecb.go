package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/story/internal/cluster"
)

// ecbDoc is one line of ecbplus.jsonl. Topic and Subtopic are the answer:
// the clusterer sees only URL, title and text, and this evaluation gives
// it title and text alone (the URL's slug names the story).
type ecbDoc struct {
	DocID    string `json:"doc_id"`
	Topic    int    `json:"topic"`
	Subtopic string `json:"subtopic"`
	Title    string `json:"title"`
	Text     string `json:"text"`
}

// ecbDir is the dev half of ECB+ in the corpora directory.
const ecbDir = "clustering/ecbplus-dev"

// ecbSeed fixes the arrival order: the documents come shuffled, as an
// online clusterer would see them, the same way on every run.
const ecbSeed = 14

// ecbTarget is the target for story clustering.
const ecbTarget = 0.85

func readECB(corpora string) ([]ecbDoc, error) {
	f, err := os.Open(filepath.Join(corpora, ecbDir, "ecbplus.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []ecbDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var d ecbDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("ecbplus.jsonl: %w", err)
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}

// Stories measures story clustering on ECB+ (B-cubed F1 against the event
// clusters, all documents at once and topic by topic), beside the
// title-word baseline.
func Stories(corpora string) ([]score.Result, error) {
	docs, err := readECB(corpora)
	if err != nil {
		return nil, err
	}
	rand.New(rand.NewPCG(ecbSeed, ecbSeed)).Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	gold := make([]string, len(docs))
	for i, d := range docs {
		gold[i] = d.Subtopic
	}
	arts := make([]*article.Article, len(docs))
	for i, d := range docs {
		arts[i] = ecbArticle(d)
	}
	got, err := clusterAll(arts)
	if err != nil {
		return nil, err
	}
	base := baseline(arts)
	// Topic by topic: the hard part, two events of one kind.
	var gotT, baseT, goldT []string
	byTopic := map[int][]int{}
	var topics []int
	for i, d := range docs {
		if _, ok := byTopic[d.Topic]; !ok {
			topics = append(topics, d.Topic)
		}
		byTopic[d.Topic] = append(byTopic[d.Topic], i)
	}
	for _, t := range topics {
		var sub []*article.Article
		for _, i := range byTopic[t] {
			sub = append(sub, arts[i])
			goldT = append(goldT, gold[i])
		}
		g, err := clusterAll(sub)
		if err != nil {
			return nil, err
		}
		for _, s := range g {
			gotT = append(gotT, fmt.Sprintf("%d/%s", t, s))
		}
		for _, s := range baseline(sub) {
			baseT = append(baseT, fmt.Sprintf("%d/%s", t, s))
		}
	}
	n := len(docs)
	p, r, f := BCubed(got, gold)
	bp, br, bf := BCubed(base, gold)
	_, _, tf := BCubed(gotT, goldT)
	_, _, tbf := BCubed(baseT, goldT)
	return []score.Result{
		{Suite: "ECB+ dev stories, all at once", Metric: "B-cubed F1", Value: f, Cases: n, Target: ecbTarget},
		{Suite: "ECB+ dev stories, all at once", Metric: "B-cubed P", Value: p, Cases: n},
		{Suite: "ECB+ dev stories, all at once", Metric: "B-cubed R", Value: r, Cases: n},
		{Suite: "ECB+ dev stories, baseline title words", Metric: "B-cubed F1", Value: bf, Cases: n},
		{Suite: "ECB+ dev stories, baseline title words", Metric: "B-cubed P", Value: bp, Cases: n},
		{Suite: "ECB+ dev stories, baseline title words", Metric: "B-cubed R", Value: br, Cases: n},
		{Suite: "ECB+ dev stories, within topic", Metric: "B-cubed F1", Value: tf, Cases: n},
		{Suite: "ECB+ dev stories, within topic, baseline", Metric: "B-cubed F1", Value: tbf, Cases: n},
	}, nil
}

// ecbArticle is the article the clusterer sees for a document: no
// published time (ECB+ records none), one fetch time for all.
func ecbArticle(d ecbDoc) *article.Article {
	text := d.Text
	// The text opens with the title sentence; the article contract keeps
	// the title apart, as an extractor would.
	if rest, ok := strings.CutPrefix(text, d.Title); ok && strings.TrimSpace(rest) != "" {
		text = strings.TrimSpace(rest)
	}
	return &article.Article{
		Schema:      article.SchemaArticle,
		ID:          article.IDFromContent(article.ContentHash(d.DocID)),
		Source:      article.Source{Name: "ecbplus", Kind: article.KindJSONL},
		Title:       d.Title,
		Text:        text,
		FetchedAt:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		ContentHash: article.ContentHash(text),
	}
}

// clusterAll runs the service's clusterer over the articles in order, with
// its state in memory, and returns each one's story.
func clusterAll(arts []*article.Article) ([]string, error) {
	c, err := cluster.New(cluster.NewMemory(), cluster.DefaultConfig)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(arts))
	for i, a := range arts {
		r, err := c.Assign(context.Background(), a)
		if err != nil {
			return nil, err
		}
		out[i] = r.StoryID
	}
	return out, nil
}

// baseline is the simple peer: an article joins the earlier article whose
// title shares the most words with its own (Jaccard of lower-cased words
// of three letters or more, at least 0.2), else starts a cluster.
func baseline(arts []*article.Article) []string {
	out := make([]string, len(arts))
	sets := make([]map[string]bool, len(arts))
	for i, a := range arts {
		sets[i] = map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Title), func(r rune) bool {
			return !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r > 127)
		}) {
			if len(w) >= 3 {
				sets[i][w] = true
			}
		}
		best, bestJ := -1, 0.2
		for j := 0; j < i; j++ {
			inter := 0
			for w := range sets[i] {
				if sets[j][w] {
					inter++
				}
			}
			union := len(sets[i]) + len(sets[j]) - inter
			if union == 0 {
				continue
			}
			if jac := float64(inter) / float64(union); jac >= bestJ && (best < 0 || jac > bestJ) {
				best, bestJ = j, jac
			}
		}
		out[i] = a.ID
		if best >= 0 {
			out[i] = out[best]
		}
	}
	return out
}

// BCubed scores a clustering against the gold one: per item, the share of
// its cluster that shares its gold cluster (precision) and the share of its
// gold cluster found in its cluster (recall), averaged; F1 is their
// harmonic mean.
func BCubed(got, gold []string) (p, r, f float64) {
	n := len(got)
	if n == 0 || n != len(gold) {
		return 0, 0, 0
	}
	pair := map[[2]string]int{}
	gotN, goldN := map[string]int{}, map[string]int{}
	for i := range got {
		pair[[2]string{got[i], gold[i]}]++
		gotN[got[i]]++
		goldN[gold[i]]++
	}
	for i := range got {
		both := float64(pair[[2]string{got[i], gold[i]}])
		p += both / float64(gotN[got[i]])
		r += both / float64(goldN[gold[i]])
	}
	p /= float64(n)
	r /= float64(n)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
