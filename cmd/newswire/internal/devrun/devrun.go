// Package devrun runs the whole pipeline on one machine: an embedded NATS
// server with JetStream and the six services as separate processes, with
// the inbox seeded from the bundled samples. It backs `newswire run` (and so
// `make run`) and nothing else: the whole-system tests run the services on
// the harness of test/faults (test/faults/e2e).
package devrun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/newswire/newswire/pkg/broker"
)

// Services are the pipeline's processes, in start order.
var Services = []string{"sink", "notify", "story", "tagger", "normalizer", "fetcher"}

// Config says where everything is.
type Config struct {
	// BinDir holds the service binaries, named after the services.
	BinDir string
	// DataDir holds NATS storage (nats/), the inbox (inbox/) and the
	// sink's output (articles.jsonl).
	DataDir string
	// SamplesDir is copied into the inbox at start; "" copies nothing.
	SamplesDir string
	// NATSHost and NATSPort are where the embedded server listens (port
	// -1: any free port).
	NATSHost string
	NATSPort int
	// MetricsPorts maps a service to its telemetry port; missing services
	// use their defaults (fetcher 9101, normalizer 9102, tagger 9103,
	// sink 9104, story 9105, notify 9107).
	MetricsPorts map[string]int
	// Env is added to every service's environment.
	Env []string
	// Output receives the services' logs, each line prefixed with its
	// service's name.
	Output io.Writer
	// SearchAddr, when set, is where the search service (bin/search,
	// started after the pipeline) serves its page and API over the
	// sink's file; its metrics use MetricsPorts["search"] (default 9106).
	SearchAddr string
	// NoStory runs the pipeline without the story stage: the sink reads
	// the tagger's output, as a pipeline without the stage does.
	NoStory bool
}

// DefaultMetricsPorts are the telemetry ports of a local run.
var DefaultMetricsPorts = map[string]int{"fetcher": 9101, "normalizer": 9102, "tagger": 9103, "sink": 9104, "story": 9105, "search": 9106, "notify": 9107}

// Pipeline is a running local pipeline.
type Pipeline struct {
	cfg    Config
	broker *broker.Server
	procs  map[string]*exec.Cmd
	exited map[string]chan error
	log    *slog.Logger

	stopOnce sync.Once
	stopErr  error
}

// InboxDir is where to drop article files.
func (p *Pipeline) InboxDir() string { return filepath.Join(p.cfg.DataDir, "inbox") }

// OutputPath is the sink's JSON Lines file.
func (p *Pipeline) OutputPath() string { return filepath.Join(p.cfg.DataDir, "articles.jsonl") }

// NATSURL is the embedded server's client URL.
func (p *Pipeline) NATSURL() string { return p.broker.ClientURL() }

// MetricsURL is a service's /metrics address.
func (p *Pipeline) MetricsURL(service string) string {
	return fmt.Sprintf("http://127.0.0.1:%d/metrics", p.port(service))
}

func (p *Pipeline) port(service string) int {
	if port, ok := p.cfg.MetricsPorts[service]; ok {
		return port
	}
	return DefaultMetricsPorts[service]
}

// names lists the processes to run, in start order: the pipeline's
// services, then the search service when it is asked for.
func (p *Pipeline) names() []string {
	names := slices.Clip(Services)
	if p.cfg.NoStory {
		names = slices.DeleteFunc(slices.Clone(names), func(s string) bool { return s == "story" })
	}
	if p.cfg.SearchAddr == "" {
		return names
	}
	return append(names, "search")
}

