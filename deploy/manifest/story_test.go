package manifest

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// storyOverlay renders the story component (components/story) with NATS
// and network policies.
const storyOverlay = "testdata/story"

func TestStoryComponent(t *testing.T) {
	r := render(t, storyOverlay)
	var got []string
	for _, v := range Check(r.objs, Policy{}) {
		got = append(got, v.String())
	}
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("Check(%s) violations (-want +got):\n%s", storyOverlay, diff)
	}
	var deployment bool
	sinkInput := ""
	for _, o := range r.objs {
		switch o := o.(type) {
		case *appsv1.Deployment:
			if o.Name != "story" {
				continue
			}
			deployment = true
			c := o.Spec.Template.Spec.Containers[0]
			if c.Image != "ghcr.io/newswire/story:dev" {
				t.Errorf("story image = %s", c.Image)
			}
			for _, e := range c.Env {
				if e.Name == "NATS_USER" && e.Value != "story" {
					t.Errorf("story NATS_USER = %q, want story", e.Value)
				}
			}
		case *corev1.ConfigMap:
			if generated.ReplaceAllString(o.Name, "") == "sink-config" {
				sinkInput = o.Data["SINK_INPUT"]
			}
		}
	}
	if !deployment {
		t.Fatalf("no story Deployment in %s", storyOverlay)
	}
	if sinkInput != "storied" {
		t.Errorf("sink-config SINK_INPUT = %q, want storied (the sink reads the story stage's output)", sinkInput)
	}
	accounts, err := os.ReadFile("../k8s/components/nats/config/accounts.conf")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(accounts), "user: story") {
		t.Error("accounts.conf has no story user")
	}
}
