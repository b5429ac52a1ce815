package manifest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// overlays are every kustomization a user applies, plus testdata/hpa for the
// component no overlay uses.
var overlays = []struct {
	name   string
	dir    string
	policy Policy
}{
	{"dev", "../k8s/overlays/dev", Policy{}},
	{"prod", "../k8s/overlays/prod", Policy{RequirePDB: true}},
	{"replay", "../k8s/replay", Policy{}},
	{"replay-tls", "../k8s/replay-tls", Policy{}},
	{"hpa", "testdata/hpa", Policy{}},
}

// serverOnly are the kinds with no Go type here: the dry run validates them.
var serverOnly = map[string]bool{"ScaledObject": true, "Certificate": true, "Issuer": true}

type rendered struct {
	docs  []Doc
	objs  []runtime.Object
	kinds map[string]int
}

func render(t *testing.T, dir string) rendered {
	t.Helper()
	docs, err := Render(dir)
	if err != nil {
		t.Fatalf("Render(%q) = %v", dir, err)
	}
	dec, err := NewDecoder()
	if err != nil {
		t.Fatalf("NewDecoder() = %v", err)
	}
	r := rendered{docs: docs, kinds: map[string]int{}}
	for _, d := range docs {
		r.kinds[d.Kind]++
		obj, err := dec.Decode(d)
		if errors.Is(err, ErrNoType) && serverOnly[d.Kind] {
			continue
		}
		if err != nil {
			t.Errorf("Decode(%s) = %v", d, err)
			continue
		}
		r.objs = append(r.objs, obj)
	}
	return r
}

func TestOverlaysPassPolicy(t *testing.T) {
	for _, o := range overlays {
		t.Run(o.name, func(t *testing.T) {
			r := render(t, o.dir)
			if len(r.docs) == 0 {
				t.Fatalf("Render(%q) gave no documents", o.dir)
			}
			var got []string
			for _, v := range Check(r.objs, o.policy) {
				got = append(got, v.String())
			}
			if diff := cmp.Diff([]string(nil), got); diff != "" {
				t.Errorf("Check(%s) violations (-want +got):\n%s", o.name, diff)
			}
		})
	}
}

