package postgres

import (
	"bytes"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/newswire/newswire/pkg/article"
)

// TestUpsertParams checks the hand-built array parameters against pgx's
// binary encoding of the same values, as the store sent them before.
func TestUpsertParams(t *testing.T) {
	t0 := time.Date(2020, 1, 7, 10, 0, 0, 123456789, time.UTC)
	before2000 := time.Date(1969, 7, 20, 20, 17, 40, 999999999, time.FixedZone("x", -5*3600))
	full := &article.Article{
		Schema: article.SchemaArticle, ID: "full", Source: article.Source{Name: "bbc", Kind: article.KindRSS, Locale: "en-GB"},
		URL: "https://e.com/a", CanonicalURL: "https://e.com/c", Title: "Tïtle \"q\"", Authors: []string{"A \"B\"", `C\D`},
		Text: "Text with ünïcode\tand tabs", Highlights: []string{"h"}, Language: "en", ImageURL: "https://e.com/i.jpg",
		PublishedAt: &before2000, UpdatedAt: &t0, FetchedAt: t0, ContentHash: "sha256:x", Replay: true,
		Tags: &article.Tags{}, StoryID: "s", DuplicateOf: "d", Similarity: 0.8125,
	}
	bare := &article.Article{Schema: article.SchemaArticle, ID: "bare", Source: article.Source{Name: "n", Kind: article.KindWARC},
		Title: "", Text: "", FetchedAt: t0.Add(-time.Hour), ContentHash: "h"}
	var rows []*row
	var buf []byte
	for i, a := range []*article.Article{full, bare, full} {
		r, err := newRow(i, a, &buf)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	m := pgtype.NewMap()
	registerVector(m)
	optText := func(s string) pgtype.Text { return pgtype.Text{String: s, Valid: s != ""} }
	optTime := func(t *time.Time) pgtype.Timestamptz {
		if t == nil {
			return pgtype.Timestamptz{}
		}
		return pgtype.Timestamptz{Time: *t, Valid: true}
	}
	for _, vectors := range []bool{true, false} {
		got := upsertParams(rows, vectors)
		var want [24]any
		texts := func(f func(r *row) string) []string {
			var s []string
			for _, r := range rows {
				s = append(s, f(r))
			}
			return s
		}
		opts := func(f func(r *row) string) []pgtype.Text {
			var s []pgtype.Text
			for _, r := range rows {
				s = append(s, optText(f(r)))
			}
			return s
		}
		var published, updated []pgtype.Timestamptz
		var fetched []time.Time
		var replay, tagged []bool
		var hashes [][]byte
		var sim []pgtype.Float4
		var vecs []vectorParam
		for _, r := range rows {
			published = append(published, optTime(r.a.PublishedAt))
			updated = append(updated, optTime(r.a.UpdatedAt))
			fetched = append(fetched, r.a.FetchedAt)
			replay = append(replay, r.a.Replay)
			tagged = append(tagged, r.a.Tags != nil)
			hashes = append(hashes, r.docHash[:])
			sim = append(sim, pgtype.Float4{Float32: float32(r.a.Similarity), Valid: r.a.DuplicateOf != ""})
			var v vectorParam
			if vectors {
				v.v = r.vector(nil)
			}
			vecs = append(vecs, v)
		}
		want = [24]any{
			texts(func(r *row) string { return r.id }), texts(func(r *row) string { return r.a.Schema }),
			texts(func(r *row) string { return r.a.Source.Name }), texts(func(r *row) string { return string(r.a.Source.Kind) }),
			opts(func(r *row) string { return r.a.Source.Locale }), opts(func(r *row) string { return r.a.URL }),
			opts(func(r *row) string { return r.a.CanonicalURL }), texts(func(r *row) string { return r.a.Title }),
			texts(func(r *row) string { return r.authors }), texts(func(r *row) string { return r.a.Text }),
			texts(func(r *row) string { return r.highlights }), opts(func(r *row) string { return r.a.Language }),
			opts(func(r *row) string { return r.a.ImageURL }), published, updated, fetched,
			texts(func(r *row) string { return r.a.ContentHash }), replay, tagged, hashes,
			opts(func(r *row) string { return r.a.StoryID }), opts(func(r *row) string { return r.a.DuplicateOf }),
			sim, vecs,
		}
		oids := [24]uint32{1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009,
			1185, 1185, 1185, 1009, 1000, 1000, 1001, 1009, 1009, 1021, 3643}
		for i := range want {
			w, err := m.Encode(oids[i], pgtype.BinaryFormatCode, want[i], nil)
			if err != nil {
				t.Fatalf("pgx encode of parameter $%d: %v", i+1, err)
			}
			if !bytes.Equal(got[i], w) {
				t.Errorf("vectors %v, parameter $%d:\n got %x\nwant %x", vectors, i+1, got[i], w)
			}
		}
	}
}
