package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// lockStories creates the rows of the stories a batch touches where they
// are missing and locks them all, in id order (so concurrent writers
// cannot deadlock). A writer that waited for the lock then recomputes
// from what the other committed: no story loses an article.
const lockStories = `
INSERT INTO stories (id, first_seen, last_seen, title, articles, sources, copies, top_entities)
SELECT u.id, now(), now(), '', 0, 0, 0, '[]' FROM unnest($1::text[]) AS u(id) ORDER BY u.id
ON CONFLICT (id) DO UPDATE SET updated_at = now()`

// recomputeStories rebuilds each story's row from its articles.
const recomputeStories = `
UPDATE stories s SET first_seen = agg.first_seen, last_seen = agg.last_seen, title = agg.title,
	articles = agg.articles, sources = agg.sources, copies = agg.copies,
	top_entities = coalesce(ent.top, '[]'), updated_at = now()
FROM (
	SELECT a.story_id,
		min(coalesce(a.published_at, a.fetched_at)) AS first_seen,
		max(coalesce(a.published_at, a.fetched_at)) AS last_seen,
		(array_agg(a.title ORDER BY coalesce(a.published_at, a.fetched_at), a.fetched_at, a.id))[1] AS title,
		count(*) AS articles, count(DISTINCT a.source_name) AS sources, count(a.duplicate_of) AS copies
	FROM articles a
	WHERE a.story_id = ANY($1)
	GROUP BY a.story_id
) agg
LEFT JOIN LATERAL (
	SELECT jsonb_agg(jsonb_build_object('type', t.type, 'canonical', t.canonical, 'articles', t.n)
		ORDER BY t.n DESC, t.canonical, t.type) AS top
	FROM (
		SELECT e.type, e.canonical, count(DISTINCT e.article_id) AS n
		FROM entities e
		JOIN articles a2 ON a2.id = e.article_id
		WHERE a2.story_id = agg.story_id
		GROUP BY e.type, e.canonical
		ORDER BY n DESC, e.canonical, e.type
		LIMIT 10
	) t
) ent ON true
WHERE s.id = agg.story_id`

// refreshStories brings the stories of the changed rows up to date, in the
// batch's transaction. Articles without a story (no story stage) touch
// nothing.
func refreshStories(ctx context.Context, tx pgx.Tx, rows []*row, changed map[string]bool) error {
	var ids []string
	for _, r := range rows {
		if changed[r.id] && r.a.StoryID != "" {
			ids = append(ids, r.a.StoryID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if _, err := tx.Exec(ctx, lockStories, ids); err != nil {
		return fmt.Errorf("lock stories: %w", err)
	}
	if _, err := tx.Exec(ctx, recomputeStories, ids); err != nil {
		return fmt.Errorf("recompute stories: %w", err)
	}
	return nil
}
