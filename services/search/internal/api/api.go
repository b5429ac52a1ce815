// Package api is the search service's HTTP interface: JSON endpoints for
// searching articles, reading one with its tags, facets and stories, and
// the web page that uses them (embedded, no build step). Every endpoint is
// read-only.
package api

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"crypto/subtle"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/services/search/internal/search"
)

// Store answers searches. Implementations are safe for concurrent use and
// honour ctx's deadline.
type Store interface {
	Search(ctx context.Context, r search.Request) (search.Page, error)
	Article(ctx context.Context, id string) (*article.Article, error)
	Facets(ctx context.Context, r search.Request) (search.Facets, error)
	Stories(ctx context.Context, r search.Request) ([]search.Story, error)
}

// ErrUnsupported marks a store error the client caused by asking what the
// store cannot answer (a term on a column the database lacks): 400.
var ErrUnsupported = query.ErrUnsupported

//go:embed web
var webFiles embed.FS

// Config holds the API's limits and credentials.
type Config struct {
	// Token, when set, is required as "Authorization: Bearer <token>"
	// on the JSON endpoints.
	Token string
	// Timeout bounds one request's work.
	Timeout time.Duration
	// MaxInFlight is how many JSON requests run at once; more get 503.
	MaxInFlight int
	// DefaultLimit is the page size when a request gives none.
	DefaultLimit int
	// Backend names the store, for the page ("postgres", "file").
	Backend string
}

// Handler serves the API and the page.
type Handler struct {
	cfg     Config
	store   Store
	log     *slog.Logger
	metrics *Metrics
	sem     chan struct{}
	now     func() time.Time
	mux     *http.ServeMux
}

// New returns the handler.
func New(cfg Config, store Store, m *Metrics, log *slog.Logger) (*Handler, error) {
	if cfg.Timeout <= 0 || cfg.MaxInFlight < 1 || cfg.DefaultLimit < 1 || cfg.DefaultLimit > search.MaxLimit {
		return nil, fmt.Errorf("api: invalid config %+v", cfg)
	}
	h := &Handler{cfg: cfg, store: store, log: log.With("component", "api"), metrics: m,
		sem: make(chan struct{}, cfg.MaxInFlight), now: time.Now, mux: http.NewServeMux()}
	web, err := fs.Sub(webFiles, "web")
	if err != nil {
		return nil, err
	}
	static := http.FileServerFS(web)
	h.mux.Handle("GET /{$}", static)
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", static))
	h.mux.Handle("GET /api/articles", h.json("articles", h.articles))
	h.mux.Handle("GET /api/articles/{id}", h.json("article", h.article))
	h.mux.Handle("GET /api/facets", h.json("facets", h.facets))
	h.mux.Handle("GET /api/stories", h.json("stories", h.stories))
	h.mux.Handle("GET /api/info", h.json("info", func(*http.Request) (any, error) {
		return map[string]any{"backend": cfg.Backend, "auth": cfg.Token != ""}, nil
	}))
	return h, nil
}

// ServeHTTP serves the page, its files and the JSON endpoints.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.mux.ServeHTTP(w, r)
}

// apiError is an error with its HTTP status and, for a query mistake, its
// position.
type apiError struct {
	Status int    `json:"-"`
	Msg    string `json:"error"`
	Pos    *int   `json:"position,omitempty"`
	// slow: the request ran out of time (counted apart).
	slow bool
}

func (e *apiError) Error() string { return e.Msg }

func badRequest(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Msg: fmt.Sprintf(format, args...)}
}

// json wraps an endpoint: auth, the in-flight limit, the timeout, errors
// as JSON, metrics.
func (h *Handler) json(name string, f func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := h.now()
		status, slow := h.serveJSON(w, r, f)
		h.metrics.observe(name, status, slow, time.Since(start))
	})
}

// errTooSlow is the answer to a search that ran out of time.
const errTooSlow = "the search took too long: narrow it (more words, a phrase, source:, lang:, published: or a date range)"

