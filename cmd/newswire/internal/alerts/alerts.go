// Package alerts is the pure part of `newswire alerts`: making a saved
// search from the command line's words, and printing searches and
// alerts for a person.
package alerts

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/query"
)

// Options are what `alerts add` was given.
type Options struct {
	Name, Query string
	NATS        bool
	Webhook     string
	// Secret signs webhooks; empty: a random one is made.
	Secret string
}

// NewSearch makes and checks the saved search opts describe. old, when
// not nil, is the search it replaces: it keeps its id (alerts already
// fired for a story are not fired again), creation time and, unless a new
// one is given, its secret.
func NewSearch(opts Options, old *alert.Search, now time.Time) (*alert.Search, error) {
	s := &alert.Search{
		Schema: alert.SchemaSearch, Name: opts.Name, Query: opts.Query,
		NATS: opts.NATS, Webhook: opts.Webhook, Created: now.UTC(), Updated: now.UTC(),
	}
	if old != nil {
		s.ID, s.Created = old.ID, old.Created
		if opts.Secret == "" && opts.Webhook != "" {
			s.Secret = old.Secret
		}
	}
	if s.ID == "" {
		s.ID = random(8)
	}
	if opts.Webhook != "" {
		if opts.Secret != "" {
			s.Secret = opts.Secret
		}
		if s.Secret == "" {
			s.Secret = random(32)
		}
	}
	if _, err := s.Validate(now); err != nil {
		return nil, explain(opts.Query, err)
	}
	return s, nil
}

// explain adds a caret under a query mistake's position.
func explain(q string, err error) error {
	var qe *query.Error
	if !errors.As(err, &qe) || strings.ContainsAny(q, "\n\t") {
		return err
	}
	return fmt.Errorf("%w\n  %s\n  %s^", err, q, strings.Repeat(" ", len([]rune(q[:min(qe.Pos, len(q))]))))
}

func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// Destinations says where a search's alerts go, for a person.
func Destinations(s *alert.Search, subject string) string {
	var d []string
	if s.NATS {
		d = append(d, "NATS "+subject)
	}
	if s.Webhook != "" {
		d = append(d, "POST "+s.Webhook)
	}
	return strings.Join(d, " and ")
}

// WriteList prints searches as a table, by name.
func WriteList(w io.Writer, ss []*alert.Search, subject func(string) string) error {
	sort.Slice(ss, func(i, j int) bool { return ss[i].Name < ss[j].Name })
	if len(ss) == 0 {
		_, err := fmt.Fprintln(w, "no saved searches (newswire alerts add NAME QUERY)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tQUERY\tDELIVERS TO\tUPDATED")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Query, Destinations(s, subject(s.Name)), s.Updated.Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}

// WriteAlert prints one alert on one line.
func WriteAlert(w io.Writer, a alert.Alert) error {
	when := "undated"
	if a.Article.PublishedAt != nil {
		when = a.Article.PublishedAt.UTC().Format("2006-01-02 15:04")
	}
	_, err := fmt.Fprintf(w, "%s  %-16s %s  [%s, %s]  %s\n", a.FiredAt.Local().Format("15:04:05"), a.Name, a.Article.Title, a.Article.Source, when, a.Article.ID)
	return err
}
