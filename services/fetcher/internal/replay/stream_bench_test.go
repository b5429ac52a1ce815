package replay

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newswire/newswire/services/fetcher/internal/archive"
	"github.com/newswire/newswire/services/fetcher/internal/remote"
	"github.com/newswire/newswire/services/fetcher/internal/remote/remotetest"
	"github.com/newswire/newswire/services/fetcher/internal/scope"
	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// benchRecords returns the corpora's real responses copied n times over,
// each copy under new URLs spread over hosts h0.example ... h<hosts-1>,
// and their uncompressed WARC size.
func benchRecords(b *testing.B, copies, hosts int) ([]remotetest.Record, int64) {
	recs := remotetest.CorpusResponses(b)
	var out []remotetest.Record
	var size int64
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for c := range copies {
		for i, r := range recs {
			u, _ := url.Parse(r.URI)
			n := len(out)
			r.URI = fmt.Sprintf("https://www.h%d.example/c%d/%d/%s", n%hosts, c, i, path.Base(u.Path))
			r.Date = base.Add(time.Duration(n) * time.Second)
			out = append(out, r)
			size += int64(len(r.Block)) + 300 // the WARC header, about
		}
	}
	return out, size
}

// BenchmarkStream reads one WARC.gz of the corpora's real captures (about
// 43 MB uncompressed) three ways, in the same run: from a local file as
// `fetcher replay FILE` does (every record decoded, then filtered), over
// loopback HTTP the same way, and over HTTP keeping one host in five
// (records of other hosts are judged on their WARC header, their bodies
// inflated but not decoded). Bytes are uncompressed WARC bytes.
func BenchmarkStream(b *testing.B) {
	recs, size := benchRecords(b, 10, 5)
	data, members := remotetest.WARC(recs)
	srv := remotetest.NewServer(b)
	srv.Put("/a.warc.gz", data, members)
	local := filepath.Join(b.TempDir(), "a.warc.gz")
	if err := os.WriteFile(local, data, 0o644); err != nil {
		b.Fatal(err)
	}
	all, err := scope.New(time.Time{}, time.Time{}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	one, err := scope.New(time.Time{}, time.Time{}, []string{"h3.example"}, nil)
	if err != nil {
		b.Fatal(err)
	}
	c, err := remote.New(remote.Config{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	remoteRun := func(b *testing.B, sc scope.Scope) int {
		src, err := c.Open(context.Background(), srv.URL("/a.warc.gz"), archive.Options{}, func(rec *warc.Record) string {
			return sc.Header(rec.TargetURI, rec.Date, rec.Header.Get("WARC-Identified-Content-Language"))
		})
		if err != nil {
			b.Fatal(err)
		}
		defer src.Close()
		kept := 0
		for {
			raw, _, err := src.Next(context.Background())
			if err == io.EOF {
				return kept
			}
			if err != nil {
				b.Fatal(err)
			}
			if sc.Raw(raw) == "" {
				kept++
			}
		}
	}
	b.Run("local-file", func(b *testing.B) {
		b.SetBytes(size)
		kept := 0
		cpu := cpuTime()
		for b.Loop() {
			src, err := archive.Open(local, archive.Options{})
			if err != nil {
				b.Fatal(err)
			}
			kept = 0
			for {
				raw, _, err := src.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				if all.Raw(raw) == "" {
					kept++
				}
			}
			src.Close()
		}
		reportCPU(b, size, cpuTime()-cpu)
		b.ReportMetric(float64(kept), "kept")
	})
	b.Run("http", func(b *testing.B) {
		b.SetBytes(size)
		kept := 0
		cpu := cpuTime()
		for b.Loop() {
			kept = remoteRun(b, all)
		}
		reportCPU(b, size, cpuTime()-cpu)
		b.ReportMetric(float64(kept), "kept")
	})
	b.Run("http-one-host-in-5", func(b *testing.B) {
		b.SetBytes(size)
		kept := 0
		cpu := cpuTime()
		for b.Loop() {
			kept = remoteRun(b, one)
		}
		reportCPU(b, size, cpuTime()-cpu)
		b.ReportMetric(float64(kept), "kept")
	})
}

// BenchmarkReplayLarge replays one remote WARC.gz of
// NEWSWIRE_BENCH_ARCHIVE_BYTES compressed bytes (default 1 GB, the size
// of a CC-NEWS file), served by a loopback server that repeats a WARC of
// the corpora's captures under 100 hosts, into an in-process JetStream,
// keeping one host (-host), checkpoint kept. MB/s counts uncompressed
// WARC bytes, about. It reports the process's peak
// RSS (VmHWM, reset at the start; the broker and the server are in the
// same process) and the peak Go heap. Run it alone:
//
//	go test -run '^$' -bench BenchmarkReplayLarge -benchtime 1x ./services/fetcher/internal/replay
func BenchmarkReplayLarge(b *testing.B) {
	want := int64(1 << 30)
	if v := os.Getenv("NEWSWIRE_BENCH_ARCHIVE_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		want = n
	}
	recs, _ := benchRecords(b, 4, 100)
	// The server repeats the records' gzip members (a memory copy, so the
	// figure is the replay's); a repeated record is an article the broker
	// already has, dropped as a duplicate after its acknowledgement.
	data, _ := remotetest.WARC(recs)
	var plainSize int64
	for _, r := range recs {
		plainSize += int64(len(r.Block)) + 300
	}
	var sent, plain atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int64(0)
		for n < want {
			if _, err := w.Write(data); err != nil {
				return
			}
			n += int64(len(data))
			plain.Add(plainSize)
		}
		sent.Store(n)
	}))
	b.Cleanup(srv.Close)
	conn := connect(b)
	c, err := remote.New(remote.Config{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset VmHWM
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	var took time.Duration
	var sum *Summary
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		sum, err = Run(context.Background(), Config{
			Inputs: []string{srv.URL + fmt.Sprintf("/large-%d.warc.gz", i)}, Hosts: []string{"h7.example"},
			Remote: c, Checkpoint: filepath.Join(b.TempDir(), "cp"),
		}, conn, nil, nil)
		took += time.Since(start)
		if err != nil || sum.Published == 0 {
			b.Fatalf("Run = %v, %+v", err, sum)
		}
	}
	cpu = cpuTime() - cpu
	close(stop)
	<-sampled
	b.ReportMetric(float64(plain.Load())/1e6/cpu.Seconds(), "MB/cpu-s")
	b.ReportMetric(float64(sent.Load())/1e6, "gz-MB/file")
	b.ReportMetric(float64(plain.Load())/1e6/took.Seconds(), "MB/s")
	b.ReportMetric(float64(sum.Published), "published")
	b.ReportMetric(float64(peakHeap.Load())/1e6, "peak-heap-MB")
	b.ReportMetric(float64(vmHWM())/1e6, "peak-RSS-MB")
}

// vmHWM is the process's peak resident set size in bytes, from
// /proc/self/status; 0 where there is none.
func vmHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// reportCPU reports bytes per CPU second of the whole process (server,
// client and, where there is one, broker): the per-core figure that does
// not depend on what else the machine runs.
func reportCPU(b *testing.B, size int64, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}
