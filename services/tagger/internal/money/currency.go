package money

import "strings"

// Currency families: a currency word names a family, and a qualifier before
// it ("Swiss", "Hong Kong") picks the member.
const (
	famNone = iota
	famDollar
	famCent // minor unit of the dollar family (or of the euro, "euro cents")
	famPound
	famPenny // minor unit of sterling
	famEuro
	famYen
	famYuan
	famRupee
	famRupiah
	famFranc
	famZloty
	famRiyal
	famRial
	famDirham
	famNaira
	famRand
	famPeso
	famReal
	famRouble
	famLira
	famLire
	famShekel
	famWon
	famBaht
	famRinggit
	famDong
	famKrona
	famKrone
	famForint
	famKoruna
	famHryvnia
	famLeu
	famLev
	famTaka
	famShilling
	famCedi
	famKwacha
	famBirr
	famDinar
	famPeseta
	famMarkka
	famGuilder
	famDrachma
	famEscudo
	famMark
	famDeutschmark
	famPunt
	famSterling
	famTugrik
)

// lower copies an ASCII word into buf in lower case. Callers use the result
// only within their own frame, so it never reaches the heap.
func lower(buf *[24]byte, w string) (string, bool) {
	if len(w) > len(buf) {
		return "", false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(w)]), true
}

// family classifies a currency word (any case).
func family(w string) int {
	if len(w) < 3 || len(w) > 12 {
		return famNone
	}
	var buf [24]byte
	l, _ := lower(&buf, w)
	return familyLower(l)
}

func familyLower(w string) int {
	switch w {
	case "dollar", "dollars", "bucks":
		return famDollar
	case "cent", "cents":
		return famCent
	case "pound", "pounds", "quid":
		return famPound
	case "penny", "pence", "pennies":
		return famPenny
	case "sterling":
		return famSterling
	case "euro", "euros":
		return famEuro
	case "yen":
		return famYen
	case "yuan", "renminbi", "rmb":
		return famYuan
	case "rupee", "rupees":
		return famRupee
	case "rupiah", "rupiahs":
		return famRupiah
	case "franc", "francs":
		return famFranc
	case "zloty", "zlotys", "zloties", "zlotych":
		return famZloty
	case "riyal", "riyals":
		return famRiyal
	case "rial", "rials":
		return famRial
	case "dirham", "dirhams":
		return famDirham
	case "naira":
		return famNaira
	case "rand":
		return famRand
	case "peso", "pesos":
		return famPeso
	case "reais", "real":
		return famReal
	case "rouble", "roubles", "ruble", "rubles":
		return famRouble
	case "lira":
		return famLira
	case "lire":
		return famLire
	case "shekel", "shekels", "sheqel", "sheqels":
		return famShekel
	case "won":
		return famWon
	case "baht":
		return famBaht
	case "tugrik", "tugriks", "tögrög":
		return famTugrik
	case "ringgit":
		return famRinggit
	case "dong":
		return famDong
	case "krona", "kronor":
		return famKrona
	case "krone", "kroner":
		return famKrone
	case "forint", "forints":
		return famForint
	case "koruna", "korunas", "korun":
		return famKoruna
	case "hryvnia", "hryvnias", "hryvnas":
		return famHryvnia
	case "leu", "lei":
		return famLeu
	case "lev", "leva":
		return famLev
	case "taka":
		return famTaka
	case "shilling", "shillings":
		return famShilling
	case "cedi", "cedis":
		return famCedi
	case "kwacha":
		return famKwacha
	case "birr":
		return famBirr
	case "dinar", "dinars":
		return famDinar
	case "peseta", "pesetas":
		return famPeseta
	case "markka", "markkaa":
		return famMarkka
	case "guilder", "guilders":
		return famGuilder
	case "drachma", "drachmas", "drachmae":
		return famDrachma
	case "escudo", "escudos":
		return famEscudo
	case "mark", "marks":
		return famMark
	case "deutschmark", "deutschmarks", "deutschemark", "deutschemarks":
		return famDeutschmark
	case "punt", "punts":
		return famPunt
	}
	return famNone
}

