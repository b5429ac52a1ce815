package faults

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

// Known secret values: each must never show in a log, a -h output, a
// /metrics page or a dead letter's headers.
const (
	secretNATS     = "nats-Secret-4b1d9e"
	secretNATSTok  = "nats-Token-77c2aa"
	secretPG       = "pg-Secret-e03f51"
	secretSearch   = "search-Token-9a6b0c"
	securityCount  = 300
	securityTarget = "127.0.0.1"
)

// TestSecurity runs the pipeline as production does, end to end: the NATS
// server with deploy/k8s's accounts.conf and TLS from a CA made here
// (every client verifies the server against it: NATS_TLS_CA), the streams
// provisioned by `newswire streams apply` as admin and only verified by the
// services, the sink writing to PostgreSQL as a role with a password, and
// the search service behind a bearer token. Articles must reach
// PostgreSQL and the search API; then every log (the services', NATS's,
// streams apply's, search's), every service's -h output, every /metrics
// page and every dead letter's headers are searched for the four secrets.
func TestSecurity(t *testing.T) {
	bin := binaries(t)
	dir := t.TempDir()
	certs := writeCerts(t, filepath.Join(dir, "tls"))
	pg := startPostgres(t)
	dsn := passwordRole(t, pg)

	p, err := harness.New(harness.Config{
		Bin: bin, Dir: dir, Password: secretNATS, FileSink: true, TLS: &certs,
		// The instance sink_file writes to PostgreSQL here, with the role's
		// password in its DSN.
		Env: []string{"SINK_BACKEND=postgres", "SINK_POSTGRES_DSN=" + dsn, "SINK_BATCH_LINGER=50ms", "NATS_TOKEN=" + secretNATSTok},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	defer stopPipeline(t, p, dir, "newswire-security-failed")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	admin, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())

	// Articles, and input that is dead-lettered with a reason.
	dropArchive(t, p.Inbox(), 0, 0, securityCount)
	for _, name := range []string{"not-json", "empty"} {
		data := map[string][]byte{"not-json": []byte("{not json " + name), "empty": []byte("{}")}[name]
		if err := admin.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: data, ID: "poison:" + name}); err != nil {
			t.Fatal(err)
		}
	}
	for {
		rows, _, _, err := pgCounts(ctx, dsn)
		if err == nil && rows >= securityCount {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("PostgreSQL holds %d of %d articles (%v) after the TLS pipeline ran", rows, securityCount, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	var dls []bus.StoredDeadLetter
	for {
		dls, err = admin.ListDeadLetters(ctx, "", 100)
		if err == nil && len(dls) >= 2 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("dead letters: %d, %v; want the 2 poisons", len(dls), err)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// A connection without the CA is refused: the server speaks TLS only,
	// and its certificate is not trusted by the system's roots.
	noCA := bus.Config{URL: p.NATSURL(), User: harness.AdminUser, Password: secretNATS, ConnectTimeout: 2 * time.Second, ConnectWait: time.Second,
		StreamReplicas: 1, StreamMaxAge: time.Hour, StreamMaxBytes: -1, DuplicateWindow: time.Minute, TLSCA: writeOtherCA(t, dir)}
	if c, err := bus.Connect(ctx, noCA, "no-ca", slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
		c.Close(ctx)
		t.Errorf("connect trusting another CA succeeded, want the server's certificate refused")
	}

	// The search service over the same database, behind a bearer token.
	searchLog, searchMetrics := startSearch(t, bin, dir, dsn)
	searchAPI := strings.TrimSuffix(searchMetrics.api, "/")
	req, _ := http.NewRequest("GET", searchAPI+"/api/articles?q=&limit=5", nil)
	req.Header.Set("Authorization", "Bearer "+secretSearch)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("search with the token: %v %v, want 200", resp, err)
	} else {
		resp.Body.Close()
	}
	req, _ = http.NewRequest("GET", searchAPI+"/api/articles?q=", nil)
	req.Header.Set("Authorization", "Bearer wrong")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("search with a wrong token: %v %v, want 401", resp, err)
	} else {
		resp.Body.Close()
	}

	// A NATS URL with the token in it, unreachable: the retry warnings
	// and the final error name the URL.
	urlLog := filepath.Join(dir, "logs", "url-token.log")
	cmd := exec.Command(filepath.Join(bin, "normalizer"))
	cmd.Env = append(os.Environ(), "NATS_URL=nats://"+secretNATSTok+"@127.0.0.1:1", "NATS_CONNECT_WAIT=1s", "NATS_CONNECT_TIMEOUT=200ms",
		"NORMALIZER_METRICS_ADDR=127.0.0.1:0", "LOG_FORMAT=json")
	out, _ := cmd.CombinedOutput()
	if !bytes.Contains(out, []byte("nats not reachable yet")) || !bytes.Contains(out, []byte("nats://redacted@127.0.0.1:1")) {
		t.Errorf("normalizer with an unreachable NATS_URL logged %q, want its retries, naming the URL redacted", out)
	}
	if err := os.WriteFile(urlLog, out, 0o644); err != nil {
		t.Fatal(err)
	}

	secrets := []string{secretNATS, secretNATSTok, secretPG, secretSearch}
	check := func(what string, data []byte) {
		t.Helper()
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				i := bytes.Index(data, []byte(s))
				t.Errorf("%s shows the secret %q: ...%s...", what, s, data[max(0, i-120):min(len(data), i+len(s)+40)])
			}
		}
	}
	// /metrics of every service, and of search.
	for _, n := range p.Order {
		check(n+" /metrics", []byte(harness.Get(t, p.MetricsURL(n))))
	}
	check("search /metrics", []byte(harness.Get(t, searchMetrics.metrics)))
	// Dead letters' headers.
	for _, dl := range dls {
		var h strings.Builder
		for k, vs := range dl.Header {
			fmt.Fprintf(&h, "%s: %s\n", k, strings.Join(vs, ", "))
		}
		fmt.Fprintf(&h, "reason: %s\n", dl.Reason)
		check(fmt.Sprintf("dead letter %d headers", dl.Sequence), []byte(h.String()))
	}
	// -h of every service, with the secrets in its environment.
	for _, s := range append(harness.Services, "search") {
		cmd := exec.Command(filepath.Join(bin, s), "-h")
		cmd.Env = append(os.Environ(), "NATS_PASSWORD="+secretNATS, "NATS_TOKEN="+secretNATSTok, "NATS_URL=nats://u:"+secretNATS+"@h:4222",
			"SINK_POSTGRES_DSN="+dsn, "SEARCH_POSTGRES_DSN="+dsn, "SEARCH_TOKEN="+secretSearch)
		out, _ := cmd.CombinedOutput()
		if !bytes.Contains(out, []byte("NATS_PASSWORD")) && s != "search" {
			t.Errorf("%s -h printed %q, want the settings", s, out)
		}
		check(s+" -h", out)
	}
	// Stop everything, so the last log lines are written, then read every log.
	stopSearch(t, searchLog)
	if err := p.TermAll(30 * time.Second); err != nil {
		t.Errorf("stop: %v", err)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "logs", "*.log"))
	logs = append(logs, searchLog.path)
	if len(logs) < 6 {
		t.Errorf("logs %v, want every service's, NATS's, streams apply's and search's", logs)
	}
	for _, f := range logs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check("log "+filepath.Base(f), data)
	}
	applyLog, _ := os.ReadFile(filepath.Join(dir, "logs", "streams-apply.log"))
	if !bytes.Contains(applyLog, []byte("+ stream   ARTICLES_RAW")) {
		t.Errorf("streams apply printed %q, want it to have created the streams", applyLog)
	}
}

