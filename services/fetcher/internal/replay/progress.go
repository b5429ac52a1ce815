package replay

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newswire/newswire/services/fetcher/internal/archive"
)

// Progress is a snapshot of a running replay.
type Progress struct {
	// Read, Kept and Published count records so far in this run: read
	// from the archives, in scope, and acknowledged by the broker.
	Read, Kept, Published int64
	// Files counts the inputs and FilesDone those finished.
	Files, FilesDone int
	// BytesDone estimates the input bytes read, from record offsets; for
	// whole-file gzip input offsets count decompressed bytes, so the
	// estimate runs ahead and is capped at each file's size. BytesTotal
	// estimates remote files not yet opened at the mean size of those
	// that were.
	BytesDone, BytesTotal int64
	// Downloaded counts the bytes received over HTTP for remote inputs,
	// and Retries the requests repeated after a failure or a cut.
	Downloaded, Retries int64
	// Rate is published records per second over the last interval.
	Rate    float64
	Elapsed time.Duration
	// ETA is the estimated time left, or -1 when unknown.
	ETA time.Duration
}

// progress tracks how far the reader is through the input files.
type progress struct {
	mu         sync.Mutex
	sizes      map[string]int64
	unknown    int   // remote inputs whose size is not known yet
	finished   int64 // bytes of the files read to the end
	startBytes int64
	curFile    string
	curOff     int64
	start      time.Time

	doneUnknown int // remote inputs of unknown size finished before
	learnt      int
	learntBytes int64
}

func newProgress(sizes map[string]int64, unknown int, cp *Checkpoint, now time.Time) *progress {
	p := &progress{sizes: sizes, unknown: unknown, start: now}
	for i := 0; i < cp.Input && i < len(cp.Inputs); i++ {
		if IsRemote(cp.Inputs[i]) {
			// Finished in an earlier run: its size is not known; count
			// it as done at the mean size.
			p.unknown--
			p.doneUnknown++
			continue
		}
		for f, n := range sizes {
			if f == cp.Inputs[i] || strings.HasPrefix(f, cp.Inputs[i]+string(filepath.Separator)) {
				p.finished += n
			}
		}
	}
	p.startBytes = p.finished
	return p
}

// learn records the size of a remote file once it is opened.
func (p *progress) learn(file string, size int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.sizes[file]; ok {
		return
	}
	p.unknown--
	size = max(size, 0) // the server did not say: its bytes are not counted
	p.sizes[file] = size
	p.learnt++
	p.learntBytes += size
}

// total estimates the bytes of all inputs.
func (p *progress) totalLocked() int64 {
	var known int64
	for _, n := range p.sizes {
		known += n
	}
	if p.unknown+p.doneUnknown > 0 && p.learnt > 0 {
		known += int64(p.unknown+p.doneUnknown) * (p.learntBytes / int64(p.learnt))
	}
	return known
}

// at records that the reader reached pos.
func (p *progress) at(_ int, pos archive.Position) {
	if pos.File == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f := filepath.Clean(pos.File)
	if f != p.curFile {
		if p.curFile != "" {
			p.finished += p.sizes[p.curFile]
		}
		p.curFile, p.curOff = f, 0
	}
	if size := p.sizes[f]; pos.Offset > p.curOff {
		p.curOff = min(pos.Offset, size)
	}
}

func (p *progress) bytes() (done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	total = p.totalLocked()
	done = p.finished + p.curOff
	if p.doneUnknown > 0 && p.learnt > 0 {
		done += int64(p.doneUnknown) * (p.learntBytes / int64(p.learnt))
	}
	return min(done, total), total
}

