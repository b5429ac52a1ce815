package httpfetch

import (
	"net/netip"
	"testing"
)

func BenchmarkBlockedReason(b *testing.B) {
	ips := []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("::ffff:10.0.0.1"), netip.MustParseAddr("2606:4700:4700::1111")}
	for b.Loop() {
		for _, ip := range ips {
			_ = blockedReason(ip)
		}
	}
}
