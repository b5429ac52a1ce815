package timezone

import (
	"fmt"
	"regexp/syntax"
	"sort"
	"strings"
	"sync"

	"github.com/markusmobius/go-dateparser/internal/regexp"
)

type OffsetData struct {
	Name   string
	Regex  *regexp.Regexp
	Offset int
	// need is the name in lower case when Regex is a pattern around a
	// plain literal (newswire: the quoted name, or an alternative's
	// replacement of it when that is still a literal): Regex then matches
	// an ASCII string only if the string holds need, whatever its case, so
	// PopTzOffset skips the regex for an ASCII string without it. Empty
	// for the other alternatives and for names with other than ASCII
	// (outside ASCII, case folding can match letters that strings.ToLower
	// does not give).
	need string
}

func (tod OffsetData) IsZero() bool {
	return tod.Name == "" && tod.Regex == nil && tod.Offset == 0
}

// offsetTables holds the timezone regexes, which upstream compiled in an
// init function (about 5 MB and 40,000 allocations at every process start);
// they are compiled the first time a string is searched for a timezone.
type offsetTables struct {
	offsets            []OffsetData
	rxSearch           *regexp.Regexp
	rxSearchIgnoreCase *regexp.Regexp
}

var (
	tzTablesOnce sync.Once
	tzTables     offsetTables
)

// loadOffsets returns the timezone regexes, compiling them on first use.
// It is safe for concurrent use.
func loadOffsets() *offsetTables {
	tzTablesOnce.Do(func() {
		tzTables.offsets, tzTables.rxSearch, tzTables.rxSearchIgnoreCase = buildOffsets()
	})
	return &tzTables
}

func buildOffsets() ([]OffsetData, *regexp.Regexp, *regexp.Regexp) {
	// Process timezone info list
	offsets := []OffsetData{}
	regexPatterns := map[string]struct{}{}
	searchPatterns := map[string]struct{}{}

	for _, tzInfo := range timezoneInfoList {
		for _, pattern := range tzInfo.RegexPatterns {
			// Main pattern
			for tzName, offset := range tzInfo.Timezones {
				searchPattern := regexp.QuoteMeta(tzName)
				regexPattern := fmt.Sprintf(pattern, searchPattern)
				if _, exist := regexPatterns[regexPattern]; exist {
					continue
				}

				searchPatterns[searchPattern] = struct{}{}
				offsets = append(offsets, OffsetData{
					Name:   tzName,
					Regex:  regexp.MustCompile(`(?i)` + regexPattern),
					Offset: offset,
					need:   literalNeed(searchPattern),
				})
			}

			// Alternative patterns
			for replacer, replacement := range tzInfo.AlternativePatterns {
				for tzName, offset := range tzInfo.Timezones {
					searchPattern := regexp.QuoteMeta(tzName)
					searchPattern = replacer.ReplaceAllString(searchPattern, replacement)
					regexPattern := fmt.Sprintf(pattern, searchPattern)
					if _, exist := regexPatterns[regexPattern]; exist {
						continue
					}

					searchPatterns[searchPattern] = struct{}{}
					offsets = append(offsets, OffsetData{
						Name:   tzName,
						Regex:  regexp.MustCompile(`(?i)` + regexPattern),
						Offset: offset,
						need:   literalNeed(searchPattern),
					})
				}
			}
		}
	}

	// Generate regex for searching
	var patterns []string
	for pattern := range searchPatterns {
		patterns = append(patterns, pattern)
	}

	sort.Strings(patterns)
	strSearchPatterns := strings.Join(patterns, "|")

	rxSearch := regexp.MustCompile(strSearchPatterns)
	rxSearchIgnoreCase := regexp.MustCompile("(?i)" + strSearchPatterns)
	return offsets, rxSearch, rxSearchIgnoreCase
}

// literalNeed returns what an ASCII string must hold, in lower case, for
// a pattern around searchPattern to match it: searchPattern's text when it
// is a plain literal of ASCII only ("UTC\\+01:00", or "\\+0100" after an
// alternative's replacement), or the longest such literal it is made of
// ("\\+1" in "(?:UTC|GMT)\\+1"), else "" (no prefilter).
func literalNeed(searchPattern string) string {
	re, err := syntax.Parse(searchPattern, syntax.Perl)
	if err != nil {
		return ""
	}
	lit := func(re *syntax.Regexp) string {
		if re.Op != syntax.OpLiteral || re.Flags&syntax.FoldCase != 0 {
			return ""
		}
		return asciiLower(string(re.Rune))
	}
	if re.Op != syntax.OpConcat {
		return lit(re)
	}
	need := ""
	for _, sub := range re.Sub {
		if l := lit(sub); len(l) > len(need) {
			need = l
		}
	}
	return need
}

// asciiLower returns s in lower case if it is all ASCII, else "".
func asciiLower(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return ""
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}
