// Package byline reads the structure of a plain-text article: the title on
// its first line, byline lines (authors, publication and update times),
// a highlights list, and the body paragraphs left over.
//
// Byline lines are removed wherever they occur, since scraped pages often
// repeat their header. A run of bullet lines ("- " or "• ") is taken as
// highlights only when it looks like a page's summary box: at most
// maxHighlights lines of at most maxHighlightWords words each, placed
// either near the top (fewer than topParagraphs body paragraphs before it)
// or directly next to a byline line (the header of a re-scraped copy).
// Any other bullet run is content of the story and stays in Paragraphs.
// Paragraphs are returned in order, duplicates included: de-duplication is
// the dedupe package's job.
package byline

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/services/normalizer/internal/timestamp"
)

// Document is the structure of a plain-text article.
type Document struct {
	Title       string
	Authors     []string
	PublishedAt *time.Time
	UpdatedAt   *time.Time
	Highlights  []string
	// Paragraphs are the body lines with the title, bylines and highlights
	// removed, in order.
	Paragraphs []string
}

const (
	// maxText bounds the input read, so parsing time stays bounded.
	maxText = 4 << 20
	// maxBylineLen is the longest line read as a byline.
	maxBylineLen = 240
	// maxDateLine is the longest line without a label or "By" read as a
	// byline (a line holding only a date).
	maxDateLine = 80
	// maxHighlights and maxHighlightWords bound a highlights block.
	maxHighlights     = 8
	maxHighlightWords = 60
	// topParagraphs: a bullet run with fewer body paragraphs before it is
	// at the top of the article.
	topParagraphs = 3
	// maxNameWords bounds the words of one author name.
	maxNameWords = 5
)

type lineKind uint8

const (
	kBody lineKind = iota
	kByline
	kBullet
)

type line struct {
	text string
	kind lineKind
}

// Parse reads text, a plain-text article with its title on the first
// non-empty line. opts resolves the byline dates (Now is the fetch time).
func Parse(text string, opts timestamp.Options) Document {
	if len(text) > maxText {
		text = text[:maxText]
	}
	var doc Document
	var lines []line
	for raw := range strings.Lines(text) {
		s := strings.TrimFunc(raw, unicode.IsSpace)
		if s == "" {
			continue
		}
		if doc.Title == "" {
			doc.Title = s
			continue
		}
		l := line{text: s}
		switch {
		case readByline(s, opts, &doc):
			l.kind = kByline
		case bullet(s) != "":
			l.kind = kBullet
		}
		lines = append(lines, l)
	}
	seen := map[string]bool{}
	body := 0
	for i := 0; i < len(lines); {
		l := lines[i]
		switch l.kind {
		case kByline:
			i++
			continue
		case kBody:
			doc.Paragraphs = append(doc.Paragraphs, l.text)
			body++
			i++
			continue
		}
		j := i
		for j < len(lines) && lines[j].kind == kBullet {
			j++
		}
		if isHighlights(lines, i, j, body) {
			for _, b := range lines[i:j] {
				h := bullet(b.text)
				if !seen[h] {
					seen[h] = true
					doc.Highlights = append(doc.Highlights, h)
				}
			}
		} else {
			for _, b := range lines[i:j] {
				doc.Paragraphs = append(doc.Paragraphs, b.text)
				body++
			}
		}
		i = j
	}
	return doc
}

// isHighlights reports whether the bullet run lines[i:j], with body
// paragraphs before it, is a summary box rather than story content.
func isHighlights(lines []line, i, j, body int) bool {
	if j-i > maxHighlights {
		return false
	}
	for _, l := range lines[i:j] {
		if len(strings.Fields(l.text)) > maxHighlightWords {
			return false
		}
	}
	if body < topParagraphs {
		return true
	}
	return (i > 0 && lines[i-1].kind == kByline) || (j < len(lines) && lines[j].kind == kByline)
}

