package manifest

import (
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// TestNotifyComponent renders prod, which has the notifier: its image and
// NATS user, NOTIFY_INPUT taken from the sink's SINK_INPUT, and a network
// policy that lets it reach NATS and public addresses on 80 and 443 only.
func TestNotifyComponent(t *testing.T) {
	r := render(t, "../k8s/overlays/prod")
	var deployment, policy bool
	for _, o := range r.objs {
		switch o := o.(type) {
		case *appsv1.Deployment:
			if o.Name != "notify" {
				continue
			}
			deployment = true
			c := o.Spec.Template.Spec.Containers[0]
			if c.Image != "ghcr.io/newswire/notify:dev" {
				t.Errorf("notify image = %s", c.Image)
			}
			env := map[string]bool{}
			for _, e := range c.Env {
				switch {
				case e.Name == "NATS_USER" && e.Value == "notify":
					env[e.Name] = true
				case e.Name == "NOTIFY_INPUT" && e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil &&
					generated.ReplaceAllString(e.ValueFrom.ConfigMapKeyRef.Name, "") == "sink-config" &&
					e.ValueFrom.ConfigMapKeyRef.Key == "SINK_INPUT":
					env[e.Name] = true
				}
			}
			if !env["NATS_USER"] || !env["NOTIFY_INPUT"] {
				t.Errorf("notify env %+v: want NATS_USER=notify and NOTIFY_INPUT from sink-config's SINK_INPUT", c.Env)
			}
		case *networkingv1.NetworkPolicy:
			if o.Name != "notify" {
				continue
			}
			policy = true
			for _, e := range o.Spec.Egress {
				for _, to := range e.To {
					if to.IPBlock == nil {
						continue
					}
					for _, private := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} {
						if !slices.Contains(to.IPBlock.Except, private) {
							t.Errorf("notify egress to %s does not except %s", to.IPBlock.CIDR, private)
						}
					}
				}
			}
		}
	}
	if !deployment || !policy {
		t.Errorf("prod renders notify Deployment %v, NetworkPolicy %v; want both", deployment, policy)
	}
}
