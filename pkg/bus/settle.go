package bus

import (
	"context"
	"time"
)

// settle runs a JetStream API call (creating a stream, a consumer, a
// bucket) until it succeeds, fails for a reason that does not pass, ctx
// ends or NATS_CONNECT_WAIT has passed. On a cluster such calls fail while
// the meta leader is being elected (a node killed, restarted in a rolling
// upgrade or cut off): a service starting then waits for the cluster, as
// it waits for an unreachable server, instead of exiting.
func (c *Conn) settle(ctx context.Context, call func(ctx context.Context) error) error {
	deadline := time.Now().Add(c.cfg.ConnectWait)
	delay := 250 * time.Millisecond
	for {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := call(actx)
		cancel()
		if err == nil || !transient(err) || ctx.Err() != nil || time.Now().Add(delay).After(deadline) {
			return err
		}
		c.log.Warn("jetstream not available yet; retrying", "err", err, "retry_in", delay)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}
