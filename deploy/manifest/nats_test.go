package manifest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
)

// natsConfig writes the rendered nats-config ConfigMap of an overlay into a
// directory, with the pod's paths and ports moved to the test's, and returns
// the path of nats.conf.
func natsConfig(t *testing.T, overlay string) string {
	t.Helper()
	r := render(t, overlay)
	dir := t.TempDir()
	tlsDir := filepath.Join(dir, "tls")
	writeTestCerts(t, tlsDir)
	for _, o := range r.objs {
		cm, ok := o.(*corev1.ConfigMap)
		if !ok || !strings.HasPrefix(cm.Name, "nats-config-") {
			continue
		}
		for name, body := range cm.Data {
			body = strings.NewReplacer(
				"0.0.0.0:4222", "127.0.0.1:-1",
				"http: 0.0.0.0:8222", "http: 127.0.0.1:-1",
				"/var/run/nats/nats.pid", filepath.Join(dir, "nats.pid"),
				"/data/jetstream", filepath.Join(dir, "jetstream"),
				"/etc/nats/tls", tlsDir,
			).Replace(body)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return filepath.Join(dir, "nats.conf")
	}
	t.Fatalf("%s renders no nats-config ConfigMap", overlay)
	return ""
}

var natsPasswords = map[string]string{"sys": "s", "admin": "a", "fetcher": "f", "normalizer": "n", "tagger": "t", "sink": "k", "story": "y", "notify": "o"}

func setNATSEnv(t *testing.T) {
	t.Setenv("POD_NAME", "nats-0")
	for user, pw := range natsPasswords {
		t.Setenv("NATS_"+strings.ToUpper(user)+"_PASSWORD", pw)
	}
}

// TestNATSConfigParses loads every overlay's NATS configuration as nats-server would.
func TestNATSConfigParses(t *testing.T) {
	setNATSEnv(t)
	for _, overlay := range []string{"../k8s/overlays/dev", "../k8s/overlays/prod"} {
		t.Run(filepath.Base(overlay), func(t *testing.T) {
			opts, err := server.ProcessConfigFile(natsConfig(t, overlay))
			if err != nil {
				t.Fatalf("ProcessConfigFile(%s) = %v", overlay, err)
			}
			if !opts.JetStream {
				t.Errorf("%s: JetStream is not enabled", overlay)
			}
			if opts.LameDuckDuration != 30*time.Second {
				t.Errorf("%s: lame_duck_duration = %s, want 30s", overlay, opts.LameDuckDuration)
			}
			wantRoutes := map[string]int{"dev": 0, "prod": 3}[filepath.Base(overlay)]
			if len(opts.Routes) != wantRoutes {
				t.Errorf("%s: %d routes, want %d", overlay, len(opts.Routes), wantRoutes)
			}
			// components/tls: client and route TLS in prod, none in dev.
			prod := filepath.Base(overlay) == "prod"
			if (opts.TLSConfig != nil) != prod || (opts.Cluster.TLSConfig != nil) != prod {
				t.Errorf("%s: client TLS %v, route TLS %v, want both %v", overlay, opts.TLSConfig != nil, opts.Cluster.TLSConfig != nil, prod)
			}
			if prod && opts.Cluster.TLSConfig.ClientAuth != tls.RequireAndVerifyClientCert {
				t.Errorf("%s: routes do not verify the peer's certificate (ClientAuth %v)", overlay, opts.Cluster.TLSConfig.ClientAuth)
			}
		})
	}
}

// TestNATSPermissions runs nats-server with the dev overlay's rendered
// configuration, provisions the pipeline as the user admin (as the Job
// newswire-streams does), and checks, with pkg/bus as the services use it
// (NATS_PROVISION=verify), that each service can do its own work and not
// manage streams. test/faults's TestPermissions proves the refusals in full.
func TestNATSPermissions(t *testing.T) {
	setNATSEnv(t)
	opts, err := server.ProcessConfigFile(natsConfig(t, "../k8s/overlays/dev"))
	if err != nil {
		t.Fatalf("ProcessConfigFile = %v", err)
	}
	opts.NoSigs, opts.NoLog = true, true
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("server.NewServer = %v", err)
	}
	go srv.Start()
	t.Cleanup(srv.Shutdown)
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	url := srv.ClientURL()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Each step has its own deadline: a refused request may only time out.
	ctx := context.Background()
	short := func() context.Context {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		t.Cleanup(cancel)
		return c
	}

	connect := func(t *testing.T, user string) *bus.Conn {
		t.Helper()
		cfg := bus.Config{URL: url, User: user, Password: natsPasswords[user], ConnectTimeout: 2 * time.Second,
			ConnectWait: 5 * time.Second, StreamReplicas: 1, StreamMaxAge: time.Hour, StreamMaxBytes: -1, DuplicateWindow: time.Minute}
		if user != "admin" {
			cfg.Provision = bus.ProvisionVerify
		}
		c, err := bus.Connect(short(), cfg, "test-"+user, log)
		if err != nil {
			t.Fatalf("bus.Connect as %s = %v", user, err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c
	}
	consumerCfg := func(name string) bus.ConsumerConfig {
		return bus.ConsumerConfig{Consumer: name, MaxAckPending: 8, MaxDeliver: 2, AckWait: 5 * time.Second,
			RetryBackoff: time.Second, RetryMaxBackoff: 2 * time.Second, Concurrency: 1}
	}
	// publish checks a plain JetStream publish as user: allowed or refused.
	publish := func(t *testing.T, user, subject string, allowed bool) {
		t.Helper()
		nc, err := nats.Connect(url, nats.UserInfo(user, natsPasswords[user]), nats.CustomInboxPrefix(bus.InboxPrefix(user)))
		if err != nil {
			t.Fatalf("nats.Connect as %s = %v", user, err)
		}
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err = js.Publish(pctx, subject, []byte("{}"))
		if allowed && err != nil {
			t.Errorf("%s: publish %s = %v, want it allowed", user, subject, err)
		}
		if !allowed && err == nil {
			t.Errorf("%s: publish %s succeeded, want it refused", user, subject)
		}
	}

	// The Job: every object, as the services below are configured.
	top := bus.Topology{
		Streams: []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ},
		Buckets: []bus.BucketSpec{{Name: "newswire_fetcher_ledger"}, {Name: "newswire_fetcher_seen"}, {Name: sourcewatch.Bucket},
			{Name: "newswire_watchlist"}, {Name: "newswire_stories", TTL: time.Hour}},
	}
	for _, c := range [][3]string{{"normalizer", bus.StreamRaw, "normalizer"}, {"tagger", bus.StreamNormalized, "tagger"},
		{"story", bus.StreamTagged, "story"}, {"sink", bus.StreamTagged, "sink"}, {"sink", bus.StreamStoried, "sink"}} {
		top.Consumers = append(top.Consumers, bus.ConsumerSpec{Stage: bus.Stage(c[0]), Stream: c[1], Config: consumerCfg(c[2])})
	}
	if _, err := connect(t, "admin").Apply(short(), top); err != nil {
		t.Fatalf("admin: Apply = %v", err)
	}

	stages := []struct {
		user    string
		streams []string
		consume string // stream of the durable consumer
		own     []string
		foreign []string
	}{
		{"fetcher", []string{bus.StreamRaw, bus.StreamDLQ}, "", []string{"articles.raw.inbox", "articles.dlq.fetcher"}, []string{"articles.normalized", "articles.dlq.sink"}},
		{"normalizer", []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ}, bus.StreamRaw, []string{"articles.normalized", "articles.dlq.normalizer"}, []string{"articles.raw.inbox", "articles.tagged"}},
		{"tagger", []string{bus.StreamNormalized, bus.StreamTagged, bus.StreamDLQ}, bus.StreamNormalized, []string{"articles.tagged", "articles.dlq.tagger"}, []string{"articles.normalized", "articles.dlq.fetcher"}},
		{"sink", []string{bus.StreamTagged, bus.StreamDLQ}, bus.StreamTagged, []string{"articles.dlq.sink"}, []string{"articles.tagged", "articles.raw.inbox"}},
		{"story", []string{bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ}, bus.StreamTagged, []string{"articles.storied", "articles.dlq.story"}, []string{"articles.tagged", "articles.dlq.sink"}},
	}
	for _, s := range stages {
		t.Run(s.user, func(t *testing.T) {
			c := connect(t, s.user)
			if err := c.EnsureStreams(short(), s.streams...); err != nil {
				t.Fatalf("%s: EnsureStreams(%v) = %v", s.user, s.streams, err)
			}
			if s.consume != "" {
				m, err := bus.NewMetrics(prometheus.NewRegistry())
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.NewConsumer(short(), bus.Stage(s.user), s.consume, nil, consumerCfg(s.user), m, log); err != nil {
					t.Errorf("%s: NewConsumer(%s) = %v", s.user, s.consume, err)
				}
				if _, err := c.NewConsumer(short(), bus.Stage(s.user), s.consume, nil, consumerCfg("intruder"), m, log); err == nil {
					t.Errorf("%s: NewConsumer(%s) with another durable name succeeded, want it refused", s.user, s.consume)
				}
				// Creating or updating it, even its own, is the admin's.
				other := consumerCfg(s.user)
				other.MaxAckPending = 9
				if _, err := c.NewConsumer(short(), bus.Stage(s.user), s.consume, nil, other, m, log); err == nil {
					t.Errorf("%s: NewConsumer(%s) with other settings succeeded, want a mismatch", s.user, s.consume)
				}
			}
			if s.user == "story" {
				// The story stage's state (components/story): created with a
				// TTL, written with compare-and-set.
				kv, err := c.KeyValue(short(), "newswire_stories", time.Hour)
				if err != nil {
					t.Fatalf("story: KeyValue(newswire_stories) = %v", err)
				}
				rev, err := kv.Create(short(), "s.x", []byte("1"))
				if err != nil {
					t.Fatalf("story: Create = %v", err)
				}
				if _, err := kv.UpdateRevision(short(), "s.x", []byte("2"), rev); err != nil {
					t.Errorf("story: UpdateRevision = %v", err)
				}
				if v, _, ok, err := kv.Entry(short(), "s.x"); err != nil || !ok || string(v) != "2" {
					t.Errorf("story: Entry = %q, %v, %v", v, ok, err)
				}
				if _, err := kv.Create(short(), "s.x", []byte("3")); !errors.Is(err, bus.ErrKeyExists) {
					t.Errorf("story: second Create = %v, want ErrKeyExists", err)
				}
				// The sink reads the story stage's output (SINK_INPUT=storied).
				sink := connect(t, "sink")
				m, err := bus.NewMetrics(prometheus.NewRegistry())
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sink.NewConsumer(short(), bus.StageSink, bus.StreamStoried, nil, consumerCfg("sink"), m, log); err != nil {
					t.Errorf("sink: NewConsumer(%s) = %v", bus.StreamStoried, err)
				}
			}
			if s.user == "fetcher" {
				for _, bucket := range []string{"newswire_fetcher_ledger", "newswire_fetcher_seen"} {
					kv, err := c.KeyValue(short(), bucket, 0)
					if err != nil {
						t.Fatalf("fetcher: KeyValue(%s) = %v", bucket, err)
					}
					if err := kv.Put(short(), "k", []byte("v")); err != nil {
						t.Errorf("fetcher: %s Put = %v", bucket, err)
					}
					if v, ok, err := kv.Get(short(), "k"); err != nil || !ok || string(v) != "v" {
						t.Errorf("fetcher: %s Get = %q, %v, %v, want v", bucket, v, ok, err)
					}
				}
			}
			if s.user == "tagger" {
				// The watch list's bucket (components/watchlist): created,
				// written by tagger watch push, followed by every replica.
				kv, err := c.KeyValue(short(), "newswire_watchlist", 0)
				if err != nil {
					t.Fatalf("tagger: KeyValue(newswire_watchlist) = %v", err)
				}
				w, err := kv.WatchKey(short(), "entities")
				if err != nil {
					t.Fatalf("tagger: WatchKey = %v", err)
				}
				defer w.Stop()
				if st, err := w.Next(short()); err != nil || !st.Deleted {
					t.Errorf("tagger: first Next = %+v, %v, want no list yet", st, err)
				}
				if err := kv.Put(short(), "entities", []byte("entities: []")); err != nil {
					t.Errorf("tagger: Put = %v", err)
				}
				if st, err := w.Next(short()); err != nil || string(st.Value) != "entities: []" {
					t.Errorf("tagger: Next after Put = %+v, %v", st, err)
				}
				if v, ok, err := kv.Get(short(), "entities"); err != nil || !ok || string(v) != "entities: []" {
					t.Errorf("tagger: Get = %q, %v, %v", v, ok, err)
				}
				if _, err := connect(t, "sink").KeyValue(short(), "newswire_watchlist", 0); err == nil {
					t.Errorf("sink: KeyValue(newswire_watchlist) succeeded, want it refused")
				}
			}
			if s.user != "tagger" && s.user != "story" {
				// The per-source records (newswire sources): the fetcher,
				// the normalizer and the sink create the bucket and add to
				// a record with compare-and-set.
				kv, err := sourcewatch.Open(short(), c)
				if err != nil {
					t.Fatalf("%s: open %s = %v", s.user, sourcewatch.Bucket, err)
				}
				d := sourcehealth.Delta{Live: sourcehealth.Counts{Stored: 1}}
				for range 2 {
					err := sourcewatch.AddArticles(short(), kv, "feed", d, time.Now())
					if s.user != "fetcher" && err != nil {
						t.Errorf("%s: AddArticles = %v", s.user, err)
					}
					if s.user == "fetcher" && err == nil {
						t.Errorf("fetcher: AddArticles (the normalizer's and the sink's keys) succeeded, want it refused")
					}
				}
				if s.user == "fetcher" {
					if err := sourcewatch.StoreFetch(short(), kv, "feed", sourcehealth.NewFetch("rss", "", time.Now())); err != nil {
						t.Errorf("fetcher: StoreFetch = %v", err)
					}
					if f, err := sourcewatch.LoadFetch(short(), kv, "feed"); err != nil || f == nil {
						t.Errorf("fetcher: LoadFetch = %v, %v", f, err)
					}
				}
			}
			for _, subj := range s.own {
				publish(t, s.user, subj, true)
			}
			for _, subj := range s.foreign {
				publish(t, s.user, subj, false)
			}
		})
	}
	t.Run("services may not manage streams", func(t *testing.T) {
		for _, user := range []string{"fetcher", "normalizer", "tagger", "story", "sink", "notify"} {
			cfgCreate := bus.Config{URL: url, User: user, Password: natsPasswords[user], ConnectTimeout: 2 * time.Second,
				ConnectWait: 2 * time.Second, StreamReplicas: 1, StreamMaxAge: 2 * time.Hour, StreamMaxBytes: -1, DuplicateWindow: time.Minute}
			cc, err := bus.Connect(short(), cfgCreate, "test-create-"+user, log)
			if err != nil {
				t.Fatal(err)
			}
			if err := cc.EnsureStreams(short(), bus.StreamRaw); err == nil {
				t.Errorf("%s: EnsureStreams(%s) with another max age succeeded, want it refused", user, bus.StreamRaw)
			}
			cc.Close(context.Background())
		}
	})
}

// writeTestCerts writes a CA (ca.crt) and a certificate it signed for
// localhost (tls.crt, tls.key) into dir: the files components/tls mounts
// from cert-manager's Secret.
func writeTestCerts(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test-ca"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "nats"}, DNSNames: []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]*pem.Block{"ca.crt": {Type: "CERTIFICATE", Bytes: caDER}, "tls.crt": {Type: "CERTIFICATE", Bytes: leafDER},
		"tls.key": {Type: "EC PRIVATE KEY", Bytes: keyDER}} {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
