package timezone

import (
	"strings"
	"testing"
)

// prefilterInputs are date strings around every timezone name and every
// regex's literal (as written, in lower and in upper case, inside words
// and at the end) and the package's own test strings.
func prefilterInputs() []string {
	in := []string{
		"", "15 May 2004", "Wed Aug 05 12:00:00 EDTERR 2015", "Sep 03 2014 | 4:32 pm EDT",
		"20 Oct 2014 13:08cet", "Nov 25 2014 | 10:17 pm -0930", "April 10, 2016 at 12:00:00 GMT+05:30",
		"April 10, 2016 at 12:00:00 UTC-2", "10:00 MESZ", "12:00 ſt", "12:00 \u212Ast", "Jan 1 2020 utc+5:30",
		"Montag, 3. März 2020, 10:00 Uhr MEZ", "2020-01-01T10:00:00+01:00",
	}
	for _, od := range loadOffsets().offsets {
		for _, n := range []string{od.Name, strings.ToLower(od.Name), strings.ToUpper(od.Name), od.need, strings.ToUpper(od.need)} {
			in = append(in, "1 May 2020 10:00 "+n, "1 May 2020 10:00 "+n+" x", "1 May 2020 10:00"+n, "x"+n+"y", "é 10:00 "+n)
		}
	}
	return in
}

// TestPrefilterMatchesEveryRegex: skipping the regexes whose name the string
// lacks gives what trying every regex gives.
func TestPrefilterMatchesEveryRegex(t *testing.T) {
	in := prefilterInputs()
	skipped := 0
	for _, s := range in {
		gs, gd := popTzOffset(s, true)
		ws, wd := popTzOffset(s, false)
		if gs != ws || gd.Name != wd.Name || gd.Offset != wd.Offset || gd.Regex != wd.Regex {
			t.Fatalf("%q: prefiltered (%q, %s %d), every regex (%q, %s %d)", s, gs, gd.Name, gd.Offset, ws, wd.Name, wd.Offset)
		}
		if !gd.IsZero() {
			skipped++
		}
	}
	if skipped < len(in)/2 {
		t.Errorf("an offset found in only %d of %d strings: the comparison says little", skipped, len(in))
	}
}

// FuzzPopTzOffsetPrefilter holds the prefilter to trying every regex.
func FuzzPopTzOffsetPrefilter(f *testing.F) {
	for _, s := range prefilterInputs()[:40] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		gs, gd := popTzOffset(s, true)
		ws, wd := popTzOffset(s, false)
		if gs != ws || gd.Name != wd.Name || gd.Offset != wd.Offset || gd.Regex != wd.Regex {
			t.Fatalf("%q: prefiltered (%q, %s %d), every regex (%q, %s %d)", s, gs, gd.Name, gd.Offset, ws, wd.Name, wd.Offset)
		}
	})
}

// TestAsciiLower: names and strings outside ASCII get no prefilter.
func TestAsciiLower(t *testing.T) {
	for in, want := range map[string]string{"UTC": "utc", "MeSz+1": "mesz+1", "": "", "é": "", "\u212A": "", "ſ": ""} {
		if got := asciiLower(in); got != want {
			t.Errorf("asciiLower(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLiteralNeed: a plain literal gives its text in lower case, a
// sequence its longest literal part; choices, classes or case-folding
// flags give nothing.
func TestLiteralNeed(t *testing.T) {
	for in, want := range map[string]string{
		`UTC\+01:00`: "utc+01:00", `\+0100`: "+0100", `MESZ`: "mesz", `(?:UTC|GMT)\+1`: "+1", `UTC\+01:?00.*`: "utc+01", `(?:UTC|GMT)`: "", `a|b`: "",
		`(?i)utc`: "", `é`: "", `\x{212A}`: "",
	} {
		if got := literalNeed(in); got != want {
			t.Errorf("literalNeed(%q) = %q, want %q", in, got, want)
		}
	}
	n := 0
	for _, od := range loadOffsets().offsets {
		if od.need != "" {
			n++
		}
	}
	t.Logf("%d of %d timezone regexes have a literal", n, len(loadOffsets().offsets))
}
