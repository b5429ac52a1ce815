// Command benchpeers compares the normalizer with a peer on the same pages
// in the same run: `normalizer normalize -jsonl` (the service's whole code
// path: charset, extraction, metadata, dates, cleaning, language, identity)
// against Python's readability-lxml (Debian python3-readability;
// Document(html).summary(), extraction only), each a fresh process on one
// core, process start included, rounds interleaved so that both see the
// same load. It prints the CPU time (user + system) of each run and the
// ratio readability / normalizer: above 1, the normalizer is faster.
//
//	cd test/faults && GOWORK=off go run ./cmd/benchpeers
//
// Environment: PEERS_PAGES (default: the trafilatura-eval cache/ pages of
// NEWSWIRE_CORPORA, 110 pages), PEERS_ROUNDS (default 5), NEWSWIRE_CORPORA
// (default ../shared/corpora beside the workspace), PEERS_BASELINE (the
// path of another normalizer binary, say an older commit's, run in the same
// rounds for a before/after ratio), PEERS_PYTHON (default /usr/bin/python3,
// Debian's, which python3-readability installs into).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/test/faults/harness"
)

// readabilityScript extracts each page named on stdin with readability-lxml
// and prints how many gave a summary.
const readabilityScript = `
import sys
from readability import Document
ok = 0
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    with open(path, "rb") as f:
        data = f.read()
    try:
        if Document(data).summary():
            ok += 1
    except Exception:
        pass
print(ok)
`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchpeers:", err)
		os.Exit(1)
	}
}

func run() error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := harness.Root(wd)
	if err != nil {
		return err
	}
	corpora := os.Getenv("NEWSWIRE_CORPORA")
	if corpora == "" {
		corpora = filepath.Join(filepath.Dir(root), "shared", "corpora")
	}
	dir := os.Getenv("PEERS_PAGES")
	if dir == "" {
		dir = filepath.Join(corpora, "extraction", "trafilatura-eval", "cache")
	}
	rounds := 5
	if v := os.Getenv("PEERS_ROUNDS"); v != "" {
		if rounds, err = strconv.Atoi(v); err != nil || rounds < 1 {
			return fmt.Errorf("PEERS_ROUNDS = %q, want a positive integer", v)
		}
	}
	pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(pages) == 0 {
		return fmt.Errorf("no *.html pages under %s (set PEERS_PAGES or NEWSWIRE_CORPORA)", dir)
	}
	slices.Sort(pages)
	python := os.Getenv("PEERS_PYTHON")
	if python == "" {
		python = "/usr/bin/python3"
	}
	if err := exec.Command(python, "-c", "import readability").Run(); err != nil {
		return fmt.Errorf("%s with readability-lxml not found (Debian python3-readability; make bench-peers installs it): %w", python, err)
	}

	tmp, err := os.MkdirTemp("", "benchpeers-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	normalizer := filepath.Join(tmp, "normalizer")
	build := exec.Command("go", "build", "-o", normalizer, "./services/normalizer")
	build.Dir = root
	build.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build normalizer: %w\n%s", err, out)
	}
	input, total, err := writeInput(tmp, pages)
	if err != nil {
		return err
	}
	list := []byte(strings.Join(pages, "\n") + "\n")

	host, _ := os.Hostname()
	fmt.Printf("%d pages (%.1f MB) from %s; %s, %d cores, load %s; %s\n",
		len(pages), float64(total)/1e6, dir, host, runtime.NumCPU(), loadavg(), time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("%-6s %-22s %10s %10s %8s\n", "round", "program", "cpu s", "wall s", "pages")
	baseline := os.Getenv("PEERS_BASELINE")
	var ratios, gains []float64
	for r := 1; r <= rounds; r++ {
		var base result
		if baseline != "" {
			if base, err = measure(exec.Command(baseline, "normalize", "-jsonl", input), nil, countLines); err != nil {
				return err
			}
			fmt.Printf("%-6d %-22s %10.3f %10.3f %8d\n", r, "baseline normalizer", base.cpu.Seconds(), base.wall.Seconds(), base.pages)
		}
		n, err := measure(exec.Command(normalizer, "normalize", "-jsonl", input), nil, countLines)
		if err != nil {
			return err
		}
		if baseline != "" {
			gains = append(gains, base.cpu.Seconds()/n.cpu.Seconds())
		}
		p, err := measure(exec.Command(python, "-c", readabilityScript), list, lastInt)
		if err != nil {
			return err
		}
		fmt.Printf("%-6d %-22s %10.3f %10.3f %8d\n", r, "normalizer", n.cpu.Seconds(), n.wall.Seconds(), n.pages)
		fmt.Printf("%-6d %-22s %10.3f %10.3f %8d\n", r, "readability-lxml", p.cpu.Seconds(), p.wall.Seconds(), p.pages)
		ratios = append(ratios, p.cpu.Seconds()/n.cpu.Seconds())
	}
	slices.Sort(ratios)
	fmt.Printf("readability-lxml CPU / normalizer CPU: median %.2fx (min %.2fx, max %.2fx, %d rounds)\n",
		ratios[len(ratios)/2], ratios[0], ratios[len(ratios)-1], len(ratios))
	if len(gains) > 0 {
		slices.Sort(gains)
		fmt.Printf("baseline normalizer CPU / normalizer CPU: median %.2fx (min %.2fx, max %.2fx)\n",
			gains[len(gains)/2], gains[0], gains[len(gains)-1])
	}
	fmt.Printf("load after: %s\n", loadavg())
	return nil
}

// writeInput writes the pages as `normalizer normalize -jsonl` records.
func writeInput(dir string, pages []string) (string, int, error) {
	path := filepath.Join(dir, "pages.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	fetched := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	total := 0
	for _, p := range pages {
		body, err := os.ReadFile(p)
		if err != nil {
			return "", 0, err
		}
		total += len(body)
		rec := struct {
			URL         string    `json:"url"`
			ContentType string    `json:"content_type"`
			FetchedAt   time.Time `json:"fetched_at"`
			Body        []byte    `json:"body_base64"`
		}{"https://example.com/" + filepath.Base(p), "text/html", fetched, body}
		if err := enc.Encode(rec); err != nil {
			return "", 0, err
		}
	}
	if err := w.Flush(); err != nil {
		return "", 0, err
	}
	return path, total, f.Close()
}

type result struct {
	cpu, wall time.Duration
	pages     int
}

// measure runs cmd on one core (GOMAXPROCS=1 for Go; Python is single
// threaded) and returns its CPU time and what count reads from its output.
// A non-zero exit is accepted when the program wrote output: the
// normalizer exits 1 when some records had no text.
func measure(cmd *exec.Cmd, stdin []byte, count func([]byte) int) (result, error) {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || out.Len() == 0) {
		return result{}, fmt.Errorf("%s: %w\n%s", cmd.Path, err, lastLines(errb.String(), 5))
	}
	st := cmd.ProcessState
	return result{cpu: st.UserTime() + st.SystemTime(), wall: wall, pages: count(out.Bytes())}, nil
}

func countLines(b []byte) int { return bytes.Count(b, []byte("\n")) }

func lastInt(b []byte) int {
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
