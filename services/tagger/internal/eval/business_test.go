package eval

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
)

// businessTags are the tags testdata/README.md documents.
var businessTags = map[string]bool{
	"company-common-word": true, "company-person-name": true, "regulator": true,
	"executive": true, "name-particle": true, "ticker": true, "all-caps": true,
	"title-case": true, "lower-case": true, "nationality": true, "place": true,
	"sports": true, "no-entity": true,
}

// TestBusinessSuiteGold checks the gold of the business suite itself: every
// span is where it says, in order, without overlap or stray white space,
// and the suite covers what issue #12 asks of it.
func TestBusinessSuiteGold(t *testing.T) {
	sents, err := parseBusiness(businessSuite)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) < 170 {
		t.Errorf("business suite has %d sentences, want at least 170", len(sents))
	}
	types := map[string]bool{article.EntityPerson: true, article.EntityOrg: true, article.EntityLoc: true, article.EntityNORP: true}
	seenText := map[string]string{}
	tagCount := map[string]int{}
	for i, s := range sents {
		if want := fmt.Sprintf("biz-%03d", i+1); s.ID != want {
			t.Errorf("sentence %d has id %q, want %q", i+1, s.ID, want)
		}
		if !utf8.ValidString(s.Text) || strings.TrimSpace(s.Text) != s.Text || s.Text == "" {
			t.Errorf("%s: text %q is empty, not UTF-8 or has outer white space", s.ID, s.Text)
		}
		if prev, ok := seenText[s.Text]; ok {
			t.Errorf("%s repeats the text of %s", s.ID, prev)
		}
		seenText[s.Text] = s.ID
		if len(s.Tags) == 0 {
			t.Errorf("%s has no tags", s.ID)
		}
		for _, tag := range s.Tags {
			if !businessTags[tag] {
				t.Errorf("%s has tag %q, not one testdata/README.md documents", s.ID, tag)
			}
			tagCount[tag]++
		}
		if (len(s.Mentions) == 0) != containsTag(s.Tags, "no-entity") {
			t.Errorf("%s: %d mentions with tags %v; a sentence has none exactly when it is tagged no-entity", s.ID, len(s.Mentions), s.Tags)
		}
		end := 0
		for _, m := range s.Mentions {
			if !types[m.Type] {
				t.Errorf("%s: mention %q has type %q", s.ID, m.Text, m.Type)
			}
			if m.Start < end || m.End <= m.Start || m.End > len(s.Text) {
				t.Errorf("%s: mention %q [%d,%d) is out of order, empty or outside the text", s.ID, m.Text, m.Start, m.End)
				continue
			}
			if got := s.Text[m.Start:m.End]; got != m.Text {
				t.Errorf("%s: text[%d:%d] = %q, mention says %q", s.ID, m.Start, m.End, got, m.Text)
			}
			if r, _ := utf8.DecodeRuneInString(m.Text); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Errorf("%s: mention %q does not start with a letter or digit", s.ID, m.Text)
			}
			if r, _ := utf8.DecodeLastRuneInString(m.Text); !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' {
				t.Errorf("%s: mention %q ends in punctuation", s.ID, m.Text)
			}
			// A mention is a whole-word span: the bytes beside it are not
			// letters or digits.
			if r, _ := utf8.DecodeLastRuneInString(s.Text[:m.Start]); m.Start > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				t.Errorf("%s: mention %q starts inside a word", s.ID, m.Text)
			}
			if r, _ := utf8.DecodeRuneInString(s.Text[m.End:]); m.End < len(s.Text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				t.Errorf("%s: mention %q ends inside a word", s.ID, m.Text)
			}
			end = m.End
		}
	}
	for tag := range businessTags {
		if tagCount[tag] < 5 {
			t.Errorf("tag %q is on %d sentences, want at least 5", tag, tagCount[tag])
		}
	}
}

func containsTag(tags []string, tag string) bool {
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}

// goldTagger answers each sentence of the suite with its gold, changed by
// edit.
type goldTagger struct {
	gold map[string][]businessMention
	edit func([]article.Entity) []article.Entity
}

func (g goldTagger) Tag(text string) []article.Entity {
	var out []article.Entity
	for _, m := range g.gold[text] {
		out = append(out, article.Entity{Type: m.Type, Text: m.Text, Start: m.Start, End: m.End})
	}
	return g.edit(out)
}

func TestBusinessScores(t *testing.T) {
	sents, err := parseBusiness(businessSuite)
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string][]businessMention{}
	total := 0
	for _, s := range sents {
		gold[s.Text] = s.Mentions
		total += len(s.Mentions)
	}
	f1 := func(rs []score.Result, suite string) score.Result {
		t.Helper()
		for _, r := range rs {
			if r.Suite == suite && r.Metric == "F1" {
				return r
			}
		}
		t.Fatalf("no F1 row for %q", suite)
		return score.Result{}
	}
	for _, tc := range []struct {
		name string
		edit func([]article.Entity) []article.Entity
		want float64
	}{
		{"gold", func(es []article.Entity) []article.Entity { return es }, 1},
		{"nothing", func([]article.Entity) []article.Entity { return nil }, 0},
		{"every ORG called LOC", func(es []article.Entity) []article.Entity {
			for i := range es {
				if es[i].Type == article.EntityOrg {
					es[i].Type = article.EntityLoc
				}
			}
			return es
		}, -1},
	} {
		rs, err := businessScores(goldTagger{gold, tc.edit})
		if err != nil {
			t.Fatal(err)
		}
		all := f1(rs, "business suite mentions all")
		if all.Cases != total {
			t.Errorf("%s: all row is over %d mentions, want %d", tc.name, all.Cases, total)
		}
		if all.Target != businessTargets["all"] {
			t.Errorf("%s: all row target = %.2f, want %.2f", tc.name, all.Target, businessTargets["all"])
		}
		if tc.want >= 0 && all.Value != tc.want {
			t.Errorf("%s: business F1 = %.3f, want %.3f", tc.name, all.Value, tc.want)
		}
		if tc.want < 0 {
			if org := f1(rs, "business suite mentions ORG"); org.Value != 0 {
				t.Errorf("%s: ORG F1 = %.3f, want 0", tc.name, org.Value)
			}
			if per := f1(rs, "business suite mentions PERSON"); per.Value != 1 {
				t.Errorf("%s: PERSON F1 = %.3f, want 1", tc.name, per.Value)
			}
		}
	}
}

func TestNERResultsTargets(t *testing.T) {
	byType := newNERCounts(nerTypes)
	byType[article.EntityOrg].tp = 7
	byType[article.EntityOrg].fn = 3
	rs := nerResults("s", byType, nerTypes, worldwideTargets)
	want := map[string]float64{
		"s ORG":    worldwideTargets[article.EntityOrg],
		"s PERSON": worldwideTargets[article.EntityPerson],
		"s LOC":    worldwideTargets[article.EntityLoc],
		"s all":    worldwideTargets["all"],
	}
	for _, r := range rs {
		w := 0.0
		if r.Metric == "F1" {
			w = want[r.Suite]
		}
		if r.Target != w {
			t.Errorf("%s %s target = %.2f, want %.2f", r.Suite, r.Metric, r.Target, w)
		}
	}
}
