package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/jsonl"
	"github.com/newswire/newswire/services/sink/internal/postgres"
)

// store is where the sink puts articles. Write makes the whole batch durable
// before it returns a nil error; an error means the batch cannot be relied
// on (the store is down, or part of it was written) and is to be written
// again whole, which stores are idempotent for. Articles the store refuses
// on their own (rejected, by index in batch) do not fail the batch.
type store interface {
	Write(ctx context.Context, batch []*article.Article) (result, error)
	// Ping reports whether the store can take writes.
	Ping(ctx context.Context) error
	Close() error
}

// result is what one batch write did.
type result struct {
	// Written counts new and changed articles; the rest were already stored.
	Written  int
	Rejected map[int]error
}

func openStore(ctx context.Context, cfg *Config, log *slog.Logger) (store, error) {
	switch cfg.Backend {
	case "file":
		s, err := jsonl.Open(cfg.FilePath, jsonl.Options{MaxBytes: cfg.FileMaxSize, MaxAge: cfg.FileMaxAge, Gzip: cfg.FileGzip}, log)
		if err != nil {
			return nil, err
		}
		return fileStore{s}, nil
	case "postgres":
		s, err := postgres.Open(ctx, cfg.Postgres, log)
		if err != nil {
			return nil, err
		}
		return pgStore{s}, nil
	}
	return nil, fmt.Errorf("unknown backend %q", cfg.Backend)
}

type fileStore struct{ *jsonl.Store }

func (s fileStore) Write(ctx context.Context, batch []*article.Article) (result, error) {
	n, err := s.Store.Write(ctx, batch)
	return result{Written: n}, err
}

func (s fileStore) Ping(context.Context) error { return nil }

type pgStore struct{ *postgres.Store }

func (s pgStore) Write(ctx context.Context, batch []*article.Article) (result, error) {
	out, err := s.Store.WriteOutcome(ctx, batch)
	if err != nil {
		return result{}, err
	}
	r := result{Written: out.Inserted + out.Updated}
	if len(out.Rejections) > 0 {
		r.Rejected = make(map[int]error, len(out.Rejections))
		for _, rej := range out.Rejections {
			r.Rejected[rej.Index] = rej
		}
	}
	return r, nil
}

func (s pgStore) Close() error {
	s.Store.Close()
	return nil
}
