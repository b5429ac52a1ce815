package httpfetch

import (
	"bufio"
	"bytes"
	"strings"
	"time"
)

// maxRobotsBytes is how much of a robots.txt is read; RFC 9309 asks
// crawlers to parse at least 500 KiB.
const maxRobotsBytes = 512 << 10

// Robots holds the rules of one robots.txt that apply to one crawler.
type Robots struct {
	rules []robotsRule
	// CrawlDelay is the group's Crawl-delay, 0 when absent. It is not
	// part of RFC 9309 but many sites set it.
	CrawlDelay time.Duration
	// disallowAll is set when robots.txt could not be fetched (5xx or a
	// network error): RFC 9309 says to assume complete disallow.
	disallowAll bool
}

type robotsRule struct {
	allow   bool
	pattern string
}

// ParseRobots parses a robots.txt body (RFC 9309) for the crawler whose
// product token is agent ("newswire"). Groups naming the agent apply;
// when none does, the "*" groups apply. Unknown lines are ignored.
func ParseRobots(body []byte, agent string) *Robots {
	if len(body) > maxRobotsBytes {
		body = body[:maxRobotsBytes]
	}
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			inAgents = true
			cur.agents = append(cur.agents, strings.ToLower(val))
		case "allow", "disallow":
			inAgents = false
			if cur == nil || val == "" {
				continue // rules before any user-agent line, or "Disallow:" (allow all)
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: val})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if d, err := time.ParseDuration(val + "s"); err == nil && d > 0 {
				cur.delay = d
			}
		default:
			// Sitemap lines and other records end a user-agent run too.
			if key == "sitemap" {
				continue
			}
			inAgents = false
		}
	}
	pick := func(match func(string) bool) *Robots {
		var r *Robots
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					if r == nil {
						r = &Robots{}
					}
					r.rules = append(r.rules, g.rules...)
					r.CrawlDelay = max(r.CrawlDelay, g.delay)
					break
				}
			}
		}
		return r
	}
	if r := pick(func(a string) bool { return a == agent }); r != nil {
		return r
	}
	if r := pick(func(a string) bool { return a == "*" }); r != nil {
		return r
	}
	return &Robots{}
}

// Allowed reports whether path (with its query, as in a request line) may
// be fetched: the longest matching rule decides, Allow winning a tie.
func (r *Robots) Allowed(path string) bool {
	if path == "/robots.txt" {
		return true
	}
	if r.disallowAll {
		return false
	}
	if path == "" {
		path = "/"
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern: "*" matches any run of
// characters and a final "$" anchors the end. Matching is greedy from the
// left, which is exact for these patterns and linear in the input.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	last := parts[len(parts)-1]
	if anchored {
		return strings.HasSuffix(rest, last)
	}
	return strings.Contains(rest, last)
}
