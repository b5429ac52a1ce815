package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// searchVector is the search's vector of an article, the expression of
// migrations 00008 and 00010 (article_search_vector, which the column's
// trigger calls):
//
//	setweight(to_tsvector('simple', left(title, 100000)), 'A') ||
//	setweight(to_tsvector('simple', left(text, greatest(100000 - length(title) - 1, 0))), 'D')
//
// built in Go. It equals the server's only where tsvector.Supported says
// so; elsewhere the store sends NULL and the trigger computes it. p is
// the parser's working memory, reused.
func searchVector(p *tsvector.Parser, title, text string) tsvector.Vector {
	const limit = 100000
	n := max(limit-utf8.RuneCountInString(title)-1, 0)
	return tsvector.Concat(
		p.Parse(leftChars(title, limit)).SetWeight(tsvector.A),
		p.Parse(leftChars(text, n)).SetWeight(tsvector.D))
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
// whether the server's to_tsvector is the one package tsvector ports, by
// its version and locale, and by its answer for a text of every token type
// (a database may have changed the 'simple' configuration or dictionary).
func buildsVectors(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) (bool, error) {
	var version int
	var encoding, ctype string
	err := pool.QueryRow(ctx, `SELECT current_setting('server_version_num')::int,
		current_setting('server_encoding'), current_setting('lc_ctype')`).Scan(&version, &encoding, &ctype)
	if err != nil {
		return false, fmt.Errorf("read the server's text search settings: %w", err)
	}
	if !tsvector.Supported(version, encoding, ctype) {
		log.Info("the database builds the search vectors: the sink's are PostgreSQL 15's under UTF-8 and LC_CTYPE C",
			"server_version_num", version, "server_encoding", encoding, "lc_ctype", ctype)
		return false, nil
	}
	v := searchVector(new(tsvector.Parser), probeTitle, probeText)
	var same bool
	err = pool.QueryRow(ctx, `SELECT $1::tsvector = article_search_vector($2, $3)`,
		vectorParam{v}, probeTitle, probeText).Scan(&same)
	if err != nil {
		return false, fmt.Errorf("compare search vectors with the server's: %w", err)
	}
	if !same {
		log.Warn("the database's to_tsvector('simple', ...) differs from the sink's: the database builds the search vectors")
	}
	return same, nil
}

// probeTitle and probeText hold every kind of token the parser knows.
const (
	probeTitle = "Ayatollah Khamenei's attack: ÜBER-cool naïve 東京-2020"
	probeText  = `Qassem Soleimani, 62, was killed; Iran pledged £100m (3.5e6, -3, +4.5, v1.2.3) to 52 targets.
See https://www.bbc.co.uk/news/world-51021861?x=1&y=2 or mail press@example.com, example.org:8080/x,
/usr/local/bin and ./a/b.txt; <b>bold</b> <!-- hidden --> <script>var x;</script> &amp; &#123;
self-driving co-op R2-D2 x-1 1-x a--b`
)
