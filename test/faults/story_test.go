package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

// storyFields are what the story stage adds to an article.
type storyFields struct {
	ID          string  `json:"id"`
	URL         string  `json:"url"`
	DuplicateOf string  `json:"duplicate_of"`
	Similarity  float64 `json:"similarity"`
	StoryID     string  `json:"story_id"`
}

// storiedMessages reads every article the story stage has published, by
// id, in stream order.
func storiedMessages(ctx context.Context, t *testing.T, conn *bus.Conn) map[string][]storyFields {
	t.Helper()
	out := map[string][]storyFields{}
	if _, err := conn.ReadSince(ctx, bus.StreamStoried, time.Time{}, func(m bus.Stored) error {
		var f storyFields
		if err := json.Unmarshal(m.Data, &f); err != nil {
			return fmt.Errorf("message %d: %w", m.Sequence, err)
		}
		out[f.ID] = append(out[f.ID], f)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// pipelineDrained is consumersDrained for the pipeline's own durable
// consumers: the ordered consumers storiedMessages leaves behind (removed
// by the server only after minutes idle) do not count.
func pipelineDrained(ctx context.Context, conn *bus.Conn) string {
	st, err := conn.Streams(ctx)
	if err != nil {
		return err.Error()
	}
	var left []string
	for _, s := range st {
		for _, c := range s.Consumers {
			switch c.Name {
			case "normalizer", "tagger", "story", "sink_file":
			default:
				continue
			}
			if c.Pending != 0 || c.AckPending != 0 {
				left = append(left, fmt.Sprintf("%s/%s pending %d ack_pending %d", s.Name, c.Name, c.Pending, c.AckPending))
			}
		}
	}
	return strings.Join(left, "; ")
}

// copyURL is the URL under which a wire service's second outlet runs
// generated article i, word for word.
func copyURL(i int) string { return fmt.Sprintf("https://wire.example.org/world/copy-%07d.html", i) }

// TestStoryFaults runs the pipeline with the story stage (sinks reading
// articles.storied) and kills it with SIGKILL twice and stops it with
// SIGTERM once while articles flow, then replays the archives twice with
// `fetcher replay`, killing the stage again during the first replay. Every
// article must reach the sink with a story id, every syndicated copy must
// name the first article of its copy group, and every message the
// stage ever published for one article must carry the same duplicate_of,
// similarity and story_id (but for the messages before a revision, when
// an earlier-published article arrived after it): the state in the
// bucket, not the process, holds the answers.
func TestStoryFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	n := 600
	if v := articleCount(); v < 5000 {
		n = v // FAULTS_N below its default shortens this run too
	}
	const perFile, copyEvery = 100, 10
	bin := binaries(t)
	dir := t.TempDir()
	p, err := harness.New(harness.Config{
		Bin: bin, Dir: dir, FileSink: true, Story: true,
		// Replays pass the broker's duplicate window (1 s), so each
		// reaches the stage again.
		Env: []string{"NATS_DUPLICATE_WINDOW=1s", "SINK_BATCH_LINGER=50ms", "STORY_ACK_WAIT=15s"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stopPipeline(t, p, dir, "newswire-story-faults-failed")
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)

	// The archives: originals in files of perFile, then one file of
	// copies (every copyEvery-th article under another outlet's URL, an
	// hour later), dropped once the originals are stored so that each
	// copy comes after its original.
	var archives []string
	write := func(name string, fill func(b *bytes.Buffer) error) string {
		var b bytes.Buffer
		if err := fill(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		archives = append(archives, path)
		return path
	}
	for first := 0; first < n; first += perFile {
		write(fmt.Sprintf("originals-%04d.warc", first), func(b *bytes.Buffer) error { return harness.WriteWARC(b, first, min(perFile, n-first)) })
	}
	copies := 0
	write("copies.warc", func(b *bytes.Buffer) error {
		for i := 0; i < n; i += copyEvery {
			copies++
			when := time.Date(2024, 6, 1, 1, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
			if err := harness.WriteWARCRecord(b, copyURL(i), []byte(harness.ArticleHTML(i)), when); err != nil {
				return err
			}
		}
		return nil
	})
	drop := func(path string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(p.Inbox(), filepath.Base(path)+".part")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(p.Inbox(), filepath.Base(path))); err != nil {
			t.Fatal(err)
		}
	}
	story := p.Procs["story"]
	kill := func() {
		t.Helper()
		story.Kill()
		time.Sleep(300 * time.Millisecond)
		if err := p.StartServices("story"); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	deadline := start.Add(15 * time.Minute)
	// waitStoried waits until the stage has published at least k
	// messages since the run began.
	waitStoried := func(k uint64) {
		t.Helper()
		for streamCount(ctx, admin, bus.StreamStoried) < k {
			if time.Now().After(deadline) {
				t.Fatalf("after %s the stage has published %d messages, want %d; exited: %v", time.Since(start), streamCount(ctx, admin, bus.StreamStoried), k, p.Exited())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// waitDrained waits until the file sink holds want ids and no consumer
	// has anything left.
	waitDrained := func(want int) {
		t.Helper()
		for {
			ids := len(fileArticles(t, p.SinkFile()))
			left := pipelineDrained(ctx, admin)
			if ids >= want && left == "" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after %s the sink holds %d ids (want %d); left: %s", time.Since(start), ids, want, left)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}

	for _, path := range archives[:len(archives)-1] {
		drop(path)
	}
	waitStoried(uint64(n / 4))
	t.Logf("%5.1fs: kill -9 story", time.Since(start).Seconds())
	kill()
	waitStoried(uint64(n / 2))
	t.Logf("%5.1fs: SIGTERM story", time.Since(start).Seconds())
	if err := story.Term(30 * time.Second); err != nil {
		t.Fatalf("story did not stop cleanly: %v", err)
	}
	if err := p.StartServices("story"); err != nil {
		t.Fatal(err)
	}
	waitStoried(uint64(3 * n / 4))
	t.Logf("%5.1fs: kill -9 story", time.Since(start).Seconds())
	kill()
	waitDrained(n)
	drop(archives[len(archives)-1])
	waitDrained(n + copies)
	t.Logf("%5.1fs: %d articles and %d copies stored", time.Since(start).Seconds(), n, copies)

	first := storiedMessages(ctx, t, admin)
	// An article's answer is its last message: one published before its
	// original (the generated articles share sentences, so an earlier-
	// published one may arrive later) is published again, revised, when
	// the original comes. From its first message with the final answer on,
	// every message must carry it; the ones before, only its story.
	check := func(round string, got map[string][]storyFields, wantPerID int) {
		t.Helper()
		byURL := map[string]storyFields{}
		revised := 0
		for id, ms := range got {
			if len(ms) < wantPerID {
				t.Errorf("%s: article %s published %d times, want at least %d", round, id, len(ms), wantPerID)
			}
			final := ms[len(ms)-1]
			at := slices.IndexFunc(ms, func(m storyFields) bool { return m == final })
			for _, m := range ms[at:] {
				if m != final {
					t.Errorf("%s: article %s got two answers: %+v, then %+v", round, id, final, m)
				}
			}
			for _, m := range ms[:at] {
				if m.StoryID != final.StoryID || m.DuplicateOf == final.DuplicateOf || final.DuplicateOf == "" {
					t.Errorf("%s: article %s: %+v before its final answer %+v, want only a revision adding duplicate_of in the same story", round, id, m, final)
				}
			}
			if at > 0 {
				revised++
			}
			if f, ok := first[id]; !ok || f[len(f)-1] != final {
				t.Errorf("%s: article %s: %+v, first run %+v", round, id, final, f)
			}
			if final.StoryID == "" {
				t.Errorf("%s: article %s has no story_id", round, id)
			}
			byURL[final.URL] = final
		}
		t.Logf("%s: %d articles revised after their original arrived", round, revised)
		if len(got) != n+copies {
			t.Errorf("%s: %d articles published, want %d", round, len(got), n+copies)
		}
		// A copy names the earliest published article of its group: its
		// original, or one the original repeats (the generated articles
		// share sentences), which may have come after the original and
		// taken the group's lead; never itself, and never one not seen.
		for i := 0; i < n; i += copyEvery {
			orig, c := byURL[harness.ArticleURL(i)], byURL[copyURL(i)]
			_, known := got[c.DuplicateOf]
			if c.DuplicateOf == "" || c.DuplicateOf == c.ID || !known || c.StoryID != orig.StoryID || c.Similarity != 1 {
				t.Errorf("%s: copy of article %d: duplicate_of %q story %q similarity %g; original %s (duplicate_of %q) story %q", round, i, c.DuplicateOf, c.StoryID, c.Similarity, orig.ID, orig.DuplicateOf, orig.StoryID)
			}
		}
	}
	check("first run", first, 1)

	// Two replays of every archive; the stage is killed during the first.
	for r := 1; r <= 2; r++ {
		time.Sleep(1500 * time.Millisecond) // past the duplicate window
		before := streamCount(ctx, admin, bus.StreamStoried)
		rstart := time.Now()
		done := make(chan error, 1)
		go func() {
			out, err := replayCmd(bin, dir, p, archives...).CombinedOutput()
			if err != nil {
				err = fmt.Errorf("%w\n%s", err, out)
			}
			done <- err
		}()
		if r == 1 {
			waitStoried(before + uint64(n/3))
			t.Logf("%5.1fs: replay 1: kill -9 story", time.Since(start).Seconds())
			kill()
		}
		if err := <-done; err != nil {
			t.Fatalf("fetcher replay: %v", err)
		}
		waitStoried(before + uint64(n+copies))
		waitDrained(n + copies)
		t.Logf("%5.1fs: replay %d took %.1fs", time.Since(start).Seconds(), r, time.Since(rstart).Seconds())
		check(fmt.Sprintf("replay %d", r), storiedMessages(ctx, t, admin), 1+r)
	}
	if got := len(fileArticles(t, p.SinkFile())); got != n+copies {
		t.Errorf("file sink: %d ids, want %d", got, n+copies)
	}
}
