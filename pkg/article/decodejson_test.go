package article

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// sameAsJSON checks that whatever decodeFast accepts, encoding/json
// decodes without error to the same Article.
func sameAsJSON(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	var got, want Article
	fast = decodeFast(data, &got)
	err := json.Unmarshal(data, &want)
	if fast && err != nil {
		t.Fatalf("decodeFast(%q) accepted what encoding/json refuses: %v", data, err)
	}
	if fast && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeFast(%q) =\n%#v\nencoding/json:\n%#v", data, got, want)
	}
	return fast
}

func TestDecodeFastAcceptsEncoded(t *testing.T) {
	var filled Article
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), &n)
	for name, a := range map[string]*Article{"filled": &filled, "bench": benchArticle(), "zero": {}} {
		for _, html := range []bool{true, false} {
			data, err := AppendJSON(nil, a, html)
			if err != nil {
				t.Fatal(err)
			}
			if !sameAsJSON(t, data) {
				t.Errorf("%s (html %v): decodeFast refused AppendJSON's output %s", name, html, data)
			}
		}
	}
}

func TestDecodeFastRefuses(t *testing.T) {
	ok := `{"schema":"article/v1","id":"a","source":{"name":"n","kind":"rss"},"text":"t","fetched_at":"2026-01-01T00:00:00Z"}`
	if !sameAsJSON(t, []byte(ok)) {
		t.Fatalf("decodeFast refused %s", ok)
	}
	for name, data := range map[string]string{
		"key case":      strings.Replace(ok, `"id"`, `"ID"`, 1),
		"repeated key":  strings.Replace(ok, `"text":"t"`, `"text":"t","text":"u"`, 1),
		"unknown key":   strings.Replace(ok, `"text":"t"`, `"text":"t","extra":1`, 1),
		"null string":   strings.Replace(ok, `"text":"t"`, `"text":null`, 1),
		"surrogate":     strings.Replace(ok, `"text":"t"`, `"text":"\ud83d\ude00"`, 1),
		"invalid utf-8": strings.Replace(ok, `"text":"t"`, "\"text\":\"\xff\"", 1),
		"trailing":      ok + "x",
		"bad time":      strings.Replace(ok, `2026-01-01T00:00:00Z`, `yesterday`, 1),
		"float start":   strings.Replace(ok, `"text":"t"`, `"tags":{"entities":[{"start":1.5}]}`, 1),
		"number syntax": strings.Replace(ok, `"text":"t"`, `"similarity":01`, 1),
	} {
		if sameAsJSON(t, []byte(data)) {
			t.Errorf("%s: decodeFast accepted %s, want it left to encoding/json", name, data)
		}
		// DecodeArticle gives what encoding/json gives.
		var want Article
		werr := json.Unmarshal([]byte(data), &want)
		got, gerr := DecodeArticle([]byte(data))
		if werr != nil {
			if gerr == nil {
				t.Errorf("%s: DecodeArticle accepted what encoding/json refuses (%v)", name, werr)
			}
			continue
		}
		if gerr == nil && !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: DecodeArticle = %#v, want %#v", name, *got, want)
		}
	}
}

func FuzzDecodeFast(f *testing.F) {
	for _, html := range []bool{true, false} {
		data, _ := AppendJSON(nil, benchArticle(), html)
		f.Add(data)
		var filled Article
		n := 0
		fill(reflect.ValueOf(&filled).Elem(), &n)
		data, _ = AppendJSON(nil, &filled, html)
		f.Add(data)
	}
	f.Add([]byte(`{"schema":"article/v1","id":"a\u00e9\n","tags":{"money":[{"amount":-1.5e-7,"min":null}],"figures":null},"authors":[],"published_at":null}`))
	f.Add([]byte(` { "id" : "x" , "similarity" : 0.5 , "replay" : true } `))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsJSON(t, data)
	})
}

func BenchmarkDecodeArticle(b *testing.B) {
	data, err := AppendJSON(nil, benchArticle(), true)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.Run("DecodeArticle", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeArticle(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		for b.Loop() {
			var a Article
			if err := json.Unmarshal(data, &a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestUnmarshal checks that Unmarshal starts from the zero Article on
// both paths, where json.Unmarshal would merge into what is there.
func TestUnmarshal(t *testing.T) {
	for _, data := range []string{
		`{"id":"a","text":"t"}`,    // fast path
		`{"ID":"a","text":"t"}`,    // encoding/json
		`{"id":"a","text":"t"}  x`, // an error
	} {
		a := Article{Title: "left over", Tags: &Tags{}}
		err := Unmarshal([]byte(data), &a)
		var want Article
		werr := json.Unmarshal([]byte(data), &want)
		if (err != nil) != (werr != nil) {
			t.Errorf("Unmarshal(%q) error %v, encoding/json %v", data, err, werr)
		}
		if werr == nil && !reflect.DeepEqual(a, want) {
			t.Errorf("Unmarshal(%q) = %#v, want %#v", data, a, want)
		}
	}
}

// TestPlainRun checks the word-at-a-time scan against a byte loop, on
// strings of bytes drawn mostly from around the ones it stops at.
func TestPlainRun(t *testing.T) {
	want := func(b []byte, j int) int {
		for ; j < len(b); j++ {
			if c := b[j]; c == '"' || c == '\\' || c < 0x20 {
				break
			}
		}
		return j
	}
	near := []byte{0x00, 0x1f, 0x20, 0x21, '"', 0x23, '[', '\\', ']', 0x7f, 0x80, 0xc3, 0xff, 'a'}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = 'a'
			if rng.IntN(8) == 0 {
				b[i] = near[rng.IntN(len(near))]
			}
		}
		j := 0
		if len(b) > 0 {
			j = rng.IntN(len(b) + 1)
		}
		if got, w := plainRun(b, j), want(b, j); got != w {
			t.Fatalf("plainRun(%q, %d) = %d, want %d", b, j, got, w)
		}
	}
}
