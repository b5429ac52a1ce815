// Package pgstore searches the PostgreSQL sink's tables: a query compiled
// by pkg/query to parameterised SQL, in read-only transactions, with a
// statement timeout. It reads the sink's schema and writes nothing.
package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/services/search/internal/search"
)

// Config holds the store's settings (SEARCH_POSTGRES_*).
type Config struct {
	DSN              string        `desc:"PostgreSQL connection string of the sink's database, best as a read-only role (README: Search); empty: search the file sink's JSON Lines in memory"`
	MaxConns         int32         `split_words:"true" default:"8" desc:"connections in the pool, at most"`
	ConnectTimeout   time.Duration `split_words:"true" default:"10s" desc:"how long to wait for a new connection"`
	StatementTimeout time.Duration `split_words:"true" default:"3s" desc:"server-side statement_timeout of every statement: a search that takes longer is stopped and answers 503 (narrow the query); keep it below SEARCH_TIMEOUT"`

	// cold: connections opened as requests need them and not warmed, as
	// the store did before; BenchmarkSearch's baseline.
	cold bool
}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	switch {
	case c.MaxConns < 1:
		return fmt.Errorf("SEARCH_POSTGRES_MAX_CONNS = %d, want >= 1", c.MaxConns)
	case c.ConnectTimeout <= 0:
		return fmt.Errorf("SEARCH_POSTGRES_CONNECT_TIMEOUT = %s, want > 0", c.ConnectTimeout)
	case c.StatementTimeout <= 0:
		return fmt.Errorf("SEARCH_POSTGRES_STATEMENT_TIMEOUT = %s, want > 0", c.StatementTimeout)
	}
	return nil
}

// Store is the PostgreSQL store. It is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	log    *slog.Logger
	schema atomic.Pointer[query.Schema]
	// checked is when the optional columns were last looked for.
	checked atomic.Int64
	// rank is the SQL of a match's relevance, a format of the vector and
	// the tsquery's parameter number: rankSQL; BenchmarkSearch sets
	// another to compare.
	rank string
}

// rankSQL scores a match for relevance order: ts_rank over the stored
// vector, in which the title's words weigh A (1.0) and the text's D (0.1)
// (sink migration 00008). Without length normalisation: ts_rank's sum over
// a word's mentions saturates (1 + 1/4 + 1/9 ..., at most 1.64 times one
// mention), so a long article does not win by length alone, while
// dividing by its length let a short article that names the words once
// outrank one about them. ts_rank_cd, which the store used before, also
// weighs how close the words stand, at a cost: over 200,000 articles
// (pgbench, load 7) finding the newest 1,000 matches of "bank profit" took
// 1.4-2.2 ms, with ts_rank 2.1-2.7 ms, with ts_rank_cd 4.8-5.0 ms
// (BENCHMARKS.md, Issue 16).
const rankSQL = "ts_rank(%s, to_tsquery('simple', $%d))::float8"

