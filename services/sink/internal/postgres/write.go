package postgres

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/tsvector"
	"github.com/newswire/newswire/services/sink/internal/version"
)

// Rejection is an article the database will not store as it is, such as
// one holding a NUL byte in its text or an offset out of range. Writing it
// again cannot succeed: the sink dead-letters it with Reason.
type Rejection struct {
	// Index is the article's position in the batch given to Write.
	Index int
	// ID is the article's id.
	ID string
	// Reason says what is wrong.
	Reason error
}

// Error implements error, so a Rejection can be dead-lettered as one.
func (r Rejection) Error() string {
	return fmt.Sprintf("article %q (batch index %d) rejected: %v", r.ID, r.Index, r.Reason)
}

// Unwrap returns the reason.
func (r Rejection) Unwrap() error { return r.Reason }

// Outcome says what one write did with each article of a batch.
type Outcome struct {
	// Inserted counts articles stored for the first time.
	Inserted int
	// Updated counts articles that replaced an older stored version.
	Updated int
	// Unchanged counts articles not written because the stored version is
	// the same or newer (re-deliveries, late arrivals, and duplicates
	// within the batch).
	Unchanged int
	// Rejections lists the articles the database refused, in batch order.
	Rejections []Rejection
}

// Write stores a batch; see WriteOutcome.
func (s *Store) Write(ctx context.Context, batch []*article.Article) ([]Rejection, error) {
	o, err := s.WriteOutcome(ctx, batch)
	return o.Rejections, err
}

// WriteOutcome stores a batch and says what it did. A batch of 128
// articles or more is split in two by id, and the halves are written
// concurrently in a transaction each, on two connections: the server's
// work, most of the cost, then runs on two processors. Both have committed
// when WriteOutcome returns nil.
//
// For each article id the store keeps the newest version, by this rule.
// An article whose version (package version: everything but its URL,
// source, fetch time and replay flag) is the one stored is a re-delivery
// and changes nothing, whatever route it came by and however late. A
// different version replaces the stored one when its (fetched_at,
// updated_at) pair is greater, compared in that order with a missing
// updated_at lowest and times at microsecond precision, or equal (the same
// fetch tagged again): package version's Order, which the JSONL store
// applies in Go and this upsert in SQL. A stored article's entities, money and figures are
// replaced together with it.
//
// Articles the database refuses are returned as rejections and the rest of
// the batch is written. An error (the database is unreachable, a timeout,
// the context ended) means the batch is not stored, though one half may
// be: the caller backs off and writes the whole batch again, which is
// safe, and finds what was stored unchanged.
func (s *Store) WriteOutcome(ctx context.Context, batch []*article.Article) (Outcome, error) {
	var out Outcome
	byID := make(map[string]*row, len(batch))
	var buf []byte // reused by every document hash
	for i, a := range batch {
		r, err := newRow(i, a, &buf)
		if err != nil {
			id := ""
			if a != nil {
				id = a.ID
			}
			out.Rejections = append(out.Rejections, Rejection{Index: i, ID: id, Reason: err})
			continue
		}
		if prev, ok := byID[r.id]; ok {
			out.Unchanged++
			if !r.replaces(prev) {
				continue
			}
		}
		byID[r.id] = r
	}
	if len(byID) == 0 {
		return out, nil
	}
	rows := make([]*row, 0, len(byID))
	for _, r := range byID {
		rows = append(rows, r)
	}
	// A fixed order makes concurrent sinks lock rows alike: no deadlocks.
	slices.SortFunc(rows, func(a, b *row) int { return strings.Compare(a.id, b.id) })

	// Halves hold disjoint ids, each locked in id order: they cannot
	// deadlock with each other or with other sinks' transactions.
	parts := max(1, min(s.parts, len(rows)/minPart))
	ws := make([]written, parts)
	for p := range ws {
		ws[p].vectors = s.vectors
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(rows)/parts, (p+1)*len(rows)/parts
		if p == parts-1 {
			errs[p] = s.writeTx(ctx, &ws[p], rows[lo:hi]) // on this goroutine
		} else {
			wg.Go(func() { errs[p] = s.writeTx(ctx, &ws[p], rows[lo:hi]) })
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Outcome{}, fmt.Errorf("write batch of %d: %w", len(batch), err)
	}
	var w written
	for _, p := range ws {
		w.inserted += p.inserted
		w.updated += p.updated
		w.rejections = append(w.rejections, p.rejections...)
	}
	out.Inserted, out.Updated = w.inserted, w.updated
	out.Unchanged += len(rows) - w.inserted - w.updated - len(w.rejections)
	out.Rejections = append(out.Rejections, w.rejections...)
	slices.SortFunc(out.Rejections, func(a, b Rejection) int { return cmp.Compare(a.Index, b.Index) })
	if len(out.Rejections) > 0 {
		s.log.Warn("articles rejected", "rejected", len(out.Rejections), "batch", len(batch))
	}
	return out, nil
}

// minPart is the fewest articles worth a transaction of their own.
const minPart = 64

// writeTx writes rows in one transaction.
func (s *Store) writeTx(ctx context.Context, w *written, rows []*row) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := w.isolate(ctx, tx, rows); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// written accumulates what isolate did.
type written struct {
	vectors           bool // send search vectors (Store.vectors)
	inserted, updated int
	rejections        []Rejection
}

// isolate writes rows under a savepoint. When the database refuses the
// data, it rolls back to the savepoint and writes each half alone, down to
// single rows, which it rejects: a bad article costs about log2(batch)
// extra statements and never fails the batch.
func (w *written) isolate(ctx context.Context, tx pgx.Tx, rows []*row) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	ins, upd, err := writeRows(ctx, sp, rows, w.vectors)
	if err == nil {
		if err := sp.Commit(ctx); err != nil {
			return fmt.Errorf("release savepoint: %w", err)
		}
		w.inserted += ins
		w.updated += upd
		return nil
	}
	if !refused(err) {
		return err
	}
	if rerr := sp.Rollback(ctx); rerr != nil {
		return fmt.Errorf("rollback to savepoint: %w", rerr)
	}
	if len(rows) == 1 {
		w.rejections = append(w.rejections, Rejection{Index: rows[0].index, ID: rows[0].id, Reason: err})
		return nil
	}
	half := len(rows) / 2
	if err := w.isolate(ctx, tx, rows[:half]); err != nil {
		return err
	}
	return w.isolate(ctx, tx, rows[half:])
}

