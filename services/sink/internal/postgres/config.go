package postgres

import (
	"errors"
	"fmt"
	"time"
)

// Config holds the store's settings. The sink nests it under the prefix
// SINK_POSTGRES, so DSN is read from SINK_POSTGRES_DSN.
type Config struct {
	DSN              string        `desc:"PostgreSQL connection string (postgres://user:password@host:5432/db?sslmode=disable); required with the postgres backend"`
	MaxConns         int32         `split_words:"true" default:"4" desc:"connections in the pool, at most"`
	ConnectTimeout   time.Duration `split_words:"true" default:"10s" desc:"how long to wait for a new connection"`
	StatementTimeout time.Duration `split_words:"true" default:"30s" desc:"server-side statement_timeout of every statement (0 disables it)"`
	Migrate          bool          `default:"true" desc:"apply the schema migrations at start-up"`
	MigrateTimeout   time.Duration `split_words:"true" default:"5m" desc:"how long start-up waits for the migration lock held by another sink"`
}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	switch {
	case c.DSN == "":
		return errors.New("SINK_POSTGRES_DSN is empty")
	case c.MaxConns < 1:
		return fmt.Errorf("SINK_POSTGRES_MAX_CONNS = %d, want >= 1", c.MaxConns)
	case c.ConnectTimeout < 0:
		return fmt.Errorf("SINK_POSTGRES_CONNECT_TIMEOUT = %s, want >= 0", c.ConnectTimeout)
	case c.StatementTimeout < 0:
		return fmt.Errorf("SINK_POSTGRES_STATEMENT_TIMEOUT = %s, want >= 0", c.StatementTimeout)
	case c.Migrate && c.MigrateTimeout < time.Second:
		return fmt.Errorf("SINK_POSTGRES_MIGRATE_TIMEOUT = %s, want >= 1s", c.MigrateTimeout)
	}
	return nil
}
