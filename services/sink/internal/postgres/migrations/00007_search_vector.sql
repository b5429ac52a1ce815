-- The search's full-text vector stored once per article version, instead of
-- the expression index of 00004: a query whose words are common (a filter
-- the index cannot narrow) and relevance ranking (ts_rank_cd) read the
-- stored vector rather than parse the text again for every row, which made
-- such queries over a few thousand articles take a second. The expression
-- is pkg/query's (query.TextVector reads articles.search_vector). And an
-- index in the search's result order, newest first with undated articles
-- last, for its keyset pages.

-- +goose Up
ALTER TABLE articles ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left(title || ' ' || text, 100000))) STORED;
CREATE INDEX articles_search_vector ON articles USING gin (search_vector);
DROP INDEX articles_fts;
CREATE INDEX articles_published_at_id ON articles (published_at DESC NULLS LAST, id DESC);

-- +goose Down
DROP INDEX articles_published_at_id;
CREATE INDEX articles_fts ON articles
    USING gin (to_tsvector('simple'::regconfig, left(title || ' ' || text, 100000)));
DROP INDEX articles_search_vector;
ALTER TABLE articles DROP COLUMN search_vector;
