package query

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query/querytest"
)

// TestSet: a Set finds exactly the queries that match, one by one, on the
// fixture and on variants of it (untagged, undated, another source).
func TestSet(t *testing.T) {
	var qs []*Query
	for _, c := range querytest.Cases {
		qs = append(qs, MustParse(t, c.Query))
	}
	for _, extra := range []string{`lang:""`, `NOT lang:""`, "NOT boeing", "published:>=2024-01-01", "watch:false", "NOT (a OR b)", "money>=1 OR -jobs"} {
		qs = append(qs, MustParse(t, extra))
	}
	set := NewSet(qs)
	variants := map[string]*article.Article{"fixture": querytest.Article()}
	a := querytest.Article()
	a.Tags = nil
	variants["untagged"] = a
	a = querytest.Article()
	a.PublishedAt, a.Source.Name, a.StoryID, a.Language = nil, "reuters", "", ""
	variants["undated"] = a
	for name, a := range variants {
		d := NewDoc(a)
		var want []int
		for i, q := range qs {
			if q.Match(d) {
				want = append(want, i)
			}
		}
		if diff := cmp.Diff(want, set.Match(d)); diff != "" {
			t.Errorf("%s: Set.Match (-want +got):\n%s", name, diff)
		}
	}
}

// savedSearches makes n queries of the kinds a monitoring desk saves.
func savedSearches(n int) []*Query {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("bank profit engine plant workers strike deal merger election minister budget inflation energy oil gas court police hospital vaccine football airline jobs cuts factory exports tariffs growth recession housing students")
	for i := range 2000 {
		words = append(words, fmt.Sprintf("term%d", i))
	}
	names := []string{"Rolls-Royce", "Goldman Sachs", "Pfizer", "Bank of England", "London"}
	for i := range 500 {
		names = append(names, fmt.Sprintf("Company %d", i))
	}
	qs := make([]*Query, n)
	for i := range qs {
		var s string
		switch rng.IntN(5) {
		case 0:
			s = words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
		case 1:
			s = fmt.Sprintf(`entity:%q money>=%dm`, names[rng.IntN(len(names))], 1+rng.IntN(500))
		case 2:
			s = fmt.Sprintf(`"%s %s" -%s`, words[rng.IntN(len(words))], words[rng.IntN(len(words))], words[rng.IntN(len(words))])
		case 3:
			s = fmt.Sprintf(`(%s OR %s) figure:jobs>=%d`, words[rng.IntN(len(words))], words[rng.IntN(len(words))], 100*(1+rng.IntN(50)))
		default:
			s = fmt.Sprintf(`id:ID%d OR entity:%q`, rng.IntN(3000), names[rng.IntN(len(names))])
		}
		q, err := Parse(s)
		if err != nil {
			panic(fmt.Sprintf("%q: %v", s, err))
		}
		qs[i] = q
	}
	return qs
}

// benchDoc is an article of about 600 words.
func benchDoc() *Doc {
	a := querytest.Article()
	a.Text = strings.Repeat(a.Text+" The bank said growth and inflation would shape the budget. ", 25)
	return NewDoc(a)
}

// BenchmarkSetMatch matches one article against 10,000 saved searches in
// one pass (Set), beside BenchmarkEachMatch, which evaluates every one.
func BenchmarkSetMatch(b *testing.B) {
	qs := savedSearches(10000)
	set := NewSet(qs)
	d := benchDoc()
	cpu := cpuTime()
	for b.Loop() {
		set.Match(d)
	}
	reportCPU(b, cpu)
}

// cpuTime is the process's processor time (user and system): on a shared
// machine it tells the work done from the time waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the processor time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkEachMatch(b *testing.B) {
	qs := savedSearches(10000)
	d := benchDoc()
	cpu := cpuTime()
	defer reportCPU(b, cpu)
	for b.Loop() {
		var out []int
		for i, q := range qs {
			if q.Match(d) {
				out = append(out, i)
			}
		}
	}
}

// TestSetBenchAgrees: the benchmark's two ways give the same matches.
func TestSetBenchAgrees(t *testing.T) {
	qs := savedSearches(2000)
	d := benchDoc()
	var want []int
	for i, q := range qs {
		if q.Match(d) {
			want = append(want, i)
		}
	}
	got := NewSet(qs).Match(d)
	if !slices.Equal(want, got) || len(want) == 0 {
		t.Errorf("Set.Match found %d, each Match %d", len(got), len(want))
	}
}