func TestOverlayContents(t *testing.T) {
	tests := []struct {
		name      string
		dir       string
		kinds     map[string]int
		natsNodes int32
		config    map[string]string // ConfigMap name prefix + "/" + key -> value
		caMounts  int               // Jobs and CronJobs mounting the NATS CA at /etc/newswire/nats-tls
	}{
		{
			name: "dev", dir: "../k8s/overlays/dev",
			kinds: map[string]int{
				"Namespace": 1, "ServiceAccount": 6, "Service": 7, "Deployment": 5, "StatefulSet": 1,
				"ConfigMap": 9, "Secret": 1, "PersistentVolumeClaim": 2, "PodDisruptionBudget": 2,
				"NetworkPolicy": 1, // the notifier's (components/notify); no default deny in dev
				"Job":           1, // newswire-streams (components/nats)
			},
			natsNodes: 1,
			config: map[string]string{
				"newswire-config/NATS_STREAM_REPLICAS": "1",
				"sink-config/SINK_BACKEND":             "file",
				"tagger-config/TAGGER_ENTITIES_FILE":   "/etc/newswire/watchlist/watchlist.yaml",
				"nats-config/cluster.conf":             "# One server in development: no cluster.\n",
			},
		},
		{
			name: "prod", dir: "../k8s/overlays/prod",
			kinds: map[string]int{
				// components/search and components/notify: a ServiceAccount,
				// Service, Deployment, ConfigMap, PDB and NetworkPolicy each.
				"Namespace": 1, "ServiceAccount": 7, "Service": 8, "Deployment": 6, "StatefulSet": 1,
				"ConfigMap": 10, "PersistentVolumeClaim": 1, "PodDisruptionBudget": 7,
				"ScaledObject": 3, "NetworkPolicy": 12, "ServiceMonitor": 1, "PrometheusRule": 1,
				// components/nats: the Job newswire-streams (and its
				// NetworkPolicy); components/tls: a CA and two certificates.
				"Job": 1, "Certificate": 3, "Issuer": 2,
			},
			natsNodes: 3,
			config: map[string]string{
				"newswire-config/NATS_STREAM_REPLICAS": "3",
				"sink-config/SINK_BACKEND":             "postgres",
				"tagger-config/TAGGER_ENTITIES_BUCKET": "newswire_watchlist",
			},
		},
		{
			name: "replay", dir: "../k8s/replay",
			kinds: map[string]int{
				"ServiceAccount": 1, "ConfigMap": 2, "PersistentVolumeClaim": 2, "Job": 1, "CronJob": 2,
			},
			config: map[string]string{"replay-config/NATS_URL": "nats://nats:4222"},
		},
		{
			// The replay beside the prod overlay's TLS-only NATS.
			name: "replay-tls", dir: "../k8s/replay-tls",
			kinds: map[string]int{
				"ServiceAccount": 1, "ConfigMap": 2, "PersistentVolumeClaim": 2, "Job": 1, "CronJob": 2,
			},
			config: map[string]string{
				"replay-config/NATS_URL":    "tls://nats:4222",
				"replay-config/NATS_TLS_CA": "/etc/newswire/nats-tls/ca.crt",
			},
			caMounts: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := render(t, tt.dir)
			if diff := cmp.Diff(tt.kinds, r.kinds); diff != "" {
				t.Errorf("kinds of %s (-want +got):\n%s", tt.dir, diff)
			}
			for _, o := range r.objs {
				switch o := o.(type) {
				case *appsv1.StatefulSet:
					if o.Name == "nats" && *o.Spec.Replicas != tt.natsNodes {
						t.Errorf("nats replicas = %d, want %d", *o.Spec.Replicas, tt.natsNodes)
					}
				case *corev1.ConfigMap:
					for k, want := range tt.config {
						prefix, key, _ := strings.Cut(k, "/")
						if generated.ReplaceAllString(o.Name, "") != prefix {
							continue
						}
						if got := o.Data[key]; got != want {
							t.Errorf("ConfigMap %s key %s = %q, want %q", o.Name, key, got, want)
						}
						delete(tt.config, k)
					}
				}
			}
			for k := range tt.config {
				t.Errorf("ConfigMap key %s not rendered", k)
			}
			if got := natsCAMounts(r.objs); got != tt.caMounts {
				t.Errorf("%s: %d Jobs and CronJobs mount the NATS CA, want %d", tt.dir, got, tt.caMounts)
			}
		})
	}
}

// natsCAMounts counts the Jobs and CronJobs whose first container mounts
// the NATS CA (components/tls's path) from the Secret nats-client-tls.
func natsCAMounts(objs []runtime.Object) int {
	n := 0
	count := func(pod corev1.PodSpec) {
		secret := map[string]bool{}
		for _, v := range pod.Volumes {
			if v.Secret != nil && v.Secret.SecretName == "nats-client-tls" {
				secret[v.Name] = true
			}
		}
		for _, m := range pod.Containers[0].VolumeMounts {
			if secret[m.Name] && m.MountPath == "/etc/newswire/nats-tls" {
				n++
				return
			}
		}
	}
	for _, o := range objs {
		switch o := o.(type) {
		case *batchv1.Job:
			if o.Name != "newswire-streams" { // components/tls mounts it in prod
				count(o.Spec.Template.Spec)
			}
		case *batchv1.CronJob:
			count(o.Spec.JobTemplate.Spec.Template.Spec)
		}
	}
	return n
}

