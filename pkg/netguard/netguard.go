// Package netguard keeps newswire's outbound HTTP away from internal
// addresses (an SSRF guard): loopback, private, link-local, metadata
// services and the like. The fetcher (pages and feeds from the open web)
// and the notifier (webhooks users name) dial through one Guard, so both
// refuse the same addresses for the same reasons. It checks the address
// actually dialled, after name resolution, on every dial: DNS rebinding and
// redirects cannot slip past it.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// ErrSSRF means the address (or a redirect's address) is one newswire
// must not reach: loopback, private, link-local and the like, or a scheme
// other than http and https.
var ErrSSRF = errors.New("address refused by ssrf guard")

// blockedPrefixes are ranges the netip predicates do not cover.
var blockedPrefixes = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "cgnat"},
	{netip.MustParsePrefix("192.0.0.0/24"), "ietf-reserved"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("::/96"), "ipv4-compatible"},
	{netip.MustParsePrefix("100::/64"), "discard"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
}

// Prefixes that embed an IPv4 address, which is checked in turn.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	nat64Loc  = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// BlockedReason says why ip must not be dialled, or "" when it may be.
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4
// address they carry, as are NAT64 and 6to4 addresses.
func BlockedReason(ip netip.Addr) string {
	ip = ip.WithZone("").Unmap()
	switch {
	case !ip.IsValid():
		return "invalid"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	case ip.Is4() && ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast"
	}
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip), nat64Loc.Contains(ip):
			if r := BlockedReason(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); r != "" {
				return "nat64-" + r
			}
		case sixToFour.Contains(ip):
			if r := BlockedReason(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})); r != "" {
				return "6to4-" + r
			}
		}
	}
	for _, p := range blockedPrefixes {
		if p.prefix.Contains(ip) {
			return p.reason
		}
	}
	return ""
}

// Guard refuses connections to addresses newswire must not reach, except
// those on its allow-list. It is immutable and safe for concurrent use.
type Guard struct {
	prefixes  []netip.Prefix
	hostPorts map[string]bool
}

// New builds a Guard whose exceptions are allow: CIDR prefixes
// ("10.1.0.0/16") or host:port pairs ("feeds.internal:8080",
// "127.0.0.1:8080"). Empty in production.
func New(allow []string) (*Guard, error) {
	g := &Guard{hostPorts: map[string]bool{}}
	for _, e := range allow {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if strings.Contains(e, "/") {
			p, err := netip.ParsePrefix(e)
			if err != nil {
				return nil, fmt.Errorf("allow entry %q: %w", e, err)
			}
			g.prefixes = append(g.prefixes, p.Masked())
			continue
		}
		if ap, err := netip.ParseAddrPort(e); err == nil {
			g.hostPorts[ap.String()] = true
			continue
		}
		i := strings.LastIndexByte(e, ':')
		if i <= 0 || i == len(e)-1 {
			return nil, fmt.Errorf("allow entry %q: want a CIDR or host:port", e)
		}
		g.hostPorts[strings.ToLower(e)] = true
	}
	return g, nil
}

// allowsAddr reports whether a dialled ip:port is on the list.
func (g *Guard) allowsAddr(ap netip.AddrPort) bool {
	if g.hostPorts[ap.String()] {
		return true
	}
	for _, p := range g.prefixes {
		if p.Contains(ap.Addr()) || p.Contains(ap.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// allowsHostPort reports whether a host:port, before resolution, is listed.
func (g *Guard) allowsHostPort(hostPort string) bool {
	return g.hostPorts[strings.ToLower(hostPort)]
}

// Control is a net.Dialer.Control function: it runs after name
// resolution and before connect, on the address actually used.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s %s: unparsable address: %w", network, address, ErrSSRF)
	}
	if g.allowsAddr(ap) {
		return nil
	}
	if r := BlockedReason(ap.Addr()); r != "" {
		return fmt.Errorf("dial %s: %s address: %w", address, r, ErrSSRF)
	}
	return nil
}

// DialContext returns a dial function for an http.Transport: it dials
// with d and the guard on, unless the host:port as written is on the
// allow-list (an internal host by name), which it dials with d unguarded.
// d is copied; its Control is replaced.
func (g *Guard) DialContext(d net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	open := d
	open.Control = nil
	guarded := d
	guarded.Control = g.Control
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if g.allowsHostPort(addr) {
			return open.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
}

// CheckURL refuses schemes other than http and https (file:, gopher:,
// ftp: would reach places the guard cannot see) and URLs without a host.
func CheckURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%s: scheme %q: %w", u.Redacted(), u.Scheme, ErrSSRF)
	}
	if u.Host == "" {
		return fmt.Errorf("%s: no host: %w", u.Redacted(), ErrSSRF)
	}
	return nil
}