// refused reports whether err is the database refusing the data itself,
// which writing it again cannot fix, rather than a transient failure.
func refused(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code[:2] {
	case "22", // data exception: invalid byte sequence, out of range...
		"23", // integrity constraint violation: check, not null
		"54": // program limit exceeded: an index entry too long
		return true
	}
	return false
}

const upsertArticles = `
INSERT INTO articles (id, schema, source_name, source_kind, source_locale, url, canonical_url,
	title, authors, text, highlights, language, image_url, published_at, updated_at, fetched_at,
	content_hash, replay, tagged, doc_hash, story_id, duplicate_of, similarity, search_vector)
SELECT u.id, u.schema, u.source_name, u.source_kind, u.source_locale, u.url, u.canonical_url,
	u.title, u.authors::text[], u.text, u.highlights::text[], u.language, u.image_url,
	u.published_at, u.updated_at, u.fetched_at, u.content_hash, u.replay, u.tagged, u.doc_hash,
	u.story_id, u.duplicate_of, u.similarity, u.search_vector
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
	$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
	$14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::text[], $18::boolean[],
	$19::boolean[], $20::bytea[], $21::text[], $22::text[], $23::real[], $24::tsvector[])
	AS u(id, schema, source_name, source_kind, source_locale, url, canonical_url,
	title, authors, text, highlights, language, image_url, published_at, updated_at, fetched_at,
	content_hash, replay, tagged, doc_hash, story_id, duplicate_of, similarity, search_vector)
ON CONFLICT (id) DO UPDATE SET
	schema = EXCLUDED.schema, source_name = EXCLUDED.source_name,
	source_kind = EXCLUDED.source_kind, source_locale = EXCLUDED.source_locale,
	url = EXCLUDED.url, canonical_url = EXCLUDED.canonical_url, title = EXCLUDED.title,
	authors = EXCLUDED.authors, text = EXCLUDED.text, highlights = EXCLUDED.highlights,
	language = EXCLUDED.language, image_url = EXCLUDED.image_url,
	published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at,
	fetched_at = EXCLUDED.fetched_at, content_hash = EXCLUDED.content_hash,
	replay = EXCLUDED.replay, tagged = EXCLUDED.tagged, doc_hash = EXCLUDED.doc_hash,
	story_id = EXCLUDED.story_id, duplicate_of = EXCLUDED.duplicate_of,
	similarity = EXCLUDED.similarity, search_vector = EXCLUDED.search_vector, stored_at = now()
WHERE EXCLUDED.doc_hash <> articles.doc_hash
	AND (EXCLUDED.fetched_at, coalesce(EXCLUDED.updated_at, '-infinity'))
		>= (articles.fetched_at, coalesce(articles.updated_at, '-infinity'))
RETURNING id, xmax = 0`

