package ner
import "github.com/newswire/newswire/services/tagger/internal/ner/token"
func tokSplit(s string) []token.Token { return token.Split(s, nil) }
func rawLabels(t *Tagger, d *doc) []string { t.feat.prepare(d); t.decode(d); var o []string; for i, l := range d.labels { o = append(o, d.word(i)+"/"+l.String()) }; return o }
