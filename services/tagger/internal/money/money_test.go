package money

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/number"
	"github.com/newswire/newswire/services/tagger/internal/scan"
)

// got is what the tests compare: the essentials of one article.Money.
type got struct {
	Text     string
	Currency string
	Amount   float64
	Min, Max float64
	Approx   bool
}

func simplify(ms []article.Money) []got {
	var out []got
	for _, m := range ms {
		g := got{Text: m.Text, Currency: m.Currency, Approx: m.Approximate}
		if m.Amount != nil {
			g.Amount = *m.Amount
		}
		if m.Min != nil {
			g.Min, g.Max = *m.Min, *m.Max
		}
		out = append(out, g)
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		opts Options
		want []got
	}{
		{"glued million", "an extra £170million for the force", Options{}, []got{{Text: "£170million", Currency: "GBP", Amount: 170e6}}},
		{"amount then a count", "sent £170million and 52 targets, $3 million 20 times", Options{}, []got{{Text: "£170million", Currency: "GBP", Amount: 170e6}, {Text: "$3 million", Currency: "USD", Amount: 3e6}}},
		{"bn", "a $1.5bn deal", Options{}, []got{{Text: "$1.5bn", Currency: "USD", Amount: 1.5e9}}},
		{"trn yen", "debt of ¥1.2trn in Japan", Options{}, []got{{Text: "¥1.2trn", Currency: "JPY", Amount: 1.2e12}}},
		{"yen symbol read as yuan from context", "Beijing set aside ¥300m, or 300m yuan", Options{}, []got{{Text: "¥300m", Currency: "CNY", Amount: 300e6}, {Text: "300m yuan", Currency: "CNY", Amount: 300e6}}},
		{"yen default option", "it sells for ¥900", Options{Yen: "CNY"}, []got{{Text: "¥900", Currency: "CNY", Amount: 900}}},
		{"yen symbol read from its own sentence", "In Beijing the fund held ¥300bn of yuan assets. In Tokyo it held ¥1.2trn.\nThe rest, ¥5bn, is unclear", Options{}, []got{{Text: "¥300bn", Currency: "CNY", Amount: 300e9}, {Text: "¥1.2trn", Currency: "JPY", Amount: 1.2e12}, {Text: "¥5bn", Currency: "CNY", Amount: 5e9}}},
		{"crore", "a Rs 2,000 crore package", Options{}, []got{{Text: "Rs 2,000 crore", Currency: "INR", Amount: 2e10}}},
		{"lakh rupees", "fined 3 lakh rupees", Options{}, []got{{Text: "3 lakh rupees", Currency: "INR", Amount: 3e5}}},
		{"iso before", "raised EUR 5 million", Options{}, []got{{Text: "EUR 5 million", Currency: "EUR", Amount: 5e6}}},
		{"iso after", "a 5m USD fine", Options{}, []got{{Text: "5m USD", Currency: "USD", Amount: 5e6}}},
		{"spelled", "paid five million dollars", Options{}, []got{{Text: "five million dollars", Currency: "USD", Amount: 5e6}}},
		{"half a million", "half a million pounds was spent", Options{}, []got{{Text: "half a million pounds", Currency: "GBP", Amount: 5e5}}},
		{"quarter of a billion", "a quarter of a billion euros", Options{}, []got{{Text: "a quarter of a billion euros", Currency: "EUR", Amount: 2.5e8}}},
		{"qualified franc", "12,500 Swiss francs", Options{}, []got{{Text: "12,500 Swiss francs", Currency: "CHF", Amount: 12500}}},
		{"two-word qualifier", "40 million Hong Kong dollars", Options{}, []got{{Text: "40 million Hong Kong dollars", Currency: "HKD", Amount: 40e6}}},
		{"us dollars", "3,000 US dollars", Options{}, []got{{Text: "3,000 US dollars", Currency: "USD", Amount: 3000}}},
		{"prefixed dollars", "A$40m and C$2bn and HK$7 and NZ$5 and S$3", Options{}, []got{
			{Text: "A$40m", Currency: "AUD", Amount: 40e6}, {Text: "C$2bn", Currency: "CAD", Amount: 2e9},
			{Text: "HK$7", Currency: "HKD", Amount: 7}, {Text: "NZ$5", Currency: "NZD", Amount: 5}, {Text: "S$3", Currency: "SGD", Amount: 3}}},
		{"real", "R$ 250 and US$9 and $US12", Options{}, []got{{Text: "R$ 250", Currency: "BRL", Amount: 250}, {Text: "US$9", Currency: "USD", Amount: 9}, {Text: "$US12", Currency: "USD", Amount: 12}}},
		{"symbols", "€4, ₹80, ₩1,000, ₽50, ₺20, ₪35", Options{}, []got{
			{Text: "€4", Currency: "EUR", Amount: 4}, {Text: "₹80", Currency: "INR", Amount: 80}, {Text: "₩1,000", Currency: "KRW", Amount: 1000},
			{Text: "₽50", Currency: "RUB", Amount: 50}, {Text: "₺20", Currency: "TRY", Amount: 20}, {Text: "₪35", Currency: "ILS", Amount: 35}}},
		{"pence", "up 50p to 75 pence", Options{}, []got{{Text: "50p", Currency: "GBP", Amount: 0.5}, {Text: "75 pence", Currency: "GBP", Amount: 0.75}}},
		{"cents", "a 75 cents rise", Options{}, []got{{Text: "75 cents", Currency: "USD", Amount: 0.75}}},
		{"hyphen cent", "a 15-cent tax", Options{}, []got{{Text: "15-cent", Currency: "USD", Amount: 0.15}}},
		{"dollars and cents", "it came to 12 dollars 30 cents", Options{}, []got{{Text: "12 dollars 30 cents", Currency: "USD", Amount: 12.3}}},
		{"range glued", "worth £2-3m a year", Options{}, []got{{Text: "£2-3m", Currency: "GBP", Min: 2e6, Max: 3e6}}},
		{"range between", "between $10m and $20m", Options{}, []got{{Text: "$10m and $20m", Currency: "USD", Min: 10e6, Max: 20e6}}},
		{"range words", "2 to 3 million pounds", Options{}, []got{{Text: "2 to 3 million pounds", Currency: "GBP", Min: 2e6, Max: 3e6}}},
		{"from-to is two amounts", "rose from $5m to $7m", Options{}, []got{{Text: "$5m", Currency: "USD", Amount: 5e6}, {Text: "$7m", Currency: "USD", Amount: 7e6}}},
		{"approximate", "about $14m, nearly £3bn, more than €50 and up to ¥9", Options{Yen: "JPY"}, []got{
			{Text: "$14m", Currency: "USD", Amount: 14e6, Approx: true}, {Text: "£3bn", Currency: "GBP", Amount: 3e9, Approx: true},
			{Text: "€50", Currency: "EUR", Amount: 50, Approx: true}, {Text: "¥9", Currency: "JPY", Amount: 9, Approx: true}}},
		{"locale dollar", "it cost $40", OptionsForLocale("en-AU"), []got{{Text: "$40", Currency: "AUD", Amount: 40}}},
		{"tokenised", "fell to c $ 16.4 million", Options{}, []got{{Text: "c $ 16.4 million", Currency: "CAD", Amount: 16.4e6}}},
		{"lower case names", "paid 300 euros and 20 zlotys", Options{}, []got{{Text: "300 euros", Currency: "EUR", Amount: 300}, {Text: "20 zlotys", Currency: "PLN", Amount: 20}}},
		{"riyals dirhams naira rand", "9 riyals, 4 dirhams, 700 naira, 12 rand", Options{}, []got{
			{Text: "9 riyals", Currency: "SAR", Amount: 9}, {Text: "4 dirhams", Currency: "AED", Amount: 4},
			{Text: "700 naira", Currency: "NGN", Amount: 700}, {Text: "12 rand", Currency: "ZAR", Amount: 12}}},
		{"a dollar", "less than a dollar a day", Options{}, []got{{Text: "a dollar", Currency: "USD", Amount: 1, Approx: true}}},
		{"no money", "In 1979, 52 targets and 13 sets of plans; Covid-19 and a Boeing 737", Options{}, nil},
		{"bare dinar is not tagged", "500 dinars", Options{}, nil},
		{"summit name is not money", "at COP26 in Glasgow", Options{}, nil},
		{"glued major code", "GBP3.01 or CHF4", Options{}, []got{{Text: "GBP3.01", Currency: "GBP", Amount: 3.01}, {Text: "CHF4", Currency: "CHF", Amount: 4}}},
		{"won needs a size", "they won 2 won matches; 5,000 won", Options{}, []got{{Text: "5,000 won", Currency: "KRW", Amount: 5000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Find(tt.text, tt.opts)
			if diff := cmp.Diff(tt.want, simplify(ms)); diff != "" {
				t.Errorf("Find(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			checkOffsets(t, tt.text, ms)
		})
	}
}

func TestOptionsForLocale(t *testing.T) {
	tests := []struct {
		locale string
		want   Options
	}{
		{"en-AU", Options{Dollar: "AUD", Yen: "JPY"}},
		{"en-CA", Options{Dollar: "CAD", Yen: "JPY"}},
		{"en_NZ", Options{Dollar: "NZD", Yen: "JPY"}},
		{"en-SG", Options{Dollar: "SGD", Yen: "JPY"}},
		{"en-HK", Options{Dollar: "HKD", Yen: "JPY"}},
		{"zh-CN", Options{Dollar: "USD", Yen: "CNY"}},
		{"zh-Hans-CN", Options{Dollar: "USD", Yen: "CNY"}},
		{"ja-JP", Options{Dollar: "USD", Yen: "JPY"}},
		{"en-GB", Options{Dollar: "USD", Yen: "JPY"}},
		{"", Options{Dollar: "USD", Yen: "JPY"}},
	}
	for _, tt := range tests {
		if got := OptionsForLocale(tt.locale); got != tt.want {
			t.Errorf("OptionsForLocale(%q) = %+v, want %+v", tt.locale, got, tt.want)
		}
	}
}

func checkOffsets(t *testing.T, text string, ms []article.Money) {
	t.Helper()
	last := 0
	for _, m := range ms {
		if m.Start < last || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("Find(%q): bad offsets [%d,%d) after %d", text, m.Start, m.End, last)
		}
		if !boundary(text, m.Start) || !boundary(text, m.End) {
			t.Fatalf("Find(%q): offsets [%d,%d) split a rune", text, m.Start, m.End)
		}
		if m.Text != text[m.Start:m.End] {
			t.Fatalf("Find(%q): Text %q != text[%d:%d] %q", text, m.Text, m.Start, m.End, text[m.Start:m.End])
		}
		if m.Currency == "" || len(m.Currency) != 3 {
			t.Fatalf("Find(%q): %q has currency %q, want an ISO 4217 code", text, m.Text, m.Currency)
		}
		if (m.Amount == nil) == (m.Min == nil) || (m.Min == nil) != (m.Max == nil) {
			t.Fatalf("Find(%q): %q must have either Amount or Min and Max", text, m.Text)
		}
		last = m.End
	}
}

// boundary reports whether i is where a rune starts when ranging over
// text (an invalid byte counts as a rune of its own), or the end.
func boundary(text string, i int) bool {
	if i == len(text) {
		return true
	}
	for j := range text {
		if j == i {
			return true
		}
		if j > i {
			break
		}
	}
	return false
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"£170million", "between $10m and $20m", "US$3 and fourteen", "¥1.2trn", "Rs. 20", "a quarter of a billion euros", "$20 43", "50p-75p", "£2-3m", "−5 €", "\xff$1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkOffsets(t, s, Find(s, Options{}))
	})
}