var (
	entityColumns = []string{"article_id", "ord", "type", "text", "canonical", "entity_id", "start_byte", "end_byte", "watch"}
	moneyColumns  = []string{"article_id", "ord", "text", "currency", "amount", "amount_min", "amount_max", "approximate", "start_byte", "end_byte"}
	figureColumns = []string{"article_id", "ord", "text", "value", "value_min", "value_max", "unit", "approximate", "start_byte", "end_byte"}
)

// writeRows upserts rows and replaces the tags of those that changed. It
// returns how many were inserted and updated. With vectors it sends each
// article's search vector; without, NULL, which the database's trigger
// replaces with the vector it builds (migration 00010).
func writeRows(ctx context.Context, tx pgx.Tx, rows []*row, vectors bool) (inserted, updated int, err error) {
	sd, err := tx.Conn().Prepare(ctx, upsertArticlesName, upsertArticles)
	if err != nil {
		return 0, 0, fmt.Errorf("prepare upsert: %w", err)
	}
	params := upsertParams(rows, vectors)
	res := tx.Conn().PgConn().ExecPrepared(ctx, sd.Name, params, binaryFormats[:len(params)], nil)
	var changed []string
	for res.NextRow() {
		v := res.Values()
		if len(v) != 2 || len(v[1]) != 1 {
			res.Close()
			return 0, 0, fmt.Errorf("upsert articles: unexpected row %q", v)
		}
		changed = append(changed, string(v[0]))
		if v[1][0] == 't' {
			inserted++
		} else {
			updated++
		}
	}
	if _, err := res.Close(); err != nil {
		return 0, 0, fmt.Errorf("upsert articles: %w", err)
	}
	if len(changed) == 0 {
		return 0, 0, nil
	}
	if updated > 0 {
		var b pgx.Batch
		for _, t := range []string{"entities", "money", "figures"} {
			b.Queue("DELETE FROM "+t+" WHERE article_id = ANY($1)", changed)
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return 0, 0, fmt.Errorf("delete old tags: %w", err)
		}
	}
	isChanged := make(map[string]bool, len(changed))
	for _, c := range changed {
		isChanged[c] = true
	}
	var c tagCopy
	for _, r := range rows {
		if isChanged[r.id] && r.a.Tags != nil {
			c.add(r.id, r.a.Tags)
		}
	}
	for _, t := range []struct {
		table string
		cols  []string
		data  *copyBuf
	}{{"entities", entityColumns, &c.entities}, {"money", moneyColumns, &c.money}, {"figures", figureColumns, &c.figures}} {
		if len(t.data.b) == 0 {
			continue
		}
		sql := "COPY " + t.table + " (" + strings.Join(t.cols, ", ") + ") FROM STDIN"
		if _, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(t.data.b), sql); err != nil {
			return 0, 0, fmt.Errorf("copy %s: %w", t.table, err)
		}
	}
	if err := refreshStories(ctx, tx, rows, isChanged); err != nil {
		return 0, 0, err
	}
	return inserted, updated, nil
}

// upsertArticlesName names upsertArticles prepared on a connection.
const upsertArticlesName = "newswire_upsert_articles"

