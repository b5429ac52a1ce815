package main

import (
	"math"
	"sort"

	"github.com/newswire/newswire/services/tagger/internal/ner"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// clusterWords groups words by the company they keep: each word of at
// least minCount occurrences is described by the words seen just before
// and just after it (among the contextDims most frequent), and spherical
// k-means puts words with similar neighbours in one cluster. Clusters
// carry what the labelled text teaches about a frequent word to rarer
// words used alike ("Tuesday" -> "Thursday", "Paris" -> "Nairobi").
// Deterministic: no randomness, fixed iteration order.
func clusterWords(examples []ner.Example, k, contextDims, minCount, iters int) map[uint64]uint16 {
	count := map[uint64]int{}
	var seqs [][]uint64
	for _, ex := range examples {
		seq := make([]uint64, len(ex.Tokens))
		for i, t := range ex.Tokens {
			seq[i] = token.Fold(ex.Text[t.Start:t.End])
			count[seq[i]]++
		}
		seqs = append(seqs, seq)
	}
	words := make([]uint64, 0, len(count))
	for w, c := range count {
		if c >= minCount {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return words[i] < words[j]
	})
	ctxIndex := map[uint64]int{}
	for i := 0; i < contextDims && i < len(words); i++ {
		ctxIndex[words[i]] = i
	}
	wordIndex := make(map[uint64]int, len(words))
	for i, w := range words {
		wordIndex[w] = i
	}
	vecs := make([]map[int]float64, len(words))
	for i := range vecs {
		vecs[i] = map[int]float64{}
	}
	for _, seq := range seqs {
		for i, w := range seq {
			wi, ok := wordIndex[w]
			if !ok {
				continue
			}
			if i > 0 {
				if c, ok := ctxIndex[seq[i-1]]; ok {
					vecs[wi][c]++
				}
			}
			if i+1 < len(seq) {
				if c, ok := ctxIndex[seq[i+1]]; ok {
					vecs[wi][contextDims+c]++
				}
			}
		}
	}
	type sparse struct {
		idx []int
		val []float64
	}
	sv := make([]sparse, len(words))
	for i, v := range vecs {
		idx := make([]int, 0, len(v))
		for c := range v {
			idx = append(idx, c)
		}
		sort.Ints(idx)
		val := make([]float64, len(idx))
		var norm float64
		for j, c := range idx {
			val[j] = math.Log1p(v[c])
			norm += val[j] * val[j]
		}
		norm = math.Sqrt(norm)
		for j := range val {
			if norm > 0 {
				val[j] /= norm
			}
		}
		sv[i] = sparse{idx, val}
	}
	dims := 2 * contextDims
	k = min(k, len(words))
	cent := make([][]float64, k)
	// Seed centroids with words spread evenly over the frequency ranking.
	for c := range cent {
		cent[c] = make([]float64, dims)
		s := sv[c*len(words)/k]
		for j, d := range s.idx {
			cent[c][d] = s.val[j]
		}
	}
	assign := make([]int, len(words))
	for it := 0; it < iters; it++ {
		for i, s := range sv {
			best, bestSim := 0, -1.0
			for c := range cent {
				var sim float64
				for j, d := range s.idx {
					sim += s.val[j] * cent[c][d]
				}
				if sim > bestSim {
					best, bestSim = c, sim
				}
			}
			assign[i] = best
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, s := range sv {
			for j, d := range s.idx {
				cent[assign[i]][d] += s.val[j]
			}
		}
		for c := range cent {
			var norm float64
			for _, v := range cent[c] {
				norm += v * v
			}
			if norm = math.Sqrt(norm); norm > 0 {
				for d := range cent[c] {
					cent[c][d] /= norm
				}
			}
		}
	}
	out := make(map[uint64]uint16, len(words))
	for i, w := range words {
		out[w] = uint16(assign[i] + 1)
	}
	return out
}
