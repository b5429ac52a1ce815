package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/services/fetcher/internal/reprocess"
)

// reprocessMain runs `fetcher reprocess` and returns the exit code.
func reprocessMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fetcher reprocess",
		"fetcher reprocess -since T [-until T] [-from raw|normalized]",
		"Re-runs the downstream stages over what the broker stored since T, fetching nothing:\n"+
			"republishes ARTICLES_RAW (normalizer, tagger and sink run again) or ARTICLES_NORMALIZED\n"+
			"(tagger and sink only) with new message ids. Rerunning the same command after a crash\n"+
			"does not store a second copy. Exit status: 0 done, 1 error, 2 usage.")
	fs.SetOutput(stderr)
	var since, until timeFlag
	fs.Var(&since, "since", "republish messages stored at or after `T` (required; RFC 3339, 2024-05-01T12:00 or 2024-05-01, UTC)")
	fs.Var(&until, "until", "republish only messages stored before `T`")
	from := fs.String("from", reprocess.FromRaw, "stream to republish: raw or normalized")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if since.t.IsZero() || fs.NArg() > 0 || (*from != reprocess.FromRaw && *from != reprocess.FromNormalized) {
		fs.Usage()
		return exitUsage
	}
	conn, log, err := connectTool(ctx, "reprocess", bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ)
	if err != nil {
		fmt.Fprintln(stderr, "fetcher reprocess:", err)
		return exitError
	}
	defer closeConn(conn, log)
	sum, err := reprocess.Run(ctx, conn, reprocess.Config{From: *from, Since: since.t, Until: until.t}, log)
	if sum != nil {
		fmt.Fprintf(stdout, "reprocess %s (run %s): read %d, republished %d, own earlier copies skipped %d, in %s\n",
			*from, sum.Run, sum.Read, sum.Republished, sum.Own, sum.Elapsed.Round(1e6))
	}
	if err != nil {
		log.Error("reprocess stopped; run the same command again to finish", "err", err)
		return exitError
	}
	return exitOK
}