// defaultCode is the code of an unqualified currency word, "" when the word
// alone does not say (a bare "dinar" or "mark").
func defaultCode(fam int, o Options) string {
	switch fam {
	case famDollar, famCent:
		return o.Dollar
	case famPound, famPenny, famSterling:
		return "GBP"
	case famEuro:
		return "EUR"
	case famYen:
		return "JPY"
	case famYuan:
		return "CNY"
	case famRupee:
		return "INR"
	case famRupiah:
		return "IDR"
	case famFranc:
		return "CHF"
	case famZloty:
		return "PLN"
	case famRiyal:
		return "SAR"
	case famRial:
		return "IRR"
	case famDirham:
		return "AED"
	case famNaira:
		return "NGN"
	case famRand:
		return "ZAR"
	case famPeso:
		return "MXN"
	case famReal:
		return "BRL"
	case famRouble:
		return "RUB"
	case famLira:
		return "TRY"
	case famLire:
		return "ITL"
	case famShekel:
		return "ILS"
	case famWon:
		return "KRW"
	case famBaht:
		return "THB"
	case famRinggit:
		return "MYR"
	case famDong:
		return "VND"
	case famKrona:
		return "SEK"
	case famKrone:
		return "DKK"
	case famForint:
		return "HUF"
	case famKoruna:
		return "CZK"
	case famHryvnia:
		return "UAH"
	case famLeu:
		return "RON"
	case famLev:
		return "BGN"
	case famTaka:
		return "BDT"
	case famShilling:
		return "KES"
	case famCedi:
		return "GHS"
	case famKwacha:
		return "ZMW"
	case famBirr:
		return "ETB"
	case famPeseta:
		return "ESP"
	case famMarkka:
		return "FIM"
	case famGuilder:
		return "NLG"
	case famDrachma:
		return "GRD"
	case famEscudo:
		return "PTE"
	case famDeutschmark:
		return "DEM"
	case famPunt:
		return "IEP"
	case famTugrik:
		return "MNT"
	}
	return ""
}

// lowerISO is the code of a lower-case ISO code written after a number in
// lower-cased text ("20 usd"); only the most common currencies, whose codes
// are not English words.
func lowerISO(w string) string {
	switch w {
	case "usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "aud", "cad", "chf", "hkd", "sgd", "nzd":
		if w == "rmb" {
			return "CNY"
		}
		return strings.ToUpper(w)
	}
	return ""
}

