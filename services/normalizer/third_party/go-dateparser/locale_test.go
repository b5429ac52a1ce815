package dateparser_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-dateparser/date"
	"github.com/markusmobius/go-dateparser/internal/data"
)

var update = flag.Bool("update", false, "rewrite testdata/locale-dates.golden from the parses as they come out now")

// TestLocaleDates parses, in every locale, a few dates made of that
// locale's own month and weekday words and its first relative phrase, and
// a few strings with no language given (every locale is tried), from
// several goroutines that fetch the tables at once, then runs a
// language-detecting search over every language; it compares every result
// with testdata/locale-dates.golden, which was written from upstream v1.2.3
// (all tables built by init functions). Run alone (-run TestLocaleDates) it
// is the first to touch the tables, so they are built in the order these
// goroutines ask for them. The goroutines share one Parser, whose lock
// serializes the parses, as go-htmldate's shared parser does: upstream's
// string normalizers (internal/strutil) share golang.org/x/text
// transformers, which are not safe for concurrent use, so two Parsers at
// work at once can panic, with or without lazy tables.
func TestLocaleDates(t *testing.T) {
	now := time.Date(2012, 11, 13, 9, 30, 0, 0, time.UTC)

	locales := make([]string, 0, len(data.LocaleOrder))
	for l := range data.LocaleOrder {
		locales = append(locales, l)
	}
	slices.Sort(locales)

	// Jobs: the strings without a language first, so that they run while
	// the per-locale ones are still building their tables. Each job writes
	// its own block of lines.
	type job struct{ locale, input string }
	var jobs []job
	for _, s := range []string{
		"13 января 2015 г. в 13:34", "Martes 21 de Octubre de 2014", "2014年5月11日",
		"11 Mai 2014", "10 giugno 2014 alle 09:30", "2 hafta önce", "il y a 3 jours",
	} {
		jobs = append(jobs, job{"*", s})
	}
	for _, l := range locales {
		jobs = append(jobs, job{locale: l})
	}

	blocks := make([][]string, len(jobs))
	ch := make(chan int)
	var wg sync.WaitGroup
	p := &dps.Parser{}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				j := jobs[i]
				cfg := &dps.Configuration{CurrentTime: now}
				switch j.locale {
				case "*":
					dt, err := p.Parse(cfg, j.input)
					blocks[i] = []string{fmt.Sprintf("*\t%q\t%s", j.input, show(dt, err))}
				default:
					ld, ok := data.GetLocaleData(j.locale)
					if !ok {
						blocks[i] = []string{j.locale + "\tnot found"}
						continue
					}
					cfg.Locales = []string{j.locale}
					for _, in := range localeInputs(ld) {
						dt, err := p.Parse(cfg, in)
						blocks[i] = append(blocks[i], fmt.Sprintf("%s\t%q\t%s", j.locale, in, show(dt, err)))
					}
				}
			}
		}()
	}
	for i := range jobs {
		ch <- i
	}
	close(ch)
	wg.Wait()
	var got []string
	for _, b := range blocks {
		got = append(got, b...)
	}
	search := "Le 11 décembre 2014 à 09:00, puis le 3 janvier 2015."
	lang, res, err := p.Search(&dps.Configuration{CurrentTime: now}, search)
	var found []string
	for _, r := range res {
		found = append(found, fmt.Sprintf("%q=%s", r.Text, show(r.Date, nil)))
	}
	got = append(got, fmt.Sprintf("search\t%q\t%s %s %v", search, lang, strings.Join(found, " "), err))

	golden := filepath.Join("testdata", "locale-dates.golden")
	text := strings.Join(got, "\n") + "\n"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	// Lines, not positions: a table that lost words also loses inputs.
	if missing, extra := lineDiff(want, got); len(missing)+len(extra) > 0 {
		t.Errorf("%d of the golden's %d lines missing, %d lines not in it", len(missing), len(want), len(extra))
		for i := 0; i < len(missing) && i < 20; i++ {
			t.Errorf("want %s", missing[i])
		}
		for i := 0; i < len(extra) && i < 20; i++ {
			t.Errorf("got  %s", extra[i])
		}
	}
}

// lineDiff returns the lines of want not in got and those of got not in
// want, counting repeats.
func lineDiff(want, got []string) (missing, extra []string) {
	n := map[string]int{}
	for _, l := range got {
		n[l]++
	}
	for _, l := range want {
		if n[l] > 0 {
			n[l]--
		} else {
			missing = append(missing, l)
		}
	}
	for _, l := range got {
		if n[l] > 0 {
			n[l]--
			extra = append(extra, l)
		}
	}
	return missing, extra
}

// localeInputs returns dates written with ld's own words: its longest
// words for January and October in two orders, its longest word for
// Tuesday with a time, and its first relative phrase.
func localeInputs(ld *data.LocaleData) []string {
	longest := func(en string) string {
		var best string
		for w, tr := range ld.Translations {
			if slices.Contains(tr, en) && (len(w) > len(best) || len(w) == len(best) && w < best) {
				best = w
			}
		}
		return best
	}
	var out []string
	if m := longest("january"); m != "" {
		out = append(out, "3 "+m+" 2021")
	}
	if m := longest("october"); m != "" {
		out = append(out, m+" 21, 2014 10:15")
	}
	if d := longest("tuesday"); d != "" {
		out = append(out, d+" 10:15")
	}
	rel := make([]string, 0, len(ld.RelativeType))
	for k := range ld.RelativeType {
		rel = append(rel, k)
	}
	slices.Sort(rel)
	if len(rel) > 0 {
		out = append(out, rel[0])
	}
	return out
}

func show(dt date.Date, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if dt.IsZero() {
		return "zero"
	}
	return fmt.Sprintf("%s %s %s", dt.Time.Format(time.RFC3339Nano), dt.Period, dt.Locale)
}