func BenchmarkFind(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text, Options{})
	}
}

// benchText is about 50 KB of news: the seed article (a testdata copy) and
// paragraphs written for this benchmark, repeated.
func benchText(b *testing.B) string {
	seed, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 50_000 {
		sb.Write(seed)
		sb.WriteString(benchParagraphs)
	}
	return sb.String()
}

const benchParagraphs = `
The council approved a £4.5m budget on Tuesday, up 3.2% on last year, after about 2,000 residents signed a petition. Officials said 14 schools and 3 libraries would share the money.
Shares in the firm fell 40p to 612p in London, wiping nearly $1.2bn off its value; analysts expect 250 job cuts and a 15 per cent drop in profits.
Tens of thousands of people marched through the capital, and police said 23 officers were injured. The 2019 protests cost the city an estimated €30 million.
`

// TestQualifiersUnique: a family and a qualifier name one currency; a
// second row for the same pair would silently replace the first.
func TestQualifiersUnique(t *testing.T) {
	seen := make(map[qualifier]string)
	for _, e := range qualifiers {
		for _, f := range e.fams {
			for _, w := range e.words {
				if c, dup := seen[qualifier{f, w}]; dup {
					t.Errorf("family %d, %q: %s and %s", f, w, c, e.code)
				}
				seen[qualifier{f, w}] = e.code
			}
		}
	}
	if got, want := qualifiedCode("australian", famDollar), "AUD"; got != want {
		t.Errorf("qualifiedCode(australian, dollar) = %q, want %q", got, want)
	}
	if got := qualifiedCode("euro", famDollar); got != "" {
		t.Errorf("qualifiedCode(euro, dollar) = %q, want none (euro cents only)", got)
	}
}

