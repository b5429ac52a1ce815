// Package alert is the contract of saved searches and the alerts they
// fire: the record `newswire alerts add` stores in a JetStream key-value
// bucket and the notifier follows, the document an alert delivers (on a
// NATS subject and in a webhook's body), and the webhook's HMAC-SHA256
// signature. It is pure: no NATS, no HTTP client.
package alert

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/netguard"
	"github.com/newswire/newswire/pkg/query"
)

// Schema versions.
const (
	// SchemaSearch identifies a saved search record.
	SchemaSearch = "newswire.saved-search/v1"
	// SchemaAlert identifies an alert document.
	SchemaAlert = "newswire.alert/v1"
)

// Bucket is the default key-value bucket of saved searches
// (NOTIFY_SEARCH_BUCKET), one key per name; SentBucket
// (NOTIFY_SENT_BUCKET) records which story each search has alerted on and
// which webhooks were delivered.
const (
	Bucket     = "newswire_alerts"
	SentBucket = "newswire_alerts_sent"
)

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid saved search")

// nameRE is what a name may be: it becomes a NATS subject token
// (alerts.<name>) and a key-value key.
var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidName reports whether name may name a saved search: 1-64 lower-case
// letters, digits, '-' and '_', starting with a letter or digit.
func ValidName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("name %q: want 1-64 of a-z, 0-9, '-' and '_', starting with a letter or digit: %w", name, ErrInvalid)
	}
	return nil
}

// Search is a saved search: a name, a query, and where its alerts go.
type Search struct {
	Schema string `json:"schema"`
	// ID is random, made when the search is first added and kept when it
	// is replaced: alerts already fired for a story are not fired again
	// after an edit; after rm and add they may be.
	ID    string `json:"id"`
	Name  string `json:"name"`
	Query string `json:"query"`
	// NATS publishes each alert on alerts.<Name> (bus.SubjectAlert).
	NATS bool `json:"nats"`
	// Webhook, when set, receives each alert as an HTTP POST, signed with
	// Secret.
	Webhook string    `json:"webhook,omitempty"`
	Secret  string    `json:"secret,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// MaxQueryBytes bounds a saved query (the query language's own limit).
const MaxQueryBytes = 4096

// Validate checks s and returns the parsed query.
func (s *Search) Validate(now time.Time) (*query.Query, error) {
	if err := ValidName(s.Name); err != nil {
		return nil, err
	}
	switch {
	case s.Schema != SchemaSearch:
		return nil, fmt.Errorf("%s: schema %q, want %q: %w", s.Name, s.Schema, SchemaSearch, ErrInvalid)
	case s.ID == "" || len(s.ID) > 64 || strings.ContainsAny(s.ID, ". *>"):
		return nil, fmt.Errorf("%s: id %q: %w", s.Name, s.ID, ErrInvalid)
	case !s.NATS && s.Webhook == "":
		return nil, fmt.Errorf("%s: no destination: give a webhook URL or NATS delivery: %w", s.Name, ErrInvalid)
	case s.Webhook != "" && s.Secret == "":
		return nil, fmt.Errorf("%s: a webhook needs a secret to sign with: %w", s.Name, ErrInvalid)
	}
	if s.Webhook != "" {
		if err := CheckWebhook(s.Webhook); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	q, err := query.ParseAt(s.Query, now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Name, err)
	}
	return q, nil
}

// CheckWebhook checks a webhook URL's form: http or https, a host, no
// user information. Where it points is checked when it is dialled (the
// notifier's SSRF guard).
func CheckWebhook(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("webhook: %v: %w", err, ErrInvalid)
	}
	if err := netguard.CheckURL(u); err != nil {
		return fmt.Errorf("webhook %w", err)
	}
	if u.User != nil {
		return fmt.Errorf("webhook %s: no user information in the URL (the body is signed instead): %w", u.Redacted(), ErrInvalid)
	}
	return nil
}

// StoryKey is what "one alert per story" counts: the article's story, or
// the article itself when it has none (no story stage).
func StoryKey(a *article.Article) string {
	if a.StoryID != "" {
		return a.StoryID
	}
	return a.ID
}

// ID is the alert's id: one per search and story. Receivers may use it to
// drop a repeat (deliveries are at least once).
func ID(searchID, storyKey string) string { return searchID + "-" + storyKey }

// Alert is what an alert delivers: on alerts.<name> and as a webhook's
// body.
type Alert struct {
	Schema string `json:"schema"`
	ID     string `json:"id"`
	// Name and Query are the saved search's.
	Name  string `json:"name"`
	Query string `json:"query"`
	// StoryID is the story alerted on (empty without the story stage);
	// Article the article that first matched in it.
	StoryID string    `json:"story_id,omitempty"`
	Article Summary   `json:"article"`
	FiredAt time.Time `json:"fired_at"`
}

// Summary is the part of an article an alert carries; the whole article
// is in the sink and the search API (/api/articles/{id}).
type Summary struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	URL         string          `json:"url,omitempty"`
	Source      string          `json:"source"`
	Language    string          `json:"language,omitempty"`
	PublishedAt *time.Time      `json:"published_at"`
	DuplicateOf string          `json:"duplicate_of,omitempty"`
	Lead        string          `json:"lead"`
	Entities    []SummaryEntity `json:"entities,omitempty"`
}

// SummaryEntity is one distinct entity of the article.
type SummaryEntity struct {
	Type      string `json:"type"`
	Canonical string `json:"canonical"`
	ID        string `json:"id,omitempty"`
}

// Limits of a Summary, which keep an alert small.
const (
	leadChars   = 300
	maxEntities = 20
)

// New makes the alert s fires for a.
func New(s *Search, a *article.Article, firedAt time.Time) Alert {
	sum := Summary{
		ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source.Name, Language: a.Language,
		PublishedAt: a.PublishedAt, DuplicateOf: a.DuplicateOf, Lead: lead(a.Text),
	}
	if a.Tags != nil {
		seen := map[string]bool{}
		for _, e := range a.Tags.Entities {
			k := e.Type + "\x00" + e.Canonical
			if seen[k] || len(sum.Entities) == maxEntities {
				continue
			}
			seen[k] = true
			sum.Entities = append(sum.Entities, SummaryEntity{Type: e.Type, Canonical: e.Canonical, ID: e.ID})
		}
	}
	return Alert{
		Schema: SchemaAlert, ID: ID(s.ID, StoryKey(a)), Name: s.Name, Query: s.Query,
		StoryID: a.StoryID, Article: sum, FiredAt: firedAt.UTC(),
	}
}

// lead is the text's first leadChars characters, cut at a space.
func lead(text string) string {
	if utf8.RuneCountInString(text) <= leadChars {
		return text
	}
	n, cut := 0, len(text)
	for i := range text {
		if n == leadChars {
			cut = i
			break
		}
		n++
	}
	s := text[:cut]
	if i := strings.LastIndexAny(s, " \n"); i > leadChars/2 {
		s = s[:i]
	}
	return strings.TrimSpace(s) + "…"
}
