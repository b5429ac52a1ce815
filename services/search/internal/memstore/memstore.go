// Package memstore searches the file sink's JSON Lines in memory: it reads
// the rotated files and the live file, keeps the last version of each
// article, follows the live file as the sink appends to it, and runs
// queries with pkg/query's matcher. It is the search backend of `make run`
// and of small setups; PostgreSQL (pgstore) is the production one.
package memstore

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/services/search/internal/search"
)

// maxLine is the longest JSON line read; longer ones are skipped.
const maxLine = 64 << 20

// Store is an in-memory index of the file sink's articles. Its methods
// are safe for concurrent use.
type Store struct {
	path string
	log  *slog.Logger

	mu sync.RWMutex
	// docs holds every article's last version, by id.
	docs map[string]*query.Doc
	// order is docs in time order, rebuilt lazily when dirty.
	order []*query.Doc
	dirty bool
	// What of the files has been read.
	rotated []string
	live    fileState
	loaded  bool
}

type fileState struct {
	ino    uint64
	offset int64
}

// Open returns a store over the JSON Lines file at path (the sink's
// SINK_FILE_PATH) and its rotated siblings, and reads them.
func Open(path string, log *slog.Logger) (*Store, error) {
	s := &Store{path: path, log: log.With("component", "memstore"), docs: map[string]*query.Doc{}}
	if err := s.Refresh(); err != nil {
		return nil, err
	}
	return s, nil
}

// Len returns how many articles the store holds.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.docs)
}

// Ready reports whether the files have been read.
func (s *Store) Ready() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.loaded {
		return errors.New("articles not read yet")
	}
	return nil
}

// Run refreshes the store every interval until ctx ends.
func (s *Store) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := s.Refresh(); err != nil {
				s.log.Warn("read articles", "err", err)
			}
		}
	}
}

// rotatedFiles lists the rotated files of path (name-<time>.jsonl[.gz]) in
// name order, which is time order.
func rotatedFiles(path string) ([]string, error) {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	var out []string
	for _, pattern := range []string{base + "-*" + ext, base + "-*" + ext + ".gz"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	slices.Sort(out)
	return out, nil
}

// Refresh reads what the sink wrote since the last call: the new lines of
// the live file, or everything again after a rotation.
func (s *Store) Refresh() error {
	rotated, err := rotatedFiles(s.path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(s.path)
	var ino uint64
	var size int64
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	default:
		ino, size = inode(fi), fi.Size()
	}
	s.mu.RLock()
	same := s.loaded && slices.Equal(rotated, s.rotated) && ino == s.live.ino && size >= s.live.offset
	from := s.live.offset
	s.mu.RUnlock()
	if same && size == from {
		return nil
	}
	docs := map[string]*query.Doc{}
	if !same {
		// A rotation (or the first read): read everything anew.
		from = 0
		for _, f := range rotated {
			if _, err := readFile(f, 0, docs); err != nil {
				return fmt.Errorf("read %s: %w", f, err)
			}
		}
	}
	end := from
	if ino != 0 {
		if end, err = readFile(s.path, from, docs); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("read %s: %w", s.path, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !same {
		s.docs = docs
	} else {
		for id, d := range docs {
			s.docs[id] = d
		}
	}
	s.rotated, s.live, s.loaded = rotated, fileState{ino: ino, offset: end}, true
	s.dirty = true
	if len(docs) > 0 {
		s.log.Debug("articles read", "new", len(docs), "total", len(s.docs))
	}
	return nil
}

// readFile reads the complete lines of a JSON Lines file (gzipped when
// named .gz) from offset into docs, later lines replacing earlier ones,
// and returns the offset after the last complete line.
func readFile(path string, offset int64, docs map[string]*query.Doc) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return offset, err
	}
	defer f.Close()
	var r io.Reader = f
	gz := strings.HasSuffix(path, ".gz")
	if gz {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return offset, err
		}
		r = zr
	} else if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return offset, err
	}
	br := bufio.NewReaderSize(r, 1<<20)
	pos := offset
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A long line: gather it whole.
			buf := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) && len(buf) <= maxLine {
				line, err = br.ReadSlice('\n')
				buf = append(buf, line...)
			}
			line = buf
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				// An incomplete last line is read again next time,
				// once the sink has finished it (a gzipped file is
				// read whole).
				return pos, nil
			}
			return pos, err
		}
		pos += int64(len(line))
		line = bytes.TrimSpace(line)
		if len(line) == 0 || len(line) > maxLine {
			continue
		}
		var a article.Article
		if json.Unmarshal(line, &a) != nil || a.ID == "" {
			continue // not an article: the file sink writes only articles
		}
		docs[a.ID] = query.NewDoc(&a)
	}
}

