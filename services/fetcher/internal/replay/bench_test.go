package replay

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// BenchmarkReplay replays a WARC of 20,000 records with 2 KB bodies (one
// gzip member each) into an in-process JetStream, acknowledgements
// awaited, checkpoint kept. Each iteration uses new URLs so the broker's
// duplicate window drops nothing.
func BenchmarkReplay(b *testing.B) {
	const records = 20000
	conn := connect(b)
	dir := b.TempDir()
	var published int64
	var took, cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := writeWARC(b, dir, fmt.Sprintf("%d.warc.gz", i), fmt.Sprintf("h%d.example", i), records, 2000)
		b.StartTimer()
		start, startCPU := time.Now(), cpuTime()
		sum, err := Run(context.Background(), Config{Inputs: []string{path}, Checkpoint: dir + "/cp"}, conn, nil, nil)
		took += time.Since(start)
		cpu += cpuTime() - startCPU
		if err != nil || sum.Published != records {
			b.Fatalf("Run = %v, published %d", err, sum.Published)
		}
		published += sum.Published
	}
	b.ReportMetric(float64(published)/took.Seconds(), "records/s")
	// CPU time of the whole process (replay client and broker together)
	// per record: the figure that does not depend on what else the
	// machine runs.
	b.ReportMetric(float64(cpu.Microseconds())/float64(published), "cpu-us/record")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
