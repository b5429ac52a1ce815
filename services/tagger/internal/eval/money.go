package eval

import (
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/tagger/internal/money"
)

// Targets the money suites must reach (issue 3).
const (
	targetRecognizersCurrency = 0.95
	targetDucklingMoney       = 0.90
)

// Money scores money.Find on the Recognizers-Text currency cases and the
// Duckling amount-of-money cases of corporaDir/money/combined_en.jsonl.
//
// A case is right when every expected amount is found with its exact byte
// span, its value and its currency, and nothing else is tagged. Rules of
// the comparison:
//   - Recognizers gives minor units in minor units ("50 cents" is 50);
//     money gives major units (0.5), so those are compared times 100.
//   - Where the suite leaves the currency open ("Dollar", "$", "Pound") the
//     documented default is expected: USD for a bare dollar or cent, GBP
//     for a pound or penny; a bare "Franc" accepts any code.
//   - Recognizers marks bare mentions of a currency word ("dollar") with no
//     value; money tags amounts only, so those are not expected.
//   - Duckling "whole" cases expect one amount spanning the whole input.
//
// Extended and exotic tiers are reported without targets.
func Money(corporaDir string) ([]score.Result, error) {
	cases, err := LoadCases(corporaDir)
	if err != nil {
		return nil, err
	}
	return moneyResults(cases), nil
}

func moneyResults(cases []Case) []score.Result {
	var out []score.Result
	for _, tier := range []string{"core", "extended"} {
		target := 0.0
		if tier == "core" {
			target = targetRecognizersCurrency
		}
		cs := selectCases(cases, "recognizers", tier, "CurrencyModel")
		right, _ := scoreMoney(cs)
		out = append(out, accuracy("recognizers currency "+tier, right, len(cs), target))
	}
	for _, tier := range []string{"core", "extended"} {
		target := 0.0
		if tier == "core" {
			target = targetDucklingMoney
		}
		var cs []Case
		for _, c := range selectCases(cases, "duckling", tier, "AmountOfMoney") {
			if c.Mode == "whole" {
				cs = append(cs, c)
			}
		}
		right, _ := scoreMoney(cs)
		out = append(out, accuracy("duckling money "+tier, right, len(cs), target))
	}
	return out
}

// scoreMoney returns how many cases are right, and the wrong ones.
func scoreMoney(cases []Case) (int, []string) {
	right := 0
	var wrong []string
	for _, c := range cases {
		got := money.Find(c.Input, money.Options{})
		if moneyCaseRight(c, got) {
			right++
		} else {
			wrong = append(wrong, describeMoney(c, got))
		}
	}
	return right, wrong
}

func moneyCaseRight(c Case, got []article.Money) bool {
	var want []Expect
	for _, e := range c.Expect {
		if e.UnitOnly || e.Value == nil {
			continue
		}
		want = append(want, e)
	}
	if c.Mode == "whole" {
		trimmed := strings.TrimSpace(c.Input)
		start := strings.Index(c.Input, trimmed)
		if len(want) != 1 {
			return false
		}
		want[0].StartByte, want[0].EndByte = start, start+len(trimmed)
	}
	if len(got) != len(want) {
		return false
	}
	for _, e := range want {
		found := false
		for _, g := range got {
			if g.Start == e.StartByte && g.End == e.EndByte && moneyValueRight(e, g) && currencyRight(e, g.Currency) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func moneyValueRight(e Expect, g article.Money) bool {
	if g.Amount == nil {
		return false
	}
	v := *g.Amount
	if e.MinorUnit {
		v *= 100
	}
	return near(v, *e.Value)
}

func currencyRight(e Expect, code string) bool {
	if e.Currency != nil {
		return *e.Currency == code
	}
	switch e.CurrencyRaw {
	case "Dollar", "$", "Cent":
		return code == "USD"
	case "Pound", "£", "Penny", "Pence":
		return code == "GBP"
	case "Euro", "€":
		return code == "EUR"
	}
	return code != ""
}

func describeMoney(c Case, got []article.Money) string {
	var b strings.Builder
	b.WriteString(c.ID + " " + quote(c.Input) + "\n   want:")
	for _, e := range c.Expect {
		b.WriteString(" " + quote(e.Text) + "=" + fmtFloat(e.Value))
		if e.Currency != nil {
			b.WriteString(" " + *e.Currency)
		} else {
			b.WriteString(" (" + e.CurrencyRaw + ")")
		}
	}
	b.WriteString("\n   got: ")
	for _, g := range got {
		b.WriteString(" " + quote(g.Text) + "=" + fmtFloat(g.Amount) + " " + g.Currency)
		if g.Min != nil {
			b.WriteString(" [" + fmtFloat(g.Min) + "," + fmtFloat(g.Max) + "]")
		}
	}
	return b.String()
}
