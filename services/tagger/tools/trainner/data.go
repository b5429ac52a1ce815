package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/ner"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// set describes one training file and how to read its labels.
type set struct {
	file string
	// noNORP marks sets whose guidelines leave nationalities unlabelled:
	// a capitalised demonym there is labelled NORP from the gazetteer.
	noNORP bool
	// namesOnly drops mentions that do not start with a capital (re3d also
	// labels nominal mentions such as "rebels").
	namesOnly bool
	// docSentences splits documents longer than this many sentences (GMB
	// has no document boundaries), 0 for no limit.
	docSentences int
	// repeat is how many times the set is shown per epoch.
	repeat int
	// demonymLOC marks sets that tag nationality words as places (BTC,
	// Re-DocRED): a LOC that is exactly a listed nationality is NORP.
	demonymLOC bool
	// social marks user-generated text: "#Brexit" loses its "#", and the
	// label of an "@user" handle is Unknown (news never has them).
	social bool
	// partial marks sets that leave many names untagged (Re-DocRED): an
	// untagged capitalised token is Unknown, not O.
	partial bool
	// docred reads the file as DocRED JSON rather than BIO.
	docred bool
}

// sets lists the training files. uner-en-pud-news is a test set and the
// WorldWide newswire set is for evaluation only: neither is here.
var sets = []set{
	{file: "btc-g.conll.gz", social: true, demonymLOC: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "btc-a.conll.gz", social: true, demonymLOC: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "btc-b.conll.gz", social: true, demonymLOC: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "btc-e.conll.gz", social: true, demonymLOC: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "btc-f.conll.gz", social: true, demonymLOC: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "btc-h.conll.gz", social: true, demonymLOC: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "wnut17-train.conll.gz", social: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "wnut17-dev.conll.gz", social: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "wnut17-test.conll.gz", social: true, noNORP: true, docSentences: 20, repeat: 1},
	{file: "redocred-dev.json.gz", docred: true, partial: true, demonymLOC: true, noNORP: true, repeat: 1},
	{file: "redocred-test.json.gz", docred: true, partial: true, demonymLOC: true, noNORP: true, repeat: 1},
	{file: "gmb-kaggle.bio.gz", docSentences: 20, repeat: 1},
	{file: "wikigold.bio.gz", docSentences: 40, repeat: 2},
	{file: "uner-en-ewt-dev.bio.gz", noNORP: true, repeat: 1},
	{file: "uner-en-ewt-test.bio.gz", noNORP: true, repeat: 1},
	{file: "uner-en-ewt-train.prerelease-0c7ce0d.bio.gz", noNORP: true, repeat: 1},
	{file: "gum-wikinews.bio.gz", repeat: 3},
	{file: "gum-other-open.bio.gz", repeat: 1},
	{file: "uner-en-pud-wiki.bio.gz", noNORP: true, repeat: 1},
	{file: "crossner-politics-train.bio.gz", docSentences: 20, repeat: 2},
	{file: "crossner-politics-dev.bio.gz", docSentences: 20, repeat: 2},
	{file: "crossner-politics-test.bio.gz", docSentences: 20, repeat: 2},
	{file: "re3d-open.bio.gz", namesOnly: true, repeat: 1},
}

type stats struct{ tokens, mentions int }

type span struct {
	start, end int
	typ        string // PERSON, ORG, LOC, NORP, MISC
}

