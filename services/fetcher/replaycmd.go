package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/telemetry"
	"github.com/newswire/newswire/services/fetcher/internal/replay"
)

// replayMain runs `fetcher replay` and returns the exit code.
func replayMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fetcher replay",
		"fetcher replay [-rate N[/s|/m|/h]] [-since T] [-until T] [-resume] [-checkpoint FILE] FILE|DIR...",
		"Publishes archived articles (WARC, JSONL, .html/.txt/.json files, directories of them)\n"+
			"to articles.raw.<kind> with their original fetch time and the Newswire-Replay header.\n"+
			"Exit status: 0 done; 1 error (the broker refused a record, or it could not start);\n"+
			"2 usage; 3 done, but some records could not be read or were too large; 130 interrupted\n"+
			"(run again with -resume).")
	fs.SetOutput(stderr)
	var rate rateFlag
	fs.Var(&rate, "rate", "publish at most `N` records per second: 200 or 200/s, 3000/m, 10000/h (0: as fast as JetStream acknowledges)")
	var since, until timeFlag
	fs.Var(&since, "since", "replay only records fetched at or after `T` (RFC 3339, 2024-05-01T12:00 or 2024-05-01, UTC)")
	fs.Var(&until, "until", "replay only records fetched before `T`")
	resume := fs.Bool("resume", false, "continue after the last record the checkpoint says was acknowledged")
	checkpoint := fs.String("checkpoint", "fetcher-replay.checkpoint", "checkpoint `FILE`, rewritten atomically as acknowledgements arrive (\"\": none)")
	name := fs.String("source", "replay", "source `name` recorded on the articles")
	locale := fs.String("locale", "", "BCP 47 `locale` hint for the articles (en-GB: day-first dates)")
	metricsAddr := fs.String("metrics", "", "serve /metrics on `ADDR` while replaying (empty: no server)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "fetcher replay: no FILE given")
		fs.Usage()
		return exitUsage
	}
	conn, log, err := connectTool(ctx, "replay", bus.StreamRaw, bus.StreamDLQ)
	if err != nil {
		fmt.Fprintln(stderr, "fetcher replay:", err)
		return exitError
	}
	defer closeConn(conn, log)

	var obs replay.Observer
	if *metricsAddr != "" {
		reg := telemetry.NewRegistry("fetcher")
		m, err := newMetrics(reg)
		if err != nil {
			log.Error("register metrics", "err", err)
			return exitError
		}
		tel, err := telemetry.Listen(*metricsAddr, reg, log)
		if err != nil {
			log.Error("serve metrics", "err", err)
			return exitError
		}
		tel.SetReady(conn.Ready)
		defer tel.Shutdown(context.Background())
		obs = m
	}
	cfg := replay.Config{
		Inputs: fs.Args(), Rate: float64(rate), Since: since.t, Until: until.t,
		Checkpoint: *checkpoint, Resume: *resume, Name: *name, Locale: *locale,
		MaxPayload: conn.MaxPayload(),
	}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		cfg.Display = stderr
	}
	sum, err := replay.Run(ctx, cfg, conn, obs, log)
	if sum != nil {
		sum.Write(stdout)
	}
	switch {
	case errors.Is(err, context.Canceled):
		log.Warn("replay interrupted; run again with -resume to continue", "checkpoint", *checkpoint)
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
