package bus

import (
	"fmt"
	"time"
)

// Config says how to reach NATS and how the streams are sized. Services
// embed it in their own Config, so every key may be given with the
// service's prefix (TAGGER_NATS_URL) or without it (NATS_URL).
type Config struct {
	URL            string        `envconfig:"NATS_URL" default:"nats://127.0.0.1:4222" desc:"NATS server URL(s), comma separated"`
	User           string        `envconfig:"NATS_USER" desc:"NATS user name (with NATS_PASSWORD)"`
	Password       string        `envconfig:"NATS_PASSWORD" desc:"NATS password"`
	Token          string        `envconfig:"NATS_TOKEN" desc:"NATS authentication token"`
	CredsFile      string        `envconfig:"NATS_CREDS" desc:"path to a NATS .creds file (JWT and NKey seed)"`
	NKeyFile       string        `envconfig:"NATS_NKEY" desc:"path to a file holding an NKey seed"`
	TLSCA          string        `envconfig:"NATS_TLS_CA" desc:"path to a CA certificate that signs the NATS server's certificate"`
	TLSCert        string        `envconfig:"NATS_TLS_CERT" desc:"path to a client certificate for mutual TLS"`
	TLSKey         string        `envconfig:"NATS_TLS_KEY" desc:"path to the client certificate's key"`
	ConnectTimeout time.Duration `envconfig:"NATS_CONNECT_TIMEOUT" default:"5s" desc:"time to wait for each connection attempt"`
	ConnectWait    time.Duration `envconfig:"NATS_CONNECT_WAIT" default:"2m" desc:"how long start-up keeps retrying an unreachable server before giving up"`

	StreamReplicas  int           `envconfig:"NATS_STREAM_REPLICAS" default:"1" desc:"replicas of each stream (3 on a JetStream cluster)"`
	StreamMaxAge    time.Duration `envconfig:"NATS_STREAM_MAX_AGE" default:"168h" desc:"how long the article streams keep messages for replay"`
	StreamMaxBytes  int64         `envconfig:"NATS_STREAM_MAX_BYTES" default:"-1" desc:"size limit of each article stream in bytes (-1: none)"`
	DuplicateWindow time.Duration `envconfig:"NATS_DUPLICATE_WINDOW" default:"2m" desc:"window in which a repeated Nats-Msg-Id is dropped by the server"`
	Provision       string        `envconfig:"NATS_PROVISION" default:"create" desc:"at start-up: create (create or update the streams, consumers and buckets the service needs) or verify (only check them and fail when one is missing or differs; newswire streams apply provisions them)"`
}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	switch {
	case c.URL == "":
		return fmt.Errorf("NATS_URL is empty")
	case c.StreamReplicas < 1 || c.StreamReplicas > 5:
		return fmt.Errorf("NATS_STREAM_REPLICAS = %d, want 1 to 5", c.StreamReplicas)
	case c.StreamMaxAge < 0:
		return fmt.Errorf("NATS_STREAM_MAX_AGE = %s, want >= 0", c.StreamMaxAge)
	case c.DuplicateWindow <= 0:
		return fmt.Errorf("NATS_DUPLICATE_WINDOW = %s, want > 0", c.DuplicateWindow)
	case c.StreamMaxAge > 0 && c.DuplicateWindow > c.StreamMaxAge:
		return fmt.Errorf("NATS_DUPLICATE_WINDOW (%s) exceeds NATS_STREAM_MAX_AGE (%s)", c.DuplicateWindow, c.StreamMaxAge)
	case (c.User == "") != (c.Password == ""):
		return fmt.Errorf("NATS_USER and NATS_PASSWORD must be set together")
	case c.Provision != "" && c.Provision != ProvisionCreate && c.Provision != ProvisionVerify:
		return fmt.Errorf("NATS_PROVISION = %q, want create or verify", c.Provision)
	case (c.TLSCert == "") != (c.TLSKey == ""):
		return fmt.Errorf("NATS_TLS_CERT and NATS_TLS_KEY must be set together")
	}
	return nil
}

// ConsumerConfig sizes a service's durable pull consumer.
type ConsumerConfig struct {
	Consumer        string        `split_words:"true" desc:"durable consumer name (default: the service's name; sinks side by side need different names)"`
	MaxAckPending   int           `split_words:"true" default:"512" desc:"messages handed out and not yet acknowledged, at most"`
	MaxDeliver      int           `split_words:"true" default:"5" desc:"deliveries of one message before it is dead-lettered"`
	AckWait         time.Duration `split_words:"true" default:"60s" desc:"time a message may stay unacknowledged before the server redelivers it"`
	RetryBackoff    time.Duration `split_words:"true" default:"1s" desc:"delay before the first retry of a failed message; doubles per attempt"`
	RetryMaxBackoff time.Duration `split_words:"true" default:"2m" desc:"longest delay between retries"`
	Concurrency     int           `split_words:"true" default:"8" desc:"messages processed at once"`
}

// Validate checks the settings for meaning.
func (c ConsumerConfig) Validate() error {
	switch {
	case c.Consumer == "":
		return fmt.Errorf("consumer name is empty")
	case c.MaxAckPending < 1:
		return fmt.Errorf("MAX_ACK_PENDING = %d, want >= 1", c.MaxAckPending)
	case c.MaxDeliver < 1:
		return fmt.Errorf("MAX_DELIVER = %d, want >= 1", c.MaxDeliver)
	case c.AckWait < time.Second:
		return fmt.Errorf("ACK_WAIT = %s, want >= 1s", c.AckWait)
	case c.RetryBackoff <= 0 || c.RetryMaxBackoff < c.RetryBackoff:
		return fmt.Errorf("RETRY_BACKOFF = %s and RETRY_MAX_BACKOFF = %s, want 0 < backoff <= max", c.RetryBackoff, c.RetryMaxBackoff)
	case c.Concurrency < 1 || c.Concurrency > c.MaxAckPending:
		return fmt.Errorf("CONCURRENCY = %d, want 1 to MAX_ACK_PENDING (%d)", c.Concurrency, c.MaxAckPending)
	}
	return nil
}

// retryDelay is the delay before delivery number n+1 after n failed ones.
func (c ConsumerConfig) retryDelay(delivered uint64) time.Duration {
	d := c.RetryBackoff
	for i := uint64(1); i < delivered && d < c.RetryMaxBackoff; i++ {
		d *= 2
	}
	return min(d, c.RetryMaxBackoff)
}
