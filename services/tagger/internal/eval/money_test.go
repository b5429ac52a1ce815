package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/newswire/newswire/pkg/score"
)

func TestMoneyMissingFile(t *testing.T) {
	dir := t.TempDir()
	for name, run := range map[string]func(string) ([]score.Result, error){"Money": Money, "Figures": Figures} {
		_, err := run(dir)
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, MoneyCorpus)) {
			t.Errorf("%s(empty dir) error = %v, want one naming %s", name, err, MoneyCorpus)
		}
	}
}

// tinyCorpus has right and wrong cases for every scorer, so the scorers
// themselves are tested without the shared corpora.
const tinyCorpus = `{"id":"c1","suite":"recognizers","kind":"money","tier":"core","mode":"spans","source":"Specs/NumberWithUnit/English/CurrencyModel.json","input":"it cost $ 5 million .","expect":[{"text":"$ 5 million","start_byte":8,"end_byte":19,"value":5000000,"currency":null,"currency_raw":"Dollar"}]}
{"id":"c2","suite":"recognizers","kind":"money","tier":"core","mode":"spans","source":"Specs/NumberWithUnit/English/CurrencyModel.json","input":"down 34 cents","expect":[{"text":"34 cents","start_byte":5,"end_byte":13,"value":34,"currency":null,"currency_raw":"Cent","minor_unit":true}]}
{"id":"c3","suite":"recognizers","kind":"money","tier":"core","mode":"spans","source":"Specs/NumberWithUnit/English/CurrencyModel.json","input":"it cost $ 5 million .","expect":[{"text":"$ 5","start_byte":8,"end_byte":11,"value":5,"currency":null,"currency_raw":"Dollar"}]}
{"id":"d1","suite":"duckling","kind":"money","tier":"core","mode":"whole","source":"duckling Duckling/AmountOfMoney/EN/Corpus.hs","input":"EUR 20","expect":[{"text":"EUR 20","start_byte":0,"end_byte":6,"value":20,"currency":"EUR","currency_raw":"EUR"}]}
{"id":"d2","suite":"duckling","kind":"money","tier":"core","mode":"whole","source":"duckling Duckling/AmountOfMoney/EN/Corpus.hs","input":"EUR 20","expect":[{"text":"EUR 20","start_byte":0,"end_byte":6,"value":20,"currency":"GBP","currency_raw":"GBP"}]}
{"id":"n1","suite":"recognizers","kind":"number","tier":"core","mode":"spans","source":"Recognizers-Text Specs/Number/English/NumberModel.json","input":"one hundred and six","expect":[{"text":"one hundred and six","start_byte":0,"end_byte":19,"value":106}]}
{"id":"n2","suite":"recognizers","kind":"number","tier":"core","mode":"spans","source":"Recognizers-Text Specs/Number/English/NumberModel.json","input":"one hundred and six","expect":[{"text":"one hundred","start_byte":0,"end_byte":11,"value":100}]}
{"id":"p1","suite":"recognizers","kind":"percent","tier":"core","mode":"spans","source":"Recognizers-Text Specs/Number/English/PercentModel.json","input":"up 30 percent","expect":[{"text":"30 percent","start_byte":3,"end_byte":13,"value":30}]}
{"id":"q1","suite":"quantulum3","kind":"quantity","tier":"core","mode":"spans","source":"quantulum3 quantulum3/_lang/en_US/tests/quantities.json","input":"They were given between 44 and 50 mg ethanol.","expect":[{"text":"between 44 and 50 mg","start_byte":16,"end_byte":36,"value":47,"unit":"milligram","uncertainty":3}]}
{"id":"q2","suite":"quantulum3","kind":"quantity","tier":"core","mode":"spans","source":"quantulum3 quantulum3/_lang/en_US/tests/quantities.json","input":"In 1979 it rained.","expect":[]}
{"id":"q3","suite":"quantulum3","kind":"quantity","tier":"core","mode":"spans","source":"quantulum3 quantulum3/_lang/en_US/tests/quantities.json","input":"50 cars were sold for 3 dollars","expect":[{"text":"50","start_byte":0,"end_byte":2,"value":50,"unit":"dimensionless"}]}
`

func writeTiny(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, MoneyCorpus)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(tinyCorpus), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestScorersOnTinyCorpus(t *testing.T) {
	dir := writeTiny(t)
	money, err := Money(dir)
	if err != nil {
		t.Fatalf("Money(tiny) error: %v", err)
	}
	figures, err := Figures(dir)
	if err != nil {
		t.Fatalf("Figures(tiny) error: %v", err)
	}
	type row struct {
		Suite string
		Value float64
		Cases int
	}
	var got []row
	for _, r := range append(money, figures...) {
		if r.Cases > 0 {
			got = append(got, row{r.Suite, r.Value, r.Cases})
		}
	}
	want := []row{
		{"recognizers currency core", 2.0 / 3, 3}, // c3 has the wrong span
		{"duckling money core", 0.5, 2},           // d2 has the wrong currency
		{"recognizers number core", 0.5, 2},       // n2 splits the number
		{"recognizers percent core", 1, 1},
		{"quantulum3 core", 2.0 / 3, 3}, // q3 tags "3 dollars", which is not expected
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("scores on the tiny corpus (-want +got):\n%s", diff)
	}
}