// readSet reads a BIO file into documents. Sentences are joined by
// newlines and tokens by spaces, so the tagger's sentence and token
// boundaries match the file's.
func readSet(path string, s set, g *gazetteer.Gazetteer) ([]ner.Example, stats, error) {
	raw, err := readGzip(path)
	if err != nil {
		return nil, stats{}, err
	}
	if s.docred {
		return readDocRED(raw, filepath.Base(path), s, g)
	}
	var (
		exs     []ner.Example
		st      stats
		words   []string
		tags    []string
		sents   [][2]int // token ranges of sentences in the current doc
		lineNo  int
		docName = filepath.Base(path)
	)
	flush := func() error {
		if len(words) == 0 {
			return nil
		}
		ex, n, err := build(words, tags, sents, s, g)
		if err != nil {
			return fmt.Errorf("%s: document ending at line %d: %w", docName, lineNo, err)
		}
		st.tokens += len(words)
		st.mentions += n
		exs = append(exs, ex)
		words, tags, sents = words[:0], tags[:0], sents[:0]
		return nil
	}
	sentStart := 0
	endSentence := func() error {
		if len(words) > sentStart {
			sents = append(sents, [2]int{sentStart, len(words)})
		}
		sentStart = len(words)
		if s.docSentences > 0 && len(sents) >= s.docSentences {
			if err := flush(); err != nil {
				return err
			}
			sentStart = 0
		}
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if err := endSentence(); err != nil {
				return nil, st, err
			}
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			f = strings.Fields(line)
		}
		if len(f) < 2 {
			return nil, st, fmt.Errorf("parse %s line %d: want word and tag", docName, lineNo)
		}
		if f[0] == "" {
			continue // BTC has a few tokens that are empty after cleaning
		}
		if f[0] == "-DOCSTART-" {
			if err := endSentence(); err != nil {
				return nil, st, err
			}
			if err := flush(); err != nil {
				return nil, st, err
			}
			sentStart = 0
			continue
		}
		w, tag := f[0], f[len(f)-1]
		if s.social && len(w) > 1 && w[0] == '#' {
			w = w[1:]
		}
		words = append(words, w)
		tags = append(tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("read %s: %w", docName, err)
	}
	if err := endSentence(); err != nil {
		return nil, st, err
	}
	if err := flush(); err != nil {
		return nil, st, err
	}
	return exs, st, nil
}

// mapType maps a set's entity type to ours; MISC is kept for the demonym
// rule and everything else (DATE, Weapon, ...) is dropped.
func mapType(t string) string {
	switch t {
	case "PER", "Person", "PERSON", "person":
		return article.EntityPerson
	case "ORG", "Organisation", "Organization", "corporation", "group":
		return article.EntityOrg
	case "LOC", "Location", "GPE", "location":
		return article.EntityLoc
	case "NORP", "Nationality":
		return article.EntityNORP
	case "MISC":
		return "MISC"
	}
	return ""
}

func build(words, tags []string, sents [][2]int, s set, g *gazetteer.Gazetteer) (ner.Example, int, error) {
	var b strings.Builder
	toks := make([]token.Token, len(words))
	inSent := 0
	for i, w := range words {
		if i > 0 {
			if inSent < len(sents) && sents[inSent][1] == i {
				b.WriteByte('\n')
				inSent++
			} else {
				b.WriteByte(' ')
			}
		}
		toks[i] = token.Token{Start: b.Len(), End: b.Len() + len(w)}
		b.WriteString(w)
	}
	text := b.String()
	// Spans from BIO; an I without a B of its type starts a span.
	var spans []span
	for i := 0; i < len(tags); i++ {
		t := tags[i]
		if t == "O" || len(t) < 3 || t[1] != '-' {
			continue
		}
		typ := mapType(t[2:])
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+t[2:] && !sentenceStart(sents, j) {
			j++
		}
		if typ != "" {
			spans = append(spans, span{i, j, typ})
		}
		i = j - 1
	}
	labels := make([]ner.Label, len(words))
	covered := make([]bool, len(words))
	n := 0
	for _, sp := range spans {
		typ := sp.typ
		if typ == article.EntityLoc && s.demonymLOC && isNORP(g, text, toks[sp.start:sp.end]) {
			typ = article.EntityNORP
		}
		if typ == "MISC" {
			typ = ""
			if isNORP(g, text, toks[sp.start:sp.end]) {
				typ = article.EntityNORP
			}
		}
		for i := sp.start; i < sp.end; i++ {
			covered[i] = true
		}
		if typ == "" || s.namesOnly && !capitalised(words[sp.start]) {
			continue
		}
		l, ok := ner.Begin(typ)
		if !ok {
			return ner.Example{}, 0, fmt.Errorf("unknown type %q", typ)
		}
		labels[sp.start] = l
		for i := sp.start + 1; i < sp.end; i++ {
			labels[i] = l.Inside()
		}
		n++
	}
	if s.noNORP {
		for i := range words {
			if !covered[i] && capitalised(words[i]) && isNORP(g, text, toks[i:i+1]) {
				labels[i], _ = ner.Begin(article.EntityNORP)
				n++
			}
		}
	}
	for i, w := range words {
		switch {
		case s.social && len(w) > 1 && w[0] == '@':
			labels[i] = ner.Unknown
		case s.partial && !covered[i] && labels[i] == ner.O && capitalised(w):
			labels[i] = ner.Unknown
		}
	}
	return ner.Example{Text: text, Tokens: toks, Labels: labels}, n, nil
}