// serveJSON serves one JSON request and returns its status code and
// whether it ran out of time.
func (h *Handler) serveJSON(w http.ResponseWriter, r *http.Request, f func(*http.Request) (any, error)) (int, bool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if h.cfg.Token != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="newswire search"`)
			return writeJSON(w, http.StatusUnauthorized, &apiError{Msg: "a bearer token is required"}), false
		}
	}
	select {
	case h.sem <- struct{}{}:
		defer func() { <-h.sem }()
	default:
		w.Header().Set("Retry-After", "1")
		return writeJSON(w, http.StatusServiceUnavailable, &apiError{Msg: "too many requests in flight; retry"}), false
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.Timeout)
	defer cancel()
	v, err := f(r.WithContext(ctx))
	if err == nil {
		return writeJSON(w, http.StatusOK, v), false
	}
	var ae *apiError
	var qe *query.Error
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &qe):
		pos := qe.Pos
		ae = &apiError{Status: http.StatusBadRequest, Msg: qe.Error(), Pos: &pos}
	case errors.Is(err, search.ErrNotFound):
		ae = &apiError{Status: http.StatusNotFound, Msg: "no such article"}
	case errors.Is(err, search.ErrBadCursor):
		ae = badRequest("invalid cursor: repeat the search from the first page")
	case errors.Is(err, ErrUnsupported):
		ae = badRequest("%v", err)
	case errors.Is(err, search.ErrTooSlow), errors.Is(err, context.DeadlineExceeded):
		// The statement timeout or SEARCH_TIMEOUT: a query no index
		// narrows enough. Retrying would not help, narrowing does.
		h.log.Info("search too slow", "path", r.URL.Path, "q", r.URL.Query().Get("q"), "err", err)
		ae = &apiError{Status: http.StatusServiceUnavailable, Msg: errTooSlow, slow: true}
	default:
		h.log.Error("request failed", "path", r.URL.Path, "err", err)
		ae = &apiError{Status: http.StatusInternalServerError, Msg: "internal error"}
	}
	return writeJSON(w, ae.Status, ae), ae.slow
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	if ae, ok := v.(*apiError); ok && ae.Status == 0 {
		ae.Status = status
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
	return status
}

// request reads the search parameters shared by the endpoints: q, from,
// to, sort, limit, cursor.
func (h *Handler) request(r *http.Request) (search.Request, error) {
	v := r.URL.Query()
	req := search.Request{Sort: search.SortTime, Limit: h.cfg.DefaultLimit, Cursor: v.Get("cursor")}
	if q := strings.TrimSpace(v.Get("q")); q != "" {
		parsed, err := query.ParseAt(q, h.now())
		if err != nil {
			return req, err
		}
		req.Query = parsed
	}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"from", &req.From}, {"to", &req.To}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			d, err2 := time.Parse("2006-01-02", s)
			if err2 != nil {
				return req, badRequest("%s=%q: want a date (2024-05-01) or an RFC 3339 time", p.name, s)
			}
			t = d
		}
		*p.t = t.UTC()
	}
	switch s := v.Get("sort"); s {
	case "", "time":
	case "relevance":
		req.Sort = search.SortRelevance
	default:
		return req, badRequest("sort=%q: want time or relevance", s)
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > search.MaxLimit {
			return req, badRequest("limit=%q: want 1 to %d", s, search.MaxLimit)
		}
		req.Limit = n
	}
	if len(req.Cursor) > 1024 {
		return req, search.ErrBadCursor
	}
	return req, nil
}

// articlesResponse is GET /api/articles.
type articlesResponse struct {
	// Query is the parsed query in canonical form.
	Query string       `json:"query"`
	Hits  []search.Hit `json:"hits"`
	Next  string       `json:"next,omitempty"`
}

func (h *Handler) articles(r *http.Request) (any, error) {
	req, err := h.request(r)
	if err != nil {
		return nil, err
	}
	page, err := h.store.Search(r.Context(), req)
	if err != nil {
		return nil, err
	}
	resp := articlesResponse{Hits: page.Hits, Next: page.Next}
	if resp.Hits == nil {
		resp.Hits = []search.Hit{}
	}
	if req.Query != nil {
		resp.Query = req.Query.Canonical()
	}
	for i := range resp.Hits {
		resp.Hits[i].Lines = search.Lines(resp.Hits[i].Text, req.Query, 3)
	}
	return resp, nil
}

func (h *Handler) article(r *http.Request) (any, error) {
	id := r.PathValue("id")
	if id == "" || len(id) > 256 {
		return nil, search.ErrNotFound
	}
	return h.store.Article(r.Context(), id)
}

func (h *Handler) facets(r *http.Request) (any, error) {
	req, err := h.request(r)
	if err != nil {
		return nil, err
	}
	return h.store.Facets(r.Context(), req)
}

func (h *Handler) stories(r *http.Request) (any, error) {
	req, err := h.request(r)
	if err != nil {
		return nil, err
	}
	ss, err := h.store.Stories(r.Context(), req)
	if err != nil {
		return nil, err
	}
	if ss == nil {
		ss = []search.Story{}
	}
	return map[string]any{"stories": ss}, nil
}
