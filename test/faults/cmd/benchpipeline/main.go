// Command benchpipeline measures the whole pipeline on this machine: the
// news-sample WARC, repeated to BENCH_N articles with distinct URLs, is
// replayed by `fetcher replay` through the normalizer, tagger and
// PostgreSQL sink processes, a NATS server process and a PostgreSQL server,
// once per layout in BENCH_LAYOUTS (normalizers x taggers, and "/3" for a
// three-node JetStream cluster with R3 streams instead of one server). It prints, per
// layout, the end-to-end rate, publish-to-sink latency, peak memory and CPU
// per article of every stage, consumer lag, and whether any article was
// processed twice.
//
//	cd test/faults && GOWORK=off go run ./cmd/benchpipeline
//
// Environment: BENCH_N (default 10000), BENCH_LAYOUTS (default "1x1,2x2";
// "1x1,1x1/3" compares one server with a cluster; a "+story" suffix adds
// the story stage, the sink then reading articles.storied:
// "1x1,1x1+story,1x1,1x1+story" alternates without and with it),
// BENCH_RATE (replay -rate, default 0: as fast as the broker takes them;
// the latency then includes the queue behind the burst), BENCH_PG_FSYNC
// (default on; 0 turns fsync off), BENCH_GOMAXPROCS (GOMAXPROCS of every
// service process; unset: all cores), NEWSWIRE_CORPORA
// (default ../shared/corpora beside the workspace), BENCH_KEEP=1 keeps the
// run directories.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "benchpipeline:", err)
		os.Exit(1)
	}
}

// layout is a number of normalizer and tagger processes, on one NATS
// server or a cluster of nodes.
type layout struct {
	normalizers, taggers, nodes int
	story                       bool
}

func (l layout) String() string {
	s := fmt.Sprintf("%dx%d", l.normalizers, l.taggers)
	if l.nodes > 1 {
		s += fmt.Sprintf("/%d", l.nodes)
	}
	if l.story {
		s += "+story"
	}
	return s
}

func parseLayouts(s string) ([]layout, error) {
	var out []layout
	for _, f := range strings.Split(s, ",") {
		f, story := strings.CutSuffix(strings.TrimSpace(f), "+story")
		f, nodes, clustered := strings.Cut(f, "/")
		a, b, ok := strings.Cut(f, "x")
		n, err1 := strconv.Atoi(a)
		t, err2 := strconv.Atoi(b)
		r, err3 := 1, error(nil)
		if clustered {
			r, err3 = strconv.Atoi(nodes)
		}
		if !ok || err1 != nil || err2 != nil || err3 != nil || n < 1 || t < 1 || r < 1 {
			return nil, fmt.Errorf("BENCH_LAYOUTS: %q, want NxT like 2x2, or NxT/3 on a 3-node cluster, either with +story", f)
		}
		out = append(out, layout{n, t, r, story})
	}
	return out, nil
}

// readAll reads a whole stream, trying again up to 10 times (reset
// clears what fn gathered) when reading fails: on a cluster, reading a
// stream right after a heavy run once failed with "no responders
// available for request".
func readAll(ctx context.Context, admin *bus.Conn, stream string, reset func(), fn func(bus.Stored) error) (int, error) {
	for attempt := 1; ; attempt++ {
		reset()
		n, err := admin.ReadSince(ctx, stream, time.Time{}, fn)
		if err == nil || attempt == 10 {
			return n, err
		}
		fmt.Fprintf(os.Stderr, "read %s, attempt %d: %v; again in 1s\n", stream, attempt, err)
		time.Sleep(time.Second)
	}
}

// natsUsage sums the resource use of the NATS server or cluster nodes
// (peak memory: the largest node's).
func natsUsage(p *harness.Pipeline) harness.Usage {
	if p.Cluster == nil {
		return p.NATS.Usage()
	}
	var u harness.Usage
	for _, nd := range p.Cluster.Nodes {
		nu := nd.Proc.Usage()
		u.CPU += nu.CPU
		u.HWMKB = max(u.HWMKB, nu.HWMKB)
	}
	return u
}

func envInt(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s = %q, want a positive integer", name, v)
	}
	return n, nil
}

