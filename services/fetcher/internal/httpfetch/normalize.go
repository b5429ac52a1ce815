package httpfetch

import (
	"fmt"
	"net/url"
	"strings"
)

// trackingParams are query parameters that only track a click; they never
// select content, so two links differing only in them are the same page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true,
	"mc_eid": true, "igshid": true, "yclid": true, "_hsenc": true, "_hsmi": true,
	"ocid": true, "cmpid": true, "ns_mchannel": true, "ns_source": true,
	"ns_campaign": true, "ns_linkname": true, "ns_fee": true,
}

// Normalize resolves ref against base (which may be nil) and puts the
// result in a stable form, so the same article gets the same ID from a feed
// link, a sitemap and a re-fetch: scheme and host lower case, default port
// and fragment dropped, an empty path made "/", and click-tracking query
// parameters (utm_*, fbclid, ...) removed. Only http and https are kept.
func Normalize(ref string, base *url.URL) (string, error) {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("normalize %q: %w", ref, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("normalize %q: scheme %q is not http or https", ref, u.Scheme)
	}
	if u.Host == "" {
		return "", fmt.Errorf("normalize %q: no host", ref)
	}
	u.User = nil
	u.Host = strings.ToLower(u.Host)
	if h, p, ok := strings.Cut(u.Host, ":"); ok && !strings.HasPrefix(u.Host, "[") {
		if (u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443") {
			u.Host = h
		}
	} else if strings.HasSuffix(u.Host, "]:80") && u.Scheme == "http" {
		u.Host = strings.TrimSuffix(u.Host, ":80")
	} else if strings.HasSuffix(u.Host, "]:443") && u.Scheme == "https" {
		u.Host = strings.TrimSuffix(u.Host, ":443")
	}
	u.Host = strings.TrimSuffix(u.Host, ".")
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		kept := make([]string, 0, 4)
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, _, _ := strings.Cut(kv, "=")
			lk := strings.ToLower(k)
			if kv == "" || strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
				continue
			}
			kept = append(kept, kv)
		}
		u.RawQuery = strings.Join(kept, "&")
	}
	u.ForceQuery = false
	return u.String(), nil
}
