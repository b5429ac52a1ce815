package money

import (
	"strings"

	"github.com/newswire/newswire/services/tagger/internal/scan"
)

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
	if len(w) < 3 || len(w) > 12 || famLens[w[0]&0x1f][w[len(w)-1]&0x1f]>>len(w)&1 == 0 {
		return famNone
	}
	return familyOf(w)
}

// familyWords are the currency words family knows, lower-case, with their
// families: the one list that familyOf and famLens are built from.
var familyWords = [...]struct {
	word string
	fam  int
}{
	{"dollar", famDollar},
	{"dollars", famDollar},
	{"bucks", famDollar},
	{"cent", famCent},
	{"cents", famCent},
	{"pound", famPound},
	{"pounds", famPound},
	{"quid", famPound},
	{"penny", famPenny},
	{"pence", famPenny},
	{"pennies", famPenny},
	{"sterling", famSterling},
	{"euro", famEuro},
	{"euros", famEuro},
	{"yen", famYen},
	{"yuan", famYuan},
	{"renminbi", famYuan},
	{"rmb", famYuan},
	{"rupee", famRupee},
	{"rupees", famRupee},
	{"rupiah", famRupiah},
	{"rupiahs", famRupiah},
	{"franc", famFranc},
	{"francs", famFranc},
	{"zloty", famZloty},
	{"zlotys", famZloty},
	{"zloties", famZloty},
	{"zlotych", famZloty},
	{"riyal", famRiyal},
	{"riyals", famRiyal},
	{"rial", famRial},
	{"rials", famRial},
	{"dirham", famDirham},
	{"dirhams", famDirham},
	{"naira", famNaira},
	{"rand", famRand},
	{"peso", famPeso},
	{"pesos", famPeso},
	{"reais", famReal},
	{"real", famReal},
	{"rouble", famRouble},
	{"roubles", famRouble},
	{"ruble", famRouble},
	{"rubles", famRouble},
	{"lira", famLira},
	{"lire", famLire},
	{"shekel", famShekel},
	{"shekels", famShekel},
	{"sheqel", famShekel},
	{"sheqels", famShekel},
	{"won", famWon},
	{"baht", famBaht},
	{"tugrik", famTugrik},
	{"tugriks", famTugrik},
	{"tögrög", famTugrik},
	{"ringgit", famRinggit},
	{"dong", famDong},
	{"krona", famKrona},
	{"kronor", famKrona},
	{"krone", famKrone},
	{"kroner", famKrone},
	{"forint", famForint},
	{"forints", famForint},
	{"koruna", famKoruna},
	{"korunas", famKoruna},
	{"korun", famKoruna},
	{"hryvnia", famHryvnia},
	{"hryvnias", famHryvnia},
	{"hryvnas", famHryvnia},
	{"leu", famLeu},
	{"lei", famLeu},
	{"lev", famLev},
	{"leva", famLev},
	{"taka", famTaka},
	{"shilling", famShilling},
	{"shillings", famShilling},
	{"cedi", famCedi},
	{"cedis", famCedi},
	{"kwacha", famKwacha},
	{"birr", famBirr},
	{"dinar", famDinar},
	{"dinars", famDinar},
	{"peseta", famPeseta},
	{"pesetas", famPeseta},
	{"markka", famMarkka},
	{"markkaa", famMarkka},
	{"guilder", famGuilder},
	{"guilders", famGuilder},
	{"drachma", famDrachma},
	{"drachmas", famDrachma},
	{"drachmae", famDrachma},
	{"escudo", famEscudo},
	{"escudos", famEscudo},
	{"mark", famMark},
	{"marks", famMark},
	{"deutschmark", famDeutschmark},
	{"deutschmarks", famDeutschmark},
	{"deutschemark", famDeutschmark},
	{"deutschemarks", famDeutschmark},
	{"punt", famPunt},
	{"punts", famPunt},
}

// familyByEnds lists, under the low five bits of their first and last
// bytes, the indexes of familyWords with those ends: familyOf compares a
// word with those alone.
var familyByEnds = func() (t [32][32][]uint8) {
	for i, w := range familyWords {
		e := &t[w.word[0]&0x1f][w.word[len(w.word)-1]&0x1f]
		*e = append(*e, uint8(i))
	}
	return t
}()

// familyOf classifies a currency word, its ASCII letters in any case.
func familyOf(w string) int {
	if len(w) == 0 {
		return famNone
	}
	for _, i := range familyByEnds[w[0]&0x1f][w[len(w)-1]&0x1f] {
		if f := &familyWords[i]; scan.EqualFold(w, f.word) {
			return f.fam
		}
	}
	return famNone
}