func run(ctx context.Context) error {
	n, err := envInt("BENCH_N", 10000)
	if err != nil {
		return err
	}
	layouts, err := parseLayouts(cmp(os.Getenv("BENCH_LAYOUTS"), "1x1,2x2"))
	if err != nil {
		return err
	}
	wd, _ := os.Getwd()
	root, err := harness.Root(wd)
	if err != nil {
		return err
	}
	corpora := cmp(os.Getenv("NEWSWIRE_CORPORA"), filepath.Join(filepath.Dir(root), "shared", "corpora"))
	sample := filepath.Join(corpora, "warc", "news-sample", "news-sample.warc.gz")

	work, err := os.MkdirTemp("", "newswire-bench-")
	if err != nil {
		return err
	}
	if os.Getenv("BENCH_KEEP") == "" {
		defer os.RemoveAll(work)
	}
	fmt.Fprintf(os.Stderr, "building services into %s\n", filepath.Join(work, "bin"))
	bin := filepath.Join(work, "bin")
	if err := harness.Build(root, bin, false); err != nil {
		return err
	}
	warcPath := filepath.Join(work, "replay.warc.gz")
	copies, responses, err := writeReplay(sample, warcPath, n)
	if err != nil {
		return err
	}
	fmt.Printf("Input: %s, %d response records, repeated %d times (distinct URLs, canonical links disabled) to %d records.\n\n",
		sample, responses, copies, n)

	var results []*result
	for _, l := range layouts {
		fmt.Fprintf(os.Stderr, "run %s\n", l)
		res, err := measure(ctx, bin, filepath.Join(work, fmt.Sprintf("run-%d-%s", len(results), strings.NewReplacer("/", "-", "+", "-").Replace(l.String()))), warcPath, l, n)
		if err != nil {
			return fmt.Errorf("layout %s: %w", l, err)
		}
		results = append(results, res)
		res.write(os.Stdout)
	}
	if len(results) > 1 {
		fmt.Println("| layout | articles/s | vs first |")
		fmt.Println("|---|---|---|")
		for _, r := range results {
			fmt.Printf("| %s | %.1f | %.2fx |\n", r.name, r.rate, r.rate/results[0].rate)
		}
	}
	storyRatios(os.Stdout, results)
	return nil
}

// storyRatios prints, for each run with the story stage, its rate over
// that of the run without it just before (same layout otherwise), and the
// median of those ratios: runs alternating on and off, each ratio taken
// between neighbours, are what a loaded, shared machine allows.
func storyRatios(w io.Writer, results []*result) {
	var ratios []float64
	last := map[layout]*result{}
	for _, r := range results {
		off := r.layout
		off.story = false
		if !r.layout.story {
			last[off] = r
			continue
		}
		if b := last[off]; b != nil {
			ratios = append(ratios, r.rate/b.rate)
			fmt.Fprintf(w, "story stage on/off (%s): %.1f / %.1f articles/s = %.3f\n", off, r.rate, b.rate, r.rate/b.rate)
		}
	}
	if len(ratios) > 0 {
		slices.Sort(ratios)
		med := ratios[len(ratios)/2]
		if len(ratios)%2 == 0 {
			med = (ratios[len(ratios)/2-1] + ratios[len(ratios)/2]) / 2
		}
		fmt.Fprintf(w, "story stage on/off: median ratio %.3f over %d pairs (%.3f to %.3f)\n", med, len(ratios), ratios[0], ratios[len(ratios)-1])
	}
}

