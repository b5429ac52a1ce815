-- Tags stored once, and one index fewer per article, for write throughput
-- (docs/sink-performance.md has the measurements).
--
-- The tags were stored twice: as jsonb in articles.tags and split into
-- entities, money and figures. Parsing the jsonb cost about a sixth of the
-- server's time per article. The tag tables hold every field of the tags,
-- in order (ord), so articles.tags becomes a function, tags(articles),
-- which rebuilds the same jsonb from them: PostgreSQL's attribute notation
-- keeps a.tags working in queries. articles.tagged says whether the tagger
-- ran, which an article without tag rows alone cannot tell.
--
-- articles_source_published_at served no query: the per-source counts
-- filter on published_at first, through articles_published_at.

-- +goose Up
ALTER TABLE articles ADD COLUMN tagged boolean NOT NULL DEFAULT false;
UPDATE articles SET tagged = true WHERE tags IS NOT NULL;
ALTER TABLE articles DROP COLUMN tags;
DROP INDEX articles_source_published_at;

-- +goose StatementBegin
CREATE FUNCTION tags(a articles) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE WHEN a.tagged THEN jsonb_build_object(
    'entities', coalesce((
        SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
            'type', e.type, 'text', e.text, 'canonical', e.canonical, 'id', e.entity_id,
            'start', e.start_byte, 'end', e.end_byte)) ORDER BY e.ord)
        FROM entities e WHERE e.article_id = a.id), '[]'),
    'money', coalesce((
        SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
            'text', m.text, 'currency', m.currency, 'amount', m.amount,
            'min', m.amount_min, 'max', m.amount_max,
            'approximate', CASE WHEN m.approximate THEN true END,
            'start', m.start_byte, 'end', m.end_byte)) ORDER BY m.ord)
        FROM money m WHERE m.article_id = a.id), '[]'),
    'figures', coalesce((
        SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
            'text', f.text, 'value', f.value, 'min', f.value_min, 'max', f.value_max,
            'unit', f.unit, 'approximate', CASE WHEN f.approximate THEN true END,
            'start', f.start_byte, 'end', f.end_byte)) ORDER BY f.ord)
        FROM figures f WHERE f.article_id = a.id), '[]'))
END
$$;
-- +goose StatementEnd
COMMENT ON FUNCTION tags(articles) IS
    'The tagger''s output for an article, as in the contract; NULL if untagged. Use as a.tags.';

-- +goose Down
ALTER TABLE articles ADD COLUMN tags jsonb COMPRESSION lz4;
UPDATE articles a SET tags = tags(a) WHERE tagged;
DROP FUNCTION tags(articles);
ALTER TABLE articles DROP COLUMN tagged;
CREATE INDEX articles_source_published_at ON articles (source_name, published_at);