// readDocRED reads a DocRED JSON file (a list of documents with token
// sentences and entity mentions as token ranges) into examples, through
// the same BIO path as the other sets. Where two mentions overlap, the
// first listed keeps its tokens.
func readDocRED(raw []byte, name string, s set, g *gazetteer.Gazetteer) ([]ner.Example, stats, error) {
	var docs []struct {
		Sents     [][]string `json:"sents"`
		VertexSet [][]struct {
			Type   string `json:"type"`
			SentID int    `json:"sent_id"`
			Pos    [2]int `json:"pos"`
		} `json:"vertexSet"`
	}
	if err := json.Unmarshal(raw, &docs); err != nil {
		return nil, stats{}, fmt.Errorf("parse %s: %w", name, err)
	}
	var (
		exs []ner.Example
		st  stats
	)
	for d, doc := range docs {
		var words, tags []string
		var sents [][2]int
		offset := make([]int, len(doc.Sents))
		for i, sent := range doc.Sents {
			offset[i] = len(words)
			sents = append(sents, [2]int{len(words), len(words) + len(sent)})
			for _, w := range sent {
				words = append(words, w)
				tags = append(tags, "O")
			}
		}
		for _, entity := range doc.VertexSet {
			for _, m := range entity {
				if m.SentID < 0 || m.SentID >= len(doc.Sents) || m.Pos[0] < 0 || m.Pos[1] > len(doc.Sents[m.SentID]) || m.Pos[0] >= m.Pos[1] {
					return nil, st, fmt.Errorf("%s: document %d: mention at sentence %d tokens %v out of range", name, d, m.SentID, m.Pos)
				}
				a, b := offset[m.SentID]+m.Pos[0], offset[m.SentID]+m.Pos[1]
				if slices.ContainsFunc(tags[a:b], func(t string) bool { return t != "O" }) {
					continue
				}
				tags[a] = "B-" + m.Type
				for i := a + 1; i < b; i++ {
					tags[i] = "I-" + m.Type
				}
			}
		}
		ex, n, err := build(words, tags, sents, s, g)
		if err != nil {
			return nil, st, fmt.Errorf("%s: document %d: %w", name, d, err)
		}
		st.tokens += len(words)
		st.mentions += n
		exs = append(exs, ex)
	}
	return exs, st, nil
}

func sentenceStart(sents [][2]int, i int) bool {
	for _, s := range sents {
		if s[0] == i {
			return true
		}
	}
	return false
}

func capitalised(w string) bool {
	for _, r := range w {
		return r >= 'A' && r <= 'Z' || r > 127 && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
	}
	return false
}

// isNORP reports whether the tokens are exactly a listed nationality or group.
func isNORP(g *gazetteer.Gazetteer, text string, toks []token.Token) bool {
	found := false
	if g.Match(text, toks, 0, func(e gazetteer.Entry) {
		if e.Kind.Type() == article.EntityNORP {
			found = true
		}
	}) != len(toks) {
		return false
	}
	return found
}
