package extract

import (
	"encoding/json"

	dps "github.com/markusmobius/go-dateparser"
	htmldate "github.com/newswire/newswire/services/normalizer/internal/htmldate"
	"golang.org/x/net/html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// earliest is the earliest publication date believed: web news before 1995
// is almost always a parsing accident (a birth date, "0000-00-00").
var earliest = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

// future is how far past Options.Now a date may lie (time zones, clock skew).
const future = 48 * time.Hour

// findDates fills res's timestamps from the most trusted source that has
// one: JSON-LD, meta tags, <time> elements, the URL; and DateText when none
// has a publication date.
func findDates(m *pageMeta, pageURL string, now time.Time, res *Result) {
	ok := func(t time.Time) bool { return !t.Before(earliest) && !t.After(now.Add(future)) }
	set := func(dst **time.Time, src *DateSource, t time.Time, from DateSource) {
		if *dst == nil && ok(t) {
			*dst, *src = &t, from
		}
	}

	pub, upd := jsonLDDates(m.jsonLD)
	if t, good := parseDate(pub); good {
		set(&res.PublishedAt, &res.PublishedFrom, t, SourceJSONLD)
	}
	if t, good := parseDate(upd); good {
		set(&res.UpdatedAt, &res.UpdatedFrom, t, SourceJSONLD)
	}

	for rank := 1; rank <= 3; rank++ {
		for _, r := range m.published {
			if r.rank == rank && res.PublishedAt == nil {
				if t, good := parseDate(r.value); good {
					set(&res.PublishedAt, &res.PublishedFrom, t, SourceMeta)
				}
			}
		}
		for _, r := range m.updated {
			if r.rank == rank && res.UpdatedAt == nil {
				if t, good := parseDate(r.value); good {
					set(&res.UpdatedAt, &res.UpdatedFrom, t, SourceMeta)
				}
			}
		}
	}

	// <time>: one marked as the publication date, else the first one inside
	// <article>/<main>, else the first one in the page.
	for _, pass := range []func(timeElem) bool{
		func(te timeElem) bool { return te.pub },
		func(te timeElem) bool { return te.main && !te.upd },
		func(te timeElem) bool { return !te.upd },
	} {
		for _, te := range m.times {
			if res.PublishedAt == nil && pass(te) {
				if t, good := parseDate(te.value); good {
					set(&res.PublishedAt, &res.PublishedFrom, t, SourceTime)
				}
			}
		}
	}
	for _, te := range m.times {
		if te.upd && res.UpdatedAt == nil {
			if t, good := parseDate(te.value); good {
				set(&res.UpdatedAt, &res.UpdatedFrom, t, SourceTime)
			}
		}
	}

	if res.PublishedAt == nil {
		for _, u := range []string{pageURL, m.canonical, m.ogURL} {
			if t, good := urlDate(u); good {
				set(&res.PublishedAt, &res.PublishedFrom, t, SourceURL)
				break
			}
		}
	}

	if res.PublishedAt == nil && len(m.dateTexts) > 0 {
		res.DateText = m.dateTexts[0]
	}
}

// textDate asks go-htmldate to find the publication date in the page's
// text (datelines, "Posted on 7. Januar 2020", footers), for pages without
// a structured date. htmldate prunes root as it searches (Options.InPlace,
// no copy of the page): HTML calls it last, when nothing reads root again.
// langs
// are the page's <html lang> and its text's detected language: when
// go-dateparser knows either, date words are read in those languages and
// English only, instead of trying every locale dateparser has on every
// candidate string.
func textDate(root *html.Node, pageURL string, langs []string, now time.Time, res *Result) {
	// go-htmldate drops a date after MaxDate and searches on, through
	// go-dateparser, for an earlier one: on a page read long after it was
	// fetched (a replayed archive) whose dates all lie after the fetch,
	// that search reads every date-like string of the page, several times
	// the cost of the rest of the normalization. Its bound is the present
	// instead; a date after the fetch is then refused here, and the page
	// has no text date. Fetched now, the two bounds are one.
	limit := now.Add(future)
	bound := time.Now().Add(future)
	if limit.After(bound) {
		bound = limit
	}
	opts := htmldate.Options{
		URL:             pageURL,
		UseOriginalDate: true,
		MinDate:         earliest,
		MaxDate:         bound,
		InPlace:         true,
	}
	if langs := dateLanguages(langs...); langs != nil {
		// go-htmldate's own settings, with the languages added.
		opts.DateParserConfig = &dps.Configuration{
			PreferredDateSource: dps.Past,
			StrictParsing:       true,
			Languages:           langs,
		}
	}
	r, err := htmldate.FromDocument(root, opts)
	if err != nil || r.IsZero() || r.DateTime.After(limit) {
		return
	}
	t := r.DateTime
	if !r.HasTimezone {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	}
	res.PublishedAt, res.PublishedFrom = &t, SourceText
}

// dateLanguages returns the languages go-dateparser should read a page's
// dates in: the known ones among hints (language tags such as "de-AT" or
// "es"), then English; or nil, meaning all, when it knows none of them.
func dateLanguages(hints ...string) []string {
	var out []string
	for _, h := range hints {
		code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(h)), "-")
		code, _, _ = strings.Cut(code, "_")
		if code != "" && dps.IsKnownLocale(code) && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	if out == nil {
		return nil
	}
	if !slices.Contains(out, "en") {
		out = append(out, "en")
	}
	return out
}

