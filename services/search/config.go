package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/search/internal/pgstore"
	"github.com/newswire/newswire/services/search/internal/search"
)

// Config is the search service's configuration, read from SEARCH_*
// variables.
type Config struct {
	service.Common

	Addr        string        `default:":8080" desc:"address of the search API and web page"`
	MetricsAddr string        `split_words:"true" default:":9106" desc:"address of the /metrics, /healthz and /readyz server"`
	Token       string        `desc:"bearer token the JSON endpoints require (Authorization: Bearer <token>); empty: none"`
	Timeout     time.Duration `default:"5s" desc:"time allowed for one request; slower ones answer 503"`
	MaxInFlight int           `split_words:"true" default:"32" desc:"JSON requests served at once; more answer 503"`
	PageSize    int           `split_words:"true" default:"20" desc:"results per page when a request gives no limit (at most 100)"`
	FilePath    string        `split_words:"true" default:"data/articles.jsonl" desc:"the file sink's JSON Lines file, searched in memory when SEARCH_POSTGRES_DSN is empty"`
	FileRefresh time.Duration `split_words:"true" default:"1s" desc:"how often the JSON Lines files are checked for new articles"`
	// Postgres configures the PostgreSQL store (SEARCH_POSTGRES_*).
	Postgres pgstore.Config
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if err := c.Common.Validate(); err != nil {
		return err
	}
	switch {
	case c.Addr == "":
		return fmt.Errorf("SEARCH_ADDR is empty")
	case c.Timeout <= 0:
		return fmt.Errorf("SEARCH_TIMEOUT = %s, want > 0", c.Timeout)
	case c.MaxInFlight < 1:
		return fmt.Errorf("SEARCH_MAX_IN_FLIGHT = %d, want >= 1", c.MaxInFlight)
	case c.PageSize < 1 || c.PageSize > search.MaxLimit:
		return fmt.Errorf("SEARCH_PAGE_SIZE = %d, want 1 to %d", c.PageSize, search.MaxLimit)
	case c.Postgres.DSN == "" && c.FilePath == "":
		return fmt.Errorf("set SEARCH_POSTGRES_DSN or SEARCH_FILE_PATH")
	case c.Postgres.DSN == "" && c.FileRefresh <= 0:
		return fmt.Errorf("SEARCH_FILE_REFRESH = %s, want > 0", c.FileRefresh)
	case c.Postgres.DSN != "":
		return c.Postgres.Validate()
	}
	return nil
}
