package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/newswire/newswire/services/search/internal/api"
	"github.com/newswire/newswire/services/search/internal/memstore"
	"github.com/newswire/newswire/services/search/internal/search"
	"github.com/newswire/newswire/services/search/internal/searchtest"
)

// slowStore is a real in-memory store whose searches run out of time:
// Search as the PostgreSQL store reports its statement timeout, Facets
// by waiting for the request's deadline (SEARCH_TIMEOUT).
type slowStore struct{ api.Store }

func (slowStore) Search(context.Context, search.Request) (search.Page, error) {
	return search.Page{}, fmt.Errorf("search: %w: canceling statement due to statement timeout (SQLSTATE 57014)", search.ErrTooSlow)
}

func (slowStore) Facets(ctx context.Context, _ search.Request) (search.Facets, error) {
	<-ctx.Done()
	return search.Facets{}, ctx.Err()
}

// TestTooSlow: a search stopped by the statement timeout or by
// SEARCH_TIMEOUT answers 503 with a message that says to narrow it, and
// is counted in newswire_search_too_slow_total; other endpoints are not.
func TestTooSlow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	searchtest.WriteJSONL(t, path, searchtest.Corpus(5, 1))
	mem, err := memstore.Open(path, discard)
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	m, err := api.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(api.Config{Timeout: 50 * time.Millisecond, MaxInFlight: 4, DefaultLimit: 20, Backend: "file"}, slowStore{mem}, m, discard)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, p := range []string{"/api/articles?q=bank", "/api/facets?q=bank"} {
		var body struct {
			Error string `json:"error"`
		}
		if code := get(t, srv, p, "", &body); code != 503 || !strings.Contains(body.Error, "took too long: narrow it") {
			t.Errorf("GET %s = %d %q, want 503 and narrow it", p, code, body.Error)
		}
	}
	if code := get(t, srv, "/api/stories?q=bank", "", nil); code != 200 {
		t.Errorf("GET /api/stories = %d, want 200", code)
	}
	want := `
# HELP newswire_search_too_slow_total JSON requests stopped by SEARCH_TIMEOUT or the database's statement timeout (answered 503: narrow the query), by endpoint.
# TYPE newswire_search_too_slow_total counter
newswire_search_too_slow_total{endpoint="articles"} 1
newswire_search_too_slow_total{endpoint="facets"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "newswire_search_too_slow_total"); err != nil {
		t.Error(err)
	}
}