// articleTypes are schema.org types whose datePublished is the article's.
func isArticleType(t string) bool {
	t = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(t, "http://schema.org/"), "https://schema.org/"))
	return strings.HasSuffix(t, "article") || strings.HasSuffix(t, "posting") ||
		t == "report" || t == "liveblogposting" || t == "review" || t == "creativework"
}

// jsonLDDates returns the first datePublished and dateModified of an
// article-like JSON-LD object, falling back to any object's.
func jsonLDDates(scripts []string) (pub, upd string) {
	var anyPub, anyUpd string
	for _, s := range scripts {
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &v); err != nil {
			// Some pages wrap JSON-LD in CDATA or HTML comments; try once more.
			s = strings.TrimSpace(s)
			s = strings.TrimSuffix(strings.TrimPrefix(s, "<!--"), "-->")
			s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "//<![CDATA["), "//]]>")
			if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
				continue
			}
		}
		walkJSON(v, 0, func(obj map[string]any) {
			p, u := jsonString(obj["datePublished"]), jsonString(obj["dateModified"])
			if p == "" {
				p = jsonString(obj["dateCreated"])
			}
			if isArticleType(jsonTypes(obj["@type"])) {
				if pub == "" {
					pub = p
				}
				if upd == "" {
					upd = u
				}
			}
			if anyPub == "" {
				anyPub = p
			}
			if anyUpd == "" {
				anyUpd = u
			}
		})
	}
	if pub == "" {
		pub = anyPub
	}
	if upd == "" {
		upd = anyUpd
	}
	return pub, upd
}

// walkJSON calls f on every object in v, through arrays, @graph and
// nested values, to a fixed depth.
func walkJSON(v any, depth int, f func(map[string]any)) {
	if depth > 20 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkJSON(e, depth+1, f)
		}
	case map[string]any:
		f(x)
		// Visit @graph and mainEntity first, in a stable order; other
		// nested objects (author, publisher) rarely carry article dates.
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement"} {
			if c, ok := x[k]; ok {
				walkJSON(c, depth+1, f)
			}
		}
	}
}

func jsonString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return jsonString(x[0])
		}
	case map[string]any:
		return jsonString(x["@value"])
	}
	return ""
}

func jsonTypes(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && isArticleType(s) {
				return s
			}
		}
	}
	return ""
}

// Layouts tried, in order, on structured date values.
var layouts = []string{
	time.RFC3339Nano,
	"2006-1-2T15:04:05Z0700",
	"2006-1-2T15:04:05.999999999Z0700",
	"2006-1-2T15:04Z07:00",
	"2006-1-2T15:04:05",
	"2006-1-2T15:04:05.999999999",
	"2006-1-2T15:04",
	"2006-1-2 15:04:05Z07:00",
	"2006-1-2 15:04:05 Z07:00",
	"2006-1-2 15:04:05 -0700",
	"2006-1-2 15:04:05 -0700 MST",
	"2006-1-2 15:04:05 MST",
	"2006-1-2 15:04:05",
	"2006-1-2 15:04:05.999999999",
	"2006-1-2 15:04",
	"2006-1-2",
	"2006/1/2 15:04:05",
	"2006/1/2",
	"20060102",
	"20060102150405",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"2.1.2006 15:04",
	"2.1.2006",
}

var rxISOPrefix = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}`)

// parseDate reads a structured date value (ISO 8601 and the common
// machine formats). It does not guess at free text.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	s = strings.TrimSuffix(s, ".")
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	// Unix seconds or milliseconds.
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) >= 9 {
		if len(s) >= 12 {
			return time.UnixMilli(n).UTC(), true
		}
		return time.Unix(n, 0).UTC(), true
	}
	// An ISO date followed by something unreadable: keep the day.
	if p := rxISOPrefix.FindString(s); p != "" {
		parts := strings.Split(p, "-")
		y, _ := strconv.Atoi(parts[0])
		mo, _ := strconv.Atoi(parts[1])
		d, _ := strconv.Atoi(parts[2])
		if t, good := validDate(y, mo, d); good {
			return t, true
		}
	}
	return time.Time{}, false
}

func validDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

var (
	rxURLSlash = regexp.MustCompile(`/((?:19|20)\d{2})/([01]?\d)/([0-3]?\d)(?:/|$|[-_])`)
	rxURLDash  = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})[-_]?([01]\d)[-_]?([0-3]\d)(?:[/_.-]|$)`)
)

// urlDate finds a year/month/day in a URL's path (/2020/01/07/,
// 2020-01-07, 20200107).
func urlDate(raw string) (time.Time, bool) {
	if raw == "" {
		return time.Time{}, false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return time.Time{}, false
	}
	for _, rx := range []*regexp.Regexp{rxURLSlash, rxURLDash} {
		if m := rx.FindStringSubmatch(u.Path); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			if t, good := validDate(y, mo, d); good {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
