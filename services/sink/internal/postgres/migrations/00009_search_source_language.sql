-- Indexes for the search service's source: and lang: terms in its result
-- order (newest first, undated last, then id; services/search). Without
-- them a query that names a source or a language that few articles have
-- (lang:de, a small feed's source:, a source that does not exist) cannot
-- be narrowed by any index and reads the whole table: over 200,000
-- articles 400-560 ms for no match at all, seconds on a busy machine
-- (BENCHMARKS.md, Issue 16). With them the first page of such a query
-- walks only that source's or language's articles, newest first, and a
-- query that also has words reads that source's or language's rows only.
--
-- Each is a btree over two short columns, written once per article
-- version; 00002 dropped the earlier (source_name, published_at) index,
-- which no query used, for the sink's write throughput.

-- +goose Up
CREATE INDEX articles_source_name_order ON articles (source_name, published_at DESC NULLS LAST, id DESC);
CREATE INDEX articles_language_order ON articles (language, published_at DESC NULLS LAST, id DESC);

-- +goose Down
DROP INDEX articles_language_order;
DROP INDEX articles_source_name_order;
