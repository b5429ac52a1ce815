package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/tagger/internal/ner"
)

// NER evaluation files, relative to the corpora directory.
const (
	nerWorldwide = "ner/eval/worldwide.jsonl"
	nerPUDNews   = "ner/train/uner-en-pud/uner-en-pud-news.bio"
)

// Entity targets: mention F1 per type and overall on WorldWide, exact-span
// F1 on the UNER PUD news half, and mention F1 on the business and markets
// suite. A key "all" is the overall row; a type with no key has no target.
// They are floors just under what the shipped model reaches, so a change
// that loses entity quality fails make eval. Issue #12's goals are
// WorldWide 0.82 overall, ORG 0.72, PERSON 0.88, LOC 0.84, PUD 0.75 and
// business 0.92, all met; ORG's and PERSON's floors are their goals, the
// others sit just under what the tagger reaches and move up with it. PUD's
// floor is its goal: with 399 mentions it moves by up to 0.007 between
// training seeds alone.
var (
	worldwideTargets = map[string]float64{"all": 0.825, article.EntityOrg: 0.72, article.EntityPerson: 0.88, article.EntityLoc: 0.85}
	pudTargets       = map[string]float64{"all": 0.75}
	businessTargets  = map[string]float64{"all": 0.92}
)

var nerTypes = []string{article.EntityPerson, article.EntityOrg, article.EntityLoc, article.EntityNORP}

// entityTagger is what the scorers need of the named-entity tagger.
type entityTagger interface {
	Tag(text string) []article.Entity
}

// Entities measures the named-entity tagger.
//
// On the WorldWide newswire set (ner/eval/worldwide.jsonl) each article is
// tagged whole and compared, per article, as a MULTISET of mentions: a
// mention is a (type, text) pair with all white space removed from the
// text, and each gold mention can be matched by at most one predicted
// mention of the same type and text (true positives per pair are the
// smaller of the two counts). Multiset matching rewards finding every
// repeat of a name, as the file lists every occurrence. Precision, recall
// and F1 are micro-averaged per type and overall.
//
// On the news half of UNER English-PUD (a set kept out of training) it
// reports exact-span F1 for PERSON/ORG/LOC: a predicted mention counts only
// if its type and byte span equal a gold one; NORP predictions are
// ignored, as that set labels nationalities O.
//
// The business and markets suite (testdata/business.jsonl, written for
// this project and built into the binary) is scored per sentence the way
// WorldWide is.
func Entities(corporaDir string) ([]score.Result, error) {
	t, err := ner.Load()
	if err != nil {
		return nil, err
	}
	ww, err := nerWorldwideScores(t, filepath.Join(corporaDir, nerWorldwide))
	if err != nil {
		return nil, err
	}
	for _, rc := range recased {
		rs, err := nerWorldwideRecased(t, filepath.Join(corporaDir, nerWorldwide), rc.suite, rc.recase, rc.targets)
		if err != nil {
			return nil, err
		}
		ww = append(ww, rs...)
	}
	pud, err := nerPUDScores(t, filepath.Join(corporaDir, nerPUDNews))
	if err != nil {
		return nil, err
	}
	biz, err := businessScores(t)
	if err != nil {
		return nil, err
	}
	return append(append(ww, pud...), biz...), nil
}

type nerCounts struct{ tp, fp, fn int }

