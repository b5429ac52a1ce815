// Package sources is `newswire sources`: every source's health, read from
// the per-source records in the newswire_sources bucket and judged by
// sourcehealth, as a sortable table or one source in full.
package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

// Row is one source as the table shows it.
type Row struct {
	Name        string                  `json:"name"`
	Kind        string                  `json:"kind,omitempty"`
	Status      sourcehealth.Status     `json:"status"`
	Reasons     []string                `json:"reasons,omitempty"`
	LastSuccess time.Time               `json:"last_success,omitzero"`
	LastNewItem time.Time               `json:"last_new_item,omitzero"`
	ItemsPerDay float64                 `json:"items_per_day"`
	UsualGap    time.Duration           `json:"usual_gap_ns"`
	QuietAfter  time.Duration           `json:"quiet_after_ns"`
	Failures    int                     `json:"consecutive_failures"`
	Today       sourcehealth.Counts     `json:"today"`
	Total       sourcehealth.Counts     `json:"total"`
	Replayed    sourcehealth.Counts     `json:"replayed"`
	Record      sourcehealth.Record     `json:"-"`
	Assessment  sourcehealth.Assessment `json:"-"`
}

// ErrNoRecords means no stage has written a record yet: the bucket does
// not exist.
var ErrNoRecords = errors.New("no source has reported yet (the newswire_sources bucket does not exist): is the fetcher running against this NATS server?")

// Load reads every record and judges it at now.
func Load(ctx context.Context, conn *bus.Conn, now time.Time, th sourcehealth.Thresholds) ([]Row, error) {
	kv, err := conn.OpenKeyValue(ctx, sourcewatch.Bucket)
	if errors.Is(err, bus.ErrNoBucket) {
		return nil, ErrNoRecords
	}
	if err != nil {
		return nil, err
	}
	recs, err := sourcewatch.Load(ctx, kv)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(recs))
	for _, r := range recs {
		rows = append(rows, NewRow(r, now, th))
	}
	return rows, nil
}

// NewRow judges one record at now.
func NewRow(r sourcehealth.Record, now time.Time, th sourcehealth.Thresholds) Row {
	a := sourcehealth.Assess(r, now, th)
	row := Row{Name: r.Name, Status: a.Status, Reasons: a.Reasons, QuietAfter: a.QuietAfter, Record: r, Assessment: a}
	if f := r.Fetch; f != nil {
		row.Kind = f.Kind
		row.LastSuccess, row.LastNewItem = f.LastSuccess, f.LastNewItem
		row.ItemsPerDay = f.ItemsPerDay(now)
		row.UsualGap = f.UsualGap()
		row.Failures = f.ConsecutiveFailures
	} else {
		row.Kind = "(not polled)"
	}
	if ar := r.Articles; ar != nil {
		row.Today = ar.Window(now, 1)
		row.Total, row.Replayed = ar.Total, ar.Replayed
	}
	return row
}

// Sort keys.
var sortKeys = []string{"status", "name", "items", "last-new", "failures", "no-text", "no-date", "stored"}

// SortKeys lists the keys Sort accepts.
func SortKeys() []string { return slices.Clone(sortKeys) }

