package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/telemetry"
	"github.com/newswire/newswire/services/fetcher/internal/ccnews"
	"github.com/newswire/newswire/services/fetcher/internal/remote"
	"github.com/newswire/newswire/services/fetcher/internal/replay"
)

const replayAbout = "Publishes archived articles (WARC, JSONL, .html/.txt/.json files, directories of them,\n" +
	"and WARC files over HTTP, streamed, never downloaded whole) to articles.raw.<kind> with\n" +
	"their original fetch time and the Newswire-Replay header.\n" +
	"Exit status: 0 done; 1 error (the broker refused a record, a server gave up, or it could not\n" +
	"start); 2 usage; 3 done, but some records or files could not be read or were too large;\n" +
	"130 interrupted (run again with -resume)."

// replayFlags are the flags `fetcher replay` and `fetcher replay cc-news`
// share.
type replayFlags struct {
	rate                rateFlag
	resume              *bool
	checkpoint, name    *string
	locale, metricsAddr *string
	hosts, langs        listFlag
	hostFile            *string
	bandwidth           bytesFlag
	userAgent           *string
	retries             *int
	timeout             *time.Duration
}

func addReplayFlags(fs *flag.FlagSet) *replayFlags {
	f := &replayFlags{}
	fs.Var(&f.rate, "rate", "publish at most `N` records per second: 200 or 200/s, 3000/m, 10000/h (0: as fast as JetStream acknowledges)")
	f.resume = fs.Bool("resume", false, "continue after the last record the checkpoint says was acknowledged")
	f.checkpoint = fs.String("checkpoint", "fetcher-replay.checkpoint", "checkpoint `FILE`, rewritten atomically as acknowledgements arrive (\"\": none)")
	f.name = fs.String("source", "replay", "source `name` recorded on the articles")
	f.locale = fs.String("locale", "", "BCP 47 `locale` hint for the articles (en-GB: day-first dates)")
	f.metricsAddr = fs.String("metrics", "", "serve /metrics on `ADDR` while replaying (empty: no server)")
	fs.Var(&f.hosts, "host", "keep only records from these `hosts` and their subdomains, comma separated (reuters.com,bbc.co.uk)")
	f.hostFile = fs.String("host-file", "", "keep only records from the hosts listed in `FILE`, one per line (# comments), as -host does; with -host, both lists count")
	fs.Var(&f.langs, "lang", "keep only records that declare one of these `languages` (en,de; WARC-Identified-Content-Language, html lang), and those that declare none")
	fs.Var(&f.bandwidth, "bwlimit", "download at most `RATE` bytes per second from remote archives: 20M, 500K (0: no limit)")
	f.userAgent = fs.String("user-agent", remote.DefaultUserAgent, "User-Agent sent to remote archives: product/version (+contact URL)")
	f.retries = fs.Int("retries", remote.DefaultRetries, "retries of a remote request after a 5xx, 429, reset or timeout, with exponential backoff (1s doubling to 1m)")
	f.timeout = fs.Duration("timeout", time.Minute, "limit on waiting for a remote server's response or its next bytes")
	return f
}

// replayMain runs `fetcher replay` and returns the exit code.
func replayMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "cc-news" {
		return ccNewsMain(ctx, args[1:], stdout, stderr)
	}
	fs := newFlagSet("fetcher replay",
		"fetcher replay [flags] FILE|DIR|URL...\n       fetcher replay [flags] -list FILE\n       fetcher replay cc-news -from DAY [-to DAY] [flags]  (see fetcher replay cc-news -h)",
		replayAbout)
	fs.SetOutput(stderr)
	f := addReplayFlags(fs)
	var since, until timeFlag
	fs.Var(&since, "since", "replay only records fetched at or after `T` (RFC 3339, 2024-05-01T12:00 or 2024-05-01, UTC)")
	fs.Var(&until, "until", "replay only records fetched before `T`")
	list := fs.String("list", "", "read the inputs from `FILE` (or URL), one path or URL per line, plain or gzipped; relative paths resolve against -base")
	base := fs.String("base", ccnews.DefaultBase, "base `URL` for relative paths in a -list (a Common Crawl warc.paths.gz)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 && *list == "" {
		fmt.Fprintln(stderr, "fetcher replay: no FILE, DIR or URL given")
		fs.Usage()
		return exitUsage
	}
	client, err := f.client()
	if err != nil {
		fmt.Fprintln(stderr, "fetcher replay:", err)
		return exitUsage
	}
	inputs := fs.Args()
	if *list != "" {
		listed, err := readList(ctx, client, *list, *base)
		if err != nil {
			fmt.Fprintln(stderr, "fetcher replay:", err)
			return exitUsage
		}
		inputs = append(inputs, listed...)
	}
	return runReplay(ctx, f, client, inputs, since.t, until.t, stderr, stdout)
}

