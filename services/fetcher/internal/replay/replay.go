// Package replay publishes archived articles (WARC, JSONL, single files and
// directories of them, read by the archive package, and WARC files over
// HTTP, streamed by the remote package) to the raw stream with their
// original fetch time and the replay header. It never outruns JetStream:
// at most Config.MaxInFlight publishes wait for their acknowledgement at a
// time. It can hold a chosen rate, keeps only the records in a scope
// (fetch time, hosts, languages), and keeps a checkpoint file from which
// an interrupted replay resumes with no record published twice.
package replay

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/services/fetcher/internal/archive"
	"github.com/newswire/newswire/services/fetcher/internal/remote"
	"github.com/newswire/newswire/services/fetcher/internal/scope"
	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// Publisher stores messages in JetStream. *bus.Conn implements it.
type Publisher interface {
	PublishAsync(m bus.Message) (bus.Pending, error)
}

// StreamReader reads back what a stream holds. A Publisher that also
// implements it (as *bus.Conn does) lets a resumed replay find the records
// the broker stored after the checkpoint was last written (a kill -9
// between the acknowledgement and the checkpoint write), so it does not
// publish them again whatever the broker's duplicate window.
type StreamReader interface {
	ReadSince(ctx context.Context, stream string, since time.Time, fn func(bus.Stored) error) (int, error)
}

// Observer receives replay events for metrics. Its methods are called from
// more than one goroutine.
type Observer interface {
	// Record is called once per record with its outcome (OutcomePublished
	// once the broker acknowledged it, OutcomeSkipped, OutcomeFailed), a
	// bounded reason ("" when published) and the body size.
	Record(outcome, reason string, bytes int)
	// Progress is called about once a second.
	Progress(p Progress)
}

// Record outcomes.
const (
	OutcomePublished = "published"
	OutcomeSkipped   = "skipped"
	OutcomeFailed    = "failed"
)

// Skip and failure reasons besides archive.Skip values. They are bounded,
// fit for a metric label.
const (
	SkipBeforeSince = scope.SkipBeforeSince
	SkipAfterUntil  = scope.SkipAfterUntil
	SkipHost        = scope.SkipHost
	SkipLanguage    = scope.SkipLanguage
	// SkipStored is a record a resumed replay found already stored by
	// the interrupted run after its last checkpoint write.
	SkipStored = "already-stored"

	FailTooLarge = "too-large" // a body over the size limit, or a message over the broker's
	FailCorrupt  = "corrupt"   // a damaged or truncated WARC record
	FailFile     = "file"      // a file that could not be opened or read (or a remote file the server refuses)
	FailRecord   = "record"    // a record that could not be decoded (a bad JSONL line)
	FailPublish  = "publish"   // the broker did not acknowledge the record
)

// Config says what to replay and how.
type Config struct {
	// Inputs are archive files and directories, and http:// or https://
	// URLs of WARC files, replayed in order.
	Inputs []string
	// Rate is the most records published per second; 0 means as fast as
	// the broker acknowledges.
	Rate float64
	// Since and Until keep records fetched in [Since, Until); zero values
	// do not bound.
	Since, Until time.Time
	// Hosts and Langs narrow the records kept further (see scope.Scope):
	// hosts by suffix, languages as the records declare them.
	Hosts, Langs []string
	// Remote reads the URL inputs; nil means a client with the defaults.
	Remote *remote.Client
	// Checkpoint is the checkpoint file; "" keeps none.
	Checkpoint string
	// Resume continues from Checkpoint. Without it an existing checkpoint
	// is overwritten.
	Resume bool
	// Name and Locale go on every record's Source (see archive.Options).
	Name, Locale string
	// MaxBodySize caps a decoded body; 0 is archive.DefaultMaxBodySize.
	MaxBodySize int64
	// MaxPayload is the broker's message size limit; a larger encoded
	// record fails as FailTooLarge. 0: no check.
	MaxPayload int
	// MaxInFlight bounds publishes awaiting acknowledgement; 0 means 512.
	// Keep it below the connection's own bound (1024 in pkg/bus).
	MaxInFlight int
	// CheckpointEvery is the least time between two checkpoint writes
	// while acknowledgements stream in; 0 means 100ms. The checkpoint is
	// always written when the acknowledgements catch up with the
	// publishes and when the replay stops.
	CheckpointEvery time.Duration
	// AckTimeout bounds the wait for one acknowledgement; 0 means 30s.
	AckTimeout time.Duration
	// Display receives a progress bar (a terminal) or nil.
	Display io.Writer
	// LogEvery is the interval of progress log lines when Display is nil;
	// 0 means 10s.
	LogEvery time.Duration
}

