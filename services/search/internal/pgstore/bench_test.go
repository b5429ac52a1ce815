package pgstore

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
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
}

// BenchmarkSearch runs the mix over NEWSWIRE_SEARCH_BENCH_ARTICLES
// synthetic articles (default 200,000; searchtest.Corpus: 2-5 paragraphs,
// about 15 tags each) in a throwaway PostgreSQL, and reports each query's
// p50 and p99 over its b.N runs, and the mix's p99.
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
			slices.Sort(ds)
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
			all = append(all, ds...)
		})
	}
	slices.Sort(all)
	if len(all) > 0 {
		b.Logf("mix of %d searches: p50 %s, p99 %s", len(all), all[len(all)/2], all[len(all)*99/100])
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
	b.Run("relevance_plan_auto", func(b *testing.B) {
		var ds []time.Duration
		for b.Loop() {
			t := time.Now()
			if _, err := auto.Search(ctx, rel); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
		}
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
	})
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
