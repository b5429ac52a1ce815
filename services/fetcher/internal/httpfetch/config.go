package httpfetch

import (
	"fmt"
	"strings"
	"time"
)

// Config holds the client's settings. The tags are for envconfig, which
// the service's main uses with its prefix (FETCHER_HTTP_...). They use
// split_words rather than envconfig names: a named key would also be read
// without the prefix, so a stray TIMEOUT or ALLOW in the environment would
// change the client.
type Config struct {
	UserAgent    string        `split_words:"true" default:"newswire/dev (+https://github.com/newswire/newswire)" desc:"User-Agent sent with every request: product/version (+contact URL)"`
	Timeout      time.Duration `split_words:"true" default:"30s" desc:"limit on one request hop, body included, counted from when the host's rate limit lets it go"`
	DialTimeout  time.Duration `split_words:"true" default:"10s" desc:"limit on opening a connection"`
	MaxRedirects int           `split_words:"true" default:"5" desc:"redirects followed per request"`
	MaxBodyBytes int64         `split_words:"true" default:"10485760" desc:"largest body accepted, measured after decompression"`
	// HostRate is requests per second per host; HostBurst how many may go
	// at once after a quiet spell.
	HostRate        float64 `split_words:"true" default:"1" desc:"requests per second to one host"`
	HostBurst       int     `split_words:"true" default:"1" desc:"burst of requests allowed to one host"`
	HostConcurrency int     `split_words:"true" default:"2" desc:"requests in flight to one host"`
	// Robots turns robots.txt checks on; RobotsTTL is how long a host's
	// robots.txt is cached (RFC 9309 asks for at most 24h).
	Robots    bool          `split_words:"true" default:"true" desc:"honour robots.txt"`
	RobotsTTL time.Duration `split_words:"true" default:"6h" desc:"how long a robots.txt is cached"`
	// Allow lists exceptions to the SSRF guard: CIDR prefixes
	// ("10.1.0.0/16") or host:port pairs ("feeds.internal:8080",
	// "127.0.0.1:8080"). Empty in production.
	Allow []string `split_words:"true" default:"" desc:"SSRF guard exceptions: CIDRs or host:port, comma separated"`
}

// DefaultConfig is the configuration envconfig's defaults give.
func DefaultConfig() Config {
	return Config{
		UserAgent:       "newswire/dev (+https://github.com/newswire/newswire)",
		Timeout:         30 * time.Second,
		DialTimeout:     10 * time.Second,
		MaxRedirects:    5,
		MaxBodyBytes:    10 << 20,
		HostRate:        1,
		HostBurst:       1,
		HostConcurrency: 2,
		Robots:          true,
		RobotsTTL:       6 * time.Hour,
	}
}

// validate checks the settings' meaning.
func (c Config) validate() error {
	switch {
	case c.UserAgent == "" || !strings.Contains(c.UserAgent, "/"):
		return fmt.Errorf("user agent %q: want product/version (+contact URL)", c.UserAgent)
	case c.Timeout <= 0:
		return fmt.Errorf("timeout %v: want > 0", c.Timeout)
	case c.DialTimeout <= 0:
		return fmt.Errorf("dial timeout %v: want > 0", c.DialTimeout)
	case c.MaxRedirects < 0:
		return fmt.Errorf("max redirects %d: want >= 0", c.MaxRedirects)
	case c.MaxBodyBytes <= 0:
		return fmt.Errorf("max body bytes %d: want > 0", c.MaxBodyBytes)
	case c.HostRate <= 0:
		return fmt.Errorf("host rate %v: want > 0", c.HostRate)
	case c.HostBurst < 1:
		return fmt.Errorf("host burst %d: want >= 1", c.HostBurst)
	case c.HostConcurrency < 1:
		return fmt.Errorf("host concurrency %d: want >= 1", c.HostConcurrency)
	case c.Robots && c.RobotsTTL <= 0:
		return fmt.Errorf("robots ttl %v: want > 0", c.RobotsTTL)
	}
	return nil
}