// Open connects and checks that the sink's tables are there. Every
// connection is read-only (default_transaction_read_only), whatever the
// role may do.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	pc, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("SEARCH_POSTGRES_DSN: %w", err)
	}
	pc.MaxConns = cfg.MaxConns
	pc.ConnConfig.ConnectTimeout = cfg.ConnectTimeout
	rp := pc.ConnConfig.RuntimeParams
	rp["default_transaction_read_only"] = "on"
	rp["statement_timeout"] = fmt.Sprint(cfg.StatementTimeout.Milliseconds())
	rp["application_name"] = "newswire-search"
	if _, ok := rp["plan_cache_mode"]; !ok {
		// Plan every statement for its values. pgx prepares statements,
		// and after five runs PostgreSQL may switch to a generic plan that
		// cannot see the words' frequency or the LIMIT: for relevance
		// order over a common word it read every match through the GIN
		// index (p99 821 ms over 200,000 articles) instead of walking the
		// time index to the newest 1,000 (BENCHMARKS.md, Issue 16).
		// Planning takes well under a millisecond.
		rp["plan_cache_mode"] = "force_custom_plan"
	}
	if _, ok := rp["max_parallel_workers_per_gather"]; !ok {
		// No parallel workers: every statement reads a bounded set (a
		// page, a relevance batch, a facet sample), where starting
		// worker processes costs more than they save on a few busy
		// cores: over 200,000 articles a relevance batch of a phrase
		// took p50 15.0 ms with two workers per gather, 3.8-5.5 ms
		// without (BENCHMARKS.md, Issue 16).
		rp["max_parallel_workers_per_gather"] = "0"
	}
	// Keep every connection open, and warm each before it serves (warm):
	// a new server process's first searches are many times slower than
	// its later ones.
	log = log.With("component", "pgstore")
	if !cfg.cold {
		pc.MinConns = pc.MaxConns
		pc.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
			if err := warm(ctx, c); err != nil {
				log.Debug("warm a new connection", "err", err)
			}
			return nil
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	s := &Store{pool: pool, log: log, rank: rankSQL}
	if err := s.loadSchema(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	// Open the pool's connections now rather than in the first requests.
	conns := make([]*pgxpool.Conn, 0, pc.MaxConns)
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	for range pc.MinConns {
		c, err := pool.Acquire(ctx)
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("connect to postgres: %w", err)
		}
		conns = append(conns, c)
	}
	return s, nil
}

// warmRows is how many of the newest articles warm reads.
const warmRows = 4000

// warm reads the stored vectors of the newest warmRows articles along the
// time index on a new connection, which is what time and relevance order
// read first. A new PostgreSQL server process is slow at its first
// reads: over 200,000 articles a relevance batch of a phrase took 35-760
// ms as a connection's first statement and 3.4-21 ms in its next runs
// (EXPLAIN ANALYZE, load 5-16), 8-12 ms as the first after reading the
// newest 4,000 vectors; this read takes about 0.13 s, once per
// connection. In BenchmarkSearch four clients' p99 on a store just opened
// fell from 246-411 ms to 94-106 ms (BENCHMARKS.md, Issue 16). A failure
// is logged and ignored: the connection works, only colder.
func warm(ctx context.Context, c *pgx.Conn) error {
	var n int64
	return c.QueryRow(ctx, `SELECT coalesce(sum(w.n), 0) FROM (SELECT length(a.search_vector) AS n FROM articles a
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT $1) w`, warmRows).Scan(&n)
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }

// Ready pings the database.
func (s *Store) Ready() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.pool.Ping(ctx)
}

// loadSchema finds the sink's tables and which optional columns (stages
// added after the first schema) they have.
func (s *Store) loadSchema(ctx context.Context) error {
	rows, err := s.pool.Query(ctx, `SELECT table_name::text, column_name::text FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name IN ('articles', 'entities')`)
	if err != nil {
		return fmt.Errorf("read the sink's schema: %w", err)
	}
	cols := map[string]bool{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return err
		}
		cols[t+"."+c] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the sink's schema: %w", err)
	}
	if !cols["articles.id"] || !cols["entities.canonical"] {
		return errors.New("the database has no sink tables (articles, entities): start the sink with SINK_BACKEND=postgres first")
	}
	sc := query.Schema{StoryID: cols["articles.story_id"], Watch: cols["entities.watch"]}
	s.schema.Store(&sc)
	s.checked.Store(time.Now().UnixNano())
	return nil
}

// compile compiles r's query; a term on a missing column re-reads the
// schema (at most once a minute) before it is refused.
func (s *Store) compile(ctx context.Context, q *query.Query, base int) (query.SQL, query.Schema, error) {
	if q == nil {
		return query.SQL{Where: "true"}, *s.schema.Load(), nil
	}
	sql, err := q.Compile(*s.schema.Load(), base)
	if errors.Is(err, query.ErrUnsupported) && time.Since(time.Unix(0, s.checked.Load())) > time.Minute {
		if err := s.loadSchema(ctx); err != nil {
			return sql, query.Schema{}, err
		}
		sql, err = q.Compile(*s.schema.Load(), base)
	}
	return sql, *s.schema.Load(), err
}

