package timestamp

import (
	"sync"
	"time"

	// The generic zone names (ET, PT, ...) need the IANA database; embedding
	// it keeps parsing correct in a static container without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// class is what a known word means to the parser.
type class uint8

const (
	cNone      class = iota
	cMonth           // v: 1..12
	cWeekday         // v: time.Weekday
	cAM              // "am"
	cPM              // "pm"
	cZone            // v: offset in minutes; iana set for zones with daylight saving
	cUnit            // v: unit
	cOrdSuffix       // "st", "nd", "rd", "th"
	cNumWord         // v: the number ("five", "an")
	cA               // "a": the number one or the start of "a.m."
	cP               // "p" of "p.m."
	cM               // "m" of "a.m."
	cH               // "h" of "19h30"
	cT               // "t" of ISO 8601
	cZ               // "z" of ISO 8601
	cFiller          // words that carry nothing: "at", "on", "the"
	cIn              // "in": future when a quantity follows, otherwise filler
	cAgo             // "ago"
	cBefore          // "before", "earlier"
	cAfter           // "after"
	cLater           // "later", "hence"
	cFrom            // "from" of "from now"
	cNow             // "now"
	cLast            // "last", "past", "previous"
	cNext            // "next"
	cThis            // "this"
	cDayWord         // v: day shift ("yesterday" -1)
	cNoon            // "noon", "midday"
	cMidnight        // "midnight"
)

// unit is a calendar or clock unit of a relative expression.
type unit uint8

const (
	uSecond unit = iota + 1
	uMinute
	uHour
	uDay
	uWeek
	uMonth
	uYear
	uDecade
)

// word is the meaning of a known word.
type word struct {
	c    class
	v    int
	iana string
}

// words maps lower-case words to their meaning. It is read-only.
var words = map[string]word{
	"jan": {c: cMonth, v: 1}, "january": {c: cMonth, v: 1},
	"feb": {c: cMonth, v: 2}, "february": {c: cMonth, v: 2},
	"mar": {c: cMonth, v: 3}, "march": {c: cMonth, v: 3},
	"apr": {c: cMonth, v: 4}, "april": {c: cMonth, v: 4},
	"may": {c: cMonth, v: 5},
	"jun": {c: cMonth, v: 6}, "june": {c: cMonth, v: 6},
	"jul": {c: cMonth, v: 7}, "july": {c: cMonth, v: 7},
	"aug": {c: cMonth, v: 8}, "august": {c: cMonth, v: 8},
	"sep": {c: cMonth, v: 9}, "sept": {c: cMonth, v: 9}, "september": {c: cMonth, v: 9},
	"oct": {c: cMonth, v: 10}, "october": {c: cMonth, v: 10},
	"nov": {c: cMonth, v: 11}, "november": {c: cMonth, v: 11},
	"dec": {c: cMonth, v: 12}, "december": {c: cMonth, v: 12},

	"sun": {c: cWeekday, v: 0}, "sunday": {c: cWeekday, v: 0},
	"mon": {c: cWeekday, v: 1}, "monday": {c: cWeekday, v: 1},
	"tue": {c: cWeekday, v: 2}, "tues": {c: cWeekday, v: 2}, "tuesday": {c: cWeekday, v: 2},
	"wed": {c: cWeekday, v: 3}, "weds": {c: cWeekday, v: 3}, "wednesday": {c: cWeekday, v: 3},
	"thu": {c: cWeekday, v: 4}, "thur": {c: cWeekday, v: 4}, "thurs": {c: cWeekday, v: 4}, "thursday": {c: cWeekday, v: 4},
	"fri": {c: cWeekday, v: 5}, "friday": {c: cWeekday, v: 5},
	"sat": {c: cWeekday, v: 6}, "saturday": {c: cWeekday, v: 6},

	"am": {c: cAM}, "pm": {c: cPM}, "a": {c: cA, v: 1}, "p": {c: cP}, "m": {c: cM},
	"h": {c: cH}, "t": {c: cT}, "z": {c: cZ},
	"st": {c: cOrdSuffix}, "nd": {c: cOrdSuffix}, "rd": {c: cOrdSuffix}, "th": {c: cOrdSuffix},

	"sec": {c: cUnit, v: int(uSecond)}, "secs": {c: cUnit, v: int(uSecond)},
	"second": {c: cUnit, v: int(uSecond)}, "seconds": {c: cUnit, v: int(uSecond)},
	"min": {c: cUnit, v: int(uMinute)}, "mins": {c: cUnit, v: int(uMinute)},
	"minute": {c: cUnit, v: int(uMinute)}, "minutes": {c: cUnit, v: int(uMinute)},
	"hr": {c: cUnit, v: int(uHour)}, "hrs": {c: cUnit, v: int(uHour)},
	"hour": {c: cUnit, v: int(uHour)}, "hours": {c: cUnit, v: int(uHour)},
	"day": {c: cUnit, v: int(uDay)}, "days": {c: cUnit, v: int(uDay)},
	"wk": {c: cUnit, v: int(uWeek)}, "wks": {c: cUnit, v: int(uWeek)},
	"week": {c: cUnit, v: int(uWeek)}, "weeks": {c: cUnit, v: int(uWeek)},
	"month": {c: cUnit, v: int(uMonth)}, "months": {c: cUnit, v: int(uMonth)},
	"yr": {c: cUnit, v: int(uYear)}, "yrs": {c: cUnit, v: int(uYear)},
	"year": {c: cUnit, v: int(uYear)}, "years": {c: cUnit, v: int(uYear)},
	"decade": {c: cUnit, v: int(uDecade)}, "decades": {c: cUnit, v: int(uDecade)},

	"an": {c: cNumWord, v: 1}, "one": {c: cNumWord, v: 1}, "two": {c: cNumWord, v: 2},
	"three": {c: cNumWord, v: 3}, "four": {c: cNumWord, v: 4}, "five": {c: cNumWord, v: 5},
	"six": {c: cNumWord, v: 6}, "seven": {c: cNumWord, v: 7}, "eight": {c: cNumWord, v: 8},
	"nine": {c: cNumWord, v: 9}, "ten": {c: cNumWord, v: 10}, "eleven": {c: cNumWord, v: 11},
	"twelve": {c: cNumWord, v: 12}, "fifteen": {c: cNumWord, v: 15}, "twenty": {c: cNumWord, v: 20},
	"thirty": {c: cNumWord, v: 30}, "forty": {c: cNumWord, v: 40}, "fifty": {c: cNumWord, v: 50},

	"at": {c: cFiller}, "on": {c: cFiller}, "of": {c: cFiller}, "the": {c: cFiller}, "and": {c: cFiller},
	"in": {c: cIn}, "ago": {c: cAgo}, "before": {c: cBefore}, "earlier": {c: cBefore},
	"after": {c: cAfter}, "later": {c: cLater}, "hence": {c: cLater}, "from": {c: cFrom},
	"now": {c: cNow}, "last": {c: cLast}, "past": {c: cLast}, "previous": {c: cLast},
	"next": {c: cNext}, "this": {c: cThis},
	"yesterday": {c: cDayWord, v: -1}, "today": {c: cDayWord, v: 0}, "tonight": {c: cDayWord, v: 0},
	"tomorrow": {c: cDayWord, v: 1},
	"noon":     {c: cNoon}, "midday": {c: cNoon}, "midnight": {c: cMidnight},

	// Zones. Fixed abbreviations mean what they say (EST is -5 even in July);
	// the generic names (ET, PT, CT, MT) follow daylight saving for the date.
	"utc": {c: cZone}, "ut": {c: cZone}, "gmt": {c: cZone},
	"est": {c: cZone, v: -300}, "edt": {c: cZone, v: -240},
	"cst": {c: cZone, v: -360}, "cdt": {c: cZone, v: -300},
	"mst": {c: cZone, v: -420}, "mdt": {c: cZone, v: -360},
	"pst": {c: cZone, v: -480}, "pdt": {c: cZone, v: -420},
	"akst": {c: cZone, v: -540}, "akdt": {c: cZone, v: -480},
	"hst": {c: cZone, v: -600}, "ast": {c: cZone, v: -240}, "adt": {c: cZone, v: -180},
	"nst": {c: cZone, v: -210}, "ndt": {c: cZone, v: -150},
	"et": {c: cZone, iana: "America/New_York"}, "ct": {c: cZone, iana: "America/Chicago"},
	"mt": {c: cZone, iana: "America/Denver"}, "pt": {c: cZone, iana: "America/Los_Angeles"},
	"bst": {c: cZone, v: 60}, "ist": {c: cZone, v: 330},
	"wet": {c: cZone, v: 0}, "west": {c: cZone, v: 60},
	"cet": {c: cZone, v: 60}, "cest": {c: cZone, v: 120},
	"met": {c: cZone, v: 60}, "mest": {c: cZone, v: 120},
	"mez": {c: cZone, v: 60}, "mesz": {c: cZone, v: 120},
	"eet": {c: cZone, v: 120}, "eest": {c: cZone, v: 180}, "msk": {c: cZone, v: 180},
	"sast": {c: cZone, v: 120}, "cat": {c: cZone, v: 120}, "eat": {c: cZone, v: 180},
	"wat": {c: cZone, v: 60}, "gst": {c: cZone, v: 240}, "pkt": {c: cZone, v: 300},
	"ict": {c: cZone, v: 420}, "wib": {c: cZone, v: 420},
	"hkt": {c: cZone, v: 480}, "sgt": {c: cZone, v: 480}, "pht": {c: cZone, v: 480},
	"awst": {c: cZone, v: 480}, "jst": {c: cZone, v: 540}, "kst": {c: cZone, v: 540},
	"acst": {c: cZone, v: 570}, "acdt": {c: cZone, v: 630},
	"aest": {c: cZone, v: 600}, "aedt": {c: cZone, v: 660},
	"aet":  {c: cZone, iana: "Australia/Sydney"},
	"nzst": {c: cZone, v: 720}, "nzdt": {c: cZone, v: 780},
}

// maxWord is the longest word in words.
const maxWord = 12

// lookup returns the meaning of w, matched without regard to case.
func lookup(w string) word {
	if len(w) > maxWord {
		return word{}
	}
	var buf [maxWord]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return words[string(buf[:len(w)])]
}

// locations loads each IANA zone named in words once. It is read-only;
// each value is a sync.OnceValues, so the zone file is parsed on first use.
var locations = map[string]func() (*time.Location, error){
	"America/New_York":    sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("America/New_York") }),
	"America/Chicago":     sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("America/Chicago") }),
	"America/Denver":      sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("America/Denver") }),
	"America/Los_Angeles": sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("America/Los_Angeles") }),
	"Australia/Sydney":    sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("Australia/Sydney") }),
}
