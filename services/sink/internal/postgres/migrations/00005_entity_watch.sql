-- Entities on the user's watch list (the tagger's TAGGER_ENTITIES_FILE or
-- bucket; article.Entity.Watch): a column, true for a watched mention, and
-- tags(articles) gives "watch": true back where it is set. The partial
-- index finds the articles that mention any watched entity without
-- growing with the rest of the entities.

-- +goose Up
ALTER TABLE entities ADD COLUMN watch boolean NOT NULL DEFAULT false;
CREATE INDEX entities_watch ON entities (article_id) WHERE watch;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tags(a articles) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE WHEN a.tagged THEN jsonb_build_object(
    'entities', coalesce((
        SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
            'type', e.type, 'text', e.text, 'canonical', e.canonical, 'id', e.entity_id,
            'watch', CASE WHEN e.watch THEN true END,
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

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tags(a articles) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
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
DROP INDEX entities_watch;
ALTER TABLE entities DROP COLUMN watch;
