package postgres

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// searchVector is the search's vector of an article, the expression of
// migrations 00008 and 00010 (the column's trigger):
//
//	setweight(to_tsvector('simple', left(title, 100000)), 'A') ||
//	setweight(to_tsvector('simple', left(text, greatest(100000 - length(title) - 1, 0))), 'D')
//
// built in Go. It equals the server's only where tsvector.Supported says
// so; elsewhere the store sends NULL and the trigger computes it.
func searchVector(title, text string) tsvector.Vector {
	const limit = 100000
	n := max(limit-utf8.RuneCountInString(title)-1, 0)
	return tsvector.Concat(
		tsvector.Parse(leftChars(title, limit)).SetWeight(tsvector.A),
		tsvector.Parse(leftChars(text, n)).SetWeight(tsvector.D))
}

// leftChars is SQL's left(s, n) for n >= 0: the first n characters.
func leftChars(s string, n int) string {
	if len(s) <= n {
		return s // n characters take at least n bytes
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// buildsVectors reports whether the store builds search vectors itself:
// whether the server's to_tsvector is the one package tsvector ports.
func buildsVectors(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	var version int
	var encoding, ctype string
	err := pool.QueryRow(ctx, `SELECT current_setting('server_version_num')::int,
		current_setting('server_encoding'), current_setting('lc_ctype')`).Scan(&version, &encoding, &ctype)
	if err != nil {
		return false, fmt.Errorf("read the server's text search settings: %w", err)
	}
	return tsvector.Supported(version, encoding, ctype), nil
}
