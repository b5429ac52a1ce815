package tsvector_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// cases exercise every token type of the default parser and the limits
// of a tsvector; each is compared with PostgreSQL's own vector.
var cases = []string{
	"",
	" \t\n",
	"The quick brown Fox JUMPS over the lazy dog.",
	"Ayatollah Khamenei's 'direct attack' — Ümit Özdağ, İstanbul, ΣΟΦΟΣ, Straße",
	"foo-bar foo-bar-baz self-driving-2 co-op x-1 1-x -3 +4 -3.5 4.5e10 1e-3 .5 3. 1.2.3 1.2.3.4 10.0.0.1",
	"a.b a.bc www.example.com example.co.uk:8080 mail@example.com x@y.com a_b-c.d-e.fr",
	"http://a.b/c https://www.bbc.co.uk/news/world-51021861?x=1&y=2#frag ftp://host.org:21/file.txt",
	"/usr/local/bin ~/file.txt ./rel/path ../up /a.b/c.d file.tar.gz C:\\Windows",
	"<b>bold</b> <a href=\"x.html\" title='t'>link</a> <br/> <!-- comment --> <!DOCTYPE html> <?xml version=\"1.0\"?>",
	"before <script>var x = 'hidden';</script> middle <style>.c{}</style> after </SCRIPT> <SCRIPT>y</sCrIpT> z",
	"&amp; &#123; &#x1F600; &nbsp; &bad &;",
	"£150m $1,000,000 52% 3/4 2020-01-07 07:35 UTC v1.2 R2-D2 COVID-19 Covid19 1st 2nd",
	"über-cool naïve-ish 東京-2020 ÉCOLE-polytechnique a--b a-- --b -- - + ++1",
	"'quoted' \"double\" back\\slash it's rock'n'roll O'Neil",
	"tab\there\nnewline\r\ncrlf\vvt\fff",
	"emoji 😀 in text and 😀😀 alone; zero\u200bwidth; combining é e\u0301",
	"ab.cd@ef.gh 1.2@3.4 x@y foo@bar.baz.qux a@b.c",
	"example.com/path/to?q=1 example.com:80/x sub.example.com:",
	strings.Repeat("repeat ", 300),
	strings.Repeat("w ", 17000) + "tail",
	strings.Repeat("x", 2046) + " " + strings.Repeat("y", 2047) + " " + strings.Repeat("z", 3000) + " end",
	strings.Repeat("é", 1100) + " ok",
}

// reused is one Parser for every comparison, which must parse each text
// as a new one does.
var (
	reusedMu sync.Mutex
	reused   tsvector.Parser
)

func TestParseMatchesPostgres(t *testing.T) {
	conn := start(t)
	for _, s := range cases {
		compare(t, conn, s)
	}
	if b, err := os.ReadFile("../postgres/testdata/dailymail-2020-01-07-khamenei.txt"); err == nil {
		compare(t, conn, string(b))
	} else {
		t.Fatal(err)
	}
}

// TestParseMatchesPostgresOnPages compares the vectors of real web pages,
// HTML and all, from the shared corpora (skipped without them).
func TestParseMatchesPostgresOnPages(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: hundreds of pages")
	}
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		t.Skip("NEWSWIRE_CORPORA not set (make test sets it)")
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "extraction/trafilatura-eval/*/*.html"))
	if len(pages) == 0 {
		t.Skip("no pages under " + dir)
	}
	conn := start(t)
	n := 0
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ToValidUTF8(strings.ReplaceAll(string(b), "\x00", ""), "\uFFFD")
		compare(t, conn, s)
		n++
	}
	t.Logf("%d pages equal", n)
}

func start(t testing.TB) *pgx.Conn {
	t.Helper()
	dsn, _ := postgrestest.Start(t)
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// compare checks Parse(s) and the search vector's expression (setweight and
// ||, as migration 00008) against the server's.
func compare(t testing.TB, conn *pgx.Conn, s string) {
	t.Helper()
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return // text cannot hold it
	}
	half := len(s) / 2
	for half > 0 && !utf8.RuneStart(s[half]) {
		half--
	}
	a, b := s[:half], s[half:]
	got := tsvector.Parse(s)
	reusedMu.Lock()
	again := reused.Parse(s).String() // after every earlier text
	reusedMu.Unlock()
	if again != got.String() {
		t.Errorf("a Parser used before: Parse(%.200q) = %.2000s, want %.2000s", s, again, got)
	}
	both := tsvector.Concat(tsvector.Parse(a).SetWeight(tsvector.A), tsvector.Parse(b).SetWeight(tsvector.D))
	var eq, eqBoth bool
	var want, wantBoth string
	err := conn.QueryRow(context.Background(), `
		SELECT $1::tsvector = to_tsvector('simple', $2::text), to_tsvector('simple', $2::text)::text,
			$3::tsvector = v, v::text
		FROM (SELECT setweight(to_tsvector('simple', $4::text), 'A') || setweight(to_tsvector('simple', $5::text), 'D') AS v) x`,
		got, s, both, a, b).Scan(&eq, &want, &eqBoth, &wantBoth)
	if err != nil {
		t.Fatalf("compare %.80q: %v", s, err)
	}
	if !eq {
		t.Errorf("Parse(%.200q):\n got %.2000s\nwant %.2000s", s, got, want)
	}
	if !eqBoth {
		t.Errorf("Concat of halves of %.200q:\n got %.2000s\nwant %.2000s", s, both, wantBoth)
	}
	if got.String() != want {
		t.Errorf("Parse(%.200q).String() = %.2000s, want %.2000s", s, got, want)
	}
}

// FuzzParse compares Parse and Concat with PostgreSQL over any text;
// its seeds are the cases above.
func FuzzParse(f *testing.F) {
	for _, s := range cases {
		if len(s) < 4096 {
			f.Add(s)
		}
	}
	// Real news text: the seed article's paragraphs.
	b, err := os.ReadFile("../postgres/testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, para := range strings.Split(string(b), "\n\n") {
		if para = strings.TrimSpace(para); para != "" && len(para) < 4096 {
			f.Add(para)
		}
	}
	conn := start(f)
	f.Fuzz(func(t *testing.T, s string) {
		// What text can hold: valid UTF-8 without NUL bytes (the sink
		// rejects other text before it reaches the database).
		compare(t, conn, strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD"))
	})
}

// TestAppendBinary checks the binary format against pgx's encoding of the
// same vector (which the comparisons with PostgreSQL above send).
func TestAppendBinary(t *testing.T) {
	for _, s := range append(cases, "Title") {
		v := tsvector.Concat(tsvector.Parse(s).SetWeight(tsvector.A), tsvector.Parse(s))
		want, err := pgtype.TSVectorCodec{}.PlanEncode(nil, 0, pgtype.BinaryFormatCode, v).Encode(v, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.AppendBinary([]byte("x")); !bytes.Equal(got[1:], want) {
			t.Errorf("AppendBinary of the vector of %.80q differs from pgx's encoding", s)
		}
	}
}