// ccNewsMain runs `fetcher replay cc-news`.
func ccNewsMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fetcher replay cc-news",
		"fetcher replay cc-news -from DAY [-to DAY] [-host H,H] [-lang L] [-rate N] [-bwlimit R] [-resume] [flags]",
		"Replays Common Crawl's news archive, CC-NEWS, for a range of capture time: reads the monthly\n"+
			"listings (crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz) under -base, picks the files whose names'\n"+
			"timestamps fall in the range (and the one running at its start), and streams each over HTTP,\n"+
			"keeping the records captured in the range (WARC-Date) from the -host list.\n\n"+replayAbout)
	fs.SetOutput(stderr)
	f := addReplayFlags(fs)
	var from, to dayFlag
	fs.Var(&from, "from", "first capture `DAY` (2024-03-01, today, yesterday) or time (RFC 3339, 2024-03-01T12:00), UTC")
	fs.Var(&to, "to", "last capture `DAY`, included (2024-03-31 means up to 2024-04-01T00:00), or an exclusive time; default: now")
	fs.Lookup("source").DefValue = "cc-news" // set after parsing, unless given
	base := fs.String("base", ccnews.DefaultBase, "base `URL` of the archive (a mirror, or a local copy served over HTTP)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 || from.t.IsZero() {
		fmt.Fprintln(stderr, "fetcher replay cc-news: want -from and no arguments")
		fs.Usage()
		return exitUsage
	}
	if !flagSet(fs, "source") {
		*f.name = "cc-news"
	}
	end := to.end()
	if end.IsZero() {
		end = time.Now().UTC()
	}
	if !end.After(from.t) {
		fmt.Fprintf(stderr, "fetcher replay cc-news: -to %s is not after -from %s\n", end.Format(time.RFC3339), from.t.Format(time.RFC3339))
		return exitUsage
	}
	client, err := f.client()
	if err != nil {
		fmt.Fprintln(stderr, "fetcher replay cc-news:", err)
		return exitUsage
	}
	urls, err := ccnews.Resolve(ctx, client, *base, from.t, end)
	if err != nil {
		fmt.Fprintln(stderr, "fetcher replay cc-news:", err)
		return exitError
	}
	fmt.Fprintf(stderr, "cc-news: %d files for captures from %s to %s\n", len(urls), from.t.Format(time.RFC3339), end.Format(time.RFC3339))
	if len(urls) == 0 {
		return exitOK
	}
	return runReplay(ctx, f, client, urls, from.t, end, stderr, stdout)
}

// readHostFile adds the hosts listed in -host-file to -host.
func (f *replayFlags) readHostFile() error {
	if *f.hostFile == "" {
		return nil
	}
	data, err := os.ReadFile(*f.hostFile)
	if err != nil {
		return fmt.Errorf("host file: %w", err)
	}
	n := len(f.hosts)
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f.hosts.Set(line)
	}
	if len(f.hosts) == n {
		return fmt.Errorf("host file %s lists no host", *f.hostFile)
	}
	return nil
}

func (f *replayFlags) client() (*remote.Client, error) {
	if err := f.readHostFile(); err != nil {
		return nil, err
	}
	retries := *f.retries
	if retries == 0 {
		retries = -1 // remote.Config: 0 is the default
	}
	return remote.New(remote.Config{
		UserAgent: *f.userAgent, Retries: retries, BytesPerSecond: int64(f.bandwidth), Timeout: *f.timeout,
	}, nil)
}

