package postgres_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
)

// query is one example query of testdata/queries.sql.
type query struct{ name, sql string }

// readQueries splits the example queries at their "-- name:" lines.
func readQueries(t *testing.T) []query {
	t.Helper()
	b, err := os.ReadFile("testdata/queries.sql")
	if err != nil {
		t.Fatal(err)
	}
	var qs []query
	for _, part := range strings.Split(string(b), "-- name: ")[1:] {
		name, _, _ := strings.Cut(part, "\n")
		qs = append(qs, query{name: name, sql: strings.TrimSpace("-- name: " + part)})
	}
	return qs
}

// TestDocQueries keeps the SQL in docs/postgres.md the same as the queries
// TestQueries runs.
func TestDocQueries(t *testing.T) {
	doc, err := os.ReadFile("../../../../docs/postgres.md")
	if err != nil {
		t.Fatalf("read the user documentation: %v", err)
	}
	var inDoc []string
	for _, m := range regexp.MustCompile("(?s)```sql\n(-- name: .*?)```").FindAllStringSubmatch(string(doc), -1) {
		inDoc = append(inDoc, strings.TrimSpace(m[1]))
	}
	var inFile []string
	for _, q := range readQueries(t) {
		inFile = append(inFile, q.sql)
	}
	if diff := cmp.Diff(inFile, inDoc); diff != "" {
		t.Errorf("docs/postgres.md queries differ from testdata/queries.sql (-file +doc):\n%s", diff)
	}

	// README.md shows some of them: each must be one of the tested queries.
	readme, err := os.ReadFile("../../../../README.md")
	if err != nil {
		t.Fatalf("read README.md: %v", err)
	}
	tested := map[string]bool{}
	for _, q := range inFile {
		tested[q] = true
	}
	shown := 0
	for _, m := range regexp.MustCompile("(?s)```sql\n(-- name: .*?)```").FindAllStringSubmatch(string(readme), -1) {
		shown++
		if q := strings.TrimSpace(m[1]); !tested[q] {
			t.Errorf("README.md shows a query that testdata/queries.sql does not have:\n%s", q)
		}
	}
	if shown < 5 {
		t.Errorf("README.md shows %d example queries, want at least 5", shown)
	}
}

// fixture returns four articles about Qassem Soleimani: two published in
// the last 24 hours, one 30 hours ago and one 10 days ago.
func fixture(now time.Time) []*article.Article {
	at := func(id, source string, ago time.Duration) *article.Article {
		a := sample(id)
		a.Source.Name = source
		a.PublishedAt = ptr(now.Add(-ago))
		a.FetchedAt = now.Add(-ago + time.Minute)
		a.Tags = &article.Tags{}
		return a
	}
	ent := func(typ, text, canonical string) article.Entity {
		return article.Entity{Type: typ, Text: text, Canonical: canonical}
	}
	a1 := at("a1", "bbc-world", time.Hour)
	a1.Tags.Entities = []article.Entity{ent("PERSON", "Qassem Soleimani", "Qassem Soleimani"), ent("PERSON", "Soleimani", "Qassem Soleimani"), ent("LOC", "Iran", "Iran")}
	a1.Tags.Money = []article.Money{{Text: "£150m", Currency: "GBP", Amount: ptr(150e6)}, {Text: "$5m", Currency: "USD", Amount: ptr(5e6)}}
	a1.Tags.Figures = []article.Figure{{Text: "52 targets", Value: ptr(52.0), Unit: "targets"}, {Text: "3%", Value: ptr(3.0), Unit: "percent"}}
	a2 := at("a2", "bbc-world", 2*time.Hour)
	a2.Tags.Entities = []article.Entity{ent("PERSON", "General Soleimani", "Qassem Soleimani"), ent("PERSON", "Donald Trump", "Donald Trump")}
	a2.Tags.Money = []article.Money{{Text: "£50m to £200m", Currency: "GBP", Min: ptr(50e6), Max: ptr(200e6)}, {Text: "75p", Currency: "GBP", Amount: ptr(0.75)}}
	a3 := at("a3", "reuters", 30*time.Hour)
	a3.Tags.Entities = []article.Entity{ent("PERSON", "Soleimani", "Qassem Soleimani"), ent("LOC", "Iran", "Iran")}
	a3.Tags.Money = []article.Money{{Text: "about $1bn", Currency: "USD", Amount: ptr(1e9), Approximate: true}}
	a3.Tags.Figures = []article.Figure{{Text: "10 per cent", Value: ptr(10.0), Unit: "percent"}}
	a4 := at("a4", "reuters", 10*24*time.Hour)
	a4.Tags.Entities = []article.Entity{ent("PERSON", "Soleimani", "Qassem Soleimani")}
	// One story of three (a1 copies a3), and a4's, too old for today.
	a1.StoryID, a2.StoryID, a3.StoryID, a4.StoryID = "a3", "a3", "a3", "a4"
	a1.DuplicateOf, a1.Similarity = "a3", 0.875
	return []*article.Article{a1, a2, a3, a4}
}

