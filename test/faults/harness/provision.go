package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// provision runs `newswire streams apply` as the admin user with the
// services' environment, as deploy/k8s's Job does, before services that
// only verify the streams start. Without a password the services create
// what they need themselves and nothing is done.
func (p *Pipeline) provision() error {
	if p.cfg.Password == "" {
		return nil
	}
	var env, sinks, stages []string
	for _, n := range p.Order {
		pr := p.Procs[n]
		env = append(env, pr.Env...)
		if s := filepath.Base(pr.Path); !slices.Contains(stages, s) {
			stages = append(stages, s)
		}
		if filepath.Base(pr.Path) == "sink" {
			name := "sink"
			for _, e := range pr.Env {
				if v, ok := strings.CutPrefix(e, "SINK_CONSUMER="); ok {
					name = v
				}
			}
			sinks = append(sinks, name)
		}
	}
	// The admin's credentials come last: they win over the services'.
	env = append(env, "NATS_URL="+p.NATSURL(), "NATS_USER="+AdminUser, "NATS_PASSWORD="+p.cfg.Password)
	// Only the consumers of the stages that run: one nobody reads would
	// never drain.
	args := []string{"streams", "apply", "-stages", strings.Join(stages, ",")}
	if len(sinks) > 0 {
		args = append(args, "-sinks", strings.Join(sinks, ","))
	}
	cmd := exec.Command(filepath.Join(p.cfg.Bin, "newswire"), args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if werr := os.WriteFile(filepath.Join(p.cfg.Dir, "logs", "streams-apply.log"), out, 0o644); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("newswire streams apply: %w\n%s", err, out)
	}
	return nil
}

// TLSFiles are PEM files: a CA, and a certificate it signed with its key.
type TLSFiles struct {
	CA, Cert, Key string
}

// Provision is what Start does between starting the broker and the
// services, for a caller that starts them itself (benchpipeline starts the
// broker and every service but the fetcher).
func (p *Pipeline) Provision() error { return p.provision() }
