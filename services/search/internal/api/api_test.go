package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query/querytest"
	"github.com/newswire/newswire/services/search/internal/api"
	"github.com/newswire/newswire/services/search/internal/memstore"
	"github.com/newswire/newswire/services/search/internal/searchtest"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// server serves the API over a memstore holding the querytest fixture and
// a synthetic corpus.
func server(t *testing.T, cfg api.Config) *httptest.Server {
	t.Helper()
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	as := append([]*article.Article{querytest.Article()}, searchtest.Corpus(60, 3)...)
	searchtest.WriteJSONL(t, path, as)
	store, err := memstore.Open(path, discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = 8
	}
	if cfg.DefaultLimit == 0 {
		cfg.DefaultLimit = 20
	}
	cfg.Backend = "file"
	m, err := api.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(cfg, store, m, discard)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path, token string, v any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	return resp.StatusCode
}

type hitsResp struct {
	Query string `json:"query"`
	Hits  []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Lines []struct {
			Text  string   `json:"text"`
			Spans [][2]int `json:"spans"`
		} `json:"lines"`
	} `json:"hits"`
	Next string `json:"next"`
}

func TestArticles(t *testing.T) {
	srv := server(t, api.Config{})
	var r hitsResp
	q := url.QueryEscape(`maker "rolls royce" money:GBP>=100m`)
	if code := get(t, srv, "/api/articles?q="+q, "", &r); code != 200 {
		t.Fatalf("GET /api/articles: %d", code)
	}
	if len(r.Hits) != 1 || r.Hits[0].ID != "a1" {
		t.Fatalf("hits = %+v, want the fixture", r.Hits)
	}
	if r.Query != `(maker AND "rolls royce" AND money:"GBP">=100000000)` {
		t.Errorf("query = %s", r.Query)
	}
	l := r.Hits[0].Lines
	if len(l) == 0 || len(l[0].Spans) == 0 || l[0].Text[l[0].Spans[0][0]:l[0].Spans[0][1]] != "Rolls-Royce" {
		t.Errorf("lines = %+v, want Rolls-Royce marked", l)
	}
	// Pages: limit and cursor.
	var p1, p2 hitsResp
	get(t, srv, "/api/articles?limit=25", "", &p1)
	if len(p1.Hits) != 25 || p1.Next == "" {
		t.Fatalf("first page: %d hits, next %q", len(p1.Hits), p1.Next)
	}
	get(t, srv, "/api/articles?limit=25&cursor="+p1.Next, "", &p2)
	if len(p2.Hits) != 25 || p2.Hits[0].ID == p1.Hits[0].ID {
		t.Fatalf("second page: %d hits starting %s", len(p2.Hits), p2.Hits[0].ID)
	}
	var one article.Article
	if code := get(t, srv, "/api/articles/a1", "", &one); code != 200 || one.Tags == nil || len(one.Tags.Entities) != 3 {
		t.Fatalf("GET /api/articles/a1: %d %+v", code, one)
	}
	var facets struct {
		Entities []struct{ Value string } `json:"entities"`
		Sources  []struct{ Value string } `json:"sources"`
	}
	if code := get(t, srv, "/api/facets?q=rolls", "", &facets); code != 200 || len(facets.Sources) == 0 {
		t.Fatalf("GET /api/facets: %d %+v", code, facets)
	}
	var stories struct {
		Stories []struct{ ID string } `json:"stories"`
	}
	if code := get(t, srv, "/api/stories?q=story:s1", "", &stories); code != 200 || len(stories.Stories) != 1 {
		t.Fatalf("GET /api/stories: %d %+v", code, stories)
	}
}

func TestErrors(t *testing.T) {
	srv := server(t, api.Config{})
	tests := []struct {
		path string
		code int
		msg  string
		pos  int
	}{
		{"/api/articles?q=" + url.QueryEscape("rolls AND (boeing"), 400, "unclosed (", 10},
		{"/api/articles?q=" + url.QueryEscape("money:pounds>=1"), 400, "ISO 4217", 6},
		{"/api/articles?limit=1000", 400, "limit", -1},
		{"/api/articles?sort=random", 400, "sort", -1},
		{"/api/articles?from=yesterday", 400, "from", -1},
		{"/api/articles?cursor=garbage", 400, "cursor", -1},
		{"/api/articles/nope", 404, "no such article", -1},
	}
	for _, tt := range tests {
		var body struct {
			Error    string `json:"error"`
			Position *int   `json:"position"`
		}
		code := get(t, srv, tt.path, "", &body)
		if code != tt.code || !strings.Contains(body.Error, tt.msg) {
			t.Errorf("GET %s = %d %q, want %d %q", tt.path, code, body.Error, tt.code, tt.msg)
		}
		if tt.pos >= 0 && (body.Position == nil || *body.Position != tt.pos) {
			t.Errorf("GET %s: position %v, want %d", tt.path, body.Position, tt.pos)
		}
	}
}

func TestToken(t *testing.T) {
	srv := server(t, api.Config{Token: "s3cret"})
	if code := get(t, srv, "/api/articles", "", nil); code != 401 {
		t.Errorf("without a token: %d, want 401", code)
	}
	if code := get(t, srv, "/api/articles", "wrong", nil); code != 401 {
		t.Errorf("with a wrong token: %d, want 401", code)
	}
	if code := get(t, srv, "/api/articles", "s3cret", nil); code != 200 {
		t.Errorf("with the token: %d, want 200", code)
	}
	// The page itself loads without one (it asks for it).
	resp, err := srv.Client().Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