// sorted returns the documents in time order.
func (s *Store) sorted() []*query.Doc {
	s.mu.RLock()
	if !s.dirty {
		defer s.mu.RUnlock()
		return s.order
	}
	s.mu.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty {
		order := make([]*query.Doc, 0, len(s.docs))
		for _, d := range s.docs {
			order = append(order, d)
		}
		slices.SortFunc(order, func(x, y *query.Doc) int {
			a, b := x.Article(), y.Article()
			if search.Before(a.PublishedAt, a.ID, b.PublishedAt, b.ID) {
				return -1
			}
			return 1
		})
		s.order, s.dirty = order, false
	}
	return s.order
}

// matches calls f with each article matching r, in time order, until f
// returns false.
func (s *Store) matches(ctx context.Context, r search.Request, f func(d *query.Doc) bool) error {
	for i, d := range s.sorted() {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		a := d.Article()
		if !r.From.IsZero() || !r.To.IsZero() {
			if a.PublishedAt == nil || !r.From.IsZero() && a.PublishedAt.Before(r.From) || !r.To.IsZero() && !a.PublishedAt.Before(r.To) {
				continue
			}
		}
		if r.Query != nil && !r.Query.Match(d) {
			continue
		}
		if !f(d) {
			return nil
		}
	}
	return nil
}

func hit(a *article.Article) search.Hit {
	return search.Hit{ID: a.ID, Title: a.Title, Source: a.Source.Name, URL: a.URL, Language: a.Language,
		PublishedAt: a.PublishedAt, FetchedAt: a.FetchedAt, StoryID: a.StoryID, Text: a.Text}
}

// Search returns one page of the articles that match r.
func (s *Store) Search(ctx context.Context, r search.Request) (search.Page, error) {
	var cur search.Cursor
	if r.Cursor != "" {
		var err error
		if cur, err = search.DecodeCursor(r.Cursor, r.Sort); err != nil {
			return search.Page{}, err
		}
	}
	var page search.Page
	if r.Sort == search.SortRelevance {
		// The batch: the newest RankSample matches after the cursor's
		// batch start, and one more to know whether another follows.
		type scored struct {
			d     *query.Doc
			score float64
		}
		var batch []scored
		words := [][]string(nil)
		if r.Query != nil {
			words = r.Query.Words()
		}
		err := s.matches(ctx, r, func(d *query.Doc) bool {
			a := d.Article()
			if cur.ID != "" && !search.Before(cur.Time, cur.ID, a.PublishedAt, a.ID) {
				return true
			}
			batch = append(batch, scored{d, Score(a, words)})
			return len(batch) <= search.RankSample
		})
		if err != nil {
			return page, err
		}
		more := len(batch) > search.RankSample
		var lastT *time.Time
		var lastID string
		if more {
			batch = batch[:search.RankSample]
			last := batch[len(batch)-1].d.Article()
			lastT, lastID = last.PublishedAt, last.ID
		}
		// Stable: equal scores stay in time order.
		slices.SortStableFunc(batch, func(x, y scored) int { return cmp.Compare(y.score, x.score) })
		for i := cur.Offset; i < len(batch) && len(page.Hits) <= r.Limit; i++ {
			h := hit(batch[i].d.Article())
			h.Score = batch[i].score
			page.Hits = append(page.Hits, h)
		}
		page.Next = search.NextCursor(r, cur, page.Hits, more, lastT, lastID)
		if len(page.Hits) > r.Limit {
			page.Hits = page.Hits[:r.Limit]
		}
		return page, nil
	}
	more := false
	err := s.matches(ctx, r, func(d *query.Doc) bool {
		a := d.Article()
		if r.Cursor != "" && !search.Before(cur.Time, cur.ID, a.PublishedAt, a.ID) {
			return true
		}
		if len(page.Hits) == r.Limit {
			more = true
			return false
		}
		page.Hits = append(page.Hits, hit(a))
		return true
	})
	if more {
		last := page.Hits[len(page.Hits)-1]
		page.Next = search.Cursor{Time: last.PublishedAt, ID: last.ID, Sort: r.Sort}.Encode()
	}
	return page, err
}

