package figure

// functionWord reports words that end a counted noun phrase or cannot be
// one: articles, pronouns, prepositions, conjunctions, auxiliaries and
// common verbs that end in "s". w is lower case.
func functionWord(w string) bool {
	switch w {
	case "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for",
		"with", "by", "from", "into", "onto", "over", "under", "about", "after", "before",
		"since", "until", "during", "against", "between", "among", "through", "per", "than",
		"as", "is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "do",
		"does", "did", "will", "would", "can", "could", "may", "might", "must", "shall",
		"should", "that", "which", "who", "whom", "whose", "this", "these", "those", "it",
		"its", "he", "she", "we", "they", "you", "i", "his", "her", "their", "our", "your",
		"my", "him", "them", "us", "me", "there", "here", "when", "where", "while", "if",
		"so", "not", "no", "yes", "says", "said", "say", "more", "less", "most", "least",
		"also", "only", "just", "even", "then", "now", "still", "yet", "thus", "always",
		"perhaps", "plus", "minus", "versus", "across", "towards", "unless", "whereas",
		"besides", "sometimes", "around", "each", "every", "all", "both", "either",
		"neither", "some", "any", "many", "much", "few", "other", "another", "such",
		"what", "why", "how", "up", "down", "out", "off", "away", "back", "again", "ago",
		"too", "very", "already", "almost", "nearly", "via", "within", "without", "upon",
		"amid", "amongst", "despite", "like", "unlike", "including", "across-the-board",
		"gets", "goes", "makes", "takes", "comes", "seems", "means", "remains", "becomes",
		"percent", "pc", "per-cent", "cent", "points", "am", "pm", "gmt", "bst",
		"utc", "est", "edt", "pst", "et", "hrs", "o'clock", "ad", "bc", "bce", "ce":
		return true
	}
	return false
}

// month reports month names and their usual abbreviations (lower case).
func month(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "jan", "feb", "mar", "apr",
		"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}

// timeWord reports words after a number that make it a clock time.
func timeWord(w string) bool {
	switch w {
	case "am", "pm", "a.m.", "p.m.", "gmt", "bst", "utc", "est", "edt", "cet", "pst", "pdt",
		"et", "o'clock", "hrs", "hours", "h":
		return w != "hours" && w != "hrs" && w != "h"
	}
	return false
}

// unitWord reports singular measurement units and abbreviations, which
// head a counted phrase although they are not plural ("5 km", "1 mile",
// "7.3 MWh"). w is as written (case matters for abbreviations).
func unitWord(w string) bool {
	switch w {
	case "km", "kg", "mg", "ml", "cm", "mm", "m", "g", "t", "l", "L", "mph", "kmh", "km/h",
		"ft", "in", "mi", "lb", "lbs", "oz", "ha", "sq", "MW", "GW", "kW", "kWh", "MWh", "GWh",
		"TWh", "Wh", "W", "V", "kV", "Hz", "GHz", "MHz", "GB", "MB", "TB", "KB", "Gb", "Mb",
		"eV", "TeV", "GeV", "MeV", "tpd", "bpd", "cl", "dl", "nm", "mGy", "Gy", "Sv", "mSv",
		"metre", "meter", "kilometre", "kilometer", "mile", "foot", "inch", "yard", "tonne",
		"ton", "litre", "liter", "gallon", "acre", "hectare", "kilogram", "gram", "pound",
		"ounce", "degree", "hour", "minute", "second", "day", "week", "month", "year",
		"decade", "century", "person", "man", "woman", "child", "time", "dozen", "barrel":
		return true
	}
	return false
}

// measureNoun reports plural nouns that take an "of" phrase naming what is
// counted: "13 sets of plans", "2 tonnes of cocaine", "40 years of rule".
func measureNoun(w string) bool {
	switch w {
	case "sets", "set", "pieces", "piece", "pairs", "pair", "tonnes", "tons", "kilos",
		"kilograms", "grams", "pounds", "barrels", "litres", "liters", "gallons", "bottles",
		"boxes", "bags", "rounds", "kinds", "types", "sorts", "groups", "teams", "units",
		"cups", "packs", "packets", "cases", "loads", "rows", "lines", "pages", "acres",
		"hectares", "miles", "metres", "meters", "kilometres", "kilometers", "feet",
		"hours", "days", "weeks", "months", "years", "decades", "centuries", "minutes",
		"waves", "batches", "truckloads", "shipments", "sacks", "crates", "cartons",
		"flights", "bouts", "counts", "charges", "rolls", "sheets", "slices", "servings",
		"doses", "shots", "cubic", "square", "millions", "billions", "thousands",
		"hundreds", "dozens", "tens", "scores", "percent", "dozen", "gigawatts",
		"megawatts", "terabytes", "gigabytes", "cents", "copies", "members", "rows ",
		"cans", "glasses", "bowls", "jars", "tubes", "strands", "grains", "drops":
		return true
	}
	return false
}

// irregularPlural reports plural nouns that do not end in "s".
func irregularPlural(w string) bool {
	switch w {
	case "people", "men", "women", "children", "police", "staff", "personnel", "cattle",
		"feet", "teeth", "mice", "geese", "data", "media", "criteria", "crew", "sheep",
		"deer", "aircraft", "offspring", "livestock", "militia", "youth", "fish", "troops",
		"infantry", "clergy", "faithful", "poultry", "alumni", "bacteria", "fungi", "cacti",
		"phenomena", "spacecraft", "watercraft", "kin", "folk", "head":
		return true
	}
	return false
}
