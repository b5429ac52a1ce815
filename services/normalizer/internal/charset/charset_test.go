package charset

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/htmlindex"
)

func encode(t testing.TB, name, s string) []byte {
	t.Helper()
	enc, err := htmlindex.Get(name)
	if err != nil {
		t.Fatalf("htmlindex.Get(%q): %v", name, err)
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q as %s: %v", s, name, err)
	}
	return b
}

func TestDecode(t *testing.T) {
	longHead := "<html><head><title>t</title><script>var x = '" + strings.Repeat("a", 3000) + "';</script>"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
		wantRes     Result
	}{
		{"utf8 bom", []byte("\xEF\xBB\xBFGrüße"), "text/html; charset=iso-8859-1", "Grüße",
			Result{Charset: "utf-8", Method: MethodBOM, Declared: "utf-8"}},
		{"utf16le bom", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}, "", "hi",
			Result{Charset: "utf-16le", Method: MethodBOM, Declared: "utf-16le"}},
		{"header latin1", []byte("Gr\xfc\xdfe"), "text/html; charset=ISO-8859-1", "Grüße",
			Result{Charset: "windows-1252", Method: MethodHeader, Declared: "windows-1252"}},
		{"header quoted", []byte("Gr\xfc\xdfe"), `text/html; charset="latin1"`, "Grüße",
			Result{Charset: "windows-1252", Method: MethodHeader, Declared: "windows-1252"}},
		{"header malformed", []byte("Gr\xfc\xdfe"), "text/html; charset=iso-8859-1;;", "Grüße",
			Result{Charset: "windows-1252", Method: MethodHeader, Declared: "windows-1252"}},
		{"header unknown falls to meta", []byte(`<meta charset="windows-1250">` + "\xb3\xf3d\xbf"), "text/html; charset=bogus", "<meta charset=\"windows-1250\">łódż",
			Result{Charset: "windows-1250", Method: MethodMeta, Declared: "windows-1250"}},
		{"meta after 1024 bytes", []byte(longHead + `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"></head>` + "\xb3"), "",
			longHead + `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"></head>` + "ł",
			Result{Charset: "iso-8859-2", Method: MethodMeta, Declared: "iso-8859-2"}},
		{"meta in script ignored", []byte(`<head><script>document.write('<meta charset="koi8-r">')</script></head><body>caf` + "\xc3\xa9"), "",
			`<head><script>document.write('<meta charset="koi8-r">')</script></head><body>café`,
			Result{Charset: "utf-8", Method: MethodUTF8}},
		{"meta after body ignored", []byte("<body><meta charset=\"gbk\">caf\xc3\xa9"), "",
			"<body><meta charset=\"gbk\">café", Result{Charset: "utf-8", Method: MethodUTF8}},
		{"meta utf-16 means utf-8", []byte(`<meta charset="utf-16">caf` + "\xc3\xa9"), "",
			`<meta charset="utf-16">café`, Result{Charset: "utf-8", Method: MethodMeta, Declared: "utf-8"}},
		{"xml declaration", []byte(`<?xml version="1.0" encoding="windows-1251"?><p>` + "\xcc\xee\xf1\xea\xe2\xe0"), "",
			`<?xml version="1.0" encoding="windows-1251"?><p>Москва`,
			Result{Charset: "windows-1251", Method: MethodMeta, Declared: "windows-1251"}},
		{"latin1 declared but utf8 body", []byte("Gr\xc3\xbc\xc3\x9fe"), "text/html; charset=iso-8859-1", "Grüße",
			Result{Charset: "utf-8", Method: MethodUTF8, Declared: "windows-1252"}},
		{"ascii declared latin1 stays", []byte("plain"), "text/html; charset=iso-8859-1", "plain",
			Result{Charset: "windows-1252", Method: MethodHeader, Declared: "windows-1252"}},
		{"utf8 declared with stray bytes", []byte("Gr\xc3\xbc\xc3\x9fe K\xfcche"), "text/html; charset=utf-8", "Grüße K\uFFFDche",
			Result{Charset: "utf-8", Method: MethodHeader, Declared: "utf-8", Invalid: 1}},
		{"utf8 declared over latin1 body", []byte("Gr\xfc\xdfe aus K\xf6ln"), "text/html; charset=utf-8", "Grüße aus Köln",
			Result{Charset: "windows-1252", Method: MethodDetector, Declared: "utf-8"}},
		{"undeclared utf8", []byte("naïve café"), "", "naïve café", Result{Charset: "utf-8", Method: MethodUTF8}},
		{"undeclared ascii", []byte("hello"), "", "hello", Result{Charset: "utf-8", Method: MethodUTF8}},
		{"empty", nil, "", "", Result{Charset: "utf-8", Method: MethodUTF8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, res, err := Decode(tt.body, tt.contentType)
			if err != nil {
				t.Fatalf("Decode(%q, %q) error: %v", tt.body, tt.contentType, err)
			}
			if got != tt.want {
				t.Errorf("Decode(%q, %q) = %q, want %q", tt.body, tt.contentType, got, tt.want)
			}
			if diff := cmp.Diff(tt.wantRes, res); diff != "" {
				t.Errorf("Decode(%q, %q) result (-want +got):\n%s", tt.body, tt.contentType, diff)
			}
		})
	}
}

