package pgstore

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/services/search/internal/pgtest"
	"github.com/newswire/newswire/services/search/internal/search"
	"github.com/newswire/newswire/services/search/internal/searchtest"
)

// benchQueries is the query mix of BenchmarkSearch: typical searches of a
// newsroom, each a first page of 20 in time order unless marked.
var benchQueries = []struct {
	name, q string
	sort    search.Sort
}{
	{"all", "", search.SortTime},
	{"word", "inflation", search.SortTime},
	{"two_words", "bank profit", search.SortTime},
	{"phrase", `"oil prices"`, search.SortTime},
	{"or_not", "(strike OR cuts) -police", search.SortTime},
	{"entity", `entity:"Goldman Sachs"`, search.SortTime},
	{"entity_id_range", "id:GB published:>=2024-05-01", search.SortTime},
	{"money", "money:GBP>=100m", search.SortTime},
	{"word_money", "merger money>=1bn", search.SortTime},
	{"figure", "figure:jobs>=1000", search.SortTime},
	{"source_lang", "source:reuters lang:en", search.SortTime},
	{"relevance", "bank profit", search.SortRelevance},
	{"relevance_phrase", `"oil prices"`, search.SortRelevance},
	{"relevance_entity", `entity:"Goldman Sachs" strike`, search.SortRelevance},
}

// worstQueries are BenchmarkSearch's worst cases, not in the mix: a
// language and a source that no article has (time order), and a phrase
// without a word that 798 of the 200,000 articles match (relevance order).
var worstQueries = []struct {
	name, q string
	sort    search.Sort
}{
	{"worst_lang_none", "lang:de", search.SortTime},
	{"worst_source_none", "source:ap", search.SortTime},
	{"worst_relevance_few", `"oil prices" -police`, search.SortRelevance},
}

// worstRuns is the most runs of each worst query.
const worstRuns = 10

// benchClients is how many clients run the mix at once in mix4_*.
const benchClients = 4

// benchRounds is how many times the four clients' mix runs on a cold
// store and a warm one, in turn.
const benchRounds = 3

// baselineRuns is the most runs of each baseline.
const baselineRuns = 30

