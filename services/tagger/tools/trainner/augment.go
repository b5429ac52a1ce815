package main

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/ner"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// augmentation sets how the trainer makes extra examples from the
// training sets: mention replacement (a gold mention is swapped for
// another name of its type from the shipped lists or the training data,
// so the model learns to trust the lists' features in context and meets
// many more names) and headline case (a sentence in capitals, as feeds
// write headlines). Both keep every label exact.
type augmentation struct {
	// share is the share of documents copied with changes.
	share float64
	// replace is the chance that a mention in a copied document is swapped.
	replace float64
	// caps is the chance that a sentence of a copied document is put in capitals.
	caps float64
}

// namePools lists replacement names per entity type, sorted, so a run is
// reproducible.
type namePools map[string][]string

// buildPools takes ORG names from the listed companies, parties, clubs,
// universities and international bodies, LOC names from the countries,
// regions and cities of 100,000 people or more, and PERSON names from the
// listed people and the multi-word PERSON mentions of the training data.
func buildPools(list []byte, examples []ner.Example) namePools {
	pools := namePools{}
	sc := bufio.NewScanner(bytes.NewReader(list))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			continue
		}
		var typ string
		switch f[0] {
		case "company", "party", "club", "university", "org":
			typ = article.EntityOrg
		case "country", "region":
			typ = article.EntityLoc
		case "city":
			if f[2] >= "2" {
				typ = article.EntityLoc
			}
		case "person":
			typ = article.EntityPerson
		}
		if typ == "" {
			continue
		}
		for _, n := range strings.Split(f[4], "|") {
			// Capitalised names only: an alias in capitals ("UN") is kept,
			// but not the odd lower-case form.
			if n != "" && n[0] >= 'A' && n[0] <= 'Z' {
				pools[typ] = append(pools[typ], n)
			}
		}
	}
	per := article.EntityPerson
	for _, ex := range examples {
		for i := 0; i < len(ex.Labels); i++ {
			if ex.Labels[i].Type() != per || !ex.Labels[i].IsBegin() {
				continue
			}
			j := i + 1
			for j < len(ex.Labels) && ex.Labels[j] == ex.Labels[i].Inside() {
				j++
			}
			if j-i >= 2 {
				pools[per] = append(pools[per], ex.Text[ex.Tokens[i].Start:ex.Tokens[j-1].End])
			}
			i = j - 1
		}
	}
	for t, p := range pools {
		slices.Sort(p)
		pools[t] = slices.Compact(p)
	}
	return pools
}

// augment returns changed copies of a share of the examples.
func augment(examples []ner.Example, pools namePools, a augmentation, seed uint64) []ner.Example {
	rng := rand.New(rand.NewPCG(seed, seed^0xa11a))
	var out []ner.Example
	var toks []token.Token
	for _, ex := range examples {
		if rng.Float64() >= a.share {
			continue
		}
		var (
			b      strings.Builder
			nt     []token.Token
			labels []ner.Label
			caps   bool
			end    int
		)
		put := func(w string, l ner.Label) {
			if caps {
				w = strings.ToUpper(w)
			}
			nt = append(nt, token.Token{Start: b.Len(), End: b.Len() + len(w)})
			b.WriteString(w)
			labels = append(labels, l)
		}
		for i := 0; i < len(ex.Tokens); i++ {
			gap := ex.Text[end:ex.Tokens[i].Start]
			if i == 0 || strings.Contains(gap, "\n") {
				caps = rng.Float64() < a.caps
			}
			b.WriteString(gap)
			end = ex.Tokens[i].End
			l := ex.Labels[i]
			pool := pools[l.Type()]
			if !l.IsBegin() || len(pool) == 0 || rng.Float64() >= a.replace {
				put(ex.Text[ex.Tokens[i].Start:ex.Tokens[i].End], l)
				continue
			}
			j := i + 1
			for j < len(ex.Tokens) && ex.Labels[j] == l.Inside() && !strings.Contains(ex.Text[ex.Tokens[j-1].End:ex.Tokens[j].Start], "\n") {
				j++
			}
			name := pool[rng.IntN(len(pool))]
			toks = token.Split(name, toks[:0])
			for k, t := range toks {
				if k > 0 {
					b.WriteString(name[toks[k-1].End:t.Start])
				}
				if k == 0 {
					put(name[t.Start:t.End], l)
				} else {
					put(name[t.Start:t.End], l.Inside())
				}
			}
			end = ex.Tokens[j-1].End
			i = j - 1
		}
		out = append(out, ner.Example{Text: b.String(), Tokens: nt, Labels: labels})
	}
	return out
}