func TestQueries(t *testing.T) {
	st, conn, _ := open(t)
	now := time.Now().UTC().Truncate(time.Microsecond)
	write(t, st, fixture(now)...)
	hour := func(ago time.Duration) string { return now.Add(-ago).Truncate(time.Hour).Format(time.RFC3339) }
	want := map[string]struct {
		args []any
		rows [][]string
	}{
		"top_entities_24h": {nil, [][]string{
			{"Qassem Soleimani", "PERSON", "2"},
			{"Donald Trump", "PERSON", "1"},
			{"Iran", "LOC", "1"},
		}},
		"biggest_money": {[]any{"GBP", 100e6}, [][]string{
			{"GBP", "2e+08", "£50m to £200m", "a2", "Title of a2"},
			{"GBP", "1.5e+08", "£150m", "a1", "Title of a1"},
		}},
		"articles_per_source_per_hour": {nil, func() [][]string {
			rows := [][]string{{"bbc-world", hour(2 * time.Hour), "1"}, {"bbc-world", hour(time.Hour), "1"}}
			if hour(2*time.Hour) == hour(time.Hour) { // cannot happen, but be exact
				rows = [][]string{{"bbc-world", hour(time.Hour), "2"}}
			}
			return rows
		}()},
		"entity_articles": {[]any{"Qassem Soleimani"}, [][]string{
			{"a1", "Title of a1", "bbc-world", ts(now.Add(-time.Hour)), "2", "[Qassem Soleimani Soleimani]"},
			{"a2", "Title of a2", "bbc-world", ts(now.Add(-2 * time.Hour)), "1", "[General Soleimani]"},
			{"a3", "Title of a3", "reuters", ts(now.Add(-30 * time.Hour)), "1", "[Soleimani]"},
			{"a4", "Title of a4", "reuters", ts(now.Add(-240 * time.Hour)), "1", "[Soleimani]"},
		}},
		"figures_by_unit": {[]any{"percent"}, [][]string{
			{"10 per cent", "10", "false", "a3", "Title of a3"},
			{"3%", "3", "false", "a1", "Title of a1"},
		}},
		"top_stories_24h": {nil, [][]string{
			{"a3", "Title of a3", "3", "2", "1", ts(now.Add(-30 * time.Hour)), ts(now.Add(-time.Hour))},
		}},
		"copy_outlets": {[]any{"a1"}, [][]string{
			{"a3", "reuters", "Title of a3", ts(now.Add(-30 * time.Hour)), "<nil>"},
			{"a1", "bbc-world", "Title of a1", ts(now.Add(-time.Hour)), "0.875"},
		}},
		"entity_this_week": {[]any{"Qassem Soleimani"}, [][]string{
			{"a1", "Title of a1", ts(now.Add(-time.Hour))},
			{"a2", "Title of a2", ts(now.Add(-2 * time.Hour))},
			{"a3", "Title of a3", ts(now.Add(-30 * time.Hour))},
		}},
	}
	qs := readQueries(t)
	if len(qs) != len(want) {
		t.Errorf("testdata/queries.sql has %d queries, want %d", len(qs), len(want))
	}
	for _, q := range qs {
		t.Run(q.name, func(t *testing.T) {
			w, ok := want[q.name]
			if !ok {
				t.Fatalf("no expected rows for query %s", q.name)
			}
			got, err := run(conn, q.sql, w.args...)
			if err != nil {
				t.Fatalf("query %s: %v", q.name, err)
			}
			if diff := cmp.Diff(w.rows, got); diff != "" {
				t.Errorf("query %s (-want +got):\n%s", q.name, diff)
			}
		})
	}
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// run returns a query's rows as strings.
func run(conn *pgx.Conn, sql string, args ...any) ([][]string, error) {
	rows, err := conn.Query(context.Background(), sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]string, error) {
		vals, err := r.Values()
		var out []string
		for _, v := range vals {
			switch v := v.(type) {
			case time.Time:
				out = append(out, ts(v))
			default:
				out = append(out, fmt.Sprint(v))
			}
		}
		return out, err
	})
}

// TestIndexes checks, on enough rows for the planner to care, that the
// example lookups use the indexes the schema provides for them.
func TestIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 5,000 articles")
	}
	st, conn, _ := open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	for b := range 20 {
		var batch []*article.Article
		for i := range 250 {
			a := sample(fmt.Sprintf("a%d-%d", b, i))
			a.PublishedAt = ptr(now.Add(-time.Duration(b*250+i) * time.Minute * 5))
			e := &a.Tags.Entities[0]
			e.Canonical = fmt.Sprintf("Person %d", (b*250+i)%1000)
			a.Tags.Money[0].Currency = []string{"GBP", "USD", "EUR", "JPY"}[i%4]
			a.Tags.Money[0].Amount = ptr(float64(i) * 1e6)
			a.Tags.Figures[0].Unit = fmt.Sprintf("unit%d", i%50)
			if i%10 != 7 {
				a.DuplicateOf, a.Similarity = fmt.Sprintf("a%d-7", b), 0.9
			}
			a.StoryID = fmt.Sprintf("a%d-7", b)
			batch = append(batch, a)
		}
		write(t, st, batch...)
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	qs := map[string]query{}
	for _, q := range readQueries(t) {
		qs[q.name] = q
	}
	for _, tc := range []struct {
		query string
		args  []any
		index string
	}{
		{"entity_this_week", []any{"Person 7"}, "entities_canonical"},
		{"entity_articles", []any{"Person 7"}, "entities_canonical"},
		{"biggest_money", []any{"GBP", 200e6}, "money_currency_magnitude"},
		{"figures_by_unit", []any{"unit7"}, "figures_unit_magnitude"},
		{"articles_per_source_per_hour", nil, "articles_published_at_id"},
		{"top_entities_24h", nil, "articles_published_at_id"},
		{"copy_outlets", []any{"a3-7"}, "articles_duplicate_of"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			plan, err := run(conn, "EXPLAIN "+qs[tc.query].sql, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, line := range plan {
				text.WriteString(line[0] + "\n")
			}
			if !strings.Contains(text.String(), tc.index) {
				t.Errorf("EXPLAIN %s does not use %s:\n%s", tc.query, tc.index, text.String())
			}
		})
	}
}