// percentiles reports ds' p50 and p99 (sorted in place) on b.
func percentiles(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkSearch runs the mix over NEWSWIRE_SEARCH_BENCH_ARTICLES
// synthetic articles (default 200,000; searchtest.Corpus: 2-5 paragraphs,
// about 15 tags each) in a throwaway PostgreSQL, and reports each query's
// p50 and p99 over its b.N runs, and the mix's p99; then the mix run by
// benchClients clients at once (b.N searches) on a store just opened,
// benchRounds times in turn with cold connections, as the store had
// before (mix4_cold_N), and with warmed ones (mix4_warm_N); the
// worstQueries; and, as baselines in the
// same run, relevance order ranked by ts_rank_cd as the store did before
// (relevance_rank_cd) and under PostgreSQL's default plan cache mode
// (relevance_plan_auto), baselineRuns times at most. Use -benchtime 200x
// or more: with 30 runs the p99 is the slowest run.
func BenchmarkSearch(b *testing.B) {
	n := 200000
	if s := os.Getenv("NEWSWIRE_SEARCH_BENCH_ARTICLES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dsn := pgtest.Start(b)
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	start := time.Now()
	if err := load(ctx, admin, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d articles in %s", n, time.Since(start).Round(time.Second))
	s, err := Open(ctx, testConfig(dsn), discard)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var all []time.Duration
	for _, bq := range benchQueries {
		b.Run(bq.name, func(b *testing.B) {
			var q *query.Query
			if bq.q != "" {
				q, _ = query.ParseAt(bq.q, searchtest.Base)
			}
			r := search.Request{Query: q, Sort: bq.sort, Limit: 20}
			var ds []time.Duration
			for b.Loop() {
				t := time.Now()
				if _, err := s.Search(ctx, r); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t))
			}
			all = append(all, ds...)
			percentiles(b, ds)
		})
	}
	slices.Sort(all)
	if len(all) > 0 {
		b.Logf("mix of %d searches: p50 %s, p99 %s", len(all), all[len(all)/2], all[len(all)*99/100])
	}

	// The mix again, benchClients clients at once over a store's pool
	// (testConfig: 4 connections), each running the kinds in turn; b.N
	// searches in all.
	reqs := make([]search.Request, len(benchQueries))
	for i, bq := range benchQueries {
		var q *query.Query
		if bq.q != "" {
			q, _ = query.ParseAt(bq.q, searchtest.Base)
		}
		reqs[i] = search.Request{Query: q, Sort: bq.sort, Limit: 20}
	}
	// benchRounds times in turn, each on a store opened for it, as a
	// service starts: the store as it was before (mix4_cold: connections
	// opened by the first searches that need them, not warmed) and as it
	// is (mix4_warm: every connection opened and warmed in Open).
	for round := range benchRounds {
		for _, cold := range []bool{true, false} {
			cfg := testConfig(dsn)
			cfg.cold = cold
			ps, err := Open(ctx, cfg, discard)
			if err != nil {
				b.Fatal(err)
			}
			name := fmt.Sprintf("mix4_warm_%d", round+1)
			if cold {
				name = fmt.Sprintf("mix4_cold_%d", round+1)
			}
			b.Run(name, func(b *testing.B) { mixParallel(b, ps, reqs) })
			ps.Close()
		}
	}

	// The worst queries, apart from the mix: few matches, in time order
	// narrowed by migration 00009's indexes, and in relevance order by
	// none (bounded by the statement timeout instead), worstRuns times
	// at most.
	for _, wq := range worstQueries {
		b.Run(wq.name, func(b *testing.B) {
			q, err := query.ParseAt(wq.q, searchtest.Base)
			if err != nil {
				b.Fatal(err)
			}
			r := search.Request{Query: q, Sort: wq.sort, Limit: 20}
			var ds []time.Duration
			for range min(b.N, worstRuns) {
				t := time.Now()
				if _, err := s.Search(ctx, r); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t))
			}
			percentiles(b, ds)
		})
	}

	// The baseline, in the same run: relevance order with PostgreSQL's
	// default plan_cache_mode (auto: a generic plan after five runs of a
	// prepared statement), as the store ran before it forced custom plans;
	// and the plans of both, from EXPLAIN ANALYZE.
	auto, err := Open(ctx, testConfig(dsn+"&plan_cache_mode=auto"), discard)
	if err != nil {
		b.Fatal(err)
	}
	defer auto.Close()
	rq, _ := query.ParseAt("bank profit", searchtest.Base)
	rel := search.Request{Query: rq, Sort: search.SortRelevance, Limit: 20}
	cd, err := Open(ctx, testConfig(dsn), discard)
	if err != nil {
		b.Fatal(err)
	}
	defer cd.Close()
	cd.rank = "ts_rank_cd(%s, to_tsquery('simple', $%d))::float8"
	for _, base := range []struct {
		name  string
		store *Store
	}{{"relevance_rank_cd", cd}, {"relevance_plan_auto", auto}} {
		b.Run(base.name, func(b *testing.B) {
			// At most baselineRuns: a generic plan takes seconds.
			var ds []time.Duration
			for range min(b.N, baselineRuns) {
				t := time.Now()
				if _, err := base.store.Search(ctx, rel); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t))
			}
			percentiles(b, ds)
		})
	}
	stmt, args, _, err := s.statement(ctx, rel)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"force_generic_plan", "force_custom_plan"} {
		plan, err := explain(ctx, admin, mode, stmt, args)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("relevance, plan_cache_mode=%s:\n%s", mode, plan)
	}
}

