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
	if len(w) < 3 || len(w) > 12 || famLens[w[0]&0x1f][w[len(w)-1]&0x1f]>>len(w)&1 == 0 {
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

// famLens has bit n set, under the first and last letters of a word
// familyLower knows (their low five bits, the same in either case), when
// such a word is n bytes long. family looks words up in it first: most
// words it is asked about (the one after every number, after every "a")
// name no currency, and fail here without being lower-cased and compared.
// TestFamLens holds it to familyLower's switch.
var famLens = [32][32]uint16{
	'b' & 0x1f: {
		'r' & 0x1f: 1 << 4, // birr
		's' & 0x1f: 1 << 5, // bucks
		't' & 0x1f: 1 << 4, // baht
	},
	'c' & 0x1f: {
		'i' & 0x1f: 1 << 4, // cedi
		's' & 0x1f: 1 << 5, // cedis, cents
		't' & 0x1f: 1 << 4, // cent
	},
	'd' & 0x1f: {
		'a' & 0x1f: 1 << 7,                             // drachma
		'e' & 0x1f: 1 << 8,                             // drachmae
		'g' & 0x1f: 1 << 4,                             // dong
		'k' & 0x1f: 1<<11 | 1<<12,                      // deutschmark, deutschemark
		'm' & 0x1f: 1 << 6,                             // dirham
		'r' & 0x1f: 1<<5 | 1<<6,                        // dinar, dollar
		's' & 0x1f: 1<<6 | 1<<7 | 1<<8 | 1<<12 | 1<<13, // dinars, dirhams, dollars, drachmas, deutschmarks, deutschemarks
	},
	'e' & 0x1f: {
		'o' & 0x1f: 1<<4 | 1<<6, // euro, escudo
		's' & 0x1f: 1<<5 | 1<<7, // euros, escudos
	},
	'f' & 0x1f: {
		'c' & 0x1f: 1 << 5,      // franc
		's' & 0x1f: 1<<6 | 1<<7, // francs, forints
		't' & 0x1f: 1 << 6,      // forint
	},
	'g' & 0x1f: {
		'r' & 0x1f: 1 << 7, // guilder
		's' & 0x1f: 1 << 8, // guilders
	},
	'h' & 0x1f: {
		'a' & 0x1f: 1 << 7,      // hryvnia
		's' & 0x1f: 1<<7 | 1<<8, // hryvnas, hryvnias
	},
	'k' & 0x1f: {
		'a' & 0x1f: 1<<5 | 1<<6, // krona, koruna, kwacha
		'e' & 0x1f: 1 << 5,      // krone
		'n' & 0x1f: 1 << 5,      // korun
		'r' & 0x1f: 1 << 6,      // kroner, kronor
		's' & 0x1f: 1 << 7,      // korunas
	},
	'l' & 0x1f: {
		'a' & 0x1f: 1 << 4, // leva, lira
		'e' & 0x1f: 1 << 4, // lire
		'i' & 0x1f: 1 << 3, // lei
		'u' & 0x1f: 1 << 3, // leu
		'v' & 0x1f: 1 << 3, // lev
	},
	'm' & 0x1f: {
		'a' & 0x1f: 1<<6 | 1<<7, // markka, markkaa
		'k' & 0x1f: 1 << 4,      // mark
		's' & 0x1f: 1 << 5,      // marks
	},
	'n' & 0x1f: {
		'a' & 0x1f: 1 << 5, // naira
	},
	'p' & 0x1f: {
		'a' & 0x1f: 1 << 6,             // peseta
		'd' & 0x1f: 1 << 5,             // pound
		'e' & 0x1f: 1 << 5,             // pence
		'o' & 0x1f: 1 << 4,             // peso
		's' & 0x1f: 1<<5 | 1<<6 | 1<<7, // pesos, punts, pounds, pennies, pesetas
		't' & 0x1f: 1 << 4,             // punt
		'y' & 0x1f: 1 << 5,             // penny
	},
	'q' & 0x1f: {
		'd' & 0x1f: 1 << 4, // quid
	},
	'r' & 0x1f: {
		'b' & 0x1f: 1 << 3,             // rmb
		'd' & 0x1f: 1 << 4,             // rand
		'e' & 0x1f: 1<<5 | 1<<6,        // ruble, rupee, rouble
		'h' & 0x1f: 1 << 6,             // rupiah
		'i' & 0x1f: 1 << 8,             // renminbi
		'l' & 0x1f: 1<<4 | 1<<5,        // real, rial, riyal
		's' & 0x1f: 1<<5 | 1<<6 | 1<<7, // reais, rials, riyals, rubles, rupees, roubles, rupiahs
		't' & 0x1f: 1 << 7,             // ringgit
	},
	's' & 0x1f: {
		'g' & 0x1f: 1 << 8,      // shilling, sterling
		'l' & 0x1f: 1 << 6,      // shekel, sheqel
		's' & 0x1f: 1<<7 | 1<<9, // shekels, sheqels, shillings
	},
	't' & 0x1f: {
		'a' & 0x1f: 1 << 4, // taka
		'g' & 0x1f: 1 << 8, // tögrög
		'k' & 0x1f: 1 << 6, // tugrik
		's' & 0x1f: 1 << 7, // tugriks
	},
	'w' & 0x1f: {
		'n' & 0x1f: 1 << 3, // won
	},
	'y' & 0x1f: {
		'n' & 0x1f: 1<<3 | 1<<4, // yen, yuan
	},
	'z' & 0x1f: {
		'h' & 0x1f: 1 << 7,      // zlotych
		's' & 0x1f: 1<<6 | 1<<7, // zlotys, zloties
		'y' & 0x1f: 1 << 5,      // zloty
	},
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
