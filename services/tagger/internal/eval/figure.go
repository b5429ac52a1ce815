package eval

import (
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/tagger/internal/number"
	"github.com/newswire/newswire/services/tagger/internal/tag"
)

// Targets the figure suites must reach (issue 3).
const (
	targetRecognizersNumber  = 0.90
	targetRecognizersPercent = 0.90
	targetQuantulum          = 0.75
)

// Figures scores the figure tagger and the number scanner under it on
// corporaDir/money/combined_en.jsonl:
//   - Recognizers-Text numbers: number.Find must give exactly the expected
//     spans and values (the suite tags every number, so this measures the
//     scanner, not the figure rules that drop years and codes).
//   - Recognizers-Text percentages: the figures tag.Amounts gives (the
//     service's money-then-figures path) with Unit "percent" must be
//     exactly the expected spans and values.
//   - quantulum3 quantities: tag.Amounts' money and figures must find each expected quantity as an item that overlaps its span
//     and has its value (a range's Min and Max must be the expected value
//     minus and plus its uncertainty), and must tag nothing that overlaps
//     no expected quantity. Spans only overlap because quantulum3 spans
//     a unit ("50 mg") where figure spans the counted phrase.
//
// Extended and exotic tiers are reported without targets.
func Figures(corporaDir string) ([]score.Result, error) {
	cases, err := LoadCases(corporaDir)
	if err != nil {
		return nil, err
	}
	return figureResults(cases), nil
}

func figureResults(cases []Case) []score.Result {
	var out []score.Result
	for _, tier := range []string{"core", "extended"} {
		cs := selectCases(cases, "recognizers", tier, "NumberModel.json")
		right, _ := scoreNumbers(cs)
		out = append(out, accuracy("recognizers number "+tier, right, len(cs), tierTarget(tier, targetRecognizersNumber)))
	}
	for _, tier := range []string{"core", "extended"} {
		cs := selectCases(cases, "recognizers", tier, "PercentModel.json")
		right, _ := scorePercents(cs)
		out = append(out, accuracy("recognizers percent "+tier, right, len(cs), tierTarget(tier, targetRecognizersPercent)))
	}
	for _, tier := range []string{"core", "exotic"} {
		cs := selectCases(cases, "quantulum3", tier, "quantulum3")
		right, _ := scoreQuantities(cs)
		out = append(out, accuracy("quantulum3 "+tier, right, len(cs), tierTarget(tier, targetQuantulum)))
	}
	return out
}

func tierTarget(tier string, target float64) float64 {
	if tier == "core" {
		return target
	}
	return 0
}

// found is one tagged item reduced to what the scorers compare.
type found struct {
	start, end int
	text       string
	value      *float64
	min, max   *float64
}

func scoreNumbers(cases []Case) (int, []string) {
	right := 0
	var wrong []string
	for _, c := range cases {
		var got []found
		for _, m := range number.Find(c.Input) {
			v := m.Value
			got = append(got, found{start: m.Start, end: m.End, text: c.Input[m.Start:m.End], value: &v})
		}
		if exactMatch(c.Expect, got) {
			right++
		} else {
			wrong = append(wrong, describeFound(c, got))
		}
	}
	return right, wrong
}

func scorePercents(cases []Case) (int, []string) {
	right := 0
	var wrong []string
	for _, c := range cases {
		var got []found
		for _, f := range tag.Amounts(c.Input, "").Figures {
			if f.Unit == "percent" {
				got = append(got, figureFound(f))
			}
		}
		if exactMatch(c.Expect, got) {
			right++
		} else {
			wrong = append(wrong, describeFound(c, got))
		}
	}
	return right, wrong
}

func figureFound(f article.Figure) found {
	return found{start: f.Start, end: f.End, text: f.Text, value: f.Value, min: f.Min, max: f.Max}
}

// exactMatch reports whether got is exactly the expected spans and values.
func exactMatch(want []Expect, got []found) bool {
	if len(got) != len(want) {
		return false
	}
	for _, e := range want {
		ok := false
		for _, g := range got {
			if g.start == e.StartByte && g.end == e.EndByte && g.value != nil && e.Value != nil && near(*g.value, *e.Value) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func scoreQuantities(cases []Case) (int, []string) {
	right := 0
	var wrong []string
	for _, c := range cases {
		got := tagQuantities(c.Input)
		if overlapMatch(c.Expect, got) {
			right++
		} else {
			wrong = append(wrong, describeFound(c, got))
		}
	}
	return right, wrong
}

// tagQuantities runs money then figures, as the tagger service does.
func tagQuantities(text string) []found {
	var got []found
	tags := tag.Amounts(text, "")
	for _, m := range tags.Money {
		got = append(got, found{start: m.Start, end: m.End, text: m.Text, value: m.Amount, min: m.Min, max: m.Max})
	}
	for _, f := range tags.Figures {
		got = append(got, figureFound(f))
	}
	return got
}

func overlapMatch(want []Expect, got []found) bool {
	used := make([]bool, len(got))
	for _, e := range want {
		ok := false
		for i, g := range got {
			if g.start < e.EndByte && e.StartByte < g.end && valueRight(e, g) {
				ok, used[i] = true, true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for i, g := range got {
		if used[i] {
			continue
		}
		overlaps := false
		for _, e := range want {
			if g.start < e.EndByte && e.StartByte < g.end {
				overlaps = true
			}
		}
		if !overlaps {
			return false
		}
	}
	return true
}

func valueRight(e Expect, g found) bool {
	if e.Value == nil {
		return false
	}
	if e.Uncertainty != nil && *e.Uncertainty != 0 {
		return g.min != nil && g.max != nil && near(*g.min, *e.Value-*e.Uncertainty) && near(*g.max, *e.Value+*e.Uncertainty)
	}
	v := g.value
	if v != nil && minorUnit(e.Unit) {
		// quantulum3 counts pennies; money gives pounds.
		x := *v * 100
		v = &x
	}
	return v != nil && near(*v, *e.Value)
}

func minorUnit(u string) bool {
	switch u {
	case "penny", "pence", "cent":
		return true
	}
	return false
}

func describeFound(c Case, got []found) string {
	var b strings.Builder
	b.WriteString(c.ID + " " + quote(c.Input) + "\n   want:")
	for _, e := range c.Expect {
		b.WriteString(" " + quote(e.Text) + "=" + fmtFloat(e.Value))
		if e.Uncertainty != nil {
			b.WriteString("±" + fmtFloat(e.Uncertainty))
		}
	}
	b.WriteString("\n   got: ")
	for _, g := range got {
		b.WriteString(" " + quote(g.text) + "=" + fmtFloat(g.value))
		if g.min != nil {
			b.WriteString(" [" + fmtFloat(g.min) + "," + fmtFloat(g.max) + "]")
		}
	}
	return b.String()
}