// Sentences written for these tests, in the languages the detector knows.
var detectCases = []struct {
	charset, text string
}{
	{"windows-1252", "Die Bürgermeisterin äußerte sich am Dienstag über die Öffnung der Schulen und die Gebühren."},
	{"windows-1252", "Le président a déclaré mercredi que la réforme des retraites serait présentée à l'Assemblée en février."},
	{"windows-1252", "El gobierno español anunció el miércoles una reducción de los impuestos para las pequeñas empresas."},
	{"windows-1252", "O ministro da Economia afirmou que a inflação deverá cair no próximo trimestre, segundo a previsão."},
	{"windows-1250", "Rząd zapowiedział w środę, że podatek od nieruchomości wzrośnie w przyszłym roku o kilka procent."},
	{"iso-8859-2", "Vláda ve středu oznámila, že příští rok zvýší daně z nemovitostí a sníží výdaje na dopravu."},
	{"windows-1251", "Правительство в среду объявило о снижении налогов для малого бизнеса в следующем году."},
	{"koi8-r", "Правительство в среду объявило о снижении налогов для малого бизнеса в следующем году."},
	{"windows-1253", "Η κυβέρνηση ανακοίνωσε την Τετάρτη μείωση των φόρων για τις μικρές επιχειρήσεις."},
	{"windows-1254", "Hükümet çarşamba günü küçük işletmeler için vergi indirimi yapılacağını açıkladı."},
	{"gbk", "政府在星期三宣布，明年将为小企业减税，并增加对交通和教育的投资。"},
	{"big5", "政府在星期三宣布，明年將為小企業減稅，並增加對交通和教育的投資。"},
	{"shift_jis", "政府は水曜日、来年から中小企業の税金を引き下げると発表しました。"},
	{"euc-jp", "政府は水曜日、来年から中小企業の税金を引き下げると発表しました。"},
	{"euc-kr", "정부는 수요일 내년부터 중소기업에 대한 세금을 인하한다고 발표했다."},
}

func TestDetect(t *testing.T) {
	for _, tt := range detectCases {
		t.Run(tt.charset, func(t *testing.T) {
			body := encode(t, tt.charset, "<p>"+tt.text+"</p>\n")
			if got := Detect(body); got != tt.charset {
				t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.charset)
			}
		})
	}
}