// famLens has bit n set, under the first and last bytes of one of
// familyWords (their low five bits, the same in either case for a
// letter), when such a word is n bytes long. family looks words up in it
// first: most words it is asked about (the one after every number, after
// every "a") name no currency, and fail here without being lower-cased
// and looked up.
var famLens = func() (t [32][32]uint16) {
	for _, w := range familyWords {
		t[w.word[0]&0x1f][w.word[len(w.word)-1]&0x1f] |= 1 << len(w.word)
	}
	return t
}()

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

// qualifiers are the currency codes named by a qualifier in lower case
// before a currency word of a family ("australian" + dollar).
var qualifiers = []struct {
	fams  []int
	code  string
	words []string
}{
	{[]int{famDollar, famCent}, "USD", []string{"us", "u.s.", "american", "united states"}},
	{[]int{famDollar, famCent}, "AUD", []string{"australian", "aussie"}},
	{[]int{famDollar, famCent}, "CAD", []string{"canadian"}},
	{[]int{famDollar, famCent}, "NZD", []string{"new zealand"}},
	{[]int{famDollar, famCent}, "HKD", []string{"hong kong"}},
	{[]int{famDollar, famCent}, "SGD", []string{"singapore", "singaporean"}},
	{[]int{famDollar, famCent}, "TWD", []string{"taiwan", "taiwanese", "new taiwan"}},
	{[]int{famDollar, famCent}, "ZWL", []string{"zimbabwe", "zimbabwean"}},
	{[]int{famDollar, famCent}, "XCD", []string{"east caribbean"}},
	{[]int{famDollar, famCent}, "JMD", []string{"jamaican"}},
	{[]int{famDollar, famCent}, "NAD", []string{"namibian"}},
	{[]int{famDollar, famCent}, "FJD", []string{"fijian", "fiji"}},
	{[]int{famDollar, famCent}, "LRD", []string{"liberian"}},
	{[]int{famDollar, famCent}, "BSD", []string{"bahamian"}},
	{[]int{famDollar, famCent}, "BBD", []string{"barbadian", "barbados"}},
	{[]int{famDollar, famCent}, "BND", []string{"brunei"}},
	{[]int{famDollar, famCent}, "BZD", []string{"belize"}},
	{[]int{famDollar, famCent}, "GYD", []string{"guyanese"}},
	{[]int{famDollar, famCent}, "TTD", []string{"trinidad and tobago"}},
	{[]int{famCent}, "EUR", []string{"euro"}},
	{[]int{famPound, famPenny}, "GBP", []string{"british", "uk", "sterling"}},
	{[]int{famPound, famPenny}, "EGP", []string{"egyptian"}},
	{[]int{famPound, famPenny}, "LBP", []string{"lebanese"}},
	{[]int{famPound, famPenny}, "SYP", []string{"syrian"}},
	{[]int{famPound, famPenny}, "SDG", []string{"sudanese"}},
	{[]int{famPound, famPenny}, "SSP", []string{"south sudanese"}},
	{[]int{famPound, famPenny}, "IEP", []string{"irish"}},
	{[]int{famYen}, "JPY", []string{"japanese"}},
	{[]int{famYuan}, "CNY", []string{"chinese"}},
	{[]int{famRupee}, "INR", []string{"indian"}},
	{[]int{famRupee}, "PKR", []string{"pakistani", "pakistan"}},
	{[]int{famRupee}, "LKR", []string{"sri lankan", "sri lanka"}},
	{[]int{famRupee}, "NPR", []string{"nepalese", "nepali"}},
	{[]int{famRupee}, "MUR", []string{"mauritian"}},
	{[]int{famRupee}, "SCR", []string{"seychellois"}},
	{[]int{famFranc}, "CHF", []string{"swiss"}},
	{[]int{famFranc}, "FRF", []string{"french"}},
	{[]int{famFranc}, "BEF", []string{"belgian"}},
	{[]int{famFranc}, "XOF", []string{"cfa", "west african"}},
	{[]int{famFranc}, "XAF", []string{"central african"}},
	{[]int{famFranc}, "CDF", []string{"congolese"}},
	{[]int{famFranc}, "RWF", []string{"rwandan"}},
	{[]int{famFranc}, "GNF", []string{"guinean"}},
	{[]int{famRiyal}, "SAR", []string{"saudi"}},
	{[]int{famRiyal}, "QAR", []string{"qatari"}},
	{[]int{famRiyal}, "YER", []string{"yemeni"}},
	{[]int{famRiyal}, "OMR", []string{"omani"}},
	{[]int{famRial}, "IRR", []string{"iranian"}},
	{[]int{famRial}, "OMR", []string{"omani"}},
	{[]int{famRial}, "YER", []string{"yemeni"}},
	{[]int{famDirham}, "AED", []string{"emirati", "uae"}},
	{[]int{famDirham}, "MAD", []string{"moroccan"}},
	{[]int{famNaira}, "NGN", []string{"nigerian"}},
	{[]int{famRand}, "ZAR", []string{"south african"}},
	{[]int{famPeso}, "MXN", []string{"mexican"}},
	{[]int{famPeso}, "PHP", []string{"philippine", "filipino"}},
	{[]int{famPeso}, "ARS", []string{"argentine", "argentinian", "argentinean"}},
	{[]int{famPeso}, "CLP", []string{"chilean"}},
	{[]int{famPeso}, "COP", []string{"colombian"}},
	{[]int{famPeso}, "CUP", []string{"cuban"}},
	{[]int{famPeso}, "UYU", []string{"uruguayan"}},
	{[]int{famPeso}, "DOP", []string{"dominican"}},
	{[]int{famReal}, "BRL", []string{"brazilian"}},
	{[]int{famRouble}, "RUB", []string{"russian"}},
	{[]int{famRouble}, "BYN", []string{"belarusian"}},
	{[]int{famLira}, "TRY", []string{"turkish"}},
	{[]int{famLira}, "ITL", []string{"italian"}},
	{[]int{famShekel}, "ILS", []string{"israeli", "new israeli"}},
	{[]int{famWon}, "KRW", []string{"south korean", "korean"}},
	{[]int{famWon}, "KPW", []string{"north korean"}},
	{[]int{famBaht}, "THB", []string{"thai"}},
	{[]int{famRinggit}, "MYR", []string{"malaysian", "malaysia"}},
	{[]int{famDong}, "VND", []string{"vietnamese"}},
	{[]int{famKrona}, "SEK", []string{"swedish"}},
	{[]int{famKrona}, "ISK", []string{"icelandic"}},
	{[]int{famKrone}, "DKK", []string{"danish"}},
	{[]int{famKrone}, "NOK", []string{"norwegian"}},
	{[]int{famForint}, "HUF", []string{"hungarian"}},
	{[]int{famKoruna}, "CZK", []string{"czech"}},
	{[]int{famHryvnia}, "UAH", []string{"ukrainian"}},
	{[]int{famLeu}, "RON", []string{"romanian"}},
	{[]int{famLeu}, "MDL", []string{"moldovan"}},
	{[]int{famLev}, "BGN", []string{"bulgarian"}},
	{[]int{famShilling}, "KES", []string{"kenyan"}},
	{[]int{famShilling}, "UGX", []string{"ugandan"}},
	{[]int{famShilling}, "TZS", []string{"tanzanian"}},
	{[]int{famShilling}, "SOS", []string{"somali"}},
	{[]int{famCedi}, "GHS", []string{"ghanaian"}},
	{[]int{famKwacha}, "ZMW", []string{"zambian"}},
	{[]int{famKwacha}, "MWK", []string{"malawian"}},
	{[]int{famBirr}, "ETB", []string{"ethiopian"}},
	{[]int{famDinar}, "KWD", []string{"kuwaiti"}},
	{[]int{famDinar}, "IQD", []string{"iraqi"}},
	{[]int{famDinar}, "JOD", []string{"jordanian"}},
	{[]int{famDinar}, "BHD", []string{"bahraini"}},
	{[]int{famDinar}, "RSD", []string{"serbian"}},
	{[]int{famDinar}, "DZD", []string{"algerian"}},
	{[]int{famDinar}, "TND", []string{"tunisian"}},
	{[]int{famDinar}, "LYD", []string{"libyan"}},
	{[]int{famPeseta}, "ESP", []string{"spanish"}},
	{[]int{famMarkka}, "FIM", []string{"finnish"}},
	{[]int{famGuilder}, "NLG", []string{"dutch", "netherlands"}},
	{[]int{famGuilder}, "ANG", []string{"antillean", "netherlands antillean"}},
	{[]int{famDrachma}, "GRD", []string{"greek"}},
	{[]int{famEscudo}, "PTE", []string{"portuguese"}},
	{[]int{famEscudo}, "CVE", []string{"cape verdean"}},
	{[]int{famMark}, "DEM", []string{"german", "deutsche", "west german"}},
	{[]int{famMark}, "FIM", []string{"finnish"}},
	{[]int{famMark}, "BAM", []string{"convertible", "bosnian"}},
	{[]int{famPunt}, "IEP", []string{"irish"}},
}

// qualified indexes qualifiers by family and qualifier.
var qualified = func() map[qualifier]string {
	m := make(map[qualifier]string)
	for _, e := range qualifiers {
		for _, f := range e.fams {
			for _, w := range e.words {
				m[qualifier{f, w}] = e.code
			}
		}
	}
	return m
}()

type qualifier struct {
	fam int
	q   string
}

// qualifiedCode is the code of a currency word after a qualifier given in
// lower case ("australian" + dollar), "" when the pair is unknown.
func qualifiedCode(q string, fam int) string { return qualified[qualifier{fam, q}] }

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
