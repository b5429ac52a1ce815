package article

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

// marshal is what AppendJSON must equal: encoding/json's output.
func marshal(t testing.TB, a *Article, escapeHTML bool) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func checkSame(t testing.TB, a *Article) {
	t.Helper()
	for _, html := range []bool{true, false} {
		want, werr := marshal(t, a, html)
		got, gerr := AppendJSON([]byte("prefix"), a, html)
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("AppendJSON(html %v) error %v, encoding/json error %v", html, gerr, werr)
		}
		if werr != nil {
			if string(got) != "prefix" {
				t.Fatalf("AppendJSON(html %v) failed but returned %q, want dst unchanged", html, got)
			}
			continue
		}
		if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[len("prefix"):], want) {
			t.Fatalf("AppendJSON(html %v) =\n%s\nencoding/json:\n%s", html, got, want)
		}
	}
}

// fill sets every field reachable from v to a value that is not its
// zero value, so a field the encoder does not know shows in the output
// of encoding/json and not in AppendJSON's.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("v<&>\"\u2028é" + string(rune('a'+*n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Uint8:
		v.SetUint(uint64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), n)
		fill(v.Index(1), n)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 4, 1, 2, 3, *n*1000, time.FixedZone("", 3600))))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	default:
		panic("fill: add kind " + v.Kind().String())
	}
}

// TestAppendJSONFields fails when a field is added to the article
// contract and not to AppendJSON.
func TestAppendJSONFields(t *testing.T) {
	var a Article
	n := 0
	fill(reflect.ValueOf(&a).Elem(), &n)
	checkSame(t, &a)
}