// binaryFormats are the format codes of upsertArticles' parameters.
var binaryFormats = [24]int16{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

// upsertParams returns upsertArticles' parameters for rows, each an array
// in the binary format. With vectors it holds each article's search
// vector; without, NULL, which the database's trigger replaces with the
// vector it builds (migration 00010).
func upsertParams(rows []*row, vectors bool) [][]byte {
	n := len(rows)
	var p [24]arrayParam
	var ids, titles, texts, vecs int
	var parser tsvector.Parser
	for _, r := range rows {
		ids += len(r.id)
		titles += len(r.a.Title)
		texts += len(r.a.Text)
		if vectors {
			vecs += vectorSize(r.vector(&parser))
		}
	}
	p[0].start(oidText, n, ids)
	for _, i := range []int{1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 16, 20, 21} {
		p[i].start(oidText, n, 32*n)
	}
	p[7].start(oidText, n, titles)
	p[9].start(oidText, n, texts)
	for _, i := range []int{13, 14, 15} {
		p[i].start(oidTimestamptz, n, 8*n)
	}
	p[17].start(oidBool, n, n)
	p[18].start(oidBool, n, n)
	p[19].start(oidBytea, n, sha256.Size*n)
	p[22].start(oidFloat4, n, 4*n)
	p[23].start(oidTSVector, n, vecs)
	for _, r := range rows {
		a := r.a
		p[0].text(a.ID)
		p[1].text(a.Schema)
		p[2].text(a.Source.Name)
		p[3].text(string(a.Source.Kind))
		p[4].optText(a.Source.Locale)
		p[5].optText(a.URL)
		p[6].optText(a.CanonicalURL)
		p[7].text(a.Title)
		p[8].text(r.authors)
		p[9].text(a.Text)
		p[10].text(r.highlights)
		p[11].optText(a.Language)
		p[12].optText(a.ImageURL)
		p[13].optTime(a.PublishedAt)
		p[14].optTime(a.UpdatedAt)
		p[15].time(a.FetchedAt)
		p[16].text(a.ContentHash)
		p[17].bool(a.Replay)
		p[18].bool(a.Tags != nil)
		p[19].bytea(r.docHash[:])
		p[20].optText(a.StoryID)
		p[21].optText(a.DuplicateOf)
		if a.DuplicateOf != "" {
			p[22].float4(float32(a.Similarity))
		} else {
			p[22].null()
		}
		if vectors {
			p[23].vector(r.vector(nil))
		} else {
			p[23].vector(nil)
		}
	}
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = p[i].bytes()
	}
	return out
}

// vectorSize is the length of v in tsvector's binary format.
func vectorSize(v tsvector.Vector) int {
	n := 4
	for _, l := range v {
		n += len(l.Word) + 3 + 2*len(l.Pos)
	}
	return n
}

// row is one article ready to write.
type row struct {
	index int // in the batch
	id    string
	a     *article.Article
	// authors and highlights as PostgreSQL array literals.
	authors, highlights string
	// docHash is the SHA-256 of the version's encoding (version.Append).
	docHash [sha256.Size]byte
	// fetched and updated are the version, at the database's precision.
	fetched, updated time.Time
	// vec is the search vector, built once by vector.
	vec tsvector.Vector
}

// vector returns the article's search vector. It is built when first
// needed, with p (nil: a new Parser), on the goroutine writing the row's
// half of the batch, and kept for the statements isolate repeats after a
// refusal.
func (r *row) vector(p *tsvector.Parser) tsvector.Vector {
	if r.vec == nil {
		if p == nil {
			p = new(tsvector.Parser)
		}
		r.vec = searchVector(p, r.a.Title, r.a.Text)
	}
	return r.vec
}

// newRow checks a for what PostgreSQL cannot store, so such an article is
// rejected with a precise reason before it reaches the database, and
// prepares its row.
func newRow(index int, a *article.Article, buf *[]byte) (*row, error) {
	if a == nil {
		return nil, errors.New("nil article")
	}
	if a.ID == "" {
		return nil, errors.New("empty id")
	}
	if err := check(a); err != nil {
		return nil, err
	}
	r := &row{index: index, id: a.ID, a: a}
	*buf = version.Append((*buf)[:0], a)
	r.docHash = sha256.Sum256(*buf)
	r.authors = arrayLiteral(a.Authors)
	r.highlights = arrayLiteral(a.Highlights)
	r.fetched = a.FetchedAt.Truncate(time.Microsecond)
	if a.UpdatedAt != nil {
		r.updated = a.UpdatedAt.Truncate(time.Microsecond)
	}
	return r, nil
}

// replaces reports whether r is to be kept over prev, a version of the
// same article earlier in the batch, by the rule WriteOutcome documents.
func (r *row) replaces(prev *row) bool {
	if r.docHash == prev.docHash {
		return false // the same version: the first delivery stays
	}
	if c := r.fetched.Compare(prev.fetched); c != 0 {
		return c > 0
	}
	if c := compareUpdated(r, prev); c != 0 {
		return c > 0
	}
	return true
}

func compareUpdated(a, b *row) int {
	switch {
	case a.a.UpdatedAt == nil && b.a.UpdatedAt == nil:
		return 0
	case a.a.UpdatedAt == nil:
		return -1
	case b.a.UpdatedAt == nil:
		return 1
	}
	return a.updated.Compare(b.updated)
}