// interestingRef is interesting as it was before it left out the words of
// five letters or more before '$', '.' or "¥" that are not number words.
func interestingRef(t string, i, we int) bool {
	if we < len(t) {
		switch t[we] {
		case '$', 0xC2, '.':
			return true
		case ' ':
			if we+1 < len(t) && t[we+1] == '$' {
				return true
			}
		}
	}
	n := we - i
	c := t[i]
	switch {
	case n > 9:
		return false
	case n == 3 && 'A' <= c && c <= 'Z':
		return true
	case n <= 4 && (c == 'R' || c == 'r' || c == 'K'):
		return true
	}
	switch c | 0x20 {
	case 'a':
		return n <= 2
	case 'z', 'o', 't', 'f', 's', 'e', 'n', 'h', 'm', 'q':
		return number.StartsNumber(t[i:we])
	}
	return false
}

// findRef is Find's loop with interestingRef: the reference that Find's
// narrower test of words must agree with.
func findRef(text string, opts Options) []article.Money {
	s := scanner{text: text, o: opts.withDefaults()}
	var out []article.Money
	t := text
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case scan.IsAlpha(c):
			if we := scan.WordEnd(t, i); !interestingRef(t, i, we) || !number.BoundaryBefore(t, i) {
				i = we
				continue
			}
		case scan.IsDigit(c), c == '.', c == '-', c == '$', c == 0xC2, c == 0xE2, c == 0xE0, c == 0xEF:
		default:
			i++
			continue
		}
		a, ok := s.amountAt(i)
		if !ok {
			i = skipToken(t, i)
			continue
		}
		if a.code == "" {
			if r, ok := s.rangeAfter(a); ok {
				out = append(out, s.item(r.a, &r.b))
				i = r.b.end
				continue
			}
			i = a.end
			continue
		}
		a = s.compound(a)
		if r, ok := s.rangeAfter(a); ok {
			out = append(out, s.item(r.a, &r.b))
			i = r.b.end
			continue
		}
		out = append(out, s.item(a, nil))
		i = a.end
	}
	return out
}