// Sort orders rows by key (worst or largest first; names A-Z), ties by
// name.
func Sort(rows []Row, key string) error {
	var cmp func(a, b Row) int
	desc := func(x, y float64) int {
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	}
	switch key {
	case "status":
		cmp = func(a, b Row) int { return a.Status.Severity() - b.Status.Severity() }
	case "name":
		cmp = func(a, b Row) int { return 0 }
	case "items":
		cmp = func(a, b Row) int { return desc(a.ItemsPerDay, b.ItemsPerDay) }
	case "last-new":
		// Longest silent first.
		cmp = func(a, b Row) int { return desc(float64(a.Assessment.Silent), float64(b.Assessment.Silent)) }
	case "failures":
		cmp = func(a, b Row) int { return b.Failures - a.Failures }
	case "no-text":
		cmp = func(a, b Row) int { return desc(a.Today.NoTextShare(), b.Today.NoTextShare()) }
	case "no-date":
		cmp = func(a, b Row) int { return desc(a.Today.NoDateShare(), b.Today.NoDateShare()) }
	case "stored":
		cmp = func(a, b Row) int { return desc(float64(a.Total.Stored), float64(b.Total.Stored)) }
	default:
		return fmt.Errorf("sort key %q: want one of %s", key, strings.Join(sortKeys, ", "))
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := cmp(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return nil
}

// Filter keeps the rows whose status is one of statuses (all when none).
func Filter(rows []Row, statuses []string) ([]Row, error) {
	if len(statuses) == 0 {
		return rows, nil
	}
	want := map[sourcehealth.Status]bool{}
	for _, s := range statuses {
		st := sourcehealth.Status(strings.TrimSpace(s))
		switch st {
		case sourcehealth.Healthy, sourcehealth.Failing, sourcehealth.Quiet, sourcehealth.Degraded, sourcehealth.Unknown:
			want[st] = true
		default:
			return nil, fmt.Errorf("status %q: want healthy, failing, quiet, degraded or unknown", s)
		}
	}
	var out []Row
	for _, r := range rows {
		if want[r.Status] {
			out = append(out, r)
		}
	}
	return out, nil
}

// ago writes how long before now t was, or "never".
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return sourcehealth.Round(now.Sub(t)).String() + " ago"
}

func pct(n, of int64) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

func gap(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return sourcehealth.Round(d).String()
}

// Render writes the table, then a line counting sources by status.
func Render(w io.Writer, rows []Row, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tKIND\tSTATUS\tLAST OK\tLAST NEW ITEM\tITEMS/DAY\tUSUAL GAP\tSTORED TODAY\tNO TEXT\tNO DATE\tREASON")
	counts := map[sourcehealth.Status]int{}
	for _, r := range rows {
		counts[r.Status]++
		reason := strings.Join(r.Reasons, "; ")
		if reason == "" {
			reason = "-"
		}
		lastOK := ago(now, r.LastSuccess)
		if r.Record.Fetch == nil {
			lastOK = "-"
		}
		lastNew := ago(now, r.LastNewItem)
		if r.Record.Fetch == nil {
			lastNew = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%d\t%s\t%s\t%s\n",
			r.Name, r.Kind, r.Status, lastOK, lastNew, r.ItemsPerDay, gap(r.UsualGap),
			r.Today.Stored, pct(r.Today.NoText, r.Today.Processed()), pct(r.Today.NoDate, r.Today.Normalized), reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var parts []string
	for _, s := range []sourcehealth.Status{sourcehealth.Healthy, sourcehealth.Failing, sourcehealth.Quiet, sourcehealth.Degraded, sourcehealth.Unknown} {
		if counts[s] > 0 || s != sourcehealth.Unknown {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	noun := "sources"
	if len(rows) == 1 {
		noun = "source"
	}
	_, err := fmt.Fprintf(w, "%d %s: %s\n", len(rows), noun, strings.Join(parts, ", "))
	return err
}

// RenderJSON writes the rows as a JSON array.
func RenderJSON(w io.Writer, rows []Row) error {
	if rows == nil {
		rows = []Row{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// Show writes one source in full.
func Show(w io.Writer, r Row, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(k, format string, args ...any) { fmt.Fprintf(tw, "%s\t"+format+"\n", append([]any{k}, args...)...) }
	line("source", "%s", r.Name)
	line("status", "%s", r.Status)
	for _, why := range r.Reasons {
		line("reason", "%s", why)
	}
	if f := r.Record.Fetch; f != nil {
		line("kind", "%s", f.Kind)
		if f.URL != "" {
			line("url", "%s", f.URL)
		}
		line("first watched", "%s (%s)", stamp(f.FirstSeen), ago(now, f.FirstSeen))
		line("last attempt", "%s (%s)", stamp(f.LastAttempt), ago(now, f.LastAttempt))
		line("last success", "%s (%s)", stamp(f.LastSuccess), ago(now, f.LastSuccess))
		if f.LastStatus != 0 {
			line("last HTTP status", "%d", f.LastStatus)
		}
		if f.LastError != "" {
			line("last error", "%s", f.LastError)
		}
		line("failures in a row", "%d (failing from %d)", f.ConsecutiveFailures, r.failingPolls())
		line("polls", "%d (%d failed)", f.Polls, f.Failures)
		line("last new item", "%s (%s)", stamp(f.LastNewItem), ago(now, f.LastNewItem))
		line("usual gap", "%s (median of the last %d gaps between polls with new items)", gap(f.UsualGap()), len(f.Gaps))
		line("quiet after", "%s (silent for %s)", sourcehealth.Round(r.QuietAfter), sourcehealth.Round(r.Assessment.Silent))
		line("new items", "%d (%.1f a day over the last week)", f.NewItems, f.ItemsPerDay(now))
		for _, d := range f.Days {
			line("  new items "+d.Day, "%d", d.Items)
		}
	} else {
		line("kind", "not polled by a fetcher (replayed from an archive, or no longer configured)")
	}
	if ar := r.Record.Articles; ar != nil {
		c := func(x sourcehealth.Counts) string {
			return fmt.Sprintf("%d normalized, %d without text (%s), %d without a date (%s), %d dead-lettered, %d stored",
				x.Normalized, x.NoText, pct(x.NoText, x.Processed()), x.NoDate, pct(x.NoDate, x.Normalized), x.DeadLettered, x.Stored)
		}
		line("articles (live)", "%s", c(ar.Total))
		for i := len(ar.Days) - 1; i >= 0; i-- {
			line("  "+ar.Days[i].Day, "%s", c(ar.Days[i].Counts))
		}
		if !ar.Replayed.IsZero() {
			line("articles (replayed)", "%s", c(ar.Replayed))
		}
		line("counts updated", "%s (%s)", stamp(ar.Updated), ago(now, ar.Updated))
	}
	return tw.Flush()
}

func (r Row) failingPolls() int {
	if f := r.Record.Fetch; f != nil && f.FailingPolls > 0 {
		return f.FailingPolls
	}
	return sourcehealth.DefaultFailingPolls
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// Find returns the row named name.
func Find(rows []Row, name string) (Row, bool) {
	i := slices.IndexFunc(rows, func(r Row) bool { return r.Name == name })
	if i < 0 {
		return Row{}, false
	}
	return rows[i], true
}
