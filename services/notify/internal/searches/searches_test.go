package searches

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query"
)

func record(t testing.TB, name, q string) []byte {
	b, err := json.Marshal(alert.Search{Schema: alert.SchemaSearch, ID: "id" + name, Name: name, Query: q, NATS: true})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCompile(t *testing.T) {
	recs := map[string][]byte{
		"rr":     record(t, "rr", `entity:"Rolls-Royce" money>=100m`),
		"jobs":   record(t, "jobs", `jobs OR layoffs`),
		"recent": record(t, "recent", `engine published:>=now-7d`),
		"bad":    record(t, "bad", `(engine`),
		"broken": []byte(`{`),
		"other":  record(t, "misnamed", `x`),
	}
	c := Compile(recs, time.Now())
	if c.Len() != 3 || len(c.Invalid) != 3 || !c.Relative {
		t.Fatalf("Compile: %d usable, invalid %v, relative %v", c.Len(), c.Invalid, c.Relative)
	}
	now := time.Now()
	a := &article.Article{ID: "a", Title: "Rolls-Royce to cut jobs", Text: "The engine maker said 2,000 jobs go.", PublishedAt: &now,
		Tags: &article.Tags{
			Entities: []article.Entity{{Type: "ORG", Canonical: "Rolls-Royce"}},
			Money:    []article.Money{{Currency: "GBP", Amount: ptr(150e6)}},
		}}
	var got []string
	for _, s := range c.Match(query.NewDoc(a)) {
		got = append(got, s.Name)
	}
	if fmt.Sprint(got) != "[jobs recent rr]" {
		t.Errorf("Match = %v, want [jobs recent rr]", got)
	}
	if c.ByName("jobs") == nil || c.ByName("bad") != nil {
		t.Errorf("ByName")
	}
}

func ptr(f float64) *float64 { return &f }
