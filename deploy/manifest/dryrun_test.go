package manifest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/yaml"
)

// need fails under `make test-deploy` (NEWSWIRE_TEST_DEPLOY=1), which builds
// what these tests need first, and under CI=true; elsewhere it skips, naming
// the make target: a missing tool is never a silent pass. `make test` does
// not run these tests (mk/deploy.mk's DEPLOY_TESTS).
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("NEWSWIRE_TEST_DEPLOY") != "" || os.Getenv("CI") == "true" {
		t.Fatalf(format+" (`make test-deploy` builds it and runs this test)", args...)
	}
	t.Skipf(format+" (this test runs under `make test-deploy`, which builds it)", args...)
}

// controlPlane finds the kube-apiserver built by `make deps-deploy` (cached under
// the user's cache directory, newswire/deploy, by the version pinned in
// tools/go.mod; NEWSWIRE_KUBE_APISERVER overrides) and Debian's etcd.
func controlPlane(t *testing.T) (apiserver, etcd string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "tools", "go.mod"))
	if err != nil {
		t.Fatalf("read tools/go.mod: %v", err)
	}
	m := regexp.MustCompile(`(?m)^\s*k8s\.io/kubernetes (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatalf("tools/go.mod does not require k8s.io/kubernetes")
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	apiserver = filepath.Join(cache, "newswire", "deploy", "kube-apiserver-"+string(m[1]), "kube-apiserver")
	if p := os.Getenv("NEWSWIRE_KUBE_APISERVER"); p != "" {
		apiserver = p
	}
	if _, err := os.Stat(apiserver); err != nil {
		need(t, "kube-apiserver %s not built at %s", m[1], apiserver)
	}
	etcd, err = exec.LookPath("etcd")
	if err != nil {
		need(t, "etcd not found in PATH (Debian's etcd-server)")
	}
	return apiserver, etcd
}

func startAPIServer(t *testing.T) client.Client {
	t.Helper()
	if testing.Short() {
		t.Skip("starts kube-apiserver and etcd; skipped in -short")
	}
	apiserver, etcd := controlPlane(t)
	env := &envtest.Environment{
		CRDDirectoryPaths:     []string{"testdata/crds"},
		ErrorIfCRDPathMissing: true,
	}
	env.ControlPlane.APIServer = &envtest.APIServer{Path: apiserver, StartTimeout: 2 * time.Minute}
	env.ControlPlane.Etcd = &envtest.Etcd{Path: etcd, StartTimeout: time.Minute}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver %s and etcd %s: %v", apiserver, etcd, err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Errorf("stop control plane: %v", err)
		}
	})
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatalf("client.New() = %v", err)
	}
	return c
}

func toUnstructured(t *testing.T, d Doc) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := yaml.Unmarshal(d.YAML, &u.Object); err != nil {
		t.Fatalf("unmarshal %s: %v", d, err)
	}
	return u
}

func ensureNamespace(ctx context.Context, t *testing.T, c client.Client, name string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if err := c.Create(ctx, ns); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatalf("create namespace %s: %v", name, err)
	}
}

// dryRun creates d on the server with dryRun=All and strict field validation, so
// the server applies defaulting, validation, admission and the CRDs' schemas.
func dryRun(ctx context.Context, c client.Client, u *unstructured.Unstructured) error {
	return c.Create(ctx, u, client.DryRunAll, client.FieldValidation("Strict"))
}

// TestServerDryRun sends every document of every overlay to a real kube-apiserver.
func TestServerDryRun(t *testing.T) {
	c := startAPIServer(t)
	ctx := context.Background()
	for _, o := range overlays {
		t.Run(o.name, func(t *testing.T) {
			docs, err := Render(o.dir)
			if err != nil {
				t.Fatalf("Render(%q) = %v", o.dir, err)
			}
			for _, d := range docs {
				if d.Kind == "Namespace" {
					ensureNamespace(ctx, t, c, d.Name)
				} else if d.Namespace != "" {
					ensureNamespace(ctx, t, c, d.Namespace)
				}
			}
			for _, d := range docs {
				if d.Kind == "Namespace" {
					continue
				}
				if err := dryRun(ctx, c, toUnstructured(t, d)); err != nil {
					t.Errorf("dry run of %s: %v", d, err)
				}
			}
		})
	}

	// The server must refuse what is wrong, or the loop above proves nothing.
	bad := []struct {
		name, yaml, want string
	}{
		{"unknown Deployment field", `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad, namespace: newswire}
spec:
  replica: 2
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec: {containers: [{name: c, image: x}]}
`, `unknown field "spec.replica"`},
		{"selector does not match", `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad, namespace: newswire}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: c}}
    spec: {containers: [{name: c, image: x}]}
`, "`selector` does not match template `labels`"},
		{"unknown ScaledObject field (CRD schema)", `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: bad, namespace: newswire}
spec:
  scaleTargetRef: {name: sink}
  minReplicas: 2
  triggers: [{type: cpu, metadata: {value: "50"}}]
`, `unknown field "spec.minReplicas"`},
		{"ServiceMonitor endpoint port type", `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: bad, namespace: newswire}
spec:
  selector: {}
  endpoints: [{port: 9101}]
`, "spec.endpoints[0].port"},
	}
	ensureNamespace(ctx, t, c, "newswire")
	for _, b := range bad {
		t.Run("refuses "+b.name, func(t *testing.T) {
			err := dryRun(ctx, c, toUnstructured(t, Doc{YAML: []byte(b.yaml)}))
			if err == nil || !strings.Contains(err.Error(), b.want) {
				t.Errorf("dry run of %s = %v, want an error containing %q", b.name, err, b.want)
			}
		})
	}
}
