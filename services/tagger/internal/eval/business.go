package eval

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/newswire/newswire/pkg/score"
)

// businessSuite is the business and markets NER suite written for this
// project (testdata/README.md has its format and conventions). It is built
// into the binary, so `tagger eval` scores it wherever it runs.
//
//go:embed testdata/business.jsonl
var businessSuite []byte

// businessSentence is one line of the business and markets suite.
type businessSentence struct {
	ID       string            `json:"id"`
	Tags     []string          `json:"tags"`
	Text     string            `json:"text"`
	Mentions []businessMention `json:"mentions"`
}

// businessMention is a gold mention with its byte span in the sentence.
type businessMention struct {
	mention
	Start int `json:"start"`
	End   int `json:"end"`
}

// parseBusiness reads a suite in the business.jsonl format.
func parseBusiness(data []byte) ([]businessSentence, error) {
	var out []businessSentence
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var s businessSentence
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("parse business suite line %d: %w", line, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read business suite: %w", err)
	}
	return out, nil
}

// businessScores tags each sentence of the business and markets suite and
// scores it as WorldWide is scored: per sentence, a multiset of (type,
// text without white space) mentions, micro-averaged per type and overall.
func businessScores(t entityTagger) ([]score.Result, error) {
	sents, err := parseBusiness(businessSuite)
	if err != nil {
		return nil, err
	}
	if len(sents) == 0 {
		return nil, fmt.Errorf("ner eval: the business suite is empty")
	}
	byType := newNERCounts(nerTypes)
	gold := make([]mention, 0, 8)
	for _, s := range sents {
		gold = gold[:0]
		for _, m := range s.Mentions {
			gold = append(gold, m.mention)
		}
		countMentions(byType, gold, t.Tag(s.Text))
	}
	return nerResults("business suite mentions", byType, nerTypes, businessTargets), nil
}
