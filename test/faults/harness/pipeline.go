package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newswire/newswire/pkg/bus"
)

// Config describes a pipeline run.
type Config struct {
	// Bin holds the binaries Build made.
	Bin string
	// Dir holds everything else: NATS store, inbox, sink file, logs.
	Dir string
	// Password is every NATS user's password; "" runs without auth.
	Password string
	// Normalizers and Taggers are the processes of each (at least 1).
	Normalizers, Taggers int
	// FileSink and PostgresSink choose the sinks (side by side when both).
	FileSink bool
	Postgres *Postgres
	// Env is added to every service's environment.
	Env []string
	// Nodes > 1 runs a JetStream cluster of that many nodes instead of one
	// server, with every stream and consumer replicated on Nodes nodes.
	Nodes int
	// TLS, when set, makes the single server require TLS with this
	// certificate, and every client verify it against the CA.
	TLS *TLSFiles
	// Story runs the story stage (instance "story") between the taggers
	// and the sinks, which then read articles.storied (SINK_INPUT=storied).
	Story bool
}

// Pipeline is a running set of processes.
type Pipeline struct {
	cfg Config
	// NATS is the single server, nil when Cluster runs instead.
	NATS     *Proc
	NATSPort int
	// Cluster is the JetStream cluster when Config.Nodes > 1.
	Cluster *Cluster
	// Procs are the service processes by instance name (fetcher,
	// normalizer, normalizer2, tagger, sink_file, sink_pg...).
	Procs map[string]*Proc
	// Order is the instance names, in start order.
	Order []string

	natsStarted int
}

// Prefix is the environment prefix of a service.
func Prefix(service string) string { return strings.ToUpper(service) }