// mixParallel runs reqs by benchClients clients at once over s, b.N
// searches in all, and reports their p50 and p99, and logs the kinds of
// the five slowest.
func mixParallel(b *testing.B, s *Store, reqs []search.Request) {
	ctx := context.Background()
	type run struct {
		d    time.Duration
		kind int
	}
	var (
		mu    sync.Mutex
		runs  []run
		first error
		next  atomic.Int64
		wg    sync.WaitGroup
	)
	n := int64(b.N)
	b.ResetTimer()
	for c := range benchClients {
		wg.Go(func() {
			var (
				mine []run
				err  error
			)
			for i := c; err == nil && next.Add(1) <= n; i++ {
				k := i % len(reqs)
				t := time.Now()
				_, err = s.Search(ctx, reqs[k])
				mine = append(mine, run{time.Since(t), k})
			}
			mu.Lock()
			defer mu.Unlock()
			runs = append(runs, mine...)
			if err != nil && first == nil {
				first = err
			}
		})
	}
	wg.Wait()
	if first != nil {
		b.Fatal(first)
	}
	slices.SortFunc(runs, func(x, y run) int { return int(y.d - x.d) })
	var slow []string
	ds := make([]time.Duration, len(runs))
	for i, r := range runs {
		ds[i] = r.d
		if i < 5 {
			slow = append(slow, fmt.Sprintf("%s %s", benchQueries[r.kind].name, r.d.Round(time.Millisecond)))
		}
	}
	b.Logf("slowest: %s", strings.Join(slow, ", "))
	percentiles(b, ds)
}

// explain runs EXPLAIN ANALYZE of stmt, prepared, under plan_cache_mode
// mode, on one connection.
func explain(ctx context.Context, pool *pgxpool.Pool, mode, stmt string, args []any) (string, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET plan_cache_mode = "+mode); err != nil {
		return "", err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "RESET plan_cache_mode; DEALLOCATE ALL")
	if _, err := conn.Exec(ctx, "PREPARE rel AS "+stmt); err != nil {
		return "", err
	}
	lits := make([]string, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case string:
			lits[i] = "'" + strings.ReplaceAll(a, "'", "''") + "'"
		default:
			lits[i] = fmt.Sprint(a)
		}
	}
	rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) EXECUTE rel("+strings.Join(lits, ", ")+")", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return "", err
	}
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// load writes n corpus articles with COPY, then analyzes the tables.
func load(ctx context.Context, pool *pgxpool.Pool, n int) error {
	if err := pgtest.AddStoryAndWatch(ctx, pool); err != nil {
		return err
	}
	const chunk = 10000
	for off := 0; off < n; off += chunk {
		as := searchtest.Corpus(min(chunk, n-off), uint64(off+1))
		var arts, ents, money, figs [][]any
		for i, a := range as {
			a.ID = strconv.Itoa(off+i) + "-" + a.ID
			arts = append(arts, []any{a.ID, a.Schema, a.Source.Name, string(a.Source.Kind), a.URL, a.Title, []string{}, a.Text, []string{},
				a.Language, a.PublishedAt, a.FetchedAt, a.ContentHash, false, []byte{0}, true, a.StoryID})
			for j, e := range a.Tags.Entities {
				var id any
				if e.ID != "" {
					id = e.ID
				}
				ents = append(ents, []any{a.ID, j, e.Type, e.Text, e.Canonical, id, e.Start, e.End, e.Watch})
			}
			for j, m := range a.Tags.Money {
				money = append(money, []any{a.ID, j, m.Text, m.Currency, m.Amount, false, m.Start, m.End})
			}
			for j, f := range a.Tags.Figures {
				figs = append(figs, []any{a.ID, j, f.Text, f.Value, f.Unit, false, f.Start, f.End})
			}
		}
		for _, c := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"articles", []string{"id", "schema", "source_name", "source_kind", "url", "title", "authors", "text", "highlights",
				"language", "published_at", "fetched_at", "content_hash", "replay", "doc_hash", "tagged", "story_id"}, arts},
			{"entities", []string{"article_id", "ord", "type", "text", "canonical", "entity_id", "start_byte", "end_byte", "watch"}, ents},
			{"money", []string{"article_id", "ord", "text", "currency", "amount", "approximate", "start_byte", "end_byte"}, money},
			{"figures", []string{"article_id", "ord", "text", "value", "unit", "approximate", "start_byte", "end_byte"}, figs},
		} {
			if _, err := pool.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				return err
			}
		}
	}
	_, err := pool.Exec(ctx, "VACUUM ANALYZE")
	return err
}
