// Package faults proves the pipeline under faults and hostile input: the
// four services run as processes built from the workspace, beside a NATS
// server process with file storage and a PostgreSQL server, and are killed,
// restarted and starved while thousands of articles flow.
package faults

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds the services and natsd once per test binary.
func binaries(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		wd, _ := os.Getwd()
		root, err := harness.Root(wd)
		if err != nil {
			buildErr = err
			return
		}
		binDir = filepath.Join(os.TempDir(), "newswire-faults-bin")
		buildErr = harness.Build(root, binDir, false)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func articleCount() int {
	if n, err := strconv.Atoi(os.Getenv("FAULTS_N")); err == nil && n > 0 {
		return n
	}
	return 5000
}

// poison is a hostile input and what must become of it.
type poison struct {
	name string
	// stage and reason say where it must be dead-lettered and what the
	// reason must contain.
	stage  bus.Stage
	reason string
}

// rawDoc is a newswire.raw/v1 document holding body.
func rawDoc(id, contentType string, body []byte) []byte {
	data, _ := json.Marshal(map[string]any{
		"schema": "newswire.raw/v1", "id": id, "source": map[string]string{"name": "faults", "kind": "inbox"},
		"url": "https://poison.example.com/" + id, "content_type": contentType,
		"fetched_at": time.Now().UTC().Format(time.RFC3339), "body": base64.StdEncoding.EncodeToString(body),
	})
	return data
}

// publishedPoisons are published straight on articles.raw.inbox, as a
// broken or hostile producer would; the normalizer must dead-letter each.
func publishedPoisons() (map[string][]byte, []poison) {
	deep := bytes.Repeat([]byte("<div>"), 100_000)
	deep = append(deep, "<p>The bottom of a very deep page.</p>"...)
	bin := make([]byte, 64<<10)
	for i := range bin {
		bin[i] = byte(i*7 + i/251)
	}
	copy(bin, "\x89PNG\r\n\x1a\n")
	payloads := map[string][]byte{
		"malformed-json": []byte(`{"schema":"newswire.raw/v1","body":`),
		"wrong-schema":   []byte(`{"schema":"newswire.raw/v0","id":"x"}`),
		"invalid-utf8":   []byte("{\"schema\":\"newswire.raw/v1\",\"id\":\"\xff\xfe\"}\xff"),
		"binary":         rawDoc("binary", "application/octet-stream", bin),
		"deep-html":      rawDoc("deep-html", "text/html", deep),
	}
	return payloads, []poison{
		{"malformed-json", bus.StageNormalizer, "decode raw article"},
		{"wrong-schema", bus.StageNormalizer, "unsupported schema"},
		{"invalid-utf8", bus.StageNormalizer, "decode raw article"},
		{"binary", bus.StageNormalizer, "binary content, not an article"},
		{"deep-html", bus.StageNormalizer, "nested too deep"},
	}
}

// inboxPoisons are files dropped in the fetcher's inbox; the fetcher must
// refuse each to its dead-letter subject.
func inboxPoisons(t *testing.T, dir string) []poison {
	t.Helper()
	write := func(name string, data []byte) {
		tmp := filepath.Join(dir, name+".part")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	// 50 MB of HTML: over FETCHER_MAX_BODY_SIZE (5 MiB) and the broker's
	// 8 MiB payload limit.
	big := bytes.Repeat([]byte("<p>all work and no play makes a dull article</p>\n"), 50<<20/50)
	write("huge-50mb.html", big)

	// A WARC record whose Content-Length promises more than the file holds.
	var liar bytes.Buffer
	body := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>short</p>"
	fmt.Fprintf(&liar, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2024-06-01T00:00:00Z\r\nWARC-Target-URI: https://liar.example.com/a\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 999999\r\n\r\n%s", body)
	write("lying-content-length.warc", liar.Bytes())

	// A gzip bomb: a response whose gzip Content-Encoding inflates 1 GiB of
	// zeros from about 1 MB.
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for range 1024 {
		zw.Write(zero)
	}
	zw.Close()
	var bomb bytes.Buffer
	httpMsg := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", gz.Len())
	fmt.Fprintf(&bomb, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\nWARC-Date: 2024-06-01T00:00:00Z\r\nWARC-Target-URI: https://bomb.example.com/a\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s%s\r\n\r\n", len(httpMsg)+gz.Len(), httpMsg, gz.Bytes())
	write("gzip-bomb.warc", bomb.Bytes())

	return []poison{
		{"huge-50mb.html", bus.StageFetcher, "file too large"},
		// An unreadable record inside an inbox archive is dead-lettered by
		// the fetcher under the archive's name, and the archive goes on.
		{"lying-content-length.warc", bus.StageFetcher, "unexpected EOF"},
		{"gzip-bomb.warc", bus.StageFetcher, "decoded body exceeds size limit"},
	}
}

// dropArchive writes generated articles first..first+n-1 into the inbox as
// one WARC file.
func dropArchive(t *testing.T, dir string, k, first, n int) {
	t.Helper()
	var b bytes.Buffer
	if err := harness.WriteWARC(&b, first, n); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("batch-%03d.warc", k)
	if err := os.WriteFile(filepath.Join(dir, name+".part"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, name+".part"), filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// streamCount returns how many messages a stream holds (0 when unknown).
func streamCount(ctx context.Context, conn *bus.Conn, name string) uint64 {
	st, err := conn.Streams(ctx)
	if err != nil {
		return 0
	}
	for _, s := range st {
		if s.Name == name {
			return s.Messages
		}
	}
	return 0
}

func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault run takes minutes")
	}
	n := articleCount()
	const perFile = 500
	bin := binaries(t)
	dir := t.TempDir()
	t.Logf("run directory %s (logs in logs/)", dir)
	// Not under t.TempDir: PostgreSQL runs as the postgres user, which
	// cannot enter the test's private directory.
	pgDir, err := os.MkdirTemp("", "newswire-faults-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(pgDir) })
	pg, err := harness.NewPostgres(pgDir, false)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	if err := pg.StartWait(time.Minute); err != nil {
		t.Fatal(err)
	}
	defer pg.Stop()
	const password = "s3cret-faults-Password-7f3a"
	p, err := harness.New(harness.Config{
		Bin: bin, Dir: dir, Password: password, FileSink: true, Postgres: pg,
		Env: []string{"NORMALIZER_ACK_WAIT=15s", "TAGGER_ACK_WAIT=15s", "SINK_ACK_WAIT=15s", "SINK_BATCH_LINGER=50ms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := p.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
		if t.Failed() {
			keep := filepath.Join(os.TempDir(), "newswire-faults-failed")
			os.RemoveAll(keep)
			os.CopyFS(keep, os.DirFS(filepath.Join(dir, "logs")))
			t.Logf("logs kept in %s", keep)
		}
	}()
	ctx := context.Background()
	admin, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)

	// Hostile input first, so the good articles flow behind it.
	payloads, poisons := publishedPoisons()
	for name, data := range payloads {
		if err := admin.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: data, ID: "poison:" + name, Header: map[string]string{headerPoison: name}}); err != nil {
			t.Fatalf("publish poison %s: %v", name, err)
		}
	}
	poisons = append(poisons, inboxPoisons(t, p.Inbox())...)

	files := (n + perFile - 1) / perFile
	dropped := 0
	drop := func(upTo int) {
		for dropped < min(upTo, files) {
			dropArchive(t, p.Inbox(), dropped, dropped*perFile, min(perFile, n-dropped*perFile))
			dropped++
		}
	}
	drop(2)

	type fault struct {
		at   uint64 // articles tagged before it strikes
		name string
		do   func() error
	}
	kill := func(name string) func() error {
		return func() error {
			p.Procs[name].Kill()
			time.Sleep(500 * time.Millisecond)
			return p.StartServices(name)
		}
	}
	step := uint64(n / 10)
	faults := []fault{
		{step / 2, "kill -9 fetcher", kill("fetcher")},
		{step, "kill -9 normalizer", kill("normalizer")},
		{2 * step, "kill -9 tagger", kill("tagger")},
		{3 * step, "kill -9 file sink", kill("sink_file")},
		{4 * step, "kill -9 postgres sink", kill("sink_pg")},
		{5 * step, "restart NATS", func() error {
			if err := p.NATS.Term(30 * time.Second); err != nil {
				return err
			}
			time.Sleep(2 * time.Second)
			return p.StartNATS()
		}},
		{6 * step, "stop PostgreSQL for 20s", func() error {
			if err := pg.Stop(); err != nil {
				return err
			}
			time.Sleep(20 * time.Second)
			return pg.StartWait(time.Minute)
		}},
		{7 * step, "SIGTERM every service at once", func() error {
			if err := p.TermAll(30 * time.Second); err != nil {
				return fmt.Errorf("clean shutdown: %w", err)
			}
			time.Sleep(time.Second)
			return p.StartServices(p.Order...)
		}},
	}
	start := time.Now()
	deadline := start.Add(9 * time.Minute)
	for len(faults) > 0 {
		tagged := streamCount(ctx, admin, bus.StreamTagged)
		drop(int(tagged)/perFile + 2)
		if tagged >= faults[0].at {
			f := faults[0]
			faults = faults[1:]
			t.Logf("%6.1fs tagged %d: %s", time.Since(start).Seconds(), tagged, f.name)
			if err := f.do(); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			continue
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d articles tagged after %s; faults left: %d", tagged, time.Since(start), len(faults))
		}
		time.Sleep(200 * time.Millisecond)
	}
	drop(files)

	// Wait for the end state: both sinks full, every consumer drained.
	var pgRows, pgDistinct, pgUntagged, fileIDs int
	for {
		var pgErr error
		pgRows, pgDistinct, pgUntagged, pgErr = pgCounts(ctx, pg.DSN())
		fileIDs = len(fileArticles(t, p.SinkFile()))
		drained := consumersDrained(ctx, admin)
		if pgRows >= n && fileIDs >= n && drained == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: postgres %d rows (%v), file %d ids, consumers: %s; want %d and drained", time.Since(start), pgRows, pgErr, fileIDs, drained, n)
		}
		time.Sleep(time.Second)
	}
	t.Logf("%6.1fs done: %d articles in both sinks", time.Since(start).Seconds(), n)

	if pgRows != n || pgDistinct != n || pgUntagged != 0 {
		t.Errorf("postgres: %d rows, %d distinct ids, %d without tags; want %d, %d, 0", pgRows, pgDistinct, pgUntagged, n, n)
	}
	if fileIDs != n {
		t.Errorf("file sink: %d distinct ids, want %d", fileIDs, n)
	}
	checkDeadLetters(ctx, t, admin, poisons)

	// No secret on any /metrics page.
	for _, name := range p.Order {
		body := harness.Get(t, p.MetricsURL(name))
		if strings.Contains(body, password) {
			t.Errorf("%s /metrics shows the NATS password", name)
		}
	}
}

func pgCounts(ctx context.Context, dsn string) (rows, distinct, untagged int, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, 0, 0, err
	}
	defer conn.Close(ctx)
	err = conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE NOT tagged) FROM articles`).Scan(&rows, &distinct, &untagged)
	return rows, distinct, untagged, err
}

// fileArticles returns the ids in the sink's file with how often each
// appears.
func fileArticles(t *testing.T, path string) map[string]int {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(sc.Bytes(), &a) == nil && a.ID != "" {
			out[a.ID]++
		}
	}
	return out
}

// consumersDrained returns "" when every consumer of every stream has
// nothing pending and nothing unacknowledged, else what is left.
func consumersDrained(ctx context.Context, conn *bus.Conn) string {
	st, err := conn.Streams(ctx)
	if err != nil {
		return err.Error()
	}
	var left []string
	for _, s := range st {
		for _, c := range s.Consumers {
			if c.Pending != 0 || c.AckPending != 0 {
				left = append(left, fmt.Sprintf("%s/%s pending %d ack_pending %d", s.Name, c.Name, c.Pending, c.AckPending))
			}
		}
	}
	return strings.Join(left, "; ")
}

// headerPoison names, on a message the test publishes itself, the poison
// it is, so its dead letter can be matched to it.
const headerPoison = "Newswire-Poison"

func checkDeadLetters(ctx context.Context, t *testing.T, conn *bus.Conn, poisons []poison) {
	t.Helper()
	// After a cluster's rolling restart the dead-letter stream can be
	// without a leader for a moment ("no responders": CI on 7fcaad0): ask
	// again until it answers.
	dls, err := conn.ListDeadLetters(ctx, "", 1000)
	for wait := time.Now().Add(30 * time.Second); err != nil && time.Now().Before(wait); {
		time.Sleep(500 * time.Millisecond)
		dls, err = conn.ListDeadLetters(ctx, "", 1000)
	}
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range dls {
		name := d.Header[headerPoison]
		if len(name) == 0 {
			name = d.Header[bus.HeaderDocument]
		}
		key := strings.Join(name, ",")
		t.Logf("dead letter %d: stage %s, poison %q, %d bytes, reason %q", d.Sequence, d.Stage, key, len(d.Data), d.Reason)
		var want *poison
		for i := range poisons {
			if poisons[i].name == key {
				want = &poisons[i]
			}
		}
		if want == nil {
			t.Errorf("unexpected dead letter %d from %s: %q (subject %s)", d.Sequence, d.Stage, d.Reason, d.Subject)
			continue
		}
		if found[key] {
			t.Errorf("poison %s dead-lettered twice", key)
		}
		found[key] = true
		if d.Stage != want.stage || !strings.Contains(d.Reason, want.reason) {
			t.Errorf("poison %s: dead-lettered by %s with %q, want %s with a reason containing %q", key, d.Stage, d.Reason, want.stage, want.reason)
		}
	}
	for _, p := range poisons {
		if !found[p.name] {
			t.Errorf("poison %s was not dead-lettered", p.name)
		}
	}
}
