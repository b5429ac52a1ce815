package bus

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://user:s3cret@nats:4222", "nats://redacted@nats:4222"},
		{"nats://t0ken@a:4222, tls://u:p%zz@b:4222", "nats://redacted@a:4222,redacted@b:4222"},
	}
	for _, tt := range tests {
		got := RedactURL(tt.in)
		if got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, secret := range []string{"s3cret", "t0ken", "p%zz"} {
			if strings.Contains(got, secret) {
				t.Errorf("RedactURL(%q) = %q shows %q", tt.in, got, secret)
			}
		}
	}
}