// refCases are texts where words of every length meet the bytes that made
// interestingRef say yes.
var refCases = []string{
	"Twelve. Fifty$ sixty¥5 seventy $5 millions. eleven$ Rs. 20, U.S.$5, USD.5, Hundred$ thousand. a$ an.",
	"between $10m and $20m; twenty-five million dollars. Quarter. quarter million yen. nineteen¥ KShs 50",
	"The company said. It paid £170million. Sterling$ Kenya$ Pounds. Forty¥1 Fifteen. HK$ 3 and C$ 4.",
	"The 5, EUr 5, EUR5, GBP 3, Gbp 3, gbp 3, RMB¥4, U.$5, U.S. $5, us $ 150 million, Ksh 20, rs. 5, Rs 5, A. 5, An euro",
	"as $5, at$5, a $ 5, A$5, AU$ 5, an hundred, AN hundred pounds, a euro, a dollar-store, Aa 5, ab¥5",
	"“€5” ‘£.5’ –5 dollars —.5 euros −5 €, ½ dollar, .5 pounds, .x pounds, 5.. £1 . 2 yen \u2009€3.",
}

// TestFindRef compares Find with findRef.
func TestFindRef(t *testing.T) {
	for _, s := range refCases {
		if got, want := Find(s, Options{}), findRef(s, Options{}); !cmp.Equal(got, want) {
			t.Errorf("Find(%q) = %v, want %v", s, simplify(got), simplify(want))
		}
	}
}

// FuzzFindRef compares Find with findRef.
func FuzzFindRef(f *testing.F) {
	for _, s := range refCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Find(s, Options{}), findRef(s, Options{}); !cmp.Equal(got, want) {
			t.Errorf("Find(%q) = %v, want %v", s, simplify(got), simplify(want))
		}
	})
}

// familyRef is family without the famLens test.
func familyRef(w string) int {
	if len(w) < 3 || len(w) > 12 {
		return famNone
	}
	var buf [24]byte
	l, _ := lower(&buf, w)
	return familyOf(l)
}

// TestFamLens checks that every word of familyWords, in any case, passes
// family's famLens test and is read as familyRef reads it.
func TestFamLens(t *testing.T) {
	for _, fw := range familyWords {
		w := fw.word
		for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			if got, want := family(v), familyRef(v); got != want {
				t.Errorf("family(%q) = %d, want %d", v, got, want)
			}
		}
		if len(w) <= 12 && family(w) == famNone {
			t.Errorf("family(%q) = famNone", w)
		}
	}
}

// FuzzFamily compares family with familyRef.
func FuzzFamily(f *testing.F) {
	for _, w := range []string{"dollars", "Dollars", "EUROS", "tögrög", "rmb", "deutschemarks", "people", "cents", "c€nts"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := family(w), familyRef(w); got != want {
			t.Errorf("family(%q) = %d, want %d", w, got, want)
		}
	})
}

// TestFamilyWords checks what familyOf's comparison relies on: every word
// without ASCII capitals, none twice.
func TestFamilyWords(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range familyWords {
		if w.word == "" || strings.ToLower(w.word) != w.word || seen[w.word] {
			t.Errorf("familyWords: %q", w.word)
		}
		seen[w.word] = true
	}
}