func (c *Config) validate() (scope.Scope, error) {
	sc, err := scope.New(c.Since, c.Until, c.Hosts, c.Langs)
	if err != nil {
		return sc, fmt.Errorf("replay: %w", err)
	}
	switch {
	case len(c.Inputs) == 0:
		return sc, errors.New("replay: no input files")
	case c.Rate < 0:
		return sc, fmt.Errorf("replay: rate %v: want >= 0", c.Rate)
	case c.Resume && c.Checkpoint == "":
		return sc, errors.New("replay: resume needs a checkpoint file")
	case c.MaxInFlight < 0 || c.CheckpointEvery < 0 || c.AckTimeout < 0 || c.LogEvery < 0 || c.MaxBodySize < 0 || c.MaxPayload < 0:
		return sc, errors.New("replay: negative limit")
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = 512
	}
	if c.CheckpointEvery == 0 {
		c.CheckpointEvery = 100 * time.Millisecond
	}
	if c.AckTimeout == 0 {
		c.AckTimeout = 30 * time.Second
	}
	if c.LogEvery == 0 {
		c.LogEvery = 10 * time.Second
	}
	return sc, nil
}

// Summary is what a replay did.
type Summary struct {
	// Read counts the records the archives yielded as articles, whether
	// then published, filtered out or failed; Kept those of them in scope.
	Read, Kept int64
	// Published counts records the broker acknowledged in this run.
	Published int64
	// Bytes is the body bytes of the published records.
	Bytes int64
	// Skipped counts records not published, by reason: archive.Skip
	// values (warcinfo records, revisits, non-200 responses...), the
	// scope's SkipBeforeSince, SkipAfterUntil, SkipHost and SkipLanguage
	// (a remote WARC's records are judged on their header, before their
	// body is read, and are not counted in Read), and SkipStored.
	Skipped map[string]int64
	// Failed counts records that could not be read or published, by
	// reason (the Fail constants); Errors holds the first few messages.
	Failed map[string]int64
	Errors []string
	// Resumed is set when the run continued from a checkpoint, and
	// AlreadyDone when that checkpoint marked the replay finished.
	Resumed, AlreadyDone bool
	// Files counts the inputs, FilesDone those read to their end (in
	// every run).
	Files, FilesDone int
	// Remote is what the HTTP client did for URL inputs.
	Remote remote.Stats
	// Complete is set when every input was read to its end and every
	// published record acknowledged.
	Complete bool
	Elapsed  time.Duration
}

// FailedTotal is the number of failed records.
func (s *Summary) FailedTotal() int64 {
	var n int64
	for _, v := range s.Failed {
		n += v
	}
	return n
}

// maxErrors bounds Summary.Errors.
const maxErrors = 10

// entry is one published record (or the end of an input) in publish order.
type entry struct {
	pending bus.Pending
	record  bool // false: marks the end of input
	stored  bool // a record found in the stream on resume: nothing to await
	input   int
	pos     archive.Position
	bytes   int
}

type runner struct {
	cfg   Config
	scope scope.Scope
	pub   Publisher
	obs   Observer
	log   *slog.Logger

	read, kept, published, pubBytes atomic.Int64
	inputsDone                      atomic.Int64
	progress                        *progress
	// run is the Checkpoint.Run of this replay.
	run string
	// stored holds the message ids of replayed records the stream
	// received after the checkpoint being resumed was written.
	stored map[string]bool

	mu      sync.Mutex
	folded  map[string]int64 // archive skips already counted, this input
	skipped map[string]int64
	failed  map[string]int64
	errs    []string
}

