-- The search's full-text vector again (00007), now weighted and kept in the
-- row, for relevance order (services/search, pkg/query.TextVector):
--
-- - The title's words carry weight A and the text's weight D, so ts_rank
--   counts a word in the title ten times a word in the text (its default
--   weights 0.1, 0.2, 0.4, 1.0 for D, C, B, A). The positions are those of
--   00007's to_tsvector(left(title || ' ' || text, 100000)): the two parts
--   are cut at the same character and tsvector concatenation shifts the
--   text's positions after the title's, so phrases and matching are as
--   before.
-- - STORAGE MAIN: the vector stays in the heap row (compressed if need be)
--   and the text is moved to TOAST first. Relevance order reads the vector
--   of each of the newest 1,000 matches (search.RankSample); with the
--   vector in TOAST each row cost a TOAST index lookup and its chunks
--   besides the heap page (5,487 buffers for 1,181 rows over 200,000
--   articles), in the row it costs the heap page (1,187 buffers).
--
-- Dropping and adding the column rewrites the table once (ALTER TABLE holds
-- its lock meanwhile) and rebuilds the GIN index: 42 s for 200,000 articles
-- on the shared 2-core VM at load 6.

-- +goose Up
ALTER TABLE articles
    DROP COLUMN search_vector,
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, left(title, 100000)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, left(text, greatest(100000 - length(title) - 1, 0))), 'D')) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX articles_search_vector ON articles USING gin (search_vector);

-- +goose Down
ALTER TABLE articles
    DROP COLUMN search_vector,
    ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left(title || ' ' || text, 100000))) STORED;
CREATE INDEX articles_search_vector ON articles USING gin (search_vector);