// qualifiedCode is the code of a currency word after a qualifier given in
// lower case ("australian" + dollar), "" when the pair is unknown.
func qualifiedCode(q string, fam int) string {
	switch fam {
	case famDollar, famCent:
		switch q {
		case "us", "u.s.", "american", "united states":
			return "USD"
		case "australian", "aussie":
			return "AUD"
		case "canadian":
			return "CAD"
		case "new zealand":
			return "NZD"
		case "hong kong":
			return "HKD"
		case "singapore", "singaporean":
			return "SGD"
		case "taiwan", "taiwanese", "new taiwan":
			return "TWD"
		case "zimbabwe", "zimbabwean":
			return "ZWL"
		case "east caribbean":
			return "XCD"
		case "jamaican":
			return "JMD"
		case "namibian":
			return "NAD"
		case "fijian", "fiji":
			return "FJD"
		case "liberian":
			return "LRD"
		case "bahamian":
			return "BSD"
		case "barbadian", "barbados":
			return "BBD"
		case "brunei":
			return "BND"
		case "belize":
			return "BZD"
		case "guyanese":
			return "GYD"
		case "trinidad and tobago":
			return "TTD"
		case "euro":
			if fam == famCent {
				return "EUR"
			}
		}
	case famPound, famPenny:
		switch q {
		case "british", "uk", "sterling":
			return "GBP"
		case "egyptian":
			return "EGP"
		case "lebanese":
			return "LBP"
		case "syrian":
			return "SYP"
		case "sudanese":
			return "SDG"
		case "south sudanese":
			return "SSP"
		case "irish":
			return "IEP"
		}
	case famYen:
		if q == "japanese" {
			return "JPY"
		}
	case famYuan:
		if q == "chinese" {
			return "CNY"
		}
	case famRupee:
		switch q {
		case "indian":
			return "INR"
		case "pakistani", "pakistan":
			return "PKR"
		case "sri lankan", "sri lanka":
			return "LKR"
		case "nepalese", "nepali":
			return "NPR"
		case "mauritian":
			return "MUR"
		case "seychellois":
			return "SCR"
		}
	case famFranc:
		switch q {
		case "swiss":
			return "CHF"
		case "french":
			return "FRF"
		case "belgian":
			return "BEF"
		case "cfa", "west african":
			return "XOF"
		case "central african":
			return "XAF"
		case "congolese":
			return "CDF"
		case "rwandan":
			return "RWF"
		case "guinean":
			return "GNF"
		}
	case famRiyal:
		switch q {
		case "saudi":
			return "SAR"
		case "qatari":
			return "QAR"
		case "yemeni":
			return "YER"
		case "omani":
			return "OMR"
		}
	case famRial:
		switch q {
		case "iranian":
			return "IRR"
		case "omani":
			return "OMR"
		case "yemeni":
			return "YER"
		}
	case famDirham:
		switch q {
		case "emirati", "uae":
			return "AED"
		case "moroccan":
			return "MAD"
		}
	case famNaira:
		if q == "nigerian" {
			return "NGN"
		}
	case famRand:
		if q == "south african" {
			return "ZAR"
		}
	case famPeso:
		switch q {
		case "mexican":
			return "MXN"
		case "philippine", "filipino":
			return "PHP"
		case "argentine", "argentinian", "argentinean":
			return "ARS"
		case "chilean":
			return "CLP"
		case "colombian":
			return "COP"
		case "cuban":
			return "CUP"
		case "uruguayan":
			return "UYU"
		case "dominican":
			return "DOP"
		}
	case famReal:
		if q == "brazilian" {
			return "BRL"
		}
	case famRouble:
		switch q {
		case "russian":
			return "RUB"
		case "belarusian":
			return "BYN"
		}
	case famLira:
		switch q {
		case "turkish":
			return "TRY"
		case "italian":
			return "ITL"
		}
	case famShekel:
		if q == "israeli" || q == "new israeli" {
			return "ILS"
		}
	case famWon:
		switch q {
		case "south korean", "korean":
			return "KRW"
		case "north korean":
			return "KPW"
		}
	case famBaht:
		if q == "thai" {
			return "THB"
		}
	case famRinggit:
		if q == "malaysian" || q == "malaysia" {
			return "MYR"
		}
	case famDong:
		if q == "vietnamese" {
			return "VND"
		}
	case famKrona:
		switch q {
		case "swedish":
			return "SEK"
		case "icelandic":
			return "ISK"
		}
	case famKrone:
		switch q {
		case "danish":
			return "DKK"
		case "norwegian":
			return "NOK"
		}
	case famForint:
		if q == "hungarian" {
			return "HUF"
		}
	case famKoruna:
		if q == "czech" {
			return "CZK"
		}
	case famHryvnia:
		if q == "ukrainian" {
			return "UAH"
		}
	case famLeu:
		switch q {
		case "romanian":
			return "RON"
		case "moldovan":
			return "MDL"
		}
	case famLev:
		if q == "bulgarian" {
			return "BGN"
		}
	case famShilling:
		switch q {
		case "kenyan":
			return "KES"
		case "ugandan":
			return "UGX"
		case "tanzanian":
			return "TZS"
		case "somali":
			return "SOS"
		}
	case famCedi:
		if q == "ghanaian" {
			return "GHS"
		}
	case famKwacha:
		switch q {
		case "zambian":
			return "ZMW"
		case "malawian":
			return "MWK"
		}
	case famBirr:
		if q == "ethiopian" {
			return "ETB"
		}
	case famDinar:
		switch q {
		case "kuwaiti":
			return "KWD"
		case "iraqi":
			return "IQD"
		case "jordanian":
			return "JOD"
		case "bahraini":
			return "BHD"
		case "serbian":
			return "RSD"
		case "algerian":
			return "DZD"
		case "tunisian":
			return "TND"
		case "libyan":
			return "LYD"
		}
	case famPeseta:
		if q == "spanish" {
			return "ESP"
		}
	case famMarkka:
		if q == "finnish" {
			return "FIM"
		}
	case famGuilder:
		switch q {
		case "dutch", "netherlands":
			return "NLG"
		case "antillean", "netherlands antillean":
			return "ANG"
		}
	case famDrachma:
		if q == "greek" {
			return "GRD"
		}
	case famEscudo:
		switch q {
		case "portuguese":
			return "PTE"
		case "cape verdean":
			return "CVE"
		}
	case famMark:
		switch q {
		case "german", "deutsche", "west german":
			return "DEM"
		case "finnish":
			return "FIM"
		case "convertible", "bosnian":
			return "BAM"
		}
	case famPunt:
		if q == "irish" {
			return "IEP"
		}
	}
	return ""
}