// Article returns one article with its tags.
func (s *Store) Article(_ context.Context, id string) (*article.Article, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.docs[id]
	if !ok {
		return nil, search.ErrNotFound
	}
	return d.Article(), nil
}

// Facets counts the entities and sources of the newest FacetSample
// articles that match r.
func (s *Store) Facets(ctx context.Context, r search.Request) (search.Facets, error) {
	type ekey struct{ canonical, typ, id string }
	ents, srcs := map[ekey]int{}, map[string]int{}
	n := 0
	err := s.matches(ctx, r, func(d *query.Doc) bool {
		a := d.Article()
		srcs[a.Source.Name]++
		if a.Tags != nil {
			seen := map[ekey]bool{}
			for _, e := range a.Tags.Entities {
				k := ekey{e.Canonical, e.Type, e.ID}
				if !seen[k] {
					seen[k] = true
					ents[k]++
				}
			}
		}
		n++
		return n < search.FacetSample
	})
	f := search.Facets{Sampled: n, Entities: []search.Count{}, Sources: []search.Count{}}
	for k, c := range ents {
		f.Entities = append(f.Entities, search.Count{Value: k.canonical, Type: k.typ, ID: k.id, Count: c})
	}
	for k, c := range srcs {
		f.Sources = append(f.Sources, search.Count{Value: k, Count: c})
	}
	f.Entities, f.Sources = search.Top(f.Entities), search.Top(f.Sources)
	return f, err
}

// Stories groups the articles that match r by story, largest first.
func (s *Store) Stories(ctx context.Context, r search.Request) ([]search.Story, error) {
	by := map[string]*search.Story{}
	err := s.matches(ctx, r, func(d *query.Doc) bool {
		a := d.Article()
		if a.StoryID == "" {
			return true
		}
		st, ok := by[a.StoryID]
		if !ok {
			st = &search.Story{ID: a.StoryID}
			by[a.StoryID] = st
		}
		st.Articles++
		if t := a.PublishedAt; t != nil {
			if st.First == nil || t.Before(*st.First) {
				st.First, st.Title = t, a.Title
			}
			if st.Last == nil || t.After(*st.Last) {
				st.Last = t
			}
		}
		if st.Title == "" {
			st.Title = a.Title
		}
		return true
	})
	out := make([]search.Story, 0, len(by))
	for _, st := range by {
		out = append(out, *st)
	}
	return search.TopStories(out), err
}

// TitleWeight is how many times a word in the title counts against one
// in the text in relevance order, as the PostgreSQL store's weights (A
// 1.0, D 0.1; sink migration 00008).
const TitleWeight = 10

// Score is a's relevance to words: the matches of the words and phrases
// in its text, a match in the title counting TitleWeight times.
func Score(a *article.Article, words [][]string) float64 {
	n := 0
	for _, sp := range query.Spans(query.SearchedText(a.Title, a.Text), words) {
		if sp[0] < len(a.Title) {
			n += TitleWeight
		} else {
			n++
		}
	}
	return float64(n)
}