// startProgress reports progress until the returned function is called:
// to the Observer every second, and as a bar on cfg.Display or as log
// lines every cfg.LogEvery.
func (r *runner) startProgress() (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		var (
			lastPub          int64
			lastAt           = time.Now()
			lastObs, lastLog = time.Now(), time.Now()
			rate             float64
		)
		snapshot := func(now time.Time) Progress {
			pub := r.published.Load()
			if d := now.Sub(lastAt); d >= time.Second {
				rate = float64(pub-lastPub) / d.Seconds()
				lastPub, lastAt = pub, now
			}
			done, total := r.progress.bytes()
			s := Progress{
				Read: r.read.Load(), Kept: r.kept.Load(), Published: pub,
				Files: len(r.cfg.Inputs), FilesDone: int(r.inputsDone.Load()),
				BytesDone: done, BytesTotal: total,
				Rate: rate, Elapsed: now.Sub(r.progress.start), ETA: -1,
			}
			if r.cfg.Remote != nil {
				st := r.cfg.Remote.Stats()
				s.Downloaded, s.Retries = st.Bytes, st.Retries+st.Resumes
			}
			if moved := s.BytesDone - r.progress.startBytes; moved > 0 && s.Elapsed > time.Second {
				s.ETA = time.Duration(float64(s.BytesTotal-s.BytesDone) / float64(moved) * float64(s.Elapsed)).Round(time.Second)
			}
			return s
		}
		for {
			select {
			case <-done:
				if r.cfg.Display != nil {
					s := snapshot(time.Now())
					s.Rate = float64(s.Published) / max(s.Elapsed.Seconds(), 1e-9)
					fmt.Fprintf(r.cfg.Display, "\r%s\n", Bar(s, 24))
				}
				return
			case now := <-tick.C:
				s := snapshot(now)
				if r.cfg.Display != nil {
					fmt.Fprintf(r.cfg.Display, "\r%s", Bar(s, 24))
				}
				if now.Sub(lastObs) >= time.Second {
					lastObs = now
					if r.obs != nil {
						r.obs.Progress(s)
					}
				}
				if r.cfg.Display == nil && now.Sub(lastLog) >= r.cfg.LogEvery {
					lastLog = now
					r.log.Info("replay progress", "files_done", s.FilesDone, "files", s.Files,
						"read", s.Read, "kept", s.Kept, "published", s.Published, "downloaded_bytes", s.Downloaded,
						"rate_per_second", int(s.Rate), "bytes_done", s.BytesDone, "bytes_total", s.BytesTotal,
						"percent", percent(s), "eta", etaString(s.ETA))
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

func percent(s Progress) float64 {
	if s.BytesTotal <= 0 {
		return 0
	}
	return float64(int(1000*float64(s.BytesDone)/float64(s.BytesTotal))) / 10
}

func etaString(d time.Duration) string {
	if d < 0 {
		return "?"
	}
	return d.String()
}

// Bar renders a progress line of the given bar width, for a terminal:
// "[#####.....]  50.0%  file 3/40  1200 read  900 kept  900 published  950/s  12.0/24.0 MB  ETA 13s".
func Bar(s Progress, width int) string {
	var b strings.Builder
	fill := 0
	if s.BytesTotal > 0 {
		fill = int(float64(width) * float64(s.BytesDone) / float64(s.BytesTotal))
	}
	fill = min(max(fill, 0), width)
	b.WriteByte('[')
	b.WriteString(strings.Repeat("#", fill))
	b.WriteString(strings.Repeat(".", width-fill))
	fmt.Fprintf(&b, "] %5.1f%%  ", percent(s))
	if s.Files > 1 {
		fmt.Fprintf(&b, "file %d/%d  ", min(s.FilesDone+1, s.Files), s.Files)
	}
	fmt.Fprintf(&b, "%d read  %d kept  %d published  %.0f/s  %.1f/%.1f MB  ",
		s.Read, s.Kept, s.Published, s.Rate, float64(s.BytesDone)/1e6, float64(s.BytesTotal)/1e6)
	if s.Downloaded > 0 {
		fmt.Fprintf(&b, "%.1f MB downloaded  ", float64(s.Downloaded)/1e6)
	}
	if s.Retries > 0 {
		fmt.Fprintf(&b, "%d retries  ", s.Retries)
	}
	fmt.Fprintf(&b, "ETA %s ", etaString(s.ETA))
	return b.String()
}

// Write prints the summary for a person.
func (s *Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "replay summary: files %d of %d, read %d, kept %d, published %d (%.1f MB of bodies), skipped %d, failed %d, in %s",
		s.FilesDone, s.Files, s.Read, s.Kept, s.Published, float64(s.Bytes)/1e6, total(s.Skipped), s.FailedTotal(), s.Elapsed.Round(time.Millisecond))
	if s.Elapsed > 0 {
		fmt.Fprintf(w, " (%.0f records/s)", float64(s.Published)/s.Elapsed.Seconds())
	}
	fmt.Fprintln(w)
	if st := s.Remote; st.Requests > 0 {
		fmt.Fprintf(w, "  downloaded %.1f MB in %d requests (%d retried, %d resumed with a range request)",
			float64(st.Bytes)/1e6, st.Requests, st.Retries, st.Resumes)
		if s.Elapsed > 0 {
			fmt.Fprintf(w, ", %.1f MB/s", float64(st.Bytes)/1e6/s.Elapsed.Seconds())
		}
		fmt.Fprintln(w)
	}
	if s.AlreadyDone {
		fmt.Fprintln(w, "  the checkpoint marks this replay finished: nothing to do")
	}
	writeCounts(w, "skipped", s.Skipped)
	writeCounts(w, "failed", s.Failed)
	for _, e := range s.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	if !s.Complete && !s.AlreadyDone {
		fmt.Fprintln(w, "  incomplete: run again with -resume to continue after the last acknowledged record")
	}
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func writeCounts(w io.Writer, what string, m map[string]int64) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %s %-16s %d\n", what, k, m[k])
	}
}