// TestCheckCatches breaks one rule at a time in the dev overlay and expects Check
// to say so: the policy tests can fail.
func TestCheckCatches(t *testing.T) {
	deployment := func(name string, f func(*appsv1.Deployment)) func([]runtime.Object) {
		return func(objs []runtime.Object) {
			for _, o := range objs {
				if d, ok := o.(*appsv1.Deployment); ok && d.Name == name {
					f(d)
				}
			}
		}
	}
	bad := false
	tests := []struct {
		name   string
		dir    string
		policy Policy
		break_ func([]runtime.Object)
		want   Violation
	}{
		{"no readiness probe", "../k8s/overlays/dev", Policy{}, deployment("tagger", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].ReadinessProbe = nil
		}), Violation{"Deployment/newswire-dev/tagger container tagger", "probes", "liveness and readiness probes are required"}},
		{"liveness on /", "../k8s/overlays/dev", Policy{}, deployment("tagger", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].LivenessProbe.HTTPGet.Path = "/"
		}), Violation{"Deployment/newswire-dev/tagger container tagger", "probes", `liveness probe is not GET /healthz on port "metrics"`}},
		{"no memory limit", "../k8s/overlays/dev", Policy{}, deployment("sink", func(d *appsv1.Deployment) {
			delete(d.Spec.Template.Spec.Containers[0].Resources.Limits, corev1.ResourceMemory)
		}), Violation{"Deployment/newswire-dev/sink container sink", "resources", "no memory limit"}},
		{"writable root", "../k8s/overlays/dev", Policy{}, deployment("fetcher", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].SecurityContext.ReadOnlyRootFilesystem = &bad
		}), Violation{"Deployment/newswire-dev/fetcher container fetcher", "security", "readOnlyRootFilesystem is not true"}},
		{"capabilities kept", "../k8s/overlays/dev", Policy{}, deployment("fetcher", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].SecurityContext.Capabilities.Drop = nil
		}), Violation{"Deployment/newswire-dev/fetcher container fetcher", "security", "capabilities do not drop ALL"}},
		{"no seccomp", "../k8s/overlays/dev", Policy{}, deployment("normalizer", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.SecurityContext.SeccompProfile = nil
		}), Violation{"Deployment/newswire-dev/normalizer container normalizer", "security", "seccompProfile is not RuntimeDefault"}},
		{"token mounted", "../k8s/overlays/dev", Policy{}, deployment("normalizer", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.AutomountServiceAccountToken = nil
		}), Violation{"Deployment/newswire-dev/normalizer", "automount", "pod automountServiceAccountToken is not false"}},
		{"grace shorter than drain", "../k8s/overlays/dev", Policy{}, deployment("sink", func(d *appsv1.Deployment) {
			g := int64(25)
			d.Spec.Template.Spec.TerminationGracePeriodSeconds = &g
		}), Violation{"Deployment/newswire-dev/sink container sink", "grace", "terminationGracePeriodSeconds 25 is not longer than SHUTDOWN_GRACE 25s"}},
		{"selector misses pods", "../k8s/overlays/dev", Policy{}, deployment("sink", func(d *appsv1.Deployment) {
			d.Spec.Selector.MatchLabels = map[string]string{"app.kubernetes.io/name": "sinks"}
		}), Violation{"Deployment/newswire-dev/sink", "selector", "selector &LabelSelector{MatchLabels:map[string]string{app.kubernetes.io/name: sinks,},MatchExpressions:[]LabelSelectorRequirement{},} does not match the pod template's labels map[app.kubernetes.io/component:sink app.kubernetes.io/managed-by:kustomize app.kubernetes.io/name:sink app.kubernetes.io/part-of:newswire]"}},
		{"no topology spread", "../k8s/overlays/dev", Policy{}, deployment("tagger", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.TopologySpreadConstraints = nil
		}), Violation{"Deployment/newswire-dev/tagger", "topology", "no topologySpreadConstraints"}},
		{"no GOMEMLIMIT", "../k8s/overlays/dev", Policy{}, deployment("tagger", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].Env = d.Spec.Template.Spec.Containers[0].Env[1:]
		}), Violation{"Deployment/newswire-dev/tagger container tagger", "gomemlimit", "GOMEMLIMIT is not set from resourceFieldRef limits.memory"}},
		{"no PDB in prod", "../k8s/overlays/dev", Policy{RequirePDB: true}, func([]runtime.Object) {},
			Violation{"Deployment/newswire-dev/fetcher", "pdb", "no PodDisruptionBudget selects its pods"}},
		{"job restarts always", "../k8s/replay", Policy{}, func(objs []runtime.Object) {
			for _, o := range objs {
				if j, ok := o.(*batchv1.Job); ok {
					j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
				}
			}
		}, Violation{"Job/newswire/replay", "job", `restartPolicy "Always", want Never or OnFailure`}},
		{"job without deadline", "../k8s/replay", Policy{}, func(objs []runtime.Object) {
			for _, o := range objs {
				if j, ok := o.(*batchv1.CronJob); ok {
					j.Spec.JobTemplate.Spec.ActiveDeadlineSeconds = nil
				}
			}
		}, Violation{"CronJob/newswire/replay-nightly", "job", "activeDeadlineSeconds not set"}},
		{"hand-written ConfigMap", "../k8s/overlays/dev", Policy{}, func(objs []runtime.Object) {
			for _, o := range objs {
				if cm, ok := o.(*corev1.ConfigMap); ok && strings.HasPrefix(cm.Name, "sink-config") {
					cm.Name = "sink-config"
				}
			}
			deployment("sink", func(d *appsv1.Deployment) {
				d.Spec.Template.Spec.Containers[0].EnvFrom[1].ConfigMapRef.Name = "sink-config"
			})(objs)
		}, Violation{"Deployment/newswire-dev/sink", "configmap", `uses ConfigMap "sink-config", not from a configMapGenerator (no hash suffix)`}},
		{"ConfigMap missing", "../k8s/overlays/dev", Policy{}, deployment("tagger", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].EnvFrom[1].ConfigMapRef.Name = "tagger-settings-abcdefghij"
		}), Violation{"Deployment/newswire-dev/tagger", "configmap", `uses ConfigMap "tagger-settings-abcdefghij", which this overlay does not generate`}},
		{"no name label", "../k8s/overlays/dev", Policy{}, func(objs []runtime.Object) {
			for _, o := range objs {
				if s, ok := o.(*corev1.ServiceAccount); ok && s.Name == "sink" {
					delete(s.Labels, "app.kubernetes.io/name")
				}
			}
		}, Violation{"ServiceAccount/newswire-dev/sink", "labels", "label app.kubernetes.io/name missing"}},
		{"service port not on pod", "../k8s/overlays/dev", Policy{}, func(objs []runtime.Object) {
			for _, o := range objs {
				if s, ok := o.(*corev1.Service); ok && s.Name == "tagger" {
					s.Spec.Ports[0].TargetPort = intstr.FromString("http")
				}
			}
		}, Violation{"Service/newswire-dev/tagger", "service-port", `targetPort "http" is not a port of Deployment/newswire-dev/tagger`}},
		{"PDB selects nothing", "../k8s/overlays/prod", Policy{}, func(objs []runtime.Object) {
			for _, o := range objs {
				if p, ok := o.(*policyv1.PodDisruptionBudget); ok && p.Name == "tagger" {
					p.Spec.Selector.MatchLabels["app.kubernetes.io/name"] = "taggr"
				}
			}
		}, Violation{"PodDisruptionBudget/newswire/tagger", "pdb-selector", "selects no workload's pods"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := render(t, tt.dir)
			tt.break_(r.objs)
			got := Check(r.objs, tt.policy)
			for _, v := range got {
				if v == tt.want {
					return
				}
			}
			t.Errorf("Check() = %v, want it to include %v", got, tt.want)
		})
	}
}

func TestDecodeStrict(t *testing.T) {
	const valid = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n"
	tests := []struct {
		name    string
		yaml    string
		wantErr string
	}{
		{"valid", valid, ""},
		{"unknown field", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replica: 2\n", `unknown field "spec.replica"`},
		{"duplicate field", valid + "data:\n  c: d\n", `"data" already set in map`},
		{"wrong type", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports: 80\n", "cannot unmarshal"},
		{"no type", "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: x\n", "no Go type for this kind"},
	}
	dec, err := NewDecoder()
	if err != nil {
		t.Fatalf("NewDecoder() = %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Doc
			for _, line := range strings.Split(tt.yaml, "\n") {
				if v, ok := strings.CutPrefix(line, "apiVersion: "); ok {
					d.APIVersion = v
				}
				if v, ok := strings.CutPrefix(line, "kind: "); ok {
					d.Kind = v
				}
			}
			d.Name, d.YAML = "x", []byte(tt.yaml)
			_, err := dec.Decode(d)
			got := fmt.Sprint(err)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && !strings.Contains(got, tt.wantErr) {
				t.Errorf("Decode(%s) = %v, want error containing %q", tt.name, err, tt.wantErr)
			}
		})
	}
}
