-- Articles and their tags. Offsets are UTF-8 byte offsets into
-- articles.text, end exclusive, as in the article contract (pkg/article).
--
-- The tag tables have no foreign key to articles: the store writes an
-- article and its tags in one transaction, and a foreign key check locks
-- the parent row for every tag row, which cut write throughput by more
-- than half. A trigger deletes an article's tags with it instead.
-- The text and the tags are compressed with lz4 (PostgreSQL 14 or later,
-- built with lz4, as the Debian, Ubuntu and Docker packages are), cheaper
-- in CPU than the default pglz.

-- +goose Up
CREATE TABLE articles (
    id            text PRIMARY KEY,
    schema        text NOT NULL,
    source_name   text NOT NULL,
    source_kind   text NOT NULL,
    source_locale text,
    url           text,
    canonical_url text,
    title         text NOT NULL,
    authors       text[] NOT NULL,
    text          text COMPRESSION lz4 NOT NULL,
    highlights    text[] NOT NULL,
    language      text,
    image_url     text,
    published_at  timestamptz,
    updated_at    timestamptz,
    fetched_at    timestamptz NOT NULL,
    content_hash  text NOT NULL,
    replay        boolean NOT NULL,
    -- tags is the tagger's output as in the contract; NULL when untagged.
    tags          jsonb COMPRESSION lz4,
    -- doc_hash is the SHA-256 of the contract JSON document: it tells a
    -- re-delivery of the same version from a changed one.
    doc_hash      bytea NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_source_published_at ON articles (source_name, published_at);

CREATE TABLE entities (
    article_id  text NOT NULL,
    ord         integer NOT NULL,
    type        text NOT NULL,
    text        text NOT NULL,
    canonical   text NOT NULL,
    entity_id   text,
    start_byte  integer NOT NULL,
    end_byte    integer NOT NULL,
    PRIMARY KEY (article_id, ord),
    CHECK (start_byte >= 0 AND end_byte >= start_byte)
);
CREATE INDEX entities_canonical ON entities (canonical);
CREATE INDEX entities_entity_id ON entities (entity_id) WHERE entity_id IS NOT NULL;

CREATE TABLE money (
    article_id  text NOT NULL,
    ord         integer NOT NULL,
    text        text NOT NULL,
    currency    text NOT NULL,
    amount      double precision,
    amount_min  double precision,
    amount_max  double precision,
    -- magnitude is the amount, or a range's maximum (or minimum when
    -- open-ended): the value to sort and threshold on.
    magnitude   double precision GENERATED ALWAYS AS (coalesce(amount, amount_max, amount_min)) STORED,
    approximate boolean NOT NULL,
    start_byte  integer NOT NULL,
    end_byte    integer NOT NULL,
    PRIMARY KEY (article_id, ord),
    CHECK (start_byte >= 0 AND end_byte >= start_byte)
);
CREATE INDEX money_currency_magnitude ON money (currency, magnitude);

CREATE TABLE figures (
    article_id  text NOT NULL,
    ord         integer NOT NULL,
    text        text NOT NULL,
    value       double precision,
    value_min   double precision,
    value_max   double precision,
    magnitude   double precision GENERATED ALWAYS AS (coalesce(value, value_max, value_min)) STORED,
    unit        text NOT NULL,
    approximate boolean NOT NULL,
    start_byte  integer NOT NULL,
    end_byte    integer NOT NULL,
    PRIMARY KEY (article_id, ord),
    CHECK (start_byte >= 0 AND end_byte >= start_byte)
);
CREATE INDEX figures_unit_magnitude ON figures (unit, magnitude);

-- +goose StatementBegin
CREATE FUNCTION articles_delete_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entities WHERE article_id = OLD.id;
    DELETE FROM money WHERE article_id = OLD.id;
    DELETE FROM figures WHERE article_id = OLD.id;
    RETURN OLD;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER articles_delete_tags AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_delete_tags();

-- +goose Down
DROP TRIGGER articles_delete_tags ON articles;
DROP FUNCTION articles_delete_tags();
DROP TABLE figures;
DROP TABLE money;
DROP TABLE entities;
DROP TABLE articles;
