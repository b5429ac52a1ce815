package cluster

// stopWords are English function words and the verbs and nouns of news
// reporting itself ("said", "reported"), which say nothing about the event.
// Written by hand for this package.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
		"has", "have", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "him", "let",
		"say", "she", "too", "use", "been", "from", "that", "this", "with", "they", "them", "then", "than", "there",
		"their", "these", "those", "what", "when", "where", "which", "while", "will", "would", "could", "should",
		"about", "after", "again", "against", "also", "because", "before", "being", "below", "between", "both",
		"during", "each", "few", "further", "here", "into", "more", "most", "much", "must", "such", "only", "other",
		"over", "same", "some", "through", "under", "until", "very", "were", "just", "like", "many", "made", "make",
		"off", "once", "own", "per", "since", "still", "upon", "whom", "whose", "why", "yet", "your", "yours",
		"said", "says", "say", "told", "tells", "according", "reported", "reports", "report", "news", "statement",
		"added", "including", "year", "years", "day", "days", "week", "weeks", "month", "months", "time", "times",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
		"tomorrow", "last", "first", "next", "people", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "another", "around", "among", "across", "within", "without", "whether", "however", "though",
		"although", "even", "ever", "every", "well", "back", "down", "going", "know", "known", "take", "taken",
		"took", "come", "came", "went", "does", "done", "doing", "got", "gets", "way", "ways", "part", "thing",
		"things", "lot", "lots", "really", "already", "away", "early", "late", "later", "earlier", "recent",
		"recently", "near", "left", "right", "high", "low", "big", "small", "large", "long", "good", "best",
		"better", "least", "less", "little", "several", "among", "toward", "towards", "via", "onto", "along",
		"updated", "update", "posted", "published", "copyright", "reserved", "rights", "read", "click", "share",
		"comments", "comment", "email", "follow", "photo", "image", "video", "getty", "images", "reuters", "associated", "press",
		"i", "me", "my", "we", "us", "he", "it", "an", "as", "at", "be", "by", "do", "if", "in", "is", "of", "on", "or",
		"so", "to", "up", "no", "am", "mr", "mrs", "ms", "dr", "st",
	} {
		m[w] = true
	}
	return m
}()