// Run replays cfg.Inputs through pub. It returns when every input was
// read, ctx ended (an interrupt: the records in flight are still awaited
// and checkpointed), or the broker refused a record. The Summary is
// returned in every case; the error says why the replay stopped early.
// obs may be nil.
func Run(ctx context.Context, cfg Config, pub Publisher, obs Observer, log *slog.Logger) (*Summary, error) {
	begin := time.Now()
	sc, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	inputs := make([]string, len(cfg.Inputs))
	for i, in := range cfg.Inputs {
		inputs[i] = in
		if !IsRemote(in) {
			inputs[i] = filepath.Clean(in)
		} else if cfg.Remote == nil {
			if cfg.Remote, err = remote.New(remote.Config{}, log); err != nil {
				return nil, err
			}
		}
	}
	r := &runner{cfg: cfg, scope: sc, pub: pub, obs: obs, log: log, folded: map[string]int64{}, skipped: map[string]int64{}, failed: map[string]int64{}}
	sum := &Summary{Files: len(inputs)}

	cp := &Checkpoint{Version: checkpointVersion, Inputs: inputs, Run: newRunID()}
	if cfg.Resume {
		prev, err := LoadCheckpoint(cfg.Checkpoint)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			log.Warn("no checkpoint to resume from; starting at the beginning", "checkpoint", cfg.Checkpoint)
		case err != nil:
			return nil, err
		case prev.Done() && prev.matches(inputs) != nil:
			// A finished replay of other inputs (yesterday's, in a
			// nightly job): nothing of it is left to do.
			log.Info("the checkpoint is of a finished replay of other inputs; starting this one at the beginning", "checkpoint", cfg.Checkpoint)
		default:
			if err := prev.matches(inputs); err != nil {
				return nil, fmt.Errorf("resume from %s: %w", cfg.Checkpoint, err)
			}
			cp = prev
			cp.Inputs = inputs // the same, or more appended (a listing that grew)
			sum.Resumed = true
			log.Info("resuming", "checkpoint", cfg.Checkpoint, "input", cp.Input, "after", cp.After, "published_before", cp.Published)
		}
	}
	sum.FilesDone = cp.Input
	r.run = cp.Run
	r.inputsDone.Store(int64(cp.Input))
	if cp.Done() {
		sum.AlreadyDone, sum.Complete = true, true
		sum.Skipped, sum.Failed = r.skipped, r.failed
		return sum, nil
	}
	if sum.Resumed {
		if err := r.reconcile(ctx, cp); err != nil {
			return nil, err
		}
	}

	sizes, unknown := inputSizes(inputs)
	r.progress = newProgress(sizes, unknown, cp, time.Now())

	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	queue := make(chan entry, cfg.MaxInFlight)
	ackErr := make(chan error, 1)
	// The acknowledging goroutine owns cp from here on; the reader starts
	// from a copy.
	startInput, startAfter := cp.Input, cp.After
	go func() { ackErr <- r.acknowledge(ctx, queue, cp, stopReading) }()

	stopProgress := r.startProgress()
	readErr := r.readAll(readCtx, inputs, startInput, startAfter, queue)
	close(queue)
	pubErr := <-ackErr
	stopProgress()

	r.mu.Lock()
	sum.Skipped, sum.Failed, sum.Errors = r.skipped, r.failed, r.errs
	r.mu.Unlock()
	sum.Read, sum.Kept, sum.Published, sum.Bytes = r.read.Load(), r.kept.Load(), r.published.Load(), r.pubBytes.Load()
	sum.FilesDone = int(r.inputsDone.Load())
	if cfg.Remote != nil {
		sum.Remote = cfg.Remote.Stats()
	}
	sum.Elapsed = time.Since(begin)
	switch {
	case pubErr != nil:
		return sum, pubErr
	case readErr != nil:
		return sum, readErr
	case ctx.Err() != nil:
		return sum, ctx.Err()
	}
	sum.Complete = true
	return sum, nil
}

