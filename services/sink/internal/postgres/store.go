// Package postgres stores articles in PostgreSQL for the sink: one row per
// article, keyed by its id and holding its newest version, with its tags
// also normalised into entities, money and figures tables for querying.
// The schema is embedded and migrated at start-up; docs/postgres.md
// describes it for users.
package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store writes article batches to PostgreSQL. It is safe for concurrent
// use, and several sinks may share one database.
type Store struct {
	pool *pgxpool.Pool
	log  *slog.Logger
	// parts is how many transactions a big batch is split into.
	parts int
	// vectors is whether the store builds the search vectors itself; if
	// not, it sends none and the database's trigger builds them.
	vectors bool
}

// Open connects to the database, applies missing migrations (unless
// cfg.Migrate is off) and returns the store. It fails when the database is
// unreachable: the caller decides whether to retry.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pc, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		// The DSN may hold a password: do not echo it.
		return nil, fmt.Errorf("parse SINK_POSTGRES_DSN: %w", err)
	}
	pc.MaxConns = cfg.MaxConns
	if cfg.ConnectTimeout > 0 {
		pc.ConnConfig.ConnectTimeout = cfg.ConnectTimeout
	}
	if _, ok := pc.ConnConfig.RuntimeParams["application_name"]; !ok {
		pc.ConnConfig.RuntimeParams["application_name"] = "newswire-sink"
	}
	pc.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(cfg.StatementTimeout.Milliseconds(), 10)
	pc.AfterConnect = func(_ context.Context, conn *pgx.Conn) error {
		registerVector(conn.TypeMap())
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	log = log.With("component", "postgres")
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	if cfg.Migrate {
		if err := migrate(ctx, pool, cfg, log); err != nil {
			pool.Close()
			return nil, err
		}
	}
	vectors, err := buildsVectors(ctx, pool, log)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool, log: log, parts: int(min(cfg.MaxConns, 2)), vectors: vectors}, nil
}

// Ping checks that the database answers, for the readiness probe.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
	}
	return nil
}

// Close waits for connections in use to be released and closes them all.
func (s *Store) Close() { s.pool.Close() }
