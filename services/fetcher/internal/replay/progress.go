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
	// Read and Published count records so far in this run.
	Read, Published int64
	// BytesDone estimates the input bytes read, from record offsets; for
	// whole-file gzip input offsets count decompressed bytes, so the
	// estimate runs ahead and is capped at each file's size.
	BytesDone, BytesTotal int64
	// Rate is published records per second over the last interval.
	Rate    float64
	Elapsed time.Duration
	// ETA is the estimated time left, or -1 when unknown.
	ETA time.Duration
}

// progress tracks how far the reader is through the input files.
type progress struct {
	mu         sync.Mutex
	total      int64
	sizes      map[string]int64
	finished   int64 // bytes of the files read to the end
	startBytes int64
	curFile    string
	curOff     int64
	start      time.Time
}

func newProgress(total int64, sizes map[string]int64, cp *Checkpoint, now time.Time) *progress {
	p := &progress{total: total, sizes: sizes, start: now}
	for i := 0; i < cp.Input && i < len(cp.Inputs); i++ {
		for f, n := range sizes {
			if f == cp.Inputs[i] || strings.HasPrefix(f, cp.Inputs[i]+string(filepath.Separator)) {
				p.finished += n
			}
		}
	}
	p.startBytes = p.finished
	return p
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

func (p *progress) bytesDone() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return min(p.finished+p.curOff, p.total)
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
			s := Progress{
				Read: r.read.Load(), Published: pub,
				BytesDone: r.progress.bytesDone(), BytesTotal: r.progress.total,
				Rate: rate, Elapsed: now.Sub(r.progress.start), ETA: -1,
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
					r.log.Info("replay progress", "read", s.Read, "published", s.Published,
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
// "[#####.....]  50.0%  1200 read  1100 published  950/s  12.0/24.0 MB  ETA 13s".
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
	fmt.Fprintf(&b, "] %5.1f%%  %d read  %d published  %.0f/s  %.1f/%.1f MB  ETA %s ",
		percent(s), s.Read, s.Published, s.Rate, float64(s.BytesDone)/1e6, float64(s.BytesTotal)/1e6, etaString(s.ETA))
	return b.String()
}

// Write prints the summary for a person.
func (s *Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "replay summary: read %d, published %d (%.1f MB of bodies), skipped %d, failed %d, in %s",
		s.Read, s.Published, float64(s.Bytes)/1e6, total(s.Skipped), s.FailedTotal(), s.Elapsed.Round(time.Millisecond))
	if s.Elapsed > 0 {
		fmt.Fprintf(w, " (%.0f records/s)", float64(s.Published)/s.Elapsed.Seconds())
	}
	fmt.Fprintln(w)
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