// readAll reads the inputs from the checkpoint on and publishes their
// records, queueing each publish for acknowledge.
func (r *runner) readAll(ctx context.Context, inputs []string, startInput int, startAfter *archive.Position, queue chan<- entry) error {
	var lim *rate.Limiter
	if r.cfg.Rate > 0 {
		lim = rate.NewLimiter(rate.Limit(r.cfg.Rate), max(1, int(r.cfg.Rate/10)))
	}
	for i := startInput; i < len(inputs); i++ {
		var after *archive.Position
		if i == startInput {
			after = startAfter
		}
		src, err := r.open(ctx, inputs[i], archive.Options{
			Name: r.cfg.Name, Locale: r.cfg.Locale, Replay: true, After: after, MaxBodySize: r.cfg.MaxBodySize,
		})
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && !IsRemote(inputs[i]):
			r.fail(FailFile, err)
			continue
		case err != nil && remote.IsTemporary(err):
			// The server is down for longer than the retries last: stop
			// here, so that -resume later reads this file.
			r.fail(FailFile, err)
			return fmt.Errorf("replay %s: %w", inputs[i], err)
		case err != nil:
			r.fail(FailFile, err) // refused (404, 403): nothing to wait for
			queue <- entry{input: i}
			continue
		}
		err = r.readInput(ctx, i, src, lim, queue)
		r.foldSkips(src, true)
		src.Close()
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil // stopped inside the input: it is not finished
		}
		queue <- entry{input: i}
	}
	return nil
}

// input is one opened input: an archive.Source or a remote.Source.
type input interface {
	Next(ctx context.Context) (*article.Raw, archive.Position, error)
	Stats() archive.Stats
	Close() error
}

// local adapts an archive.Source, which reads local files and needs no
// context.
type local struct{ *archive.Source }

func (l local) Next(context.Context) (*article.Raw, archive.Position, error) { return l.Source.Next() }

// IsRemote reports whether an input names a remote file: an http:// or
// https:// URL.
func IsRemote(in string) bool {
	scheme, _, ok := strings.Cut(in, "://")
	return ok && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https"))
}

func (r *runner) open(ctx context.Context, in string, opts archive.Options) (input, error) {
	if !IsRemote(in) {
		src, err := archive.Open(in, opts)
		if err != nil {
			return nil, err
		}
		return local{src}, nil
	}
	if u, err := url.Parse(in); err == nil && (strings.HasSuffix(u.Path, ".jsonl") || strings.HasSuffix(u.Path, ".jsonl.gz")) {
		return nil, fmt.Errorf("%s: remote JSONL is not supported (download it, or give WARC files)", in)
	}
	src, err := r.cfg.Remote.Open(ctx, in, opts, func(rec *warc.Record) string {
		return r.scope.Header(rec.TargetURI, rec.Date, rec.Header.Get("WARC-Identified-Content-Language"))
	})
	if err != nil {
		return nil, err
	}
	r.progress.learn(in, src.Size())
	return src, nil
}

