package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/services/fetcher/internal/archive"
	"github.com/newswire/newswire/services/fetcher/internal/ccnews"
	"github.com/newswire/newswire/services/fetcher/internal/remote"
	"github.com/newswire/newswire/services/fetcher/internal/remote/remotetest"
	"github.com/newswire/newswire/services/fetcher/internal/scope"
)

// localArticles reads the tree's files from disk with the archive
// package, the local replay's reader: the reference for what a remote
// replay must publish.
func localArticles(t testing.TB, tr *remotetest.Tree) map[string]*article.Raw {
	t.Helper()
	out := map[string]*article.Raw{}
	for _, f := range tr.Files {
		src, err := archive.Open(f.Local, archive.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for {
			raw, _, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			out[raw.URL] = raw
		}
		src.Close()
	}
	return out
}

// want filters the local articles as the scope should.
func want(all map[string]*article.Raw, since, until time.Time, hosts ...string) []string {
	var out []string
	for u, raw := range all {
		if raw.FetchedAt.Before(since) || !raw.FetchedAt.Before(until) {
			continue
		}
		h := strings.ToLower(strings.SplitN(strings.TrimPrefix(u, "https://"), "/", 2)[0])
		ok := len(hosts) == 0
		for _, w := range hosts {
			ok = ok || h == w || strings.HasSuffix(h, "."+w)
		}
		if ok {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out
}

// storedURLs returns the URLs of the raw articles in the stream, sorted,
// duplicates kept.
func storedURLs(t *testing.T, conn *bus.Conn) []string {
	t.Helper()
	var out []string
	for _, m := range stored(t, conn) {
		raw, err := article.DecodeRaw(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, raw.URL)
	}
	slices.Sort(out)
	return out
}

// connectNoDedup connects to a fresh server whose raw stream drops
// repeated message ids for 100 ms only (the least JetStream allows): a
// record published again later is stored twice, so counting the stream
// proves what the replay did. dedupPause outlasts the window.
func connectNoDedup(t testing.TB) (*bus.Conn, bus.Config) {
	t.Helper()
	srv := bustest.Start(t)
	cfg := srv.Config
	cfg.DuplicateWindow = 100 * time.Millisecond
	conn := bustest.Connect(t, cfg)
	if err := conn.EnsureStreams(context.Background(), bus.StreamRaw); err != nil {
		t.Fatal(err)
	}
	return conn, cfg
}

const dedupPause = 250 * time.Millisecond

func testClient(t testing.TB, cfg remote.Config) *remote.Client {
	t.Helper()
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff, cfg.MaxBackoff = 10*time.Millisecond, 50*time.Millisecond
	}
	cfg.UserAgent = "newswire-test/1 (+https://example.org/contact)"
	c, err := remote.New(cfg, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCCNewsRange(t *testing.T) {
	tr := remotetest.NewTree(t, 40)
	conn, _ := connectNoDedup(t)
	client := testClient(t, remote.Config{})
	from, to := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)
	urls, err := ccnews.Resolve(context.Background(), client, tr.Base, from, to)
	if err != nil {
		t.Fatal(err)
	}
	// The file begun on 29 February runs into 1 March; the two begun on
	// 1 March; none later.
	var wantURLs []string
	for _, f := range tr.Files[:3] {
		wantURLs = append(wantURLs, tr.Base+f.Path)
	}
	if diff := cmp.Diff(wantURLs, urls); diff != "" {
		t.Fatalf("Resolve(%v, %v) (-want +got):\n%s", from, to, diff)
	}
	hosts := []string{"bbc.co.uk", "reuters.com"}
	sum, err := Run(context.Background(), Config{Inputs: urls, Since: from, Until: to, Hosts: hosts, Remote: client, Checkpoint: filepath.Join(t.TempDir(), "cp")}, conn, nil, bustest.Logger(t))
	if err != nil {
		t.Fatalf("Run = %v", err)
	}
	exp := want(localArticles(t, tr), from, to, hosts...)
	if len(exp) < 20 {
		t.Fatalf("the fixture keeps %d articles, want a test of at least 20", len(exp))
	}
	if diff := cmp.Diff(exp, storedURLs(t, conn)); diff != "" {
		t.Errorf("stored articles (-want +got):\n%s", diff)
	}
	if sum.Published != int64(len(exp)) || sum.Skipped[SkipHost] == 0 || sum.Skipped[SkipBeforeSince] == 0 || sum.FilesDone != 3 || !sum.Complete {
		t.Errorf("summary: published %d (want %d), skipped %v, files done %d of %d", sum.Published, len(exp), sum.Skipped, sum.FilesDone, sum.Files)
	}
	for _, r := range tr.Server.Requests() {
		if r.Agent != "newswire-test/1 (+https://example.org/contact)" {
			t.Errorf("request for %s sent User-Agent %q", r.Path, r.Agent)
		}
	}
}

// TestRemoteFaults replays the whole tree from a server that answers 503,
// cuts connections in the middle of bodies (more than once per file) and
// is slow: every article arrives exactly once, and each cut is continued
// by a Range request at a gzip member boundary.
func TestRemoteFaults(t *testing.T) {
	tr := remotetest.NewTree(t, 30)
	conn, _ := connectNoDedup(t)
	client := testClient(t, remote.Config{})
	var inputs []string
	for i, f := range tr.Files {
		p := "/" + f.Path
		inputs = append(inputs, tr.Server.URL(p))
		switch i {
		case 0:
			tr.Server.Fail(p, http.StatusServiceUnavailable, http.StatusBadGateway)
		case 1:
			tr.Server.CutAfter(p, 70_000, 1, 150_000)
		case 2:
			tr.Server.Fail(p, http.StatusServiceUnavailable)
			tr.Server.CutAfter(p, 5_000)
		case 3:
			tr.Server.CutAfter(p, 200_000, 100_000)
			tr.Server.Fail(p, http.StatusOK, http.StatusInternalServerError) // a 500 on the resume
		}
	}
	tr.Server.Slow(time.Millisecond)
	sum, err := Run(context.Background(), Config{Inputs: inputs, Remote: client, Checkpoint: filepath.Join(t.TempDir(), "cp")}, conn, nil, bustest.Logger(t))
	if err != nil {
		t.Fatalf("Run = %v", err)
	}
	exp := want(localArticles(t, tr), time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	if diff := cmp.Diff(exp, storedURLs(t, conn)); diff != "" {
		t.Errorf("stored articles (-want +got):\n%s", diff)
	}
	if sum.Published != int64(len(exp)) || sum.FailedTotal() != 0 {
		t.Errorf("published %d, failed %v; want %d, none", sum.Published, sum.Failed, len(exp))
	}
	st := client.Stats()
	if st.Resumes < 6 || st.Retries < 4 {
		t.Errorf("client stats %+v: want at least 6 resumes and 4 retries", st)
	}
	for _, r := range tr.Server.Requests() {
		if r.Offset > 0 && !tr.Server.MemberStart(r.Path, r.Offset) {
			t.Errorf("Range request for %s at byte %d: not a gzip member start", r.Path, r.Offset)
		}
	}
}

// TestRemoteGivesUp: a server that keeps failing stops the replay with an
// error, and the checkpoint stays in that file; a missing file is counted
// as failed and the replay goes on.
func TestRemoteGivesUp(t *testing.T) {
	tr := remotetest.NewTree(t, 5)
	conn, _ := connectNoDedup(t)
	client := testClient(t, remote.Config{Retries: 2})
	cp := filepath.Join(t.TempDir(), "cp")
	inputs := []string{tr.Server.URL("/missing.warc.gz"), tr.Server.URL("/" + tr.Files[0].Path), tr.Server.URL("/" + tr.Files[1].Path)}
	tr.Server.Fail("/"+tr.Files[1].Path, 503, 503, 503)
	sum, err := Run(context.Background(), Config{Inputs: inputs, Remote: client, Checkpoint: cp}, conn, nil, bustest.Logger(t))
	var se *remote.StatusError
	if !errors.As(err, &se) || se.Status != 503 {
		t.Fatalf("Run = %v, want the 503", err)
	}
	if sum.Failed[FailFile] != 2 || sum.Published != 5 || sum.Complete {
		t.Errorf("summary: failed %v, published %d, complete %v; want two files failed, 5 published, incomplete", sum.Failed, sum.Published, sum.Complete)
	}
	c, err := LoadCheckpoint(cp)
	if err != nil || c.Input != 2 {
		t.Fatalf("checkpoint = %+v, %v; want it at the third input", c, err)
	}
	time.Sleep(dedupPause)
	sum, err = Run(context.Background(), Config{Inputs: inputs, Remote: client, Checkpoint: cp, Resume: true}, conn, nil, bustest.Logger(t))
	if err != nil || sum.Published != 5 || !sum.Complete {
		t.Fatalf("resumed Run = %v, published %d; want the third file's 5", err, sum.Published)
	}
	if n := len(storedURLs(t, conn)); n != 10 {
		t.Errorf("stream holds %d, want 10", n)
	}
}

// TestRemoteInterruptResume stops a remote replay (as Ctrl-C does) at
// several points and resumes it: the stream, which keeps repeated message
// ids, holds every article exactly once.
func TestRemoteInterruptResume(t *testing.T) {
	tr := remotetest.NewTree(t, 20)
	var inputs []string
	for _, f := range tr.Files {
		inputs = append(inputs, tr.Server.URL("/"+f.Path))
	}
	exp := want(localArticles(t, tr), time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, stopAt := range []int64{1, 19, 20, 21, 55} {
		conn, _ := connectNoDedup(t)
		client := testClient(t, remote.Config{})
		cp := filepath.Join(t.TempDir(), "cp")
		ctx, cancel := context.WithCancel(context.Background())
		obs := &stopAfter{n: stopAt, cancel: cancel}
		first, err := Run(ctx, Config{Inputs: inputs, Remote: client, Checkpoint: cp, Rate: 500}, conn, obs, bustest.Logger(t))
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stop at %d: Run = %v, want context.Canceled", stopAt, err)
		}
		time.Sleep(dedupPause) // a record published again is then stored again
		// Only the checkpoint: the publisher hides the stream, so the
		// resumed run cannot look up what is stored.
		second, err := Run(context.Background(), Config{Inputs: inputs, Remote: client, Checkpoint: cp, Resume: true}, publishOnly{conn}, nil, bustest.Logger(t))
		if err != nil {
			t.Fatalf("stop at %d: resumed Run = %v", stopAt, err)
		}
		if got := first.Published + second.Published; got != int64(len(exp)) {
			t.Errorf("stop at %d: published %d + %d, want %d", stopAt, first.Published, second.Published, len(exp))
		}
		if diff := cmp.Diff(exp, storedURLs(t, conn)); diff != "" {
			t.Errorf("stop at %d: stored articles (-want +got):\n%s", stopAt, diff)
		}
	}
}

// publishOnly hides every method of a Publisher but PublishAsync.
type publishOnly struct{ Publisher }

// TestLangFilter keeps the records that declare English, in their WARC
// header or their HTML, or declare nothing.
func TestLangFilter(t *testing.T) {
	tr := remotetest.NewTree(t, 40)
	conn, _ := connectNoDedup(t)
	u := tr.URLs()[1]
	sum, err := Run(context.Background(), Config{Inputs: []string{u}, Langs: []string{"en"}, Remote: testClient(t, remote.Config{})}, conn, nil, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	// The reference: the records of the file read locally, with the
	// language the tree gave each.
	src, err := archive.Open(tr.Files[1].Local, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var exp []string
	for {
		raw, _, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var j int
		if _, err := fmt.Sscanf(raw.URL[strings.Index(raw.URL, "/f1/r"):], "/f1/r%d/", &j); err != nil {
			t.Fatalf("URL %s: %v", raw.URL, err)
		}
		warcLang := remotetest.Langs[(40+j+1)%len(remotetest.Langs)] // as NewTree counts records
		html := scope.Declared(raw.Body)
		if (warcLang == "" || strings.Contains(warcLang, "eng")) && (html == "" || html == "en") {
			exp = append(exp, raw.URL)
		}
	}
	slices.Sort(exp)
	if diff := cmp.Diff(exp, storedURLs(t, conn)); diff != "" {
		t.Errorf("stored articles with -lang en (-want +got):\n%s", diff)
	}
	if sum.Skipped[SkipLanguage] == 0 || len(exp) < 10 {
		t.Errorf("skipped %v, kept %d: the test wants both kinds", sum.Skipped, len(exp))
	}
}