func TestDetectDecodeRoundTrip(t *testing.T) {
	for _, tt := range detectCases {
		t.Run(tt.charset, func(t *testing.T) {
			body := encode(t, tt.charset, tt.text)
			got, res, err := Decode(body, "")
			if err != nil {
				t.Fatalf("Decode(%q) error: %v", body, err)
			}
			if got != tt.text || res.Method != MethodDetector {
				t.Errorf("Decode(%s bytes) = %q, %+v, want %q by detector", tt.charset, got, res, tt.text)
			}
		})
	}
}

func TestCharsetParam(t *testing.T) {
	tests := []struct{ in, want string }{
		{"text/html; charset=utf-8", "utf-8"},
		{"text/html;charset='koi8-r'", "koi8-r"},
		{`text/html; CHARSET = "gbk"`, "gbk"},
		{"text/html", ""},
		{"charset", ""},
		{"charset=", ""},
		{`charset="unterminated`, ""},
	}
	for _, tt := range tests {
		if got := charsetParam(tt.in); got != tt.want {
			t.Errorf("charsetParam(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("<meta charset=utf-8>caf\xc3\xa9"), "")
	f.Add([]byte("Gr\xfc\xdfe"), "text/html; charset=iso-8859-1")
	f.Add([]byte("\xff\xfeh\x00"), "")
	f.Add([]byte("\xb3\xf3d\xbf \xcc\xee\xf1"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="shift_jis"?>`+"\x82\xa0"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		s, res, err := Decode(body, contentType)
		if err != nil {
			return
		}
		if res.Charset == "" || res.Method == "" {
			t.Fatalf("Decode(%q, %q) result %+v has no charset or method", body, contentType, res)
		}
		if !utf8.ValidString(s) {
			t.Fatalf("Decode(%q, %q) = %q, not valid UTF-8", body, contentType, s)
		}
		if res.Invalid < 0 || res.Invalid > len(body) {
			t.Fatalf("Decode(%q, %q) Invalid = %d for %d bytes", body, contentType, res.Invalid, len(body))
		}
	})
}

func TestHasMetaTag(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<meta charset=utf-8>", true},
		{"<html><head><META http-equiv=content-type>", true},
		{"x <MeTa", true},
		{"plain text, no tags at all", false},
		{"a < b and <met", false},
		{"<metal>", true}, // a prefix check: the tokenizer decides
		{"", false},
	}
	for _, tt := range tests {
		if got := hasMetaTag([]byte(tt.in)); got != tt.want {
			t.Errorf("hasMetaTag(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzHasMetaTag checks the fast path against a plain case-folded search.
func FuzzHasMetaTag(f *testing.F) {
	f.Add([]byte("<meta charset=utf-8>"))
	f.Add([]byte("a<b<MEta"))
	f.Fuzz(func(t *testing.T, body []byte) {
		want := strings.Contains(strings.ToLower(string(body)), "<meta")
		// ToLower maps some non-ASCII runes to ASCII (the Kelvin sign to
		// "k"), none of them to "m", "e", "t" or "a"; compare on ASCII.
		if got := hasMetaTag(body); got != want && utf8.Valid(body) {
			t.Errorf("hasMetaTag(%q) = %v, want %v", body, got, want)
		}
	})
}

// utf8StatsByRune is utf8Stats without its eight-byte ASCII step.
func utf8StatsByRune(body []byte) (valid, invalid int) {
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		i += size
	}
	return valid, invalid
}

// FuzzUTF8Stats holds utf8Stats to a count rune by rune.
func FuzzUTF8Stats(f *testing.F) {
	for _, s := range []string{"", "plain ascii text, long enough for a word", "caf\xc3\xa9 and more ascii after it", "\xff\xfe12345678\xe2\x82", "abcdefg\xc3", "12345678\xe2\x82\xac12345678"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		gv, gi := utf8Stats(b)
		wv, wi := utf8StatsByRune(b)
		if gv != wv || gi != wi {
			t.Fatalf("utf8Stats(%q) = %d, %d; rune by rune %d, %d", b, gv, gi, wv, wi)
		}
	})
}