func TestAppendJSON(t *testing.T) {
	now := time.Date(2026, 1, 7, 10, 0, 0, 123456789, time.UTC)
	amount, tiny, huge, neg := 150e6, 1e-7, 1e21, -0.5
	nan, inf := math.NaN(), math.Inf(1)
	late := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := map[string]*Article{
		"nil":  nil,
		"zero": {},
		"empty lists": {Authors: []string{}, Highlights: []string{}, Tags: &Tags{
			Entities: []Entity{}, Money: []Money{}, Figures: []Figure{}}},
		"typical": {
			Schema: SchemaArticle, ID: "abc", Source: Source{Name: "bbc", Kind: KindRSS, Locale: "en-GB"},
			URL: "https://example.com/a?b=1&c=<2>", Title: "Title \"quoted\"", Authors: []string{"Jane"},
			Text: "Line one\nline two\ttab \\ back \x00 nul \x1f \u2029 \xff bad é 😀", Highlights: nil,
			Language: "en", PublishedAt: &now, FetchedAt: now.In(time.FixedZone("X", -5*3600)),
			ContentHash: "sha256:00", Replay: true, StoryID: "s", DuplicateOf: "d", Similarity: 0.875,
			Tags: &Tags{
				Entities: []Entity{{Type: EntityPerson, Text: "Jane", Canonical: "Jane Doe", ID: "Q1", Watch: true, Start: 1, End: 5}},
				Money: []Money{{Text: "£150m", Currency: "GBP", Amount: &amount, Start: 0, End: 5},
					{Text: "x", Min: &tiny, Max: &huge, Approximate: true}},
				Figures: []Figure{{Text: "-0.5", Value: &neg, Unit: "percent"}},
			},
		},
		"nan":                      {Tags: &Tags{Money: []Money{{Amount: &nan}}}},
		"inf":                      {Tags: &Tags{Figures: []Figure{{Min: &inf}}}},
		"year 10000":               {FetchedAt: late},
		"negative zero similarity": {Similarity: math.Copysign(0, -1)},
	}
	for name, a := range tests {
		t.Run(name, func(t *testing.T) { checkSame(t, a) })
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("title", "text <b>&amp;</b>\n", "GBP", 1.5, int64(0), 0, true)
	f.Add("\xff\xfe", "\u2028\u2029\x7f\x00", "", 1e-7, int64(-62135596800), -3600, false)
	f.Add("", "", "", math.Inf(-1), int64(253402300800), 45, true)
	f.Fuzz(func(t *testing.T, title, text, unit string, value float64, sec int64, offset int, flag bool) {
		at := time.Unix(sec, int64(offset)*1000).In(time.FixedZone("", offset%100000))
		a := &Article{
			Schema: SchemaArticle, ID: title + unit, Source: Source{Name: unit, Kind: Kind(text)},
			Title: title, Text: text, Authors: []string{title, text}, FetchedAt: at,
			Replay: flag, Similarity: value,
			Tags: &Tags{
				Entities: []Entity{{Type: unit, Text: text, Canonical: title, Watch: flag, Start: offset, End: int(sec)}},
				Money:    []Money{{Text: text, Currency: unit, Amount: &value, Approximate: flag}},
				Figures:  []Figure{{Text: title, Min: &value, Unit: unit}},
			},
		}
		if flag {
			a.PublishedAt = &at
			a.Highlights = []string{}
		}
		checkSame(t, a)
	})
}

func BenchmarkAppendJSON(b *testing.B) {
	a := benchArticle()
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = AppendJSON(buf[:0], a, true); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("encoding_json", func(b *testing.B) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(a); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
}

// benchArticle is an article of the size the sinks' benchmarks write:
// ~5 KB of text, 20 entities, 3 amounts and 5 figures.
func benchArticle() *Article {
	now := time.Date(2026, 1, 7, 10, 0, 0, 0, time.UTC)
	text := bytes.Repeat([]byte("Iran's supreme leader said on Tuesday that the country would respond. "), 72)
	tags := &Tags{}
	for i := range 20 {
		tags.Entities = append(tags.Entities, Entity{Type: EntityPerson, Text: "Person", Canonical: "Person Name", Start: i * 200, End: i*200 + 6})
	}
	for i := range 3 {
		v := float64(i) * 1e6
		tags.Money = append(tags.Money, Money{Text: "£150m", Currency: "GBP", Amount: &v, Start: 100 + i*300, End: 105 + i*300})
	}
	for i := range 5 {
		v := float64(i)
		tags.Figures = append(tags.Figures, Figure{Text: "52 targets", Value: &v, Unit: "target", Start: 50 + i*400, End: 60 + i*400})
	}
	return &Article{
		Schema: SchemaArticle, ID: "0123456789abcdef", Source: Source{Name: "dailymail", Kind: KindRSS, Locale: "en-GB"},
		URL: "https://www.dailymail.co.uk/news/article-1/x.html", Title: "Ayatollah Khamenei calls for direct attack",
		Authors: []string{"Jane Doe", "John Roe"}, Text: string(text), Highlights: []string{"one", "two"},
		Language: "en", PublishedAt: &now, FetchedAt: now.Add(time.Minute), ContentHash: "sha256:00", Tags: tags,
	}
}

// TestSkipSafe checks the eight-at-a-time scan against the byte tables:
// every byte value at every place in eight safe bytes, and strings of
// bytes drawn mostly from around the bytes it must stop at.
func TestSkipSafe(t *testing.T) {
	want := func(s string, i int, html bool) int {
		safe := &jsonSafe
		if html {
			safe = &jsonHTMLSafe
		}
		for ; i < len(s) && s[i] < utf8.RuneSelf && safe[s[i]]; i++ {
		}
		return i
	}
	check := func(s string, i int) {
		t.Helper()
		for _, html := range []bool{false, true} {
			// skipSafe may stop short of the byte, by less than eight, never past it.
			got, w := skipSafe(s, i, html), want(s, i, html)
			if got > w || w-got >= 8 && got+8 <= len(s) || got < i {
				t.Fatalf("skipSafe(%q, %d, %v) = %d; the first byte to escape is at %d", s, i, html, got, w)
			}
		}
	}
	for k := range 8 {
		for c := range 256 {
			b := []byte("aaaaaaaaaaaaaaaa")
			b[k+3] = byte(c)
			check(string(b), 0)
			check(string(b), 2)
		}
	}
	near := []byte{0x00, 0x01, 0x1f, 0x20, 0x21, '"', 0x23, '%', '&', '\'', ';', '<', '=', '>', '?', '[', '\\', ']', 0x7e, 0x7f, 0x80, 0xff, 'a'}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = 'a'
			if rng.IntN(12) == 0 {
				b[i] = near[rng.IntN(len(near))]
			}
		}
		check(string(b), rng.IntN(len(b)+1))
	}
}
