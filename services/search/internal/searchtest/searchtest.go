// Package searchtest makes articles for the search service's tests and
// benchmarks: a synthetic, reproducible corpus with tags at the right
// offsets, and the JSON Lines files the file sink would write.
package searchtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

var (
	words = strings.Fields(`market shares bank profit engine plant workers strike deal merger
		election minister budget inflation rates energy prices oil gas climate court ruling
		police investigation hospital vaccine football league transfer airline flights
		jobs cuts factory exports tariffs growth recession housing rents students`)
	entities = []article.Entity{
		{Type: "ORG", Canonical: "Rolls-Royce"}, {Type: "ORG", Canonical: "Goldman Sachs"},
		{Type: "ORG", Canonical: "Bank of England"}, {Type: "ORG", Canonical: "Pfizer"},
		{Type: "PERSON", Canonical: "Rishi Sunak"}, {Type: "PERSON", Canonical: "Ali Khamenei"},
		{Type: "PERSON", Canonical: "Christine Lagarde"}, {Type: "LOC", Canonical: "London", ID: "GB-LND"},
		{Type: "LOC", Canonical: "United Kingdom", ID: "GB"}, {Type: "LOC", Canonical: "France", ID: "FR"},
		{Type: "LOC", Canonical: "Iran", ID: "IR"}, {Type: "NORP", Canonical: "British"},
	}
	currencies = []struct{ code, sym string }{{"GBP", "£"}, {"USD", "$"}, {"EUR", "€"}}
	units      = []string{"jobs", "people", "percent", "sites", "flights"}
	sources    = []string{"bbc-world", "reuters", "guardian", "inbox"}
	langs      = []string{"en", "en", "en", "fr", ""}
)

// Base is the newest publication time in a corpus.
var Base = time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)

// Corpus returns n articles made from seed: titles and texts of common
// words with entities, money and figures tagged at their offsets; some
// undated, some in stories, some with watched entities. Equal arguments
// give equal corpora.
func Corpus(n int, seed uint64) []*article.Article {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]*article.Article, n)
	for i := range out {
		out[i] = one(rng, i)
	}
	return out
}

func one(rng *rand.Rand, i int) *article.Article {
	var b strings.Builder
	tags := &article.Tags{Entities: []article.Entity{}, Money: []article.Money{}, Figures: []article.Figure{}}
	paras := 2 + rng.IntN(4)
	for p := 0; p < paras; p++ {
		if p > 0 {
			b.WriteString("\n\n")
		}
		sentences := 2 + rng.IntN(4)
		for s := 0; s < sentences; s++ {
			if s > 0 {
				b.WriteString(" ")
			}
			nw := 6 + rng.IntN(10)
			for w := 0; w < nw; w++ {
				if w > 0 {
					b.WriteString(" ")
				}
				switch r := rng.IntN(20); {
				case r == 0:
					e := entities[rng.IntN(len(entities))]
					e.Text, e.Start = e.Canonical, b.Len()
					b.WriteString(e.Text)
					e.End = b.Len()
					e.Watch = e.Canonical == "Pfizer"
					tags.Entities = append(tags.Entities, e)
				case r == 1:
					c := currencies[rng.IntN(len(currencies))]
					v := float64(1+rng.IntN(900)) * []float64{1e3, 1e6, 1e9}[rng.IntN(3)]
					start := b.Len()
					fmt.Fprintf(&b, "%s%.0f", c.sym, v)
					tags.Money = append(tags.Money, article.Money{Text: b.String()[start:], Currency: c.code, Amount: &v, Start: start, End: b.Len()})
				case r == 2:
					u := units[rng.IntN(len(units))]
					v := float64(1 + rng.IntN(5000))
					start := b.Len()
					fmt.Fprintf(&b, "%.0f %s", v, u)
					tags.Figures = append(tags.Figures, article.Figure{Text: b.String()[start:], Value: &v, Unit: u, Start: start, End: b.Len()})
				default:
					b.WriteString(words[rng.IntN(len(words))])
				}
			}
			b.WriteString(".")
		}
	}
	first := words[rng.IntN(len(words))]
	title := strings.ToUpper(first[:1]) + first[1:] + " " + words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
	a := &article.Article{
		Schema: article.SchemaArticle, ID: fmt.Sprintf("%016x", rng.Uint64()),
		Source: article.Source{Name: sources[rng.IntN(len(sources))], Kind: article.KindRSS},
		URL:    fmt.Sprintf("https://news.example/%d", i),
		Title:  title, Authors: []string{}, Highlights: []string{}, Text: b.String(), Language: langs[rng.IntN(len(langs))],
		FetchedAt: Base, ContentHash: "h", Tags: tags,
	}
	if rng.IntN(10) > 0 {
		// Some share a time, to test the id tie-break.
		t := Base.Add(-time.Duration(rng.IntN(20*24)) * time.Hour)
		a.PublishedAt = &t
	}
	if rng.IntN(4) == 0 {
		a.StoryID = fmt.Sprintf("story-%d", rng.IntN(8))
	}
	return a
}

// WriteJSONL writes articles to path as the file sink does, one JSON
// document a line.
func WriteJSONL(t testing.TB, path string, as []*article.Article) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, a := range as {
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
