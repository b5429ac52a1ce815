package money

import "strings"

// Options resolves the currency symbols whose meaning depends on where a
// text was written.
type Options struct {
	// Dollar is the ISO 4217 code of a bare "$" and of unqualified
	// "dollars" and "cents"; empty means "USD".
	Dollar string
	// Yen is the ISO 4217 code of a bare "¥" when the text itself does not
	// settle it; empty means "JPY". A "¥" amount is CNY when the text talks
	// of yuan, renminbi or RMB (and not of yen), whatever this says.
	Yen string
}

func (o Options) withDefaults() Options {
	if o.Dollar == "" {
		o.Dollar = "USD"
	}
	if o.Yen == "" {
		o.Yen = "JPY"
	}
	return o
}

// OptionsForLocale returns the options for a BCP 47 locale such as "en-AU"
// (a bare "$" is AUD) or "zh-CN" (a bare "¥" is CNY). Unknown or empty
// locales get the defaults, USD and JPY.
func OptionsForLocale(locale string) Options {
	var lang, region string
	for i, part := range strings.FieldsFunc(locale, func(r rune) bool { return r == '-' || r == '_' }) {
		switch {
		case i == 0:
			lang = strings.ToLower(part)
		case len(part) == 2 || (len(part) == 3 && part[0] >= '0' && part[0] <= '9'):
			region = strings.ToUpper(part)
		}
	}
	o := Options{Dollar: "USD", Yen: "JPY"}
	if d := regionDollar(region); d != "" {
		o.Dollar = d
	}
	switch {
	case region == "CN", lang == "zh" && region == "":
		o.Yen = "CNY"
	}
	return o
}

// regionDollar is the currency a bare "$" names in a region.
func regionDollar(region string) string {
	switch region {
	case "US", "EC", "SV", "PA", "PR", "TL", "FM", "MH", "PW", "ZW":
		return "USD"
	case "AU", "KI", "NR", "TV", "CX", "CC", "NF":
		return "AUD"
	case "CA":
		return "CAD"
	case "NZ", "CK", "NU", "PN", "TK":
		return "NZD"
	case "SG":
		return "SGD"
	case "HK":
		return "HKD"
	case "TW":
		return "TWD"
	case "MX":
		return "MXN"
	case "AR":
		return "ARS"
	case "CL":
		return "CLP"
	case "CO":
		return "COP"
	case "JM":
		return "JMD"
	case "BS":
		return "BSD"
	case "BB":
		return "BBD"
	case "BZ":
		return "BZD"
	case "BM":
		return "BMD"
	case "FJ":
		return "FJD"
	case "GY":
		return "GYD"
	case "KY":
		return "KYD"
	case "LR":
		return "LRD"
	case "NA":
		return "NAD"
	case "SB":
		return "SBD"
	case "TT":
		return "TTD"
	case "BN":
		return "BND"
	}
	return ""
}