func (r *runner) readInput(ctx context.Context, input int, src input, lim *rate.Limiter, queue chan<- entry) error {
	for n := 0; ; n++ {
		if ctx.Err() != nil {
			return nil // interrupted or stopped by acknowledge: Run says which
		}
		if n%256 == 255 {
			r.foldSkips(src, false)
		}
		raw, pos, err := src.Next(ctx)
		if err == io.EOF {
			return nil
		}
		r.progress.at(input, pos)
		var ae *archive.Error
		switch {
		case err != nil && ctx.Err() != nil:
			return nil
		case err != nil && !errors.As(err, &ae) && !errors.As(err, new(*warc.FormatError)):
			// The input cannot go on (a remote server gave up): stop, so
			// that the checkpoint stays in this input.
			r.fail(FailFile, err)
			return fmt.Errorf("replay %s: %w", pos.File, err)
		case err != nil:
			r.fail(failReason(err), err)
			continue
		}
		r.read.Add(1)
		if why := r.scope.Raw(raw); why != "" {
			r.skip(why, len(raw.Body))
			continue
		}
		r.kept.Add(1)
		msg, err := bus.RawMessage(raw)
		if err != nil {
			r.fail(FailRecord, fmt.Errorf("%s: %w", pos, err))
			continue
		}
		msg.Header[bus.HeaderReplayRun] = r.run
		if r.stored[msg.ID] {
			delete(r.stored, msg.ID)
			r.skip(SkipStored, len(raw.Body))
			queue <- entry{record: true, stored: true, input: input, pos: pos}
			continue
		}
		if r.cfg.MaxPayload > 0 && len(msg.Data) > r.cfg.MaxPayload {
			r.fail(FailTooLarge, fmt.Errorf("%s: encoded record is %d bytes, over the broker's limit of %d", pos, len(msg.Data), r.cfg.MaxPayload))
			continue
		}
		if lim != nil {
			if err := lim.Wait(ctx); err != nil {
				return nil
			}
		}
		p, err := r.pub.PublishAsync(msg)
		if err != nil {
			r.fail(FailPublish, err)
			return fmt.Errorf("replay %s: %w", pos, err)
		}
		queue <- entry{pending: p, record: true, input: input, pos: pos, bytes: len(raw.Body)}
	}
}

// acknowledge awaits the publishes in order and advances the checkpoint
// over each acknowledged one. After a refused publish the checkpoint stays
// before it, reading stops, and the rest in flight are only counted.
func (r *runner) acknowledge(ctx context.Context, queue <-chan entry, cp *Checkpoint, stopReading func()) error {
	// Acknowledgements are awaited even after ctx ends (an interrupt), so
	// the checkpoint covers everything the broker stored.
	wctx := context.WithoutCancel(ctx)
	var (
		first     error
		dirty     bool
		lastWrite time.Time
	)
	write := func() {
		if r.cfg.Checkpoint == "" {
			return
		}
		cp.Updated = time.Now().UTC()
		if err := writeCheckpoint(r.cfg.Checkpoint, cp); err != nil && first == nil {
			first = err
			stopReading()
		}
		dirty, lastWrite = false, time.Now()
	}
	dl := &deadline{parent: wctx, timeout: r.cfg.AckTimeout}
	defer dl.stop()
	for e := range queue {
		if !e.record {
			r.inputsDone.Store(int64(e.input + 1))
		}
		if e.record && !e.stored {
			err := e.pending.Wait(dl.context())
			if err != nil {
				r.fail(FailPublish, fmt.Errorf("%s: %w", e.pos, err))
				if first == nil {
					first = fmt.Errorf("replay %s: %w", e.pos, err)
					stopReading()
				}
				continue
			}
			r.published.Add(1)
			r.pubBytes.Add(int64(e.bytes))
			if r.obs != nil {
				r.obs.Record(OutcomePublished, "", e.bytes)
			}
		}
		if first != nil {
			continue // the order is broken: the checkpoint stays put
		}
		if e.record {
			cp.Input, cp.After = e.input, &e.pos
			cp.Published++
		} else {
			cp.Input, cp.After = e.input+1, nil
		}
		dirty = true
		if len(queue) == 0 || time.Since(lastWrite) >= r.cfg.CheckpointEvery {
			write()
		}
	}
	if dirty && first == nil {
		write()
	}
	return first
}

func failReason(err error) string {
	var fe *warc.FormatError
	var ae *archive.Error
	switch {
	case errors.Is(err, warc.ErrBodyTooLarge):
		return FailTooLarge
	case errors.As(err, &fe):
		return FailCorrupt
	case errors.As(err, &ae) && ae.Pos.Index == 0 && ae.Pos.Offset == 0:
		return FailFile
	}
	return FailRecord
}

func (r *runner) skip(reason string, bytes int) {
	r.mu.Lock()
	r.skipped[reason]++
	r.mu.Unlock()
	if r.obs != nil {
		r.obs.Record(OutcomeSkipped, reason, bytes)
	}
}