// New prepares a pipeline in cfg.Dir without starting it.
func New(cfg Config) (*Pipeline, error) {
	cfg.Normalizers, cfg.Taggers = max(cfg.Normalizers, 1), max(cfg.Taggers, 1)
	for _, d := range []string{"nats", "inbox", "logs"} {
		if err := os.MkdirAll(filepath.Join(cfg.Dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	p := &Pipeline{cfg: cfg, NATSPort: port, Procs: map[string]*Proc{}}
	args := []string{"-port", strconv.Itoa(port), "-store", filepath.Join(cfg.Dir, "nats")}
	// With a password, the server runs deploy/k8s's accounts.conf and the
	// services its least-privilege users: they only verify the streams,
	// which Start provisions first as the admin user (newswire streams
	// apply), as the Job does in Kubernetes.
	accounts, natsEnv := "", []string(nil)
	if cfg.Password != "" {
		if accounts, err = AccountsFile(); err != nil {
			return nil, err
		}
		if natsEnv, err = AccountEnv(accounts, cfg.Password); err != nil {
			return nil, err
		}
		args = append(args, "-accounts", accounts)
		cfg.Env = append([]string{"NATS_PROVISION=verify"}, cfg.Env...)
		p.cfg.Env = cfg.Env
	}
	if cfg.TLS != nil {
		args = append(args, "-tls-cert", cfg.TLS.Cert, "-tls-key", cfg.TLS.Key)
		cfg.Env = append([]string{"NATS_TLS_CA=" + cfg.TLS.CA}, cfg.Env...)
		p.cfg.Env = cfg.Env
	}
	if cfg.Nodes > 1 {
		c, err := NewCluster(cfg.Bin, cfg.Dir, cfg.Nodes, accounts, natsEnv)
		if err != nil {
			return nil, err
		}
		p.Cluster = c
		cfg.Env = append([]string{"NATS_STREAM_REPLICAS=" + strconv.Itoa(cfg.Nodes)}, cfg.Env...)
		p.cfg.Env = cfg.Env
	} else {
		p.NATS = &Proc{Name: "nats", Path: filepath.Join(cfg.Bin, "natsd"), Args: args, Env: natsEnv, Log: filepath.Join(cfg.Dir, "logs", "nats.log")}
	}

	add := func(instance, service string, env ...string) error {
		mport, err := FreePort()
		if err != nil {
			return err
		}
		pre := Prefix(service)
		e := []string{
			"NATS_URL=" + p.NATSURL(),
			"LOG_FORMAT=json",
			fmt.Sprintf("%s_METRICS_ADDR=127.0.0.1:%d", pre, mport),
			"SHUTDOWN_GRACE=20s",
		}
		if cfg.Password != "" {
			e = append(e, "NATS_USER="+service, "NATS_PASSWORD="+cfg.Password)
		}
		e = append(e, cfg.Env...)
		e = append(e, env...)
		p.Procs[instance] = &Proc{
			Name: instance, Path: filepath.Join(cfg.Bin, service), Env: e,
			Log:      filepath.Join(cfg.Dir, "logs", instance+".log"),
			ReadyURL: fmt.Sprintf("http://127.0.0.1:%d/readyz", mport),
		}
		p.Order = append(p.Order, instance)
		return nil
	}
	var errs []error
	var input []string
	if cfg.Story {
		input = []string{"SINK_INPUT=storied"}
	}
	if cfg.FileSink {
		errs = append(errs, add("sink_file", "sink", append([]string{"SINK_CONSUMER=sink_file", "SINK_FILE_PATH=" + p.SinkFile()}, input...)...))
	}
	if cfg.Postgres != nil {
		errs = append(errs, add("sink_pg", "sink", append([]string{"SINK_CONSUMER=sink_pg", "SINK_BACKEND=postgres", "SINK_POSTGRES_DSN=" + cfg.Postgres.DSN()}, input...)...))
	}
	if cfg.Story {
		errs = append(errs, add("story", "story"))
	}
	for i := range cfg.Taggers {
		errs = append(errs, add(instanceName("tagger", i), "tagger"))
	}
	for i := range cfg.Normalizers {
		errs = append(errs, add(instanceName("normalizer", i), "normalizer"))
	}
	errs = append(errs, add("fetcher", "fetcher", "FETCHER_INBOX_DIR="+p.Inbox(), "FETCHER_INBOX_INTERVAL=200ms", "FETCHER_INBOX_SETTLE=0s"))
	return p, errors.Join(errs...)
}

func instanceName(service string, i int) string {
	if i == 0 {
		return service
	}
	return service + strconv.Itoa(i+1)
}

// NATSURL is the NATS server's client URL, or every cluster node's.
func (p *Pipeline) NATSURL() string {
	if p.Cluster != nil {
		return p.Cluster.URLs()
	}
	return fmt.Sprintf("nats://127.0.0.1:%d", p.NATSPort)
}

// Inbox is the fetcher's inbox directory.
func (p *Pipeline) Inbox() string { return filepath.Join(p.cfg.Dir, "inbox") }

// SinkFile is the file sink's JSON Lines file.
func (p *Pipeline) SinkFile() string { return filepath.Join(p.cfg.Dir, "articles.jsonl") }

// MetricsURL is an instance's /metrics URL.
func (p *Pipeline) MetricsURL(instance string) string {
	return strings.TrimSuffix(p.Procs[instance].ReadyURL, "/readyz") + "/metrics"
}

// StartNATS starts the NATS server and waits until it accepts clients.
func (p *Pipeline) StartNATS() error {
	if err := p.NATS.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, _ := os.ReadFile(p.NATS.Log)
		if strings.Count(string(data), "nats ready") > p.natsStarted {
			p.natsStarted++
			return nil
		}
		if !p.NATS.Running() || time.Now().After(deadline) {
			return fmt.Errorf("nats server did not start (log %s)", p.NATS.Log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Start starts the NATS server and every service, and waits until all are
// ready.
func (p *Pipeline) Start() error {
	if p.Cluster != nil {
		if err := p.Cluster.Start(); err != nil {
			return err
		}
		if err := p.provision(); err != nil {
			return err
		}
		return p.StartServices(p.Order...)
	}
	if err := p.StartNATS(); err != nil {
		return err
	}
	if err := p.provision(); err != nil {
		return err
	}
	return p.StartServices(p.Order...)
}

// StartServices starts the named instances and waits until they are ready.
func (p *Pipeline) StartServices(names ...string) error {
	for _, n := range names {
		if err := p.Procs[n].Start(); err != nil {
			return err
		}
	}
	for _, n := range names {
		if err := p.Procs[n].WaitReady(2 * time.Minute); err != nil {
			return err
		}
	}
	return nil
}

// TermAll sends SIGTERM to every service at once and waits for all to
// exit; it returns their exit errors.
func (p *Pipeline) TermAll(grace time.Duration) error {
	var wg sync.WaitGroup
	errs := make([]error, len(p.Order))
	for i, n := range p.Order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.Procs[n].Term(grace); err != nil {
				errs[i] = fmt.Errorf("%s: %w", n, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Stop stops the services (all at once) and then the NATS server or
// cluster.
func (p *Pipeline) Stop() error {
	err := p.TermAll(30 * time.Second)
	if p.Cluster != nil {
		return errors.Join(err, p.Cluster.Stop())
	}
	return errors.Join(err, p.NATS.Term(30*time.Second))
}

// Connect opens an admin connection to the NATS server.
func (p *Pipeline) Connect(ctx context.Context) (*bus.Conn, error) {
	return p.ConnectAs(ctx, AdminUser)
}

// ConnectAs opens a connection as user (with the pipeline's password).
func (p *Pipeline) ConnectAs(ctx context.Context, user string) (*bus.Conn, error) {
	return p.connect(ctx, user, nil)
}

// ConnectWith opens an admin connection whose configuration edit has
// changed (stream limits, say).
func (p *Pipeline) ConnectWith(ctx context.Context, edit func(*bus.Config)) (*bus.Conn, error) {
	return p.connect(ctx, AdminUser, edit)
}

func (p *Pipeline) connect(ctx context.Context, user string, edit func(*bus.Config)) (*bus.Conn, error) {
	cfg := bus.Config{
		URL: p.NATSURL(), ConnectTimeout: 5 * time.Second, ConnectWait: 30 * time.Second,
		StreamReplicas: max(1, p.cfg.Nodes), StreamMaxAge: 168 * time.Hour, StreamMaxBytes: -1, DuplicateWindow: 2 * time.Minute,
	}
	if p.cfg.Password != "" {
		cfg.User, cfg.Password = user, p.cfg.Password
	}
	if p.cfg.TLS != nil {
		cfg.TLSCA = p.cfg.TLS.CA
	}
	if edit != nil {
		edit(&cfg)
	}
	return bus.Connect(ctx, cfg, "faults-"+user, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// Exited returns the service instances that are not running.
func (p *Pipeline) Exited() []string {
	var out []string
	for _, n := range p.Order {
		if !p.Procs[n].Running() {
			out = append(out, n)
		}
	}
	return out
}

// Env is the environment every service gets beside its own settings
// (Config.Env, and the stream replicas on a cluster): a tool run against
// the pipeline, such as `fetcher replay`, needs it too, or it would
// declare the streams with other settings.
func (p *Pipeline) Env() []string { return append([]string(nil), p.cfg.Env...) }