// runReplay connects and replays inputs.
func runReplay(ctx context.Context, f *replayFlags, client *remote.Client, inputs []string, since, until time.Time, stderr, stdout io.Writer) int {
	conn, log, err := connectTool(ctx, "replay", bus.StreamRaw, bus.StreamDLQ)
	if err != nil {
		fmt.Fprintln(stderr, "fetcher replay:", err)
		return exitError
	}
	defer closeConn(conn, log)

	var obs replay.Observer
	if *f.metricsAddr != "" {
		reg := telemetry.NewRegistry("fetcher")
		m, err := newMetrics(reg)
		if err != nil {
			log.Error("register metrics", "err", err)
			return exitError
		}
		tel, err := telemetry.Listen(*f.metricsAddr, reg, log)
		if err != nil {
			log.Error("serve metrics", "err", err)
			return exitError
		}
		tel.SetReady(conn.Ready)
		defer tel.Shutdown(context.Background())
		obs = m
	}
	cfg := replay.Config{
		Inputs: inputs, Rate: float64(f.rate), Since: since, Until: until,
		Hosts: f.hosts, Langs: f.langs, Remote: client,
		Checkpoint: *f.checkpoint, Resume: *f.resume, Name: *f.name, Locale: *f.locale,
		MaxPayload: conn.MaxPayload(),
	}
	if fl, ok := stderr.(*os.File); ok && isTerminal(fl) {
		cfg.Display = stderr
	}
	sum, err := replay.Run(ctx, cfg, conn, obs, log)
	if sum != nil {
		sum.Write(stdout)
	}
	switch {
	case errors.Is(err, context.Canceled):
		log.Warn("replay interrupted; run again with -resume to continue", "checkpoint", *f.checkpoint)
		return exitInterrupted
	case err != nil:
		log.Error("replay stopped", "err", err)
		if sum == nil {
			return exitUsage
		}
		return exitError
	case sum.FailedTotal() > 0:
		return exitSomeFailed
	}
	return exitOK
}

// readList reads a list of inputs, one per line (blank lines and lines
// starting with # are ignored), from a file or a URL, plain or gzipped.
// A relative path in a list read from a URL, or one that names no local
// file, resolves against base: a Common Crawl warc.paths.gz lists paths
// below https://data.commoncrawl.org/.
func readList(ctx context.Context, client *remote.Client, name, base string) ([]string, error) {
	var data []byte
	var err error
	if replay.IsRemote(name) {
		data, err = client.ReadAll(ctx, name, 256<<20)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", name, err)
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", name, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("list %s: %w", name, err)
		}
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case replay.IsRemote(line):
		case replay.IsRemote(name) || !exists(line):
			line = base + strings.TrimPrefix(line, "/")
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("list %s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("list %s: no inputs in it", name)
	}
	return out, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// rateFlag is a rate given as N (per second) or N/s, N/m, N/h.
type rateFlag float64

func (r *rateFlag) String() string { return strconv.FormatFloat(float64(*r), 'g', -1, 64) }

func (r *rateFlag) Set(s string) error {
	num, unit, _ := strings.Cut(s, "/")
	per := map[string]float64{"": 1, "s": 1, "m": 60, "h": 3600}[unit]
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || per == 0 || v < 0 {
		return fmt.Errorf("want N, N/s, N/m or N/h with N >= 0")
	}
	*r = rateFlag(v / per)
	return nil
}

// listFlag is a comma-separated list; the flag may also be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// bytesFlag is a byte rate: 500000, 500K, 20M, 1G (powers of 1000),
// optionally followed by B or B/s.
type bytesFlag int64

func (b *bytesFlag) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *bytesFlag) Set(s string) error {
	v := strings.ToUpper(strings.TrimSpace(s))
	v = strings.TrimSuffix(strings.TrimSuffix(v, "/S"), "B")
	mult := 1.0
	if n := len(v); n > 0 {
		if m, ok := map[byte]float64{'K': 1e3, 'M': 1e6, 'G': 1e9}[v[n-1]]; ok {
			mult, v = m, v[:n-1]
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return fmt.Errorf("want a byte rate such as 20M or 500K")
	}
	*b = bytesFlag(f * mult)
	return nil
}

// dayFlag is a time; a bare day (or today, yesterday) also stands for the
// whole of that day as the end of a range.
type dayFlag struct {
	t   time.Time
	day bool
}

func (d *dayFlag) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.RFC3339)
}

func (d *dayFlag) Set(s string) error {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	switch strings.ToLower(s) {
	case "today":
		d.t, d.day = today, true
		return nil
	case "yesterday":
		d.t, d.day = today.AddDate(0, 0, -1), true
		return nil
	}
	var tf timeFlag
	if err := tf.Set(s); err != nil {
		return err
	}
	d.t, d.day = tf.t.UTC(), len(s) == len("2006-01-02")
	return nil
}

// end is the exclusive end of a range that ends with d.
func (d *dayFlag) end() time.Time {
	if d.day {
		return d.t.AddDate(0, 0, 1)
	}
	return d.t
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
