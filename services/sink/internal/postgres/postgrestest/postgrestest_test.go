package postgrestest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

func TestStartStop(t *testing.T) {
	dsn, srv := postgrestest.Start(t)
	ctx := context.Background()
	query := func() error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		var one int
		return conn.QueryRow(ctx, "SELECT 1").Scan(&one)
	}
	if err := query(); err != nil {
		t.Fatalf("query after Start: %v", err)
	}
	srv.Stop()
	if err := query(); err == nil {
		t.Fatal("query after Stop succeeded, want an error")
	}
	srv.Start()
	if err := query(); err != nil {
		t.Fatalf("query after restart: %v", err)
	}
}
