-- name: top_entities_24h
-- The 20 entities named in the most articles published in the last 24 hours.
SELECT e.canonical, e.type, count(DISTINCT e.article_id) AS articles
FROM entities e
JOIN articles a ON a.id = e.article_id
WHERE a.published_at >= now() - interval '24 hours'
GROUP BY e.canonical, e.type
ORDER BY articles DESC, e.canonical
LIMIT 20;

-- name: biggest_money
-- The biggest amounts in one currency ($1, an ISO 4217 code) from $2 up,
-- such as every amount over GBP 100 million: 'GBP', 100e6. A range counts
-- by its maximum.
SELECT m.currency, m.magnitude, m.text, a.id, a.title
FROM money m
JOIN articles a ON a.id = m.article_id
WHERE m.currency = $1 AND m.magnitude >= $2
ORDER BY m.magnitude DESC, a.id
LIMIT 50;

-- name: articles_per_source_per_hour
-- Articles per source per hour of publication over the last 24 hours.
SELECT a.source_name, date_trunc('hour', a.published_at) AS hour, count(*) AS articles
FROM articles a
WHERE a.published_at >= now() - interval '24 hours'
GROUP BY a.source_name, hour
ORDER BY hour, a.source_name;

-- name: entity_articles
-- Everything about one canonical entity ($1): each article naming it,
-- newest first, with how often and how it is named there.
SELECT a.id, a.title, a.source_name, a.published_at,
       count(*) AS mentions, array_agg(DISTINCT e.text) AS written_as
FROM entities e
JOIN articles a ON a.id = e.article_id
WHERE e.canonical = $1
GROUP BY a.id
ORDER BY a.published_at DESC NULLS LAST, a.id;

-- name: figures_by_unit
-- Figures counting one unit ($1: 'percent', 'people', 'targets'...),
-- largest first.
SELECT f.text, f.magnitude, f.approximate, a.id, a.title
FROM figures f
JOIN articles a ON a.id = f.article_id
WHERE f.unit = $1
ORDER BY f.magnitude DESC NULLS LAST, a.id
LIMIT 50;

-- name: entity_this_week
-- Every article naming one canonical entity ($1) published in the last 7 days.
SELECT a.id, a.title, a.published_at
FROM articles a
WHERE a.published_at >= now() - interval '7 days'
  AND EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.canonical = $1)
ORDER BY a.published_at DESC, a.id;

-- name: top_stories_24h
-- Today's biggest stories: the 20 with the most articles among those
-- with an article published in the last 24 hours, with how many outlets
-- ran them and how many articles were copies.
SELECT s.id, s.title, s.articles, s.sources, s.copies, s.first_seen, s.last_seen
FROM stories s
WHERE s.last_seen >= now() - interval '24 hours'
ORDER BY s.articles DESC, s.last_seen DESC, s.id
LIMIT 20;

-- name: copy_outlets
-- Every outlet that ran one copy ($1: the id of the original article or of
-- any copy of it): the original first, then the copies by publication.
SELECT a.id, a.source_name, a.title, a.published_at, a.similarity
FROM articles a
JOIN articles x ON x.id = $1
WHERE a.id = coalesce(x.duplicate_of, x.id) OR a.duplicate_of = coalesce(x.duplicate_of, x.id)
ORDER BY a.duplicate_of IS NOT NULL, a.published_at NULLS LAST, a.id;