// bullet returns the text of a bullet line without its marker, or "".
func bullet(s string) string {
	for _, m := range []string{"- ", "• ", "\u2013 "} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// label is a byline label and whether it announces an update.
type label struct {
	text    string
	updated bool
}

// labels are matched case-insensitively at the start of a byline segment,
// longest first.
var labels = []label{
	{"last updated", true}, {"last modified", true}, {"first published", false},
	{"updated", true}, {"modified", true}, {"published", false}, {"posted", false},
	{"released", false}, {"date", false},
}

// readByline reports whether s is a byline line and records its authors
// and dates in doc (the first date of each kind wins).
func readByline(s string, opts timestamp.Options, doc *Document) bool {
	if len(s) > maxBylineLen {
		return false
	}
	if _, _, labelled := cutLabel(s); !labelled && len(s) > maxDateLine && !(len(s) > 3 && strings.EqualFold(s[:3], "by ")) {
		return false // a sentence, not a bare date line: skip the costly search
	}
	var authors []string
	var published, updated *time.Time
	dated := false
	for seg := range strings.SplitSeq(s, "|") {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		upd, rest, labelled := cutLabel(seg)
		for rest != "" {
			if names, after, ok := cutAuthors(rest, opts); ok {
				authors = append(authors, names...)
				rest = after
				continue
			}
			// A byline date opens its segment: most lines cannot, and
			// Leads says so from one token, before the costly search.
			var ms []timestamp.Match
			if timestamp.Leads(strings.TrimLeftFunc(rest, isSep)) {
				ms = timestamp.Find(rest, opts)
			}
			if len(ms) == 0 || strings.TrimFunc(rest[:ms[0].Start], isSep) != "" {
				// "Published: 9 March 2031" when fetched in 2021 is still a
				// byline; its impossible date is dropped. Only a labelled
				// segment is parsed again.
				if labelled {
					if _, err := timestamp.Parse(rest, opts); errors.Is(err, timestamp.ErrFuture) {
						dated, rest = true, ""
						continue
					}
				}
				return false
			}
			t := ms[0].Time
			switch {
			case upd && updated == nil:
				updated = &t
			case !upd && published == nil:
				published = &t
			}
			dated = true
			rest = strings.TrimLeftFunc(rest[ms[0].End:], isSep)
		}
		if labelled && !dated && len(authors) == 0 {
			return false
		}
	}
	if !dated && len(authors) == 0 {
		return false
	}
	if doc.Authors == nil {
		doc.Authors = authors
	}
	if doc.PublishedAt == nil {
		doc.PublishedAt = published
	}
	if doc.UpdatedAt == nil {
		doc.UpdatedAt = updated
	}
	return true
}

func isSep(r rune) bool {
	return unicode.IsSpace(r) || r == ':' || r == ',' || r == '-' || r == '\u2013' || r == '\u2014' || r == '\u00b7' || r == '.'
}

// cutLabel removes a leading label ("UPDATED:", "Posted on") from seg.
func cutLabel(seg string) (updated bool, rest string, ok bool) {
	for _, l := range labels {
		if len(seg) >= len(l.text) && strings.EqualFold(seg[:len(l.text)], l.text) {
			rest = seg[len(l.text):]
			if rest != "" {
				if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) {
					continue // "Dated", "Updates"
				}
			}
			rest = strings.TrimLeftFunc(rest, isSep)
			if len(rest) >= 3 && strings.EqualFold(rest[:3], "on ") {
				rest = rest[3:]
			}
			return l.updated, rest, true
		}
	}
	return false, seg, false
}

// cutAuthors reads "By Jane Smith and John Doe" at the start of s, up to a
// date or the end, and returns the names and what follows them.
func cutAuthors(s string, opts timestamp.Options) ([]string, string, bool) {
	if len(s) < 4 || !strings.EqualFold(s[:3], "by ") {
		return nil, s, false
	}
	part, rest := s[3:], ""
	if ms := timestamp.Find(part, opts); len(ms) > 0 {
		part, rest = part[:ms[0].Start], part[ms[0].Start:]
	}
	// "By JANE SMITH FOR MAILONLINE": the outlet is not an author.
	if i := indexFold(part, " for "); i >= 0 {
		part = part[:i]
	}
	part = strings.TrimRightFunc(part, isSep)
	var names []string
	parts := splitNames(part)
	if len(parts) == 1 && strings.TrimSpace(parts[0]) == "" && rest == "" {
		return nil, s, false
	}
	for _, n := range parts {
		name, ok := cleanName(n)
		if !ok {
			return nil, s, false
		}
		if name != "" {
			names = append(names, name)
		}
	}
	return names, rest, true
}

// splitNames splits "A, B and C" into its names.
func splitNames(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		for _, q := range splitFold(p, " and ") {
			out = append(out, strings.Split(q, " & ")...)
		}
	}
	return out
}

// placeholders are CMS account names that are not people.
var placeholders = map[string]bool{"admin": true, "administrator": true, "webmaster": true}

// cleanName checks that s looks like a name (capitalised words, or a
// lower-case account name on its own) and returns it, with names written
// in capitals put in title case. A placeholder account yields "".
func cleanName(s string) (string, bool) {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > maxNameWords {
		return "", false
	}
	allCaps := true
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			return "", false
		}
		if !unicode.IsUpper(r) && len(words) > 1 {
			if !isParticle(w) {
				return "", false
			}
		}
		for _, c := range w {
			if unicode.IsLower(c) {
				allCaps = false
			}
			if !unicode.IsLetter(c) && c != '.' && c != '\'' && c != '-' && c != '\u2019' {
				return "", false
			}
		}
	}
	if len(words) == 1 {
		if placeholders[strings.ToLower(words[0])] {
			return "", true
		}
		if r, _ := utf8.DecodeRuneInString(words[0]); !unicode.IsUpper(r) {
			return "", false // "By now"
		}
	}
	if allCaps {
		for i, w := range words {
			words[i] = titleCase(w)
		}
	}
	return strings.Join(words, " "), true
}

// isParticle reports name particles written in lower case ("van", "de").
func isParticle(w string) bool {
	switch w {
	case "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "el":
		return true
	}
	return false
}

// titleCase turns "SMITH" into "Smith" and "O'NEIL" into "O'Neil".
func titleCase(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	start := true
	for _, r := range w {
		if start {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = r == '\'' || r == '-' || r == '\u2019' || r == '.'
	}
	return b.String()
}

// indexFold is strings.Index without regard to ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// splitFold is strings.Split without regard to ASCII case.
func splitFold(s, sep string) []string {
	var out []string
	for {
		i := indexFold(s, sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+len(sep):]
	}
}
