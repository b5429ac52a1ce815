package ner

import (
	"bytes"
	"strings"
	"testing"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
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
	cases := map[uint64]uint8{}
	for w, f := range map[string]uint8{"goldman": formTitle, "sachs": formTitle, "fed": formUpper, "to": formLower, "cut": formLower,
		"jobs": formLower, "holds": formLower, "rates": formLower, "in": formLower, "said": formLower, "shares": formLower,
		"profit": formLower, "beats": formLower, "estimates": formLower, "trading": formLower, "tokyo": formTitle,
		"tops": formLower, "market": formLower, "value": formLower, "rose": formLower, "of": formLower, "fell": formLower} {
		cases[token.Fold(w)] = f
	}
	tg := &Tagger{model: &Model{cases: caseTable(cases)}}
	tests := []struct{ in, want string }{
		{"GOLDMAN SACHS TO CUT 3,000 JOBS IN LONDON", "Goldman Sachs to cut 3,000 jobs in London"},
		// In small letters, a word the table does not know takes a capital:
		// more often a name than not.
		{"goldman sachs said shares rose in zurich.", "Goldman Sachs said shares rose in Zurich."},
		{"jamie dimon said shares rose.", "Jamie Dimon said shares rose."},
		// One with no vowel reads as an acronym.
		{"the rrdc said shares rose.", "The RRDC said shares rose."},
		{"FED HOLDS RATES. The Fed said so.", "FED holds rates. The Fed said so."},
		// Sentences with their case are left alone, and so are short ones.
		{"Goldman Sachs said the FED and apple rose.", "Goldman Sachs said the FED and apple rose."},
		{"FED HOLDS", "FED HOLDS"},
		// A ticker or acronym in brackets keeps its capitals.
		{"NVIDIA (NVDA) TOPS MARKET VALUE", "Nvidia (NVDA) tops market value"},
		{"shares of volkswagen fell — 5%", "Shares of Volkswagen fell — 5%"},
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
			if !bytes.Equal(mm.cases.raw, got.cases.raw) || !bytes.Equal(mm.clusters.raw, got.clusters.raw) {
				t.Errorf("case table read back = %d records, want %d; clusters %d, want %d", got.cases.len(), mm.cases.len(), got.clusters.len(), mm.clusters.len())
			}
		}
	}
}

// TestTruecaseListedNames checks that a sentence that lost its case keeps
// the capitals of the names the gazetteer lists, common words or not, and
// that short ones stay acronyms; a small city and the small words inside a
// name are read as the case table says.
func TestTruecaseListedNames(t *testing.T) {
	list := "company\tticker:NYSE:SHEL\t1\tShell PLC\tShell PLC|Shell\n" +
		"org\torg:european-central-bank\t0\tEuropean Central Bank\tEuropean Central Bank|ECB\n" +
		"org\torg:bank-of-england\t0\tBank of England\tBank of England|BoE\n" +
		"city\tgeonames:1\t1\tProfit\tProfit\n" +
		"city\tgeonames:2643743\t3\tLondon\tLondon|The City\n" +
		"org\torg:islamic-state\t0\tIslamic State\tIslamic State|IS\n"
	g, err := gazetteer.Read(strings.NewReader(list))
	if err != nil {
		t.Fatal(err)
	}
	// "shell" is not in the table: the real one finds it written both ways.
	cases := map[uint64]uint8{token.Fold("ecb"): formUpper}
	for _, w := range []string{"profit", "beats", "forecasts", "of", "raises", "rates", "bank", "cuts", "strong", "the", "city", "is", "calm", "and", "said", "at"} {
		cases[token.Fold(w)] = formLower
	}
	tg := &Tagger{model: &Model{cases: caseTable(cases)}, gaz: g}
	tests := []struct{ in, want string }{
		{"SHELL PROFIT BEATS FORECASTS", "Shell profit beats forecasts"},
		{"ECB RAISES RATES", "ECB raises rates"},
		{"BANK OF ENGLAND CUTS RATES", "Bank of England cuts rates"},
		// Headline case keeps a listed name's capital.
		{"Strong Profit Beats Shell Forecasts", "Strong profit beats Shell forecasts"},
		// A listed name made only of words written in small letters is
		// read as those words.
		{"THE CITY IS CALM", "The city is calm"},
		{"LONDON IS CALM", "London is calm"},
		// Small letters: a listed name takes its capital; a short one
		// only when the table writes it in capitals ("ECB", not "is").
		{"profit is calm at shell and the ecb said", "Profit is calm at Shell and the ECB said"},
	}
	for _, tt := range tests {
		got, _ := tg.truecase(tt.in, token.Split(tt.in, nil), nil)
		if got != tt.want {
			t.Errorf("truecase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLearnCasePairs: a pair written in capitals together keeps them in a
// sentence that lost its case, though one of its words is mostly written
// in small letters.
func TestLearnCasePairs(t *testing.T) {
	text := "He said the Supreme Court ruled.\nShe said the Supreme Court met.\nThey said the Supreme Court sat.\n" +
		"He said a court sat.\nShe said a court met.\nThey said the supreme effort won.\nHe said it sat."
	ex := Example{Text: text, Tokens: token.Split(text, nil)}
	ex.Labels = make([]Label, len(ex.Tokens))
	cases := learnCases([]Example{ex})
	if got := cases[token.Fold("court")]; got == formTitle {
		t.Fatalf("court alone learnt in capitals; the test needs it mostly small")
	}
	if got := cases[pairKey(token.Fold("supreme"), token.Fold("court"))]; got != formTitle {
		t.Fatalf("pair supreme court = %d, want %d", got, formTitle)
	}
	tg := &Tagger{model: &Model{cases: caseTable(cases)}}
	in := "THE SUPREME COURT SAT"
	if got, _ := tg.truecase(in, token.Split(in, nil), nil); got != "The Supreme Court sat" {
		t.Errorf("truecase(%q) = %q, want %q", in, got, "The Supreme Court sat")
	}
}