// SearchURL is the search page's address ("" when search is not run).
func (p *Pipeline) SearchURL() string {
	if p.cfg.SearchAddr == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(p.cfg.SearchAddr)
	if err != nil {
		return "http://" + p.cfg.SearchAddr + "/"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// Start starts the broker, seeds the inbox and starts the services.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (*Pipeline, error) {
	if cfg.Output == nil {
		cfg.Output = os.Stderr
	}
	p := &Pipeline{cfg: cfg, procs: map[string]*exec.Cmd{}, exited: map[string]chan error{}, log: log}
	for _, s := range p.names() {
		if _, err := os.Stat(filepath.Join(cfg.BinDir, s)); err != nil {
			return nil, fmt.Errorf("service binary %s not found in %s (build it first: make build): %w", s, cfg.BinDir, err)
		}
	}
	if err := os.MkdirAll(p.InboxDir(), 0o755); err != nil {
		return nil, err
	}
	if cfg.SamplesDir != "" {
		n, err := seed(cfg.SamplesDir, p.InboxDir())
		if err != nil {
			return nil, fmt.Errorf("seed inbox: %w", err)
		}
		log.Info("inbox seeded with sample articles", "copied", n, "from", cfg.SamplesDir)
	}
	b, err := broker.Start(broker.Config{
		Host: cfg.NATSHost, Port: cfg.NATSPort, StoreDir: filepath.Join(cfg.DataDir, "nats"),
	}, log)
	if err != nil {
		return nil, err
	}
	p.broker = b
	for _, s := range p.names() {
		if err := p.startService(ctx, s); err != nil {
			p.Stop(10 * time.Second)
			return nil, err
		}
	}
	return p, nil
}

func (p *Pipeline) startService(ctx context.Context, name string) error {
	cmd := exec.Command(filepath.Join(p.cfg.BinDir, name))
	prefix := map[string]string{"fetcher": "FETCHER", "normalizer": "NORMALIZER", "tagger": "TAGGER", "story": "STORY", "sink": "SINK", "search": "SEARCH", "notify": "NOTIFY"}[name]
	cmd.Env = append(os.Environ(),
		"NATS_URL="+p.broker.ClientURL(),
		"LOG_FORMAT=text",
		fmt.Sprintf("%s_METRICS_ADDR=127.0.0.1:%d", prefix, p.port(name)),
		"FETCHER_INBOX_DIR="+p.InboxDir(),
		"SINK_FILE_PATH="+p.OutputPath(),
		// The sink reads what the story stage publishes.
		"SINK_INPUT="+map[bool]string{false: "storied", true: "tagged"}[p.cfg.NoStory],
		// The notifier reads what the sink reads.
		"NOTIFY_INPUT="+map[bool]string{false: "storied", true: "tagged"}[p.cfg.NoStory],
		"SEARCH_ADDR="+p.cfg.SearchAddr,
		"SEARCH_FILE_PATH="+p.OutputPath(),
	)
	if os.Getenv("NOTIFY_WEBHOOK_ALLOW") == "" {
		// On one's own machine a webhook receiver is usually local.
		cmd.Env = append(cmd.Env, "NOTIFY_WEBHOOK_ALLOW=127.0.0.0/8,::1/128")
	}
	cmd.Env = append(cmd.Env, p.cfg.Env...)
	// Own process group: Ctrl-C in the terminal reaches newswire run, which
	// then stops the services in order. Should newswire run die first (kill
	// -9, or its terminal gone), the kernel sends each service SIGTERM, so
	// none is left running on its own.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			fmt.Fprintf(p.cfg.Output, "%-10s | %s\n", name, sc.Text())
		}
		// Wait closes the pipe: call it only after the last read, as
		// os/exec requires.
		_, _ = io.Copy(io.Discard, stdout)
		done <- cmd.Wait()
	}()
	p.procs[name] = cmd
	p.exited[name] = done
	return nil
}

// WaitReady polls every service's /readyz until all answer 200 or ctx ends.
func (p *Pipeline) WaitReady(ctx context.Context) error {
	client := &http.Client{Timeout: time.Second}
	for _, s := range p.names() {
		url := fmt.Sprintf("http://127.0.0.1:%d/readyz", p.port(s))
		for {
			resp, err := client.Get(url)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s not ready: %w", s, ctx.Err())
			case err := <-p.exited[s]:
				p.exited[s] <- err
				return fmt.Errorf("%s exited before it was ready: %v", s, err)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

// Exited returns a channel that receives the first service to exit on its
// own, with its error.
func (p *Pipeline) Exited() <-chan error {
	ch := make(chan error, 1)
	for name, done := range p.exited {
		go func() {
			err := <-done
			done <- err // leave it for Stop
			select {
			case ch <- fmt.Errorf("%s exited: %v", name, err):
			default:
			}
		}()
	}
	return ch
}

// Stop sends SIGTERM to the services in pipeline order (the fetcher first,
// so nothing new enters), waits up to grace for each, then stops the
// broker. It returns the services' exit errors. Calls after the first
// return the first call's result.
func (p *Pipeline) Stop(grace time.Duration) error {
	p.stopOnce.Do(func() { p.stopErr = p.stop(grace) })
	return p.stopErr
}

func (p *Pipeline) stop(grace time.Duration) error {
	var errs []error
	names := p.names()
	for i := len(names) - 1; i >= 0; i-- {
		name := names[i]
		cmd, ok := p.procs[name]
		if !ok {
			continue
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-p.exited[name]:
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
		case <-time.After(grace):
			_ = cmd.Process.Kill()
			errs = append(errs, fmt.Errorf("%s did not stop within %s; killed", name, grace))
			<-p.exited[name]
		}
		delete(p.procs, name)
	}
	if p.broker != nil {
		p.broker.Shutdown()
	}
	return errors.Join(errs...)
}

// seed copies the sample files into the inbox, leaving files already there
// alone. It returns how many it copied.
func seed(from, to string) (int, error) {
	n := 0
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if _, err := os.Stat(dst); err == nil {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Write under a temporary name, then rename, so the inbox never
		// sees a half-written file.
		tmp := dst + ".part"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		n++
		return os.Rename(tmp, dst)
	})
	return n, err
}
