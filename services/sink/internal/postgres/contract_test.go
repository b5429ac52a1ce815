package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
	"github.com/newswire/newswire/services/sink/internal/storetest"
)

// contractStore is the store as the sink uses it: articles inserted or
// updated are the ones written.
type contractStore struct{ *postgres.Store }

func (s contractStore) Write(ctx context.Context, batch []*article.Article) (int, error) {
	o, err := s.WriteOutcome(ctx, batch)
	return o.Inserted + o.Updated, err
}

func (s contractStore) Close() error {
	s.Store.Close()
	return nil
}

// TestContract runs the stores' contract on PostgreSQL, each case in a
// database of its own on one throwaway server; a backend that fails is
// the server stopped.
func TestContract(t *testing.T) {
	dsn, srv := postgrestest.Start(t)
	top := t
	admin := connect(t, dsn)
	n := 0
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		n++
		db := fmt.Sprintf("contract%d", n)
		if _, err := admin.Exec(context.Background(), "CREATE DATABASE "+db); err != nil {
			t.Fatal(err)
		}
		dbDSN := srv.DSN(db)
		return storetest.Backend{
			Open: func(t *testing.T) storetest.Store {
				st, err := postgres.Open(context.Background(), config(dbDSN), discard)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return contractStore{st}
			},
			Read: func(t *testing.T) map[string]storetest.Stored {
				conn, err := pgx.Connect(context.Background(), dbDSN)
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				defer conn.Close(context.Background())
				rows, err := conn.Query(context.Background(),
					"SELECT id, url, title, (SELECT count(*) FROM entities e WHERE e.article_id = a.id) FROM articles a")
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				out := map[string]storetest.Stored{}
				for rows.Next() {
					var id string
					var s storetest.Stored
					if err := rows.Scan(&id, &s.URL, &s.Title, &s.Entities); err != nil {
						t.Fatal(err)
					}
					out[id] = s
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				return out
			},
			Fail: func(t *testing.T, _ storetest.Store) func() {
				admin.Close(context.Background())
				srv.Stop()
				return func() {
					srv.Start()
					admin = connect(top, dsn)
				}
			},
		}
	})
}
