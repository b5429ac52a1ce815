package netguard

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestBlockedReason(t *testing.T) {
	tests := []struct {
		ip, want string
	}{
		{"127.0.0.1", "loopback"},
		{"127.255.0.9", "loopback"},
		{"::1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"169.254.169.254", "link-local"},
		{"169.254.0.1", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"ff02::1", "multicast"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "this-network"},
		{"100.64.0.1", "cgnat"},
		{"100.127.255.254", "cgnat"},
		{"255.255.255.255", "broadcast"},
		{"240.0.0.1", "reserved"},
		{"198.18.0.1", "benchmarking"},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:169.254.169.254", "link-local"},
		{"::ffff:10.0.0.1", "private"},
		{"::ffff:100.64.0.1", "cgnat"},
		{"64:ff9b::a9fe:a9fe", "nat64-link-local"},
		{"2002:7f00:1::", "6to4-loopback"},
		{"::127.0.0.1", "ipv4-compatible"},
		{"8.8.8.8", ""},
		{"93.184.216.34", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"2606:4700:4700::1111", ""},
		{"64:ff9b::808:808", ""},
	}
	for _, tt := range tests {
		t.Run(tt.ip, func(t *testing.T) {
			if got := BlockedReason(netip.MustParseAddr(tt.ip)); got != tt.want {
				t.Errorf("BlockedReason(%q) = %q, want %q", tt.ip, got, tt.want)
			}
		})
	}
}

// TestGuard dials a real loopback server: refused without an allow-list
// entry, reached with a CIDR or with its host:port.
func TestGuard(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	for _, tt := range []struct {
		name  string
		allow []string
		ok    bool
	}{
		{"none", nil, false},
		{"other host", []string{"127.0.0.1:1"}, false},
		{"cidr", []string{"127.0.0.0/8"}, true},
		{"host:port", []string{hostPort}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, err := New(tt.allow)
			if err != nil {
				t.Fatal(err)
			}
			c := &http.Client{Transport: &http.Transport{DialContext: g.DialContext(net.Dialer{Timeout: 5 * time.Second})}}
			resp, err := c.Get(srv.URL)
			if err == nil {
				resp.Body.Close()
			}
			if tt.ok != (err == nil) || !tt.ok && !errors.Is(err, ErrSSRF) {
				t.Errorf("Get with allow %v: err = %v, want ok %v", tt.allow, err, tt.ok)
			}
		})
	}
	// The metadata service is refused before any connection is tried.
	g, _ := New(nil)
	if _, err := g.DialContext(net.Dialer{})(context.Background(), "tcp", "169.254.169.254:80"); !errors.Is(err, ErrSSRF) {
		t.Errorf("dial 169.254.169.254:80: err = %v, want ErrSSRF", err)
	}
}

func TestNewRefusesBadEntries(t *testing.T) {
	for _, e := range []string{"10.0.0.0/33", "nonsense", "host:"} {
		if _, err := New([]string{e}); err == nil {
			t.Errorf("New(%q) = nil error", e)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for u, ok := range map[string]bool{"https://example.com/x": true, "http://a:8080": true, "file:///etc/passwd": false, "gopher://x/": false, "/relative": false} {
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckURL(pu); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", u, err, ok)
		}
	}
}

func BenchmarkBlockedReason(b *testing.B) {
	ips := []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("::ffff:10.0.0.1"), netip.MustParseAddr("2606:4700:4700::1111")}
	for b.Loop() {
		for _, ip := range ips {
			_ = BlockedReason(ip)
		}
	}
}