// isoCode reports whether w is an upper-case ISO 4217 code newswire
// recognises next to a number ("EUR 5 million", "5m USD"). "RMB" is the
// usual name of the renminbi and maps to CNY.
func isoCode(w string) (string, bool) {
	switch w {
	case "USD", "EUR", "GBP", "JPY", "CNY", "INR", "AUD", "CAD", "NZD", "HKD",
		"SGD", "CHF", "SEK", "NOK", "DKK", "PLN", "RUB", "TRY", "BRL", "ZAR",
		"MXN", "KRW", "ILS", "AED", "SAR", "QAR", "NGN", "KES", "EGP", "PKR",
		"IDR", "THB", "MYR", "PHP", "VND", "TWD", "ARS", "CLP", "COP", "CZK",
		"HUF", "RON", "UAH", "KWD", "BHD", "OMR", "JOD", "IQD", "IRR", "LKR",
		"BDT", "GHS", "ETB", "UGX", "TZS", "MAD", "ISK", "BGN", "HRK", "PEN",
		"XOF", "XAF", "ZMW", "XAU", "XAG", "LBP", "SYP", "SDG", "MNT", "KZT", "UZS",
		"AZN", "GEL", "AMD", "BYN", "MDL", "RSD", "BAM", "MKD", "TND",
		"DZD", "LYD", "YER", "AFN", "NPR", "MMK", "KHR", "LAK", "BND", "FJD", "PGK",
		"NAD", "BWP", "MZN", "AOA", "RWF", "MWK", "ZWL", "JMD", "TTD", "BBD", "BSD",
		"BZD", "GYD", "XCD", "DOP", "HTG", "GTQ", "HNL", "NIO", "CRC", "PAB",
		"PYG", "UYU", "BOB", "VES", "SCR", "MUR", "MVR", "KYD", "BMD", "MOP", "KPW":
		return w, true
	case "RMB":
		return "CNY", true
	}
	return "", false
}

// symbolAt returns the currency a symbol at text[i:] names, and the
// symbol's length. Letter prefixes ("US$", "Rs") are handled by prefixAt.
func symbolAt(text string, i int, o Options) (string, int) {
	c := text[i]
	switch c {
	case '$':
		return o.Dollar, 1
	case 0xC2:
		switch {
		case strings.HasPrefix(text[i:], "£"):
			return "GBP", 2
		case strings.HasPrefix(text[i:], "¥"):
			return yenSymbol, 2
		}
	case 0xEF:
		if strings.HasPrefix(text[i:], "￥") {
			return yenSymbol, 3
		}
		if strings.HasPrefix(text[i:], "＄") {
			return o.Dollar, 3
		}
	case 0xE2:
		if i+2 < len(text) && text[i+1] == 0x82 {
			switch text[i+2] {
			case 0xAC:
				return "EUR", 3
			case 0xB9:
				return "INR", 3
			case 0xA9:
				return "KRW", 3
			case 0xBD:
				return "RUB", 3
			case 0xBA:
				return "TRY", 3
			case 0xAA:
				return "ILS", 3
			case 0xA6:
				return "NGN", 3
			case 0xB1:
				return "PHP", 3
			case 0xAB:
				return "VND", 3
			case 0xB4:
				return "UAH", 3
			}
		}
	case 0xE0:
		if strings.HasPrefix(text[i:], "฿") {
			return "THB", 3
		}
	case 0xE5:
		// 元 after a number is the yuan.
		if strings.HasPrefix(text[i:], "元") {
			return "CNY", 3
		}
		if strings.HasPrefix(text[i:], "円") {
			return "JPY", 3
		}
	}
	return "", 0
}

// yenSymbol marks an amount written with "¥", resolved per text.
const yenSymbol = "¥"

// dollarPrefix is the currency of a letter prefix glued to "$" ("US$",
// "HK$"), "" when the letters are not one.
func dollarPrefix(w string) string {
	switch w {
	case "US", "us", "Us", "U.S.":
		return "USD"
	case "A", "AU", "Au", "AUS", "au":
		return "AUD"
	case "C", "CA", "CAN", "Can", "c", "ca":
		return "CAD"
	case "HK", "hk", "Hk":
		return "HKD"
	case "NZ", "nz":
		return "NZD"
	case "S", "SG", "sg":
		return "SGD"
	case "NT", "nt":
		return "TWD"
	case "R":
		return "BRL"
	case "MX", "Mex", "mx":
		return "MXN"
	case "Z":
		return "ZWL"
	case "J":
		return "JMD"
	case "EC":
		return "XCD"
	case "B", "Bds":
		return "BBD"
	case "F", "FJ":
		return "FJD"
	}
	return ""
}
