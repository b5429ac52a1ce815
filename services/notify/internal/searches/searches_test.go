package searches

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"syscall"
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

// savedRecords makes n saved-search records of the kinds a monitoring desk
// keeps: two words, an entity with an amount, a phrase without a word,
// words with a figure (eight units), an id or an entity (500 companies).
func savedRecords(tb testing.TB, n int) map[string][]byte {
	words := []string{"bank", "profit", "engine", "plant", "workers", "strike", "deal", "merger", "election", "minister", "budget", "inflation", "energy", "oil", "court", "police", "hospital", "vaccine", "airline", "jobs", "tariffs", "growth", "housing"}
	for i := range 2000 {
		words = append(words, fmt.Sprintf("term%d", i))
	}
	units := []string{"jobs", "percent", "people", "homes", "tonnes", "flights", "patients", "votes"}
	recs := make(map[string][]byte, n)
	for i := range n {
		w := func(k int) string { return words[(i*7+k*13)%len(words)] }
		var q string
		switch i % 5 {
		case 0:
			q = w(0) + " " + w(1)
		case 1:
			q = fmt.Sprintf(`entity:"Company %d" money>=%dm`, i%500, 1+i%500)
		case 2:
			q = fmt.Sprintf(`"%s %s" -%s`, w(0), w(1), w(2))
		case 3:
			q = fmt.Sprintf(`(%s OR %s) figure:%s>=%d`, w(0), w(1), units[i%len(units)], 100*(1+i%50))
		default:
			q = fmt.Sprintf(`id:ID%d OR entity:"Company %d"`, i%3000, i%500)
		}
		name := fmt.Sprintf("s%05d", i)
		recs[name] = record(tb, name, q)
	}
	return recs
}

// benchArticle is a 600-word tagged article.
func benchArticle() *article.Article {
	text := strings.Repeat("The bank said profit and growth at the engine plant would shape the budget, as workers weighed a strike over jobs. ", 30)
	return &article.Article{ID: "a", Title: "Rolls-Royce engine plant", Text: text,
		Tags: &article.Tags{
			Entities: []article.Entity{{Type: "ORG", Canonical: "Rolls-Royce"}, {Type: "ORG", Canonical: "Company 1"}, {Type: "ORG", Canonical: "Company 9", ID: "ID4"}},
			Money:    []article.Money{{Currency: "GBP", Amount: ptr(150e6)}},
			Figures:  []article.Figure{{Unit: "jobs", Value: ptr(2000)}},
		}}
}

// BenchmarkNotifyMatch is the notifier's work per article with 10,000
// saved searches: index the article, then match every search in one pass
// (query.Set). BenchmarkNotifyEach evaluates the same searches one by one
// on the same indexed article, as a notifier without the Set would.
func BenchmarkNotifyMatch(b *testing.B) {
	c := Compile(savedRecords(b, 10000), time.Now())
	if c.Len() != 10000 {
		b.Fatalf("%d searches compiled: %v", c.Len(), c.Invalid)
	}
	a := benchArticle()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		n = len(c.Match(query.NewDoc(a)))
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(n), "matches")
}

func BenchmarkNotifyEach(b *testing.B) {
	recs := savedRecords(b, 10000)
	var qs []*query.Query
	for _, r := range recs {
		var s alert.Search
		if err := json.Unmarshal(r, &s); err != nil {
			b.Fatal(err)
		}
		q, err := query.Parse(s.Query)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	a := benchArticle()
	n := 0
	cpu := cpuTime()
	defer func() {
		b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(n), "matches")
	}()
	for b.Loop() {
		d := query.NewDoc(a)
		n = 0
		for _, q := range qs {
			if q.Match(d) {
				n++
			}
		}
	}
}

// cpuTime is the process's processor time: on a shared machine it tells
// the work done from the time waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCompile is what a change to the saved searches costs: all
// 10,000 parsed and filed again.
func BenchmarkCompile(b *testing.B) {
	recs := savedRecords(b, 10000)
	for b.Loop() {
		Compile(recs, time.Now())
	}
}

// TestBenchAgrees: the benchmark's two ways find the same searches.
func TestBenchAgrees(t *testing.T) {
	recs := savedRecords(t, 2000)
	c := Compile(recs, time.Now())
	d := query.NewDoc(benchArticle())
	var want []string
	for name, r := range recs {
		var s alert.Search
		_ = json.Unmarshal(r, &s)
		q, err := query.Parse(s.Query)
		if err != nil {
			t.Fatal(err)
		}
		if q.Match(d) {
			want = append(want, name)
		}
	}
	var got []string
	for _, s := range c.Match(d) {
		got = append(got, s.Name)
	}
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(want, got) {
		t.Errorf("Set found %v, one by one %v", got, want)
	}
}