// The range of timestamptz: 4713 BC to 294276 AD.
var (
	minTime = time.Date(-4712, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(294276, 12, 31, 0, 0, 0, 0, time.UTC)
)

// field names a field of an article for an error message; it is built
// only when there is an error to report.
type field struct {
	list string // "tags.entities", or "" for a top-level field
	i    int
	name string
}

func (f field) String() string {
	if f.list == "" {
		return f.name
	}
	return fmt.Sprintf("%s[%d]%s", f.list, f.i, f.name)
}

// check returns why PostgreSQL cannot store a faithfully, or nil.
func check(a *article.Article) error {
	var errs []error
	text := func(f field, s string) {
		if strings.IndexByte(s, 0) >= 0 {
			errs = append(errs, fmt.Errorf("%s holds a NUL byte, which PostgreSQL text cannot store", f))
		} else if !utf8.ValidString(s) {
			errs = append(errs, fmt.Errorf("%s is not valid UTF-8", f))
		}
	}
	ts := func(f field, t *time.Time) {
		if t != nil && (t.Before(minTime) || t.After(maxTime)) {
			errs = append(errs, fmt.Errorf("%s %s is out of PostgreSQL's range", f, t.Format(time.RFC3339)))
		}
	}
	offset := func(f field, n int) {
		if n < 0 || n > math.MaxInt32 {
			errs = append(errs, fmt.Errorf("%s %d is out of range [0, 2^31)", f, n))
		}
	}
	num := func(f field, v *float64) {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			errs = append(errs, fmt.Errorf("%s is %v", f, *v))
		}
	}
	top := func(name string) field { return field{name: name} }
	for _, f := range []struct{ name, s string }{
		{"id", a.ID}, {"schema", a.Schema}, {"source.name", a.Source.Name}, {"source.kind", string(a.Source.Kind)},
		{"source.locale", a.Source.Locale}, {"url", a.URL}, {"canonical_url", a.CanonicalURL},
		{"title", a.Title}, {"text", a.Text}, {"language", a.Language}, {"image_url", a.ImageURL},
		{"content_hash", a.ContentHash},
	} {
		text(top(f.name), f.s)
	}
	for i, s := range a.Authors {
		text(field{"authors", i, ""}, s)
	}
	for i, s := range a.Highlights {
		text(field{"highlights", i, ""}, s)
	}
	ts(top("published_at"), a.PublishedAt)
	ts(top("updated_at"), a.UpdatedAt)
	ts(top("fetched_at"), &a.FetchedAt)
	if t := a.Tags; t != nil {
		for i, e := range t.Entities {
			const l = "tags.entities"
			text(field{l, i, ".type"}, e.Type)
			text(field{l, i, ".text"}, e.Text)
			text(field{l, i, ".canonical"}, e.Canonical)
			text(field{l, i, ".id"}, e.ID)
			offset(field{l, i, ".start"}, e.Start)
			offset(field{l, i, ".end"}, e.End)
		}
		for i, m := range t.Money {
			const l = "tags.money"
			text(field{l, i, ".text"}, m.Text)
			text(field{l, i, ".currency"}, m.Currency)
			num(field{l, i, ".amount"}, m.Amount)
			num(field{l, i, ".min"}, m.Min)
			num(field{l, i, ".max"}, m.Max)
			offset(field{l, i, ".start"}, m.Start)
			offset(field{l, i, ".end"}, m.End)
		}
		for i, f := range t.Figures {
			const l = "tags.figures"
			text(field{l, i, ".text"}, f.Text)
			text(field{l, i, ".unit"}, f.Unit)
			num(field{l, i, ".value"}, f.Value)
			num(field{l, i, ".min"}, f.Min)
			num(field{l, i, ".max"}, f.Max)
			offset(field{l, i, ".start"}, f.Start)
			offset(field{l, i, ".end"}, f.End)
		}
	}
	return errors.Join(errs...)
}

// arrayLiteral returns ss as a PostgreSQL text[] literal, such as
// {"Jane Doe","Ann \"Red\" Roe"}: the server parses it much faster than
// JSON. check has refused NUL bytes, which a literal cannot hold.
func arrayLiteral(ss []string) string {
	if len(ss) == 0 {
		return "{}"
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for j := 0; j < len(s); j++ {
			if s[j] == '"' || s[j] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[j])
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}