func (c nerCounts) prf() (p, r, f float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func newNERCounts(types []string) map[string]*nerCounts {
	byType := make(map[string]*nerCounts, len(types))
	for _, typ := range types {
		byType[typ] = &nerCounts{}
	}
	return byType
}

// nerResults gives precision, recall and F1 per type and overall; targets
// (keyed by type, or "all") go on the F1 rows.
func nerResults(suite string, byType map[string]*nerCounts, types []string, targets map[string]float64) []score.Result {
	var all nerCounts
	var out []score.Result
	add := func(name string, c nerCounts, target float64) {
		p, r, f := c.prf()
		n := c.tp + c.fn
		out = append(out,
			score.Result{Suite: suite + " " + name, Metric: "precision", Value: p, Cases: n},
			score.Result{Suite: suite + " " + name, Metric: "recall", Value: r, Cases: n},
			score.Result{Suite: suite + " " + name, Metric: "F1", Value: f, Cases: n, Target: target},
		)
	}
	for _, typ := range types {
		c := byType[typ]
		all.tp += c.tp
		all.fp += c.fp
		all.fn += c.fn
		add(typ, *c, targets[typ])
	}
	add("all", all, targets["all"])
	return out
}

func nerSquash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// mention is one gold mention of a mention-scored document.
type mention struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// countMentions adds one document's multiset comparison to byType: gold
// and predicted mentions are (type, text without white space) pairs, and
// types not in byType are ignored.
func countMentions(byType map[string]*nerCounts, gold []mention, pred []article.Entity) {
	g := map[[2]string]int{}
	for _, m := range gold {
		g[[2]string{m.Type, nerSquash(m.Text)}]++
	}
	p := map[[2]string]int{}
	for _, e := range pred {
		p[[2]string{e.Type, nerSquash(e.Text)}]++
	}
	for k, ng := range g {
		c := byType[k[0]]
		if c == nil {
			continue
		}
		np := p[k]
		c.tp += min(ng, np)
		c.fn += max(ng-np, 0)
	}
	for k, np := range p {
		if c := byType[k[0]]; c != nil {
			c.fp += max(np-g[k], 0)
		}
	}
}

// recased are WorldWide again as feeds deliver text that has lost its
// case: every article, and every gold mention, in small letters and in
// capitals. The tagger must find names without their capitals; the
// targets are floors under what the shipped tagger reaches.
var recased = []struct {
	suite   string
	recase  func(string) string
	targets map[string]float64
}{
	{"ner worldwide lower-case mentions", strings.ToLower, map[string]float64{"all": 0.695}},
	{"ner worldwide all-caps mentions", strings.ToUpper, map[string]float64{"all": 0.65}},
}

func nerWorldwideScores(t entityTagger, path string) ([]score.Result, error) {
	return nerWorldwideRecased(t, path, "ner worldwide mentions", nil, worldwideTargets)
}

// nerWorldwideRecased scores WorldWide with every text and gold mention
// passed through recase first (none when nil).
func nerWorldwideRecased(t entityTagger, path, suite string, recase func(string) string, targets map[string]float64) ([]score.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner eval: %w", err)
	}
	defer f.Close()
	byType := newNERCounts(nerTypes)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		var doc struct {
			ID       string    `json:"id"`
			Text     string    `json:"text"`
			Mentions []mention `json:"mentions"`
		}
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			return nil, fmt.Errorf("parse %s line %d: %w", path, line, err)
		}
		if recase != nil {
			doc.Text = recase(doc.Text)
			for i := range doc.Mentions {
				doc.Mentions[i].Text = recase(doc.Mentions[i].Text)
			}
		}
		countMentions(byType, doc.Mentions, t.Tag(doc.Text))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("ner eval: %s is empty", path)
	}
	return nerResults(suite, byType, nerTypes, targets), nil
}

type nerSpan struct {
	typ        string
	start, end int
}

// nerPUDScores tags each document of a BIO file, rebuilt as text with tokens
// joined by spaces and sentences by newlines, and scores exact spans.
func nerPUDScores(t entityTagger, path string) ([]score.Result, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ner eval: %w", err)
	}
	types := []string{article.EntityPerson, article.EntityOrg, article.EntityLoc}
	byType := newNERCounts(types)
	var (
		b     strings.Builder
		gold  []nerSpan
		open  = -1
		otyp  string
		newSt = true
	)
	closeSpan := func() {
		if open >= 0 {
			gold = append(gold, nerSpan{otyp, open, b.Len()})
			open = -1
		}
	}
	score1 := func() {
		closeSpan()
		if b.Len() == 0 {
			return
		}
		want := map[nerSpan]bool{}
		for _, g := range gold {
			want[g] = true
		}
		for _, e := range t.Tag(b.String()) {
			c := byType[e.Type]
			if c == nil {
				continue
			}
			if want[nerSpan{e.Type, e.Start, e.End}] {
				c.tp++
				delete(want, nerSpan{e.Type, e.Start, e.End})
			} else {
				c.fp++
			}
		}
		for g := range want {
			byType[g.typ].fn++
		}
		b.Reset()
		gold = gold[:0]
		newSt = true
	}
	for i, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			closeSpan()
			newSt = true
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("parse %s line %d: want word and tag", path, i+1)
		}
		if f[0] == "-DOCSTART-" {
			score1()
			continue
		}
		tag := f[len(f)-1]
		if tag == "O" || strings.HasPrefix(tag, "B-") || newSt {
			closeSpan()
		}
		if b.Len() > 0 {
			if newSt {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		newSt = false
		if len(tag) > 2 && open < 0 {
			open, otyp = b.Len(), map[string]string{"PER": article.EntityPerson, "ORG": article.EntityOrg, "LOC": article.EntityLoc}[tag[2:]]
			if otyp == "" {
				open = -1
			}
		}
		b.WriteString(f[0])
	}
	score1()
	return nerResults("ner uner-pud-news exact", byType, types, pudTargets), nil
}
