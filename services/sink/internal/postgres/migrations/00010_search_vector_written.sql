-- The search's vector (00008) is written by the sink instead of generated:
-- the server's text search parser over an article's text was 400-700 µs of
-- the ~850 µs of server CPU per article written (BENCHMARKS.md, PostgreSQL
-- sink). The sink builds the same vector in Go (internal/tsvector, proven
-- equal to to_tsvector by its tests) where the database's LC_CTYPE is C,
-- and sends it with the row.
--
-- Every other writer, and the sink on a database where its vector could
-- differ, leaves the column NULL: a trigger then computes it with 00008's
-- expression, so search_vector always holds that expression's value. An
-- UPDATE that changes title or text and leaves the vector as it was also
-- recomputes it.
--
-- DROP EXPRESSION keeps the stored values, which the generated column
-- already computed for every existing row, and does not rewrite the table.

-- +goose Up
ALTER TABLE articles ALTER COLUMN search_vector DROP EXPRESSION;

-- The vector's expression (00008's), named: the trigger and the sink's
-- start-up check call it.
CREATE FUNCTION article_search_vector(title text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('simple'::regconfig, left(title, 100000)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, left(body, greatest(100000 - length(title) - 1, 0))), 'D');

-- +goose StatementBegin
CREATE FUNCTION articles_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := article_search_vector(NEW.title, NEW.text);
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER articles_search_vector_insert BEFORE INSERT ON articles
    FOR EACH ROW WHEN (NEW.search_vector IS NULL)
    EXECUTE FUNCTION articles_search_vector();
CREATE TRIGGER articles_search_vector_update BEFORE UPDATE OF title, text, search_vector ON articles
    FOR EACH ROW WHEN (NEW.search_vector IS NULL
        OR (NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
            AND (NEW.title, NEW.text) IS DISTINCT FROM (OLD.title, OLD.text)))
    EXECUTE FUNCTION articles_search_vector();

-- +goose Down
DROP TRIGGER articles_search_vector_update ON articles;
DROP TRIGGER articles_search_vector_insert ON articles;
DROP FUNCTION articles_search_vector();
DROP FUNCTION article_search_vector(text, text);
ALTER TABLE articles
    DROP COLUMN search_vector,
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, left(title, 100000)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, left(text, greatest(100000 - length(title) - 1, 0))), 'D')) STORED,
    ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE INDEX articles_search_vector ON articles USING gin (search_vector);