// where builds the condition of r: the query, the time range and, in time
// order, the cursor. It returns the condition and its arguments.
func (s *Store) where(ctx context.Context, r search.Request, cur search.Cursor) (string, []any, query.Schema, error) {
	sql, schema, err := s.compile(ctx, r.Query, 0)
	if err != nil {
		return "", nil, schema, err
	}
	conds, args := []string{sql.Where}, sql.Args
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if !r.From.IsZero() {
		conds = append(conds, "a.published_at >= "+arg(r.From))
	}
	if !r.To.IsZero() {
		conds = append(conds, "a.published_at < "+arg(r.To))
	}
	if r.Cursor != "" && (r.Sort == search.SortTime || cur.ID != "") {
		// After (t, id) in published_at DESC NULLS LAST, id DESC: the
		// last result (time order) or the end of the batch before
		// (relevance order).
		if cur.Time != nil {
			t := arg(*cur.Time)
			conds = append(conds, fmt.Sprintf("(a.published_at < %s OR (a.published_at = %s AND a.id < %s) OR a.published_at IS NULL)", t, t, arg(cur.ID)))
		} else {
			conds = append(conds, "(a.published_at IS NULL AND a.id < "+arg(cur.ID)+")")
		}
	}
	return strings.Join(conds, " AND "), args, schema, nil
}

