-- Stories (issue 14): the story stage's per-article fields as columns, and
-- a stories table the sink keeps up to date. Articles written without the
-- story stage leave the columns NULL and the table empty.
--
-- stories is a rollup of articles, recomputed for each story a batch
-- touches (Store.WriteOutcome): first_seen and last_seen are the earliest
-- and latest published times of its articles (fetched times where there
-- is none), title the title of its earliest article, articles and sources
-- the counts of its articles and distinct source names, copies the
-- articles that copy another, top_entities the ten entities named in the
-- most of its articles.

-- +goose Up
ALTER TABLE articles
    ADD COLUMN story_id text COLLATE "C",
    ADD COLUMN duplicate_of text COLLATE "C",
    ADD COLUMN similarity real;
CREATE INDEX articles_story_id ON articles (story_id) WHERE story_id IS NOT NULL;
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE stories (
    id           text COLLATE "C" PRIMARY KEY,
    first_seen   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    title        text NOT NULL,
    articles     integer NOT NULL,
    sources      integer NOT NULL,
    copies       integer NOT NULL,
    -- [{"type": "PERSON", "canonical": "…", "articles": n}, …], most named first
    top_entities jsonb NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stories_last_seen ON stories (last_seen);

-- +goose Down
DROP TABLE stories;
DROP INDEX articles_duplicate_of;
DROP INDEX articles_story_id;
ALTER TABLE articles DROP COLUMN similarity, DROP COLUMN duplicate_of, DROP COLUMN story_id;
