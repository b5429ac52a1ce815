-- Indexes for the search service's query language (pkg/query): a full-text
-- index over the title and text, and entity names compared without case.
-- The expressions are pkg/query's (query.TextVector, lower(canonical)):
-- the planner uses an index only for the same expression. The simple
-- configuration lower-cases words and neither stems nor drops stop words,
-- as the in-memory matcher does; the first 100,000 characters are indexed
-- (query.MaxTextChars), which keeps every document under tsvector's 1 MB.

-- +goose Up
CREATE INDEX articles_fts ON articles
    USING gin (to_tsvector('simple'::regconfig, left(title || ' ' || text, 100000)));
CREATE INDEX entities_canonical_lower ON entities (lower(canonical));

-- +goose Down
DROP INDEX entities_canonical_lower;
DROP INDEX articles_fts;
