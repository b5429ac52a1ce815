package bus

import (
	"net/url"
	"strings"
)

// RedactURL returns the NATS_URL list with any user name, password or
// token written into a URL (nats://user:secret@host) replaced by
// "redacted", for logs and error messages.
func RedactURL(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		u, err := url.Parse(p)
		switch {
		case err != nil && strings.Contains(p, "@"):
			parts[i] = "redacted" + p[strings.LastIndex(p, "@"):]
		case err != nil || u.User == nil:
			parts[i] = p
		default:
			u.User = url.User("redacted")
			parts[i] = u.String()
		}
	}
	return strings.Join(parts, ",")
}