func cmp(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// writeReplay writes n records replicated from the sample WARC to path and
// returns how many copies and response records that took.
func writeReplay(sample, path string, n int) (copies, responses int, err error) {
	in, err := os.Open(sample)
	if err != nil {
		return 0, 0, err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return 0, 0, fmt.Errorf("read %s: %w", sample, err)
	}
	recs, err := harness.ReadWARC(zr)
	if err != nil {
		return 0, 0, fmt.Errorf("read %s: %w", sample, err)
	}
	for _, r := range recs {
		if r.Get("WARC-Type") == "response" {
			responses++
		}
	}
	out, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	copies, err = harness.ReplicateWARC(bw, recs, n)
	if err == nil {
		err = bw.Flush()
	}
	return copies, responses, errors.Join(err, out.Close())
}

// stage is one row of the results: a stage's processes.
type stage struct {
	name    string
	procs   []*harness.Proc
	cpu     time.Duration
	hwmKB   int64 // the largest of its processes
	maxLag  uint64
	lagName string
}

type result struct {
	name                 string
	layout               layout
	articles, raw        int
	deadLettered         int
	elapsed, publishTime time.Duration
	rate                 float64
	p50, p99, pmax       time.Duration
	stages               []*stage
	natsCPU, pgCPU       time.Duration
	natsProcs            int
	natsHWM              int64
	lagTimeline          []string
	dup                  []string
	replayExit           error
	// missing are some URLs published but not in the sink.
	missing []string
	// deadReasons are the first dead letters' stages and reasons.
	deadReasons []string
}

func measure(ctx context.Context, bin, dir, warcPath string, l layout, n int) (*result, error) {
	const password = "bench-pipeline-password-3c9e"
	pgDir, err := os.MkdirTemp("", "newswire-bench-pg-")
	if err != nil {
		return nil, err
	}
	if os.Getenv("BENCH_KEEP") == "" {
		defer os.RemoveAll(pgDir)
		defer os.RemoveAll(dir)
	}
	pg, err := harness.NewPostgres(pgDir, os.Getenv("BENCH_PG_FSYNC") != "0")
	if err != nil {
		return nil, err
	}
	if err := pg.StartWait(time.Minute); err != nil {
		return nil, err
	}
	defer pg.Stop()
	var env []string
	if v := os.Getenv("BENCH_GOMAXPROCS"); v != "" {
		// One core per process, as under a Kubernetes CPU limit of 1: then
		// adding processes, not the Go scheduler, adds cores.
		env = append(env, "GOMAXPROCS="+v)
	}
	p, err := harness.New(harness.Config{Bin: bin, Dir: dir, Password: password, Postgres: pg,
		Normalizers: l.normalizers, Taggers: l.taggers, Env: env, Nodes: l.nodes, Story: l.story})
	if err != nil {
		return nil, err
	}
	if p.Cluster != nil {
		defer p.Cluster.Stop()
		if err := p.Cluster.Start(); err != nil {
			return nil, err
		}
	} else {
		if err := p.StartNATS(); err != nil {
			return nil, err
		}
		defer p.NATS.Term(30 * time.Second)
	}
	if err := p.Provision(); err != nil {
		return nil, err
	}
	// `fetcher replay` is the producer: the fetcher service (feeds and
	// inbox) is not started.
	var services []string
	for _, name := range p.Order {
		if name != "fetcher" {
			services = append(services, name)
		}
	}
	if err := p.StartServices(services...); err != nil {
		return nil, err
	}
	defer func() {
		for _, name := range services {
			p.Procs[name].Term(30 * time.Second)
		}
	}()
	admin, err := p.Connect(ctx)
	if err != nil {
		return nil, err
	}
	defer admin.Close(ctx)

	replay := &harness.Proc{
		Name: "fetcher replay", Path: filepath.Join(bin, "fetcher"),
		Args: []string{"replay", "-checkpoint", "", "-source", "bench", "-rate", cmp(os.Getenv("BENCH_RATE"), "0"), warcPath},
		Env:  append([]string{"NATS_URL=" + p.NATSURL(), "NATS_USER=fetcher", "NATS_PASSWORD=" + password, "LOG_FORMAT=json"}, p.Env()...),
		Log:  filepath.Join(dir, "logs", "replay.log"),
	}
	stages := []*stage{{name: "fetcher (replay)", procs: []*harness.Proc{replay}}}
	for _, svc := range []string{"normalizer", "tagger", "story", "sink"} {
		if svc == "story" && !l.story {
			continue
		}
		st := &stage{name: svc}
		for _, name := range services {
			if strings.HasPrefix(name, svc) {
				st.procs = append(st.procs, p.Procs[name])
			}
		}
		stages = append(stages, st)
	}
	base := map[*harness.Proc]time.Duration{}
	for _, st := range stages[1:] {
		for _, pr := range st.procs {
			base[pr] = pr.Usage().CPU
		}
	}
	natsBase, pgBase := natsUsage(p).CPU, harness.TreeCPU(pg.Pid())

	res := &result{name: fmt.Sprintf("%d normalizer, %d tagger", l.normalizers, l.taggers), layout: l, natsProcs: max(1, l.nodes)}
	if l.nodes > 1 {
		res.name += fmt.Sprintf(", %d-node JetStream cluster (R%d)", l.nodes, l.nodes)
	}
	if l.story {
		res.name += ", story stage"
	}
	t0 := time.Now()
	if err := replay.Start(); err != nil {
		return nil, err
	}
	deadline := t0.Add(45 * time.Minute)
	nextMark := t0
	var replayDone bool
	for {
		time.Sleep(time.Second)
		for _, st := range stages {
			for _, pr := range st.procs {
				pr.Usage() // samples VmHWM
			}
		}
		natsUsage(p)
		state, err := admin.Streams(ctx)
		if err != nil {
			return nil, err
		}
		var lags []string
		for _, s := range state {
			for _, c := range s.Consumers {
				lag := c.Pending + uint64(c.AckPending)
				for _, st := range stages {
					if strings.HasPrefix(c.Name, st.name) && lag > st.maxLag {
						st.maxLag, st.lagName = lag, c.Name
					}
				}
				lags = append(lags, fmt.Sprintf("%s %d", c.Name, lag))
			}
		}
		if time.Now().After(nextMark) {
			res.lagTimeline = append(res.lagTimeline, fmt.Sprintf("%4.0fs: %s", time.Since(t0).Seconds(), strings.Join(lags, ", ")))
			nextMark = nextMark.Add(15 * time.Second)
		}
		if !replayDone && !replay.Running() {
			replayDone = true
			res.replayExit = replay.Term(time.Second)
			res.publishTime = time.Since(t0)
		}
		if replayDone && drained(state) {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("not drained after %s: %s", time.Since(t0), strings.Join(lags, ", "))
		}
	}
	for _, st := range stages {
		for _, pr := range st.procs {
			u := pr.Usage()
			st.cpu += u.CPU - base[pr]
			st.hwmKB = max(st.hwmKB, u.HWMKB)
		}
	}
	res.stages = stages
	nu := natsUsage(p)
	res.natsCPU, res.natsHWM = nu.CPU-natsBase, nu.HWMKB
	res.pgCPU = harness.TreeCPU(pg.Pid()) - pgBase

	// Publish-to-sink latency: the raw message's stream timestamp (NATS
	// server clock) to the row's stored_at (PostgreSQL clock): one machine,
	// one clock. Joined by URL.
	var published map[string]time.Time
	if _, err := readAll(ctx, admin, bus.StreamRaw, func() { published = map[string]time.Time{} }, func(m bus.Stored) error {
		var doc struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(m.Data, &doc); err != nil {
			return err
		}
		published[doc.URL] = m.Time
		return nil
	}); err != nil {
		return nil, err
	}
	res.raw = len(published)
	conn, err := pgx.Connect(ctx, pg.DSN())
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT url, stored_at FROM articles`)
	if err != nil {
		return nil, err
	}
	var lat []time.Duration
	var last time.Time
	for rows.Next() {
		var url string
		var stored time.Time
		if err := rows.Scan(&url, &stored); err != nil {
			return nil, err
		}
		res.articles++
		if stored.After(last) {
			last = stored
		}
		if pub, ok := published[url]; ok {
			lat = append(lat, stored.Sub(pub))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(lat) < len(published) {
		seen := map[string]bool{}
		rows, err := conn.Query(ctx, `SELECT url FROM articles`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var url string
			if rows.Scan(&url) == nil {
				seen[url] = true
			}
		}
		for url := range published {
			if !seen[url] && len(res.missing) < 5 {
				res.missing = append(res.missing, url)
			}
		}
	}
	if len(lat) == 0 {
		return nil, errors.New("no article reached the sink")
	}
	slices.Sort(lat)
	res.p50, res.p99, res.pmax = lat[len(lat)*50/100], lat[min(len(lat)-1, len(lat)*99/100)], lat[len(lat)-1]
	res.elapsed = last.Sub(t0)
	res.rate = float64(res.articles) / res.elapsed.Seconds()
	dls, err := admin.ListDeadLetters(ctx, "", 100000)
	if err != nil {
		return nil, err
	}
	res.deadLettered = len(dls)
	for _, d := range dls[:min(len(dls), 5)] {
		res.deadReasons = append(res.deadReasons, fmt.Sprintf("%s: %s", d.Stage, d.Reason))
	}
	for _, s := range stages {
		s.cpu = max(s.cpu, 0)
	}

	// Processed twice? Each stream's messages per article id, and each
	// stage's deliveries (all its processes) against its input.
	streams := []string{bus.StreamNormalized, bus.StreamTagged}
	if l.story {
		streams = append(streams, bus.StreamStoried)
	}
	for _, s := range streams {
		var ids map[string]int
		msgs, err := readAll(ctx, admin, s, func() { ids = map[string]int{} }, func(m bus.Stored) error {
			if v := m.Header[bus.HeaderArticleID]; len(v) > 0 {
				ids[v[0]]++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		twice := 0
		for _, c := range ids {
			if c > 1 {
				twice++
			}
		}
		res.dup = append(res.dup, fmt.Sprintf("%s: %d messages, %d distinct article ids, %d ids more than once", s, msgs, len(ids), twice))
	}
	for _, st := range stages[1:] {
		var received, dups float64
		var each []string
		for _, pr := range st.procs {
			m := metrics(p.MetricsURL(pr.Name))
			received += m["newswire_messages_received_total"]
			dups += m["newswire_sink_duplicates_total"]
			each = append(each, fmt.Sprintf("%s %.0f", pr.Name, m["newswire_messages_received_total"]))
		}
		line := fmt.Sprintf("%s: %.0f deliveries (%s)", st.name, received, strings.Join(each, ", "))
		if st.name == "sink" {
			line += fmt.Sprintf(", sink duplicates counter %.0f", dups)
		}
		res.dup = append(res.dup, line)
	}
	return res, nil
}

// drained reports whether every consumer has nothing pending or
// unacknowledged.
func drained(state []bus.StreamState) bool {
	n := 0
	for _, s := range state {
		for _, c := range s.Consumers {
			n++
			if c.Pending != 0 || c.AckPending != 0 {
				return false
			}
		}
	}
	return n > 0
}

// metrics sums each metric family's samples on a /metrics page.
func metrics(url string) map[string]float64 {
	out := map[string]float64{}
	resp, err := http.Get(url)
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		name, _, _ := strings.Cut(line, "{")
		name, _, _ = strings.Cut(name, " ")
		f := strings.Fields(line)
		if v, err := strconv.ParseFloat(f[len(f)-1], 64); err == nil {
			out[name] += v
		}
	}
	return out
}

func (r *result) write(w io.Writer) {
	fmt.Fprintf(w, "### %s\n\n", r.name)
	fmt.Fprintf(w, "%d raw articles published (replay done after %.1fs, exit: %v); %d articles in PostgreSQL; %d dead letters.\n",
		r.raw, r.publishTime.Seconds(), r.replayExit, r.articles, r.deadLettered)
	for _, d := range r.deadReasons {
		fmt.Fprintf(w, "Dead letter: %s\n", d)
	}
	if len(r.missing) > 0 {
		fmt.Fprintf(w, "Published but not in the sink, for example: %s\n", strings.Join(r.missing, " "))
	}
	fmt.Fprintf(w, "End to end: %.1f articles/s (%d articles, replay start to the last row's stored_at: %.1fs).\n",
		r.rate, r.articles, r.elapsed.Seconds())
	fmt.Fprintf(w, "Publish-to-sink latency (raw stream timestamp -> articles.stored_at): p50 %.2fs, p99 %.2fs, max %.2fs.\n\n",
		r.p50.Seconds(), r.p99.Seconds(), r.pmax.Seconds())
	fmt.Fprintln(w, "| stage | processes | CPU s | CPU ms/article | peak RSS (VmHWM) MB | max consumer lag |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	var top *stage
	for _, st := range r.stages {
		if top == nil || st.cpu > top.cpu {
			top = st
		}
		lag := "-"
		if st.lagName != "" {
			lag = fmt.Sprintf("%d (%s)", st.maxLag, st.lagName)
		}
		fmt.Fprintf(w, "| %s | %d | %.1f | %.2f | %.0f | %s |\n", st.name, len(st.procs), st.cpu.Seconds(),
			perArticle(st.cpu, r.articles), float64(st.hwmKB)/1024, lag)
	}
	fmt.Fprintf(w, "| NATS server | %d | %.1f | %.2f | %.0f | - |\n", r.natsProcs, r.natsCPU.Seconds(), perArticle(r.natsCPU, r.articles), float64(r.natsHWM)/1024)
	fmt.Fprintf(w, "| PostgreSQL (all backends) | - | %.1f | %.2f | - | - |\n\n", r.pgCPU.Seconds(), perArticle(r.pgCPU, r.articles))
	fmt.Fprintf(w, "Bottleneck by CPU per article: %s.\n\n", top.name)
	fmt.Fprintln(w, "Consumer lag (pending + unacknowledged), every 15 s:")
	for _, l := range r.lagTimeline {
		fmt.Fprintln(w, "    "+l)
	}
	fmt.Fprintln(w, "\nProcessed twice?")
	for _, d := range r.dup {
		fmt.Fprintln(w, "    "+d)
	}
	fmt.Fprintln(w)
}

func perArticle(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Milliseconds()) / float64(n)
}
