package bus

import (
	"context"
	"time"
)

// lagInterval is how often the consumer's pending counts are refreshed.
const lagInterval = 5 * time.Second

// watchLag refreshes the consumer's lag gauges every lagInterval until ctx
// ends or stopped is closed.
func (c *Consumer) watchLag(ctx context.Context, stopped <-chan struct{}) {
	t := time.NewTicker(lagInterval)
	defer t.Stop()
	for {
		c.refreshLag(ctx)
		select {
		case <-ctx.Done():
			return
		case <-stopped:
			return
		case <-t.C:
		}
	}
}

func (c *Consumer) refreshLag(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	info, err := c.cons.Info(ctx)
	if err != nil {
		return
	}
	labels := []string{string(c.stage), c.cfg.Consumer}
	c.metrics.pending.WithLabelValues(labels...).Set(float64(info.NumPending))
	c.metrics.ackPending.WithLabelValues(labels...).Set(float64(info.NumAckPending))
	c.metrics.redelivered.WithLabelValues(labels...).Set(float64(info.NumRedelivered))
}
