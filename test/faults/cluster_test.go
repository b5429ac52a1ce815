package faults

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

// TestCluster runs the pipeline on a three-node JetStream cluster (file
// storage, every stream and consumer on three replicas, the services given
// all three URLs) and, while it ingests FAULTS_N articles (5,000) from WARC
// archives, kills -9 the leader of ARTICLES_RAW and then the meta leader
// and restarts each, partitions a node away from its peers for 20 s, and
// restarts the whole cluster one node at a time, as a rolling upgrade
// does. Afterwards every article is stored once in both sinks, every
// consumer is drained, and nothing but the poison inputs is dead-lettered.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("the cluster run takes minutes")
	}
	n := articleCount()
	const perFile = 500
	bin := binaries(t)
	dir := t.TempDir()
	t.Logf("run directory %s (logs in logs/)", dir)
	pg := startPostgres(t)
	const password = "s3cret-cluster-Password-9c1e"
	p, err := harness.New(harness.Config{
		Bin: bin, Dir: dir, Password: password, FileSink: true, Postgres: pg, Nodes: 3,
		Env: []string{"NORMALIZER_ACK_WAIT=15s", "TAGGER_ACK_WAIT=15s", "SINK_ACK_WAIT=15s", "SINK_BATCH_LINGER=50ms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stopPipeline(t, p, dir, "newswire-cluster-failed")
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	c := p.Cluster

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

	// restart brings a node back and waits until the cluster is whole
	// again, every stream and consumer current on it.
	restart := func(nd *harness.Node) error {
		if err := c.StartNode(nd); err != nil {
			return err
		}
		return c.WaitHealthy(3 * time.Minute)
	}
	type fault struct {
		at   uint64 // articles tagged before it strikes
		name string
		do   func() (string, error)
	}
	step := uint64(n / 10)
	faults := []fault{
		{step, "kill -9 the leader of ARTICLES_RAW, restart it", func() (string, error) {
			nd := c.StreamLeader(bus.StreamRaw)
			if nd == nil {
				return "", fmt.Errorf("no leader for %s", bus.StreamRaw)
			}
			nd.Proc.Kill()
			after := waitLeader(nd, func() *harness.Node { return c.StreamLeader(bus.StreamRaw) })
			return fmt.Sprintf("killed %s; new leader %v", nd.Name, nodeName(after)), restart(nd)
		}},
		{3 * step, "kill -9 the meta leader, restart it", func() (string, error) {
			nd := c.MetaLeader()
			if nd == nil {
				return "", fmt.Errorf("no meta leader")
			}
			nd.Proc.Kill()
			after := waitLeader(nd, c.MetaLeader)
			if after == nil {
				return "", fmt.Errorf("no new meta leader within a minute of killing %s", nd.Name)
			}
			return fmt.Sprintf("killed %s; new meta leader %s", nd.Name, after.Name), restart(nd)
		}},
		{5 * step, "partition a node away for 20s", func() (string, error) {
			// The node leading the sinks' stream, so that leadership moves.
			nd := c.StreamLeader(bus.StreamTagged)
			if nd == nil {
				nd = c.Nodes[0]
			}
			c.Partition(nd, true)
			time.Sleep(20 * time.Second)
			after := c.StreamLeader(bus.StreamTagged)
			c.Partition(nd, false)
			return fmt.Sprintf("cut %s; ARTICLES_TAGGED leader meanwhile %v", nd.Name, nodeName(after)), c.WaitHealthy(3 * time.Minute)
		}},
		{7 * step, "rolling restart of every node", func() (string, error) {
			for _, nd := range c.Nodes {
				if err := nd.Proc.Term(30 * time.Second); err != nil {
					return "", fmt.Errorf("stop %s: %w", nd.Name, err)
				}
				if err := restart(nd); err != nil {
					return "", fmt.Errorf("restart %s: %w", nd.Name, err)
				}
			}
			return "n1, n2, n3 in turn", nil
		}},
	}
	start := time.Now()
	deadline := start.Add(12 * time.Minute)
	for len(faults) > 0 {
		tagged := streamCount(ctx, admin, bus.StreamTagged)
		drop(int(tagged)/perFile + 2)
		if tagged >= faults[0].at {
			f := faults[0]
			faults = faults[1:]
			t0 := time.Now()
			what, err := f.do()
			t.Logf("%6.1fs tagged %d: %s: %s (%.1fs)", t0.Sub(start).Seconds(), tagged, f.name, what, time.Since(t0).Seconds())
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			continue
		}
		if gone := p.Exited(); len(gone) > 0 {
			t.Fatalf("services exited under the faults: %v", gone)
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d articles tagged after %s; faults left: %d", tagged, time.Since(start), len(faults))
		}
		time.Sleep(200 * time.Millisecond)
	}
	drop(files)
	waitStoredOnce(ctx, t, p, pg, admin, n, deadline)
	t.Logf("%6.1fs done: %d articles stored once in both sinks", time.Since(start).Seconds(), n)
	checkDeadLetters(ctx, t, admin, poisons)

	// The services moved between nodes: each node was gone at least once.
	reconnects := 0
	for _, name := range p.Order {
		data, _ := os.ReadFile(p.Procs[name].Log)
		reconnects += strings.Count(string(data), "nats reconnected")
	}
	if reconnects == 0 {
		t.Errorf("no service logged a reconnection")
	}
	t.Logf("service reconnections: %d", reconnects)
}

// waitLeader waits up to a minute for leader to name a node other than
// old, and returns it (nil if none).
func waitLeader(old *harness.Node, leader func() *harness.Node) *harness.Node {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if l := leader(); l != nil && l != old {
			return l
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nil
}

func nodeName(nd *harness.Node) string {
	if nd == nil {
		return "(none)"
	}
	return nd.Name
}

// startPostgres starts a throwaway PostgreSQL server for a pipeline.
func startPostgres(t *testing.T) *harness.Postgres {
	t.Helper()
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
	t.Cleanup(func() { pg.Stop() })
	return pg
}

// stopPipeline stops p and, if the test failed, keeps its logs under
// os.TempDir()/keep.
func stopPipeline(t *testing.T, p *harness.Pipeline, dir, keep string) {
	if err := p.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if t.Failed() {
		keep = filepath.Join(os.TempDir(), keep)
		os.RemoveAll(keep)
		os.CopyFS(keep, os.DirFS(filepath.Join(dir, "logs")))
		t.Logf("logs kept in %s", keep)
	}
}

// waitStoredOnce waits until both sinks hold n articles and every
// consumer is drained, then checks that each article is stored exactly
// once: one row in PostgreSQL, one line in the file.
func waitStoredOnce(ctx context.Context, t *testing.T, p *harness.Pipeline, pg *harness.Postgres, admin *bus.Conn, n int, deadline time.Time) {
	t.Helper()
	var (
		pgRows, pgDistinct, pgUntagged int
		file                           map[string]int
	)
	for {
		var pgErr error
		pgRows, pgDistinct, pgUntagged, pgErr = pgCounts(ctx, pg.DSN())
		file = fileArticles(t, p.SinkFile())
		drained := consumersDrained(ctx, admin)
		if pgRows >= n && len(file) >= n && drained == "" {
			break
		}
		if gone := p.Exited(); len(gone) > 0 {
			t.Fatalf("services exited: %v", gone)
		}
		if time.Now().After(deadline) {
			t.Fatalf("postgres %d rows (%v), file %d ids, consumers: %s; want %d and drained", pgRows, pgErr, len(file), drained, n)
		}
		time.Sleep(time.Second)
	}
	if pgRows != n || pgDistinct != n || pgUntagged != 0 {
		t.Errorf("postgres: %d rows, %d distinct ids, %d without tags; want %d, %d, 0", pgRows, pgDistinct, pgUntagged, n, n)
	}
	lines := 0
	for id, k := range file {
		lines += k
		if k != 1 {
			t.Errorf("file sink: %d lines for %s, want 1", k, id)
		}
	}
	if len(file) != n || lines != n {
		t.Errorf("file sink: %d lines, %d distinct ids, want %d and %d", lines, len(file), n, n)
	}
}
