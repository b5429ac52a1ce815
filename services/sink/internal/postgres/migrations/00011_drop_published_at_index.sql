-- One B-tree fewer per article written (issue 15): articles_published_at
-- (00001) duplicates the leading column of articles_published_at_id
-- (00007, published_at DESC NULLS LAST, id DESC), which serves the same
-- range conditions on published_at (the example queries' "published in the
-- last 24 hours", the search's published: terms) and the search's result
-- order. TestIndexes checks that the example queries' plans use it.

-- +goose Up
DROP INDEX articles_published_at;

-- +goose Down
CREATE INDEX articles_published_at ON articles (published_at);