// statement builds the SQL of one page of r and its arguments.
func (s *Store) statement(ctx context.Context, r search.Request) (string, []any, search.Cursor, error) {
	var cur search.Cursor
	if r.Cursor != "" {
		var err error
		if cur, err = search.DecodeCursor(r.Cursor, r.Sort); err != nil {
			return "", nil, cur, err
		}
	}
	where, args, schema, err := s.where(ctx, r, cur)
	if err != nil {
		return "", nil, cur, err
	}
	story := "''"
	if schema.StoryID {
		story = "coalesce(a.story_id, '')"
	}
	cols := `a.id, a.title, a.source_name, coalesce(a.url, ''), coalesce(a.language, ''), a.published_at, a.fetched_at, ` + story + `, a.text`
	order := "a.published_at DESC NULLS LAST, a.id DESC"
	var stmt string
	if r.Sort == search.SortRelevance {
		// Rank the batch, the newest RankSample matches after the cursor's
		// batch start, then page through it. The sample walks the time
		// index and ranks each match as it is read (its stored vector is
		// at hand in the heap row, migration 00008: the filter read it);
		// one more match than the batch says whether another batch
		// follows, and where it starts (nth_value: the batch's oldest).
		// Only the page's rows are then joined for their columns, text
		// included. This relies on custom plans (plan_cache_mode, in
		// Open): a generic plan cannot tell a common word from a rare one
		// and read every match.
		args = append(args, search.RankSample)
		batch := len(args)
		score := "0::float8"
		if rq := r.Query; rq != nil && rq.RankQuery() != "" {
			args = append(args, rq.RankQuery())
			score = fmt.Sprintf(s.rank, query.TextVector, len(args))
		}
		sample := fmt.Sprintf("SELECT a.id, a.published_at, %s AS score FROM articles a WHERE %s ORDER BY %s LIMIT $%d + 1",
			score, where, order, batch)
		numbered := fmt.Sprintf(`SELECT s.id, s.published_at, s.score, row_number() OVER w AS rn, count(*) OVER () AS n,
			nth_value(s.published_at, $%d) OVER w AS last_t, nth_value(s.id, $%d) OVER w AS last_id
			FROM (%s) s WINDOW w AS (ORDER BY s.published_at DESC NULLS LAST, s.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
			batch, batch, sample)
		args = append(args, cur.Offset, r.Limit+1)
		page := fmt.Sprintf(`SELECT b.id, b.score, b.n > $%d AS more, b.last_t, b.last_id FROM (%s) b WHERE b.rn <= $%d
			ORDER BY b.score DESC, b.published_at DESC NULLS LAST, b.id DESC OFFSET $%d LIMIT $%d`,
			batch, numbered, batch, len(args)-1, len(args))
		stmt = fmt.Sprintf("SELECT %s, r.score, r.more, r.last_t, coalesce(r.last_id, '') FROM (%s) r JOIN articles a ON a.id = r.id ORDER BY r.score DESC, %s",
			cols, page, order)
	} else {
		args = append(args, r.Limit+1)
		stmt = fmt.Sprintf("SELECT %s, 0::float8 AS score, false, NULL::timestamptz, '' FROM articles a WHERE %s ORDER BY %s LIMIT $%d", cols, where, order, len(args))
	}
	return stmt, args, cur, nil
}

// Search returns one page of the articles that match r.
func (s *Store) Search(ctx context.Context, r search.Request) (search.Page, error) {
	stmt, args, cur, err := s.statement(ctx, r)
	if err != nil {
		return search.Page{}, err
	}
	var (
		page search.Page
		// Relevance order: whether a batch follows this one, and the
		// time and id of this batch's oldest match, where it starts.
		more   bool
		lastT  *time.Time
		lastID string
	)
	err = s.readOnly(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, stmt, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var h search.Hit
			if err := rows.Scan(&h.ID, &h.Title, &h.Source, &h.URL, &h.Language, &h.PublishedAt, &h.FetchedAt, &h.StoryID, &h.Text, &h.Score,
				&more, &lastT, &lastID); err != nil {
				return err
			}
			if h.PublishedAt != nil {
				t := h.PublishedAt.UTC()
				h.PublishedAt = &t
			}
			h.FetchedAt = h.FetchedAt.UTC()
			page.Hits = append(page.Hits, h)
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	page.Next = search.NextCursor(r, cur, page.Hits, more, lastT, lastID)
	if len(page.Hits) > r.Limit {
		page.Hits = page.Hits[:r.Limit]
	}
	return page, nil
}

// readOnly runs f in a read-only transaction, rolled back after. A
// statement the statement timeout stopped is search.ErrTooSlow.
func (s *Store) readOnly(ctx context.Context, f func(pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return tooSlow(f(tx))
}

// tooSlow marks err as search.ErrTooSlow when PostgreSQL cancelled the
// statement (SQLSTATE 57014, query_canceled: the statement timeout; a
// request whose own deadline passed first is reported by pgx as the
// context's error instead, and loses its connection, which is why the
// statement timeout should be the shorter of the two).
func tooSlow(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "57014" {
		return fmt.Errorf("%w: %w", search.ErrTooSlow, err)
	}
	return err
}

// Article returns one article with its tags, as in the contract.
func (s *Store) Article(ctx context.Context, id string) (*article.Article, error) {
	schema := *s.schema.Load()
	story := "''"
	if schema.StoryID {
		story = "coalesce(a.story_id, '')"
	}
	watch := "'{}'::text[]"
	if schema.Watch {
		// Which entity mentions are watched, by ord: tags(a) predates
		// the column.
		watch = "coalesce((SELECT array_agg(e.ord::text) FROM entities e WHERE e.article_id = a.id AND e.watch), '{}')"
	}
	var (
		a       article.Article
		tags    []byte
		watched []string
	)
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT a.schema, a.id, a.source_name, a.source_kind, coalesce(a.source_locale, ''),
			coalesce(a.url, ''), coalesce(a.canonical_url, ''), a.title, a.authors, a.text, a.highlights,
			coalesce(a.language, ''), coalesce(a.image_url, ''), a.published_at, a.updated_at, a.fetched_at,
			a.content_hash, a.replay, `+story+`, a.tags, `+watch+`
			FROM articles a WHERE a.id = $1`, id).Scan(&a.Schema, &a.ID, &a.Source.Name, &a.Source.Kind, &a.Source.Locale,
			&a.URL, &a.CanonicalURL, &a.Title, &a.Authors, &a.Text, &a.Highlights,
			&a.Language, &a.ImageURL, &a.PublishedAt, &a.UpdatedAt, &a.FetchedAt,
			&a.ContentHash, &a.Replay, &a.StoryID, &tags, &watched)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, search.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	if tags != nil {
		a.Tags = new(article.Tags)
		if err := json.Unmarshal(tags, a.Tags); err != nil {
			return nil, fmt.Errorf("read article %s tags: %w", id, err)
		}
		for _, w := range watched {
			var i int
			if _, err := fmt.Sscan(w, &i); err == nil && i >= 0 && i < len(a.Tags.Entities) {
				a.Tags.Entities[i].Watch = true
			}
		}
	}
	for _, t := range []**time.Time{&a.PublishedAt, &a.UpdatedAt} {
		if *t != nil {
			u := (*t).UTC()
			*t = &u
		}
	}
	a.FetchedAt = a.FetchedAt.UTC()
	return &a, nil
}

// Facets counts the entities and sources of the newest FacetSample
// articles that match r.
func (s *Store) Facets(ctx context.Context, r search.Request) (search.Facets, error) {
	r.Cursor = ""
	where, args, _, err := s.where(ctx, r, search.Cursor{})
	if err != nil {
		return search.Facets{}, err
	}
	args = append(args, search.FacetSample)
	hits := fmt.Sprintf("SELECT a.id, a.source_name FROM articles a WHERE %s ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT $%d", where, len(args))
	f := search.Facets{Entities: []search.Count{}, Sources: []search.Count{}}
	err = s.readOnly(ctx, func(tx pgx.Tx) error {
		stmt := fmt.Sprintf(`WITH hits AS MATERIALIZED (%s)
			SELECT 'e', e.canonical, e.type, coalesce(e.entity_id, ''), count(DISTINCT e.article_id)
			FROM hits h JOIN entities e ON e.article_id = h.id
			GROUP BY e.canonical, e.type, coalesce(e.entity_id, '')
			UNION ALL
			SELECT 's', h.source_name, '', '', count(*) FROM hits h GROUP BY h.source_name
			UNION ALL
			SELECT 'n', '', '', '', count(*) FROM hits`, hits)
		rows, err := tx.Query(ctx, stmt, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var kind string
			var c search.Count
			var n int64
			if err := rows.Scan(&kind, &c.Value, &c.Type, &c.ID, &n); err != nil {
				return err
			}
			c.Count = int(n)
			switch kind {
			case "e":
				f.Entities = append(f.Entities, c)
			case "s":
				f.Sources = append(f.Sources, c)
			default:
				f.Sampled = c.Count
			}
		}
		return rows.Err()
	})
	if err != nil {
		return f, fmt.Errorf("facets: %w", err)
	}
	f.Entities, f.Sources = search.Top(f.Entities), search.Top(f.Sources)
	return f, nil
}

// Stories groups the articles that match r by story, largest first; none
// when the sink has no story_id column.
func (s *Store) Stories(ctx context.Context, r search.Request) ([]search.Story, error) {
	r.Cursor = ""
	where, args, schema, err := s.where(ctx, r, search.Cursor{})
	if err != nil || !schema.StoryID {
		return []search.Story{}, err
	}
	args = append(args, search.MaxStories)
	stmt := fmt.Sprintf(`SELECT a.story_id, count(*),
			(array_agg(a.title ORDER BY a.published_at ASC NULLS LAST, a.id))[1],
			min(a.published_at), max(a.published_at)
		FROM articles a WHERE a.story_id IS NOT NULL AND a.story_id <> '' AND %s
		GROUP BY a.story_id
		ORDER BY count(*) DESC, max(a.published_at) DESC NULLS LAST, a.story_id DESC LIMIT $%d`, where, len(args))
	var out []search.Story
	err = s.readOnly(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, stmt, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var st search.Story
			var n int64
			if err := rows.Scan(&st.ID, &n, &st.Title, &st.First, &st.Last); err != nil {
				return err
			}
			st.Articles = int(n)
			for _, t := range []**time.Time{&st.First, &st.Last} {
				if *t != nil {
					u := (*t).UTC()
					*t = &u
				}
			}
			out = append(out, st)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}