func (r *runner) fail(reason string, err error) {
	r.mu.Lock()
	r.failed[reason]++
	if len(r.errs) < maxErrors {
		r.errs = append(r.errs, err.Error())
	}
	r.mu.Unlock()
	r.log.Warn("replay record failed", "reason", reason, "err", err)
	if r.obs != nil {
		r.obs.Record(OutcomeFailed, reason, 0)
	}
}

// foldSkips moves the archive's skip counts into the summary: all of them
// at the end of an input, else whatever is new since the last fold.
func (r *runner) foldSkips(src input, final bool) {
	st := src.Stats()
	r.mu.Lock()
	defer r.mu.Unlock()
	for why, n := range st.Skipped {
		key := string(why)
		seen := r.folded[key]
		if d := int64(n) - seen; d > 0 {
			r.skipped[key] += d
			if r.obs != nil {
				for range d {
					r.obs.Record(OutcomeSkipped, key, 0)
				}
			}
		}
		r.folded[key] = int64(n)
	}
	if final {
		clear(r.folded)
	}
}

// inputSizes finds the sizes of the files under inputs, for the ETA, and
// counts the remote inputs, whose sizes are learnt as they are opened.
func inputSizes(inputs []string) (map[string]int64, int) {
	sizes := map[string]int64{}
	unknown := 0
	for _, in := range inputs {
		if IsRemote(in) {
			unknown++
			continue
		}
		_ = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && p != in {
				return nil
			}
			if info, err := d.Info(); err == nil {
				sizes[filepath.Clean(p)] = info.Size()
			}
			return nil
		})
	}
	return sizes, unknown
}

// deadline hands out a context with a timeout that many waits share (a
// timer per record costs more than the wait): it is renewed once half of
// it is used, so every wait gets at least half of the timeout.
type deadline struct {
	parent  context.Context
	timeout time.Duration
	ctx     context.Context
	cancel  context.CancelFunc
	renew   time.Time
}

func (d *deadline) context() context.Context {
	if now := time.Now(); d.ctx == nil || now.After(d.renew) {
		d.stop()
		d.ctx, d.cancel = context.WithTimeout(d.parent, d.timeout)
		d.renew = now.Add(d.timeout / 2)
	}
	return d.ctx
}

func (d *deadline) stop() {
	if d.cancel != nil {
		d.cancel()
	}
}

// reconcile reads what the raw stream received since shortly before the
// checkpoint was written and remembers the message ids of replayed
// records: those the interrupted run published and the broker stored,
// but whose acknowledgement the checkpoint missed (the process was killed
// in between). The resumed run counts them as SkipStored rather than
// publishing them again, so it does not lean on the duplicate window.
func (r *runner) reconcile(ctx context.Context, cp *Checkpoint) error {
	sr, ok := r.pub.(StreamReader)
	if !ok || cp.Updated.IsZero() || cp.Run == "" {
		return nil
	}
	// An acknowledgement the checkpoint missed arrived after its last
	// write, for a publish made at most AckTimeout before that.
	since := cp.Updated.Add(-(r.cfg.AckTimeout + r.cfg.CheckpointEvery + time.Minute))
	r.stored = map[string]bool{}
	n, err := sr.ReadSince(ctx, bus.StreamRaw, since, func(m bus.Stored) error {
		if run := m.Header[bus.HeaderReplayRun]; len(run) == 0 || run[0] != cp.Run {
			return nil
		}
		if ids := m.Header[bus.HeaderMsgID]; len(ids) > 0 && len(r.stored) < maxStored {
			r.stored[ids[0]] = true
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("resume: read what %s stored since the checkpoint: %w", bus.StreamRaw, err)
	}
	r.log.Info("resume: read the stream's messages since the checkpoint", "since", since, "messages", n, "replayed", len(r.stored))
	return nil
}

// maxStored bounds the ids reconcile keeps: far more than the publishes
// one run has in flight.
const maxStored = 1 << 20

// newRunID returns a random id for a replay run.
func newRunID() string {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return hex.EncodeToString(b[:])
}
