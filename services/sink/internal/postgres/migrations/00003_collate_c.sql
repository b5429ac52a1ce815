-- Byte-order ("C") collation for the indexed text columns. With a
-- linguistic default collation (en_US.UTF-8, the Debian and Docker
-- default; or ICU) every comparison in a btree insert calls the collation
-- library: ids, codes and names are found by equality, which does not
-- depend on the collation, and the few orderings by them are tie-breaks.
-- On an ICU en-US database this cut the server's processor time per
-- article written from about 150 to 125 µs (docs/sink-performance.md).

-- +goose Up
ALTER TABLE articles ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE entities
    ALTER COLUMN article_id TYPE text COLLATE "C",
    ALTER COLUMN type TYPE text COLLATE "C",
    ALTER COLUMN canonical TYPE text COLLATE "C",
    ALTER COLUMN entity_id TYPE text COLLATE "C";
ALTER TABLE money
    ALTER COLUMN article_id TYPE text COLLATE "C",
    ALTER COLUMN currency TYPE text COLLATE "C";
ALTER TABLE figures
    ALTER COLUMN article_id TYPE text COLLATE "C",
    ALTER COLUMN unit TYPE text COLLATE "C";

-- +goose Down
ALTER TABLE figures
    ALTER COLUMN article_id TYPE text COLLATE "default",
    ALTER COLUMN unit TYPE text COLLATE "default";
ALTER TABLE money
    ALTER COLUMN article_id TYPE text COLLATE "default",
    ALTER COLUMN currency TYPE text COLLATE "default";
ALTER TABLE entities
    ALTER COLUMN article_id TYPE text COLLATE "default",
    ALTER COLUMN type TYPE text COLLATE "default",
    ALTER COLUMN canonical TYPE text COLLATE "default",
    ALTER COLUMN entity_id TYPE text COLLATE "default";
ALTER TABLE articles ALTER COLUMN id TYPE text COLLATE "default";
