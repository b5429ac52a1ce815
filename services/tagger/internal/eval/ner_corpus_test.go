//go:build eval

// The named-entity evaluation on the shared corpora. It is a measurement,
// not a unit test, so it is built only with the eval tag:
// `NEWSWIRE_CORPORA=/work/shared/corpora go test -tags eval -run TestEntities -v
// ./internal/eval` (from services/tagger).

package eval

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/tagger/internal/ner"
)

// TestEntities runs Entities on the shared corpora when NEWSWIRE_CORPORA
// names them.
func TestEntities(t *testing.T) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" && os.Getenv("CI") == "true" {
		t.Fatal("NEWSWIRE_CORPORA is not set under CI: make eval sets it to the shared corpora directory")
	}
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory to run the named-entity evaluation")
	}
	rs, err := Entities(dir)
	if err != nil {
		t.Fatalf("Entities(%q) error: %v", dir, err)
	}
	if err := score.WriteTable(os.Stdout, rs); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if !r.Pass() {
			t.Errorf("%s %s = %.3f, below target %.3f", r.Suite, r.Metric, r.Value, r.Target)
		}
	}
}

// TestBusinessDetail reports the business suite's F1 per sentence tag and,
// under -v, each sentence the tagger gets wrong with what it found, to show
// where the misses are; it fails when the suite's overall F1 is below its
// target. It needs no corpora:
// `go test -tags eval -run TestBusinessDetail -v ./services/tagger/internal/eval`.
func TestBusinessDetail(t *testing.T) {
	tg, err := ner.Load()
	if err != nil {
		t.Fatal(err)
	}
	sents, err := parseBusiness(businessSuite)
	if err != nil {
		t.Fatal(err)
	}
	all := newNERCounts(nerTypes)
	byTag := map[string]map[string]*nerCounts{}
	var tags []string
	for _, s := range sents {
		gold := make([]mention, len(s.Mentions))
		for i, m := range s.Mentions {
			gold[i] = m.mention
		}
		pred := tg.Tag(s.Text)
		one := newNERCounts(nerTypes)
		countMentions(one, gold, pred)
		countMentions(all, gold, pred)
		for _, tag := range s.Tags {
			if byTag[tag] == nil {
				byTag[tag] = newNERCounts(nerTypes)
				tags = append(tags, tag)
			}
			countMentions(byTag[tag], gold, pred)
		}
		wrong := 0
		for _, c := range one {
			wrong += c.fp + c.fn
		}
		if wrong > 0 && testing.Verbose() {
			var g, p []string
			for _, m := range gold {
				g = append(g, m.Type+":"+m.Text)
			}
			for _, e := range pred {
				p = append(p, e.Type+":"+e.Text)
			}
			t.Logf("%s %q\n\tgold %v\n\tgot  %v", s.ID, s.Text, g, p)
		}
	}
	sort.Strings(tags)
	var rs []score.Result
	for _, tag := range tags {
		if tag == "no-entity" {
			fp := 0
			for _, c := range byTag[tag] {
				fp += c.fp
			}
			t.Logf("no-entity sentences: %d spurious mentions", fp)
			continue
		}
		r := nerResults(tag, byTag[tag], nerTypes, nil)
		f := r[len(r)-1]
		f.Suite = tag
		rs = append(rs, f)
	}
	var b strings.Builder
	if err := score.WriteTable(&b, rs); err != nil {
		t.Fatal(err)
	}
	t.Log("business suite F1 by sentence tag:\n" + b.String())
	r := nerResults("business suite mentions", all, nerTypes, businessTargets)
	if f := r[len(r)-1]; !f.Pass() {
		t.Errorf("business suite mentions F1 = %.3f, below target %.3f", f.Value, f.Target)
	}
}
