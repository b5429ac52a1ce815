package ner

import (
	"fmt"
	"math/rand/v2"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/ner/perceptron"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// Unknown marks a token whose gold label a partially annotated set does not
// give (Re-DocRED tags only the names that take part in a relation):
// training makes no update there and follows its own guess.
const Unknown Label = 255

// Example is one training document: its text, its tokens and their gold
// labels, Unknown where the set does not say.
type Example struct {
	Text   string
	Tokens []token.Token
	Labels []Label
}

// TrainConfig sets the training run.
type TrainConfig struct {
	// Bits is log2 of the number of feature buckets.
	Bits uint
	// Epochs is how many passes over the examples to make.
	Epochs int
	// Seed fixes the shuffling order, so a run is reproducible.
	Seed uint64
	// TwoPass adds a second, document-aware pass.
	TwoPass bool
}

// Train learns a model from examples with an averaged perceptron and a
// greedy left-to-right decoder. With cfg.TwoPass it also learns a second
// pass that sees the first pass's labels of the whole document; the
// first-pass labels it learns from come from models trained on the other
// half of the examples (two-fold jackknife), so the second pass learns how
// far to trust a first pass on unseen text. progress, if not nil, is
// called after each epoch with the share of tokens mis-labelled during it.
func Train(examples []Example, g *gazetteer.Gazetteer, clusters map[uint64]uint16, cfg TrainConfig, progress func(stage string, epoch int, errRate float64)) (*Model, error) {
	if cfg.Epochs < 1 {
		return nil, fmt.Errorf("train: %d epochs, want at least 1", cfg.Epochs)
	}
	for i, ex := range examples {
		if len(ex.Tokens) != len(ex.Labels) {
			return nil, fmt.Errorf("train: example %d has %d tokens and %d labels", i, len(ex.Tokens), len(ex.Labels))
		}
	}
	cl := clusterTable(clusters)
	f := newFeaturizer(g, cl)
	first, err := trainStage("first", f, examples, nil, cfg, progress)
	if err != nil {
		return nil, err
	}
	m := &Model{weights: first, clusters: cl, cases: caseTable(learnCases(examples))}
	if !cfg.TwoPass {
		return m, nil
	}
	var halves [2][]Example
	for i, ex := range examples {
		halves[i%2] = append(halves[i%2], ex)
	}
	var jack [2]*perceptron.Model
	for h := range halves {
		if jack[h], err = trainStage(fmt.Sprintf("fold%d", h), f, halves[h], nil, cfg, progress); err != nil {
			return nil, err
		}
	}
	labels := make([][]Label, len(examples))
	d := &doc{}
	for i, ex := range examples {
		d.text, d.toks = ex.Text, ex.Tokens
		f.prepare(d)
		decode(f, jack[1-i%2], nil, d, false)
		labels[i] = append([]Label(nil), d.labels...)
	}
	if m.second, err = trainStage("second", f, examples, labels, cfg, progress); err != nil {
		return nil, err
	}
	return m, nil
}

// trainStage trains one pass; first, when not nil, holds each example's
// first-pass labels for the document-level features.
func trainStage(name string, f *featurizer, examples []Example, first [][]Label, cfg TrainConfig, progress func(string, int, float64)) (*perceptron.Model, error) {
	tr, err := perceptron.NewTrainer(cfg.Bits, NumLabels)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed))
	d := &doc{}
	scores := make([]float32, NumLabels)
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		wrong, total := 0, 0
		for _, idx := range order {
			ex := examples[idx]
			d.text, d.toks = ex.Text, ex.Tokens
			f.prepare(d)
			if first != nil {
				d.nonlocal(first[idx])
			}
			prev, prev2 := start, start
			for i := range d.toks {
				if d.flags[i]&flagSentence != 0 {
					prev, prev2 = start, start
				}
				tr.Tick()
				clear(scores)
				st := d.static
				f.static(d, i, st)
				dyn := d.dynamic(i, prev, prev2)
				if first != nil {
					dyn = append(dyn, d.nl[i*numNonlocal:(i+1)*numNonlocal]...)
					d.dyn = dyn
				}
				tr.Model().Add(st, scores)
				tr.Model().Add(dyn, scores)
				guess := argmax(scores, prev)
				gold := ex.Labels[i]
				total++
				if gold == Unknown {
					prev2, prev = prev, guess
					continue
				}
				if guess != gold {
					wrong++
					tr.Update(st, int(gold), int(guess))
					tr.Update(dyn, int(gold), int(guess))
				}
				// Follow the gold history so the history features learn the
				// transitions; a guessed I after a wrong B would otherwise
				// teach nonsense.
				prev2, prev = prev, gold
			}
		}
		if progress != nil && total > 0 {
			progress(name, epoch, float64(wrong)/float64(total))
		}
	}
	return tr.Average(), nil
}

// argmax returns the best-scoring label that may follow prev.
func argmax(scores []float32, prev Label) Label {
	best := O
	for l := Label(1); l < numLabels; l++ {
		if scores[l] > scores[best] && allowed(prev, l) {
			best = l
		}
	}
	return best
}
