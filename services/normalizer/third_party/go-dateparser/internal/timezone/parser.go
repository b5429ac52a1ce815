package timezone

import "strings"

// PopTzOffset extracts timezone data from str then return the
// str with the timezone code removed.
func PopTzOffset(str string) (string, OffsetData) {
	return popTzOffset(str, true)
}

// popTzOffset is PopTzOffset; with prefilter (newswire) it skips the
// regexes that cannot match an ASCII string because it lacks their name
// (OffsetData.need), which gives the same result: the offsets are still
// tried in the same order and the first that matches wins. Most strings
// that reach here hold one of the hundreds of names, and upstream ran every
// regex before it until one matched.
func popTzOffset(str string, prefilter bool) (string, OffsetData) {
	tables := loadOffsets()
	if tables.rxSearchIgnoreCase.MatchString(str) {
		lower := ""
		if prefilter {
			lower = asciiLower(str)
		}
		for _, offsetData := range tables.offsets {
			if lower != "" && offsetData.need != "" && !strings.Contains(lower, offsetData.need) {
				continue
			}
			idxs := offsetData.Regex.FindStringIndex(str)
			if len(idxs) == 0 {
				continue
			}

			str = str[:idxs[0]+1] + str[idxs[1]:]
			return str, offsetData
		}
	}

	return str, OffsetData{}
}

// WordIsTz check if the specified word is a timezone code.
func WordIsTz(word string) bool {
	return loadOffsets().rxSearch.MatchString(word)
}
