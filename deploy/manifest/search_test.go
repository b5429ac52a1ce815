package manifest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	policyv1 "k8s.io/api/policy/v1"
)

// searchOverlay renders the search component (components/search) with the
// PostgreSQL sink and network policies.
const searchOverlay = "testdata/search"

func TestSearchComponent(t *testing.T) {
	r := render(t, searchOverlay)
	var got []string
	for _, v := range Check(r.objs, Policy{}) {
		got = append(got, v.String())
	}
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("Check(%s) violations (-want +got):\n%s", searchOverlay, diff)
	}
	var found, pdb bool
	for _, o := range r.objs {
		if p, ok := o.(*policyv1.PodDisruptionBudget); ok && p.Name == "search" {
			pdb = true
		}
		d, ok := o.(*appsv1.Deployment)
		if !ok || d.Name != "search" {
			continue
		}
		found = true
		c := d.Spec.Template.Spec.Containers[0]
		if c.Image != "ghcr.io/newswire/search:dev" {
			t.Errorf("search image = %s", c.Image)
		}
		env := map[string]string{}
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				env[e.Name] = e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key
			}
		}
		want := map[string]string{"SEARCH_POSTGRES_DSN": "newswire-search/dsn", "SEARCH_TOKEN": "newswire-search/token"}
		if diff := cmp.Diff(want, env); diff != "" {
			t.Errorf("search secrets (-want +got):\n%s", diff)
		}
	}
	if !pdb {
		t.Errorf("no search PodDisruptionBudget in %s", searchOverlay)
	}
	if !found {
		t.Fatalf("no search Deployment in %s", searchOverlay)
	}
}

// TestSearchServerDryRun submits the search overlay to a real
// kube-apiserver, as TestServerDryRun does the overlays.
func TestSearchServerDryRun(t *testing.T) {
	c := startAPIServer(t)
	ctx := context.Background()
	docs, err := Render(searchOverlay)
	if err != nil {
		t.Fatalf("Render(%q) = %v", searchOverlay, err)
	}
	for _, d := range docs {
		if d.Kind == "Namespace" {
			ensureNamespace(ctx, t, c, d.Name)
		} else if d.Namespace != "" {
			ensureNamespace(ctx, t, c, d.Namespace)
		}
	}
	for _, d := range docs {
		if d.Kind != "Namespace" {
			if err := dryRun(ctx, c, toUnstructured(t, d)); err != nil {
				t.Errorf("dry run of %s: %v", d, err)
			}
		}
	}
}