// writeCerts writes a CA and a server certificate it signed for 127.0.0.1
// and localhost into dir.
func writeCerts(t *testing.T, dir string) harness.TLSFiles {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	caKey, caCert, caDER := newCA(t, "newswire test CA")
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "nats"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP(securityTarget)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	f := harness.TLSFiles{CA: filepath.Join(dir, "ca.crt"), Cert: filepath.Join(dir, "tls.crt"), Key: filepath.Join(dir, "tls.key")}
	writePEM(t, f.CA, "CERTIFICATE", caDER)
	writePEM(t, f.Cert, "CERTIFICATE", der)
	writePEM(t, f.Key, "EC PRIVATE KEY", keyDER)
	return f
}

// writeOtherCA writes a CA that signed nothing of the pipeline's.
func writeOtherCA(t *testing.T, dir string) string {
	_, _, der := newCA(t, "another CA")
	p := filepath.Join(dir, "other-ca.crt")
	writePEM(t, p, "CERTIFICATE", der)
	return p
}

func newCA(t *testing.T, name string) (*ecdsa.PrivateKey, *x509.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert, der
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// passwordRole makes PostgreSQL require a password over TCP and creates
// the role newswire with secretPG; it returns the role's DSN.
func passwordRole(t *testing.T, pg *harness.Postgres) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, pg.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var hba string
	if err := conn.QueryRow(ctx, `SHOW hba_file`).Scan(&hba); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE ROLE newswire LOGIN SUPERUSER PASSWORD '` + secretPG + `'`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The test's own superuser keeps trust; every other role needs its
	// password.
	rules := "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
	if err := os.WriteFile(hba, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	// Written as root, the file must stay the server's.
	if fi, err := os.Stat(filepath.Dir(hba)); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			_ = os.Chown(hba, int(st.Uid), int(st.Gid))
		}
	}
	if _, err := conn.Exec(ctx, `SELECT pg_reload_conf()`); err != nil {
		t.Fatal(err)
	}
	dsn := fmt.Sprintf("postgres://newswire:%s@127.0.0.1:%d/postgres?sslmode=disable", secretPG, pg.Port)
	wrong := fmt.Sprintf("postgres://newswire:wrong@127.0.0.1:%d/postgres?sslmode=disable", pg.Port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := pgx.Connect(ctx, wrong)
		if err != nil {
			break // the password is now required
		}
		c.Close(ctx)
		if time.Now().After(deadline) {
			t.Fatal("PostgreSQL still accepts a wrong password after pg_reload_conf")
		}
		time.Sleep(100 * time.Millisecond)
	}
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect as newswire with its password: %v", err)
	}
	c.Close(ctx)
	return dsn
}

type searchProc struct {
	cmd  *exec.Cmd
	path string
}

type searchURLs struct{ api, metrics string }

// startSearch builds and starts the search service over dsn with the
// bearer token secretSearch, and waits until it is ready.
func startSearch(t *testing.T, bin, dir, dsn string) (*searchProc, searchURLs) {
	t.Helper()
	exe := filepath.Join(bin, "search")
	if _, err := os.Stat(exe); err != nil {
		wd, _ := os.Getwd()
		root, err := harness.Root(wd)
		if err != nil {
			t.Fatal(err)
		}
		b := exec.Command("go", "build", "-o", exe, "./services/search")
		b.Dir = root
		b.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
		if out, err := b.CombinedOutput(); err != nil {
			t.Fatalf("go build search: %v\n%s", err, out)
		}
	}
	api, _ := harness.FreePort()
	metrics, _ := harness.FreePort()
	path := filepath.Join(dir, "search.log")
	logf, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "SEARCH_POSTGRES_DSN="+dsn, "SEARCH_TOKEN="+secretSearch, "LOG_FORMAT=json",
		fmt.Sprintf("SEARCH_ADDR=127.0.0.1:%d", api), fmt.Sprintf("SEARCH_METRICS_ADDR=127.0.0.1:%d", metrics))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sp := &searchProc{cmd: cmd, path: path}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		logf.Close()
	})
	u := searchURLs{api: fmt.Sprintf("http://127.0.0.1:%d/", api), metrics: fmt.Sprintf("http://127.0.0.1:%d/metrics", metrics)}
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", metrics))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return sp, u
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("search not ready (log %s)", path)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func stopSearch(t *testing.T, sp *searchProc) {
	t.Helper()
	_ = sp.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- sp.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		sp.cmd.Process.Kill()
		<-done
		t.Errorf("search did not stop within 30s")
	}
}
