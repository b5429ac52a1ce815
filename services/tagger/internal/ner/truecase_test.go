package ner

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

func TestLearnCases(t *testing.T) {
	text := "The firm said Goldman Sachs and the ECB met.\nAnalysts said Goldman Sachs and the ECB agreed; the firm said shares rose."
	ex := Example{Text: text, Tokens: token.Split(text, nil)}
	ex.Labels = make([]Label, len(ex.Tokens))
	cases := learnCases([]Example{ex})
	for w, want := range map[string]uint8{"goldman": formTitle, "sachs": formTitle, "ecb": formUpper, "said": formLower, "the": formLower, "analysts": 0, "shares": 0} {
		if got := cases[token.Fold(w)]; got != want {
			t.Errorf("case of %q = %d, want %d", w, got, want)
		}
	}
}

func TestTruecase(t *testing.T) {
	tg := &Tagger{model: &Model{cases: map[uint64]uint8{}}}
	for w, f := range map[string]uint8{"goldman": formTitle, "sachs": formTitle, "fed": formUpper, "to": formLower, "cut": formLower,
		"jobs": formLower, "holds": formLower, "rates": formLower, "in": formLower, "said": formLower, "shares": formLower,
		"profit": formLower, "beats": formLower, "estimates": formLower, "trading": formLower, "tokyo": formTitle} {
		tg.model.cases[token.Fold(w)] = f
	}
	tests := []struct{ in, want string }{
		{"GOLDMAN SACHS TO CUT 3,000 JOBS IN LONDON", "Goldman Sachs to cut 3,000 jobs in London"},
		{"goldman sachs said shares rose in zurich.", "Goldman Sachs said shares rose in zurich."},
		{"FED HOLDS RATES. The Fed said so.", "FED holds rates. The Fed said so."},
		// Sentences with their case are left alone, and so are short ones.
		{"Goldman Sachs said the FED and apple rose.", "Goldman Sachs said the FED and apple rose."},
		{"FED HOLDS", "FED HOLDS"},
		{"shares of volkswagen fell — 5%", "Shares of volkswagen fell — 5%"},
		// Headline case: capitalised common words go back to small letters.
		{"Goldman Sachs Profit Beats Estimates as Trading Rises", "Goldman Sachs profit beats estimates as trading Rises"},
		// Names alone, or prose, are no headline.
		{"Tokyo, Osaka, Nagoya and Kyoto Voted", "Tokyo, Osaka, Nagoya and Kyoto Voted"},
		{"Goldman Sachs Profit beats estimates.", "Goldman Sachs Profit beats estimates."},
		// Small letters in a text with capitals are a fragment, left alone.
		{"It rose... goldman sachs said shares rose.", "It rose... goldman sachs said shares rose."},
	}
	for _, tt := range tests {
		got, _ := tg.truecase(tt.in, token.Split(tt.in, nil), nil)
		if got != tt.want {
			t.Errorf("truecase(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) != len(tt.in) {
			t.Errorf("truecase(%q) changed the length", tt.in)
		}
	}
}

// TestModelRoundTrip checks that a trained model with a second pass and a
// case table reads back with both, and one without them still reads.
func TestModelRoundTrip(t *testing.T) {
	text := "Goldman Sachs said the ECB met.\nAnalysts said Goldman Sachs and the ECB agreed."
	ex := Example{Text: text, Tokens: token.Split(text, nil)}
	ex.Labels = make([]Label, len(ex.Tokens))
	ex.Labels[0], ex.Labels[1] = BOrg, IOrg
	g := newTagger(t).gaz
	for _, twoPass := range []bool{true, false} {
		m, err := Train([]Example{ex, ex}, g, map[uint64]uint16{}, TrainConfig{Bits: 10, Epochs: 1, Seed: 1, TwoPass: twoPass}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, mm := range []*Model{m, {weights: m.weights, clusters: m.clusters, second: m.second}} {
			var b bytes.Buffer
			if _, err := mm.WriteTo(&b); err != nil {
				t.Fatal(err)
			}
			got, err := ReadModel(&b)
			if err != nil {
				t.Fatalf("ReadModel: %v", err)
			}
			if (got.second == nil) != (mm.second == nil) {
				t.Errorf("second pass read back = %v, want %v", got.second != nil, mm.second != nil)
			}
			if !cmp.Equal(mm.cases, got.cases, cmpopts.EquateEmpty()) {
				t.Errorf("case table read back = %v, want %v", got.cases, mm.cases)
			}
		}
	}
}
