-- The search vector compressed with lz4, as the text is (00001), instead of
-- the server's default pglz. The vector of a 5,000-byte text is about 7 KB
-- and stays in the heap row (STORAGE MAIN, 00008), so every row written
-- compresses it: with pglz that was about 120 µs of the server's processor
-- time per article, with lz4 a fraction of it (docs/sink-performance.md,
-- issue 15), and lz4 also decompresses faster for relevance order, which
-- reads the vectors of the newest matches.
--
-- Only new values are compressed with lz4; vectors already stored stay
-- pglz, which the server reads as before. Nothing is rewritten.

-- +goose Up
ALTER TABLE articles ALTER COLUMN search_vector SET COMPRESSION lz4;

-- +goose Down
ALTER TABLE articles ALTER COLUMN search_vector SET COMPRESSION default;
