package jsonl

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/newswire/newswire/services/sink/internal/storetest"
)

// TestContract runs the stores' contract on a JSON Lines file, read as
// readers read it (the last line for each id wins). A failing disk is
// /dev/full in place of the file: every write gets ENOSPC.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		path := filepath.Join(t.TempDir(), "articles.jsonl")
		return storetest.Backend{
			Open: func(t *testing.T) storetest.Store {
				s, err := Open(path, Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
				if err != nil {
					t.Fatalf("Open(%s): %v", path, err)
				}
				return s
			},
			Read: func(t *testing.T) map[string]storetest.Stored {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]storetest.Stored{}
				for len(data) > 0 {
					line, rest, ok := bytes.Cut(data, []byte("\n"))
					if !ok {
						t.Fatalf("%s ends in a torn line %q", path, data)
					}
					a, ok := decode(line)
					if !ok {
						t.Fatalf("%s: line %q is not an article", path, line)
					}
					out[a.ID] = storetest.Stored{URL: a.URL, Title: a.Title, Entities: len(a.Tags.Entities)}
					data = rest
				}
				return out
			},
			Fail: func(t *testing.T, st storetest.Store) func() {
				s := st.(*Store)
				full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				s.mu.Lock()
				f := s.f
				s.f = full
				s.mu.Unlock()
				return func() {
					s.mu.Lock()
					s.f = f
					s.mu.Unlock()
					full.Close()
				}
			},
		}
	})
}
