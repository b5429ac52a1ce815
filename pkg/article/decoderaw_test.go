package article

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sameRawAsJSON checks that whatever decodeFastRaw accepts, encoding/json
// decodes without error to the same Raw.
func sameRawAsJSON(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	var got, want Raw
	fast = decodeFastRaw(data, &got)
	err := json.Unmarshal(data, &want)
	if fast && err != nil {
		t.Fatalf("decodeFastRaw(%q) accepted what encoding/json refuses: %v", data, err)
	}
	if fast && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeFastRaw(%q) =\n%#v\nencoding/json:\n%#v", data, got, want)
	}
	return fast
}

// benchRaw is a fetched page as the fetcher publishes it.
func benchRaw() *Raw {
	page := "<html><head><title>Harbour budget</title></head><body>" +
		strings.Repeat("<p>The council approved the harbour budget of £170million on Tuesday.</p>\n", 600) + "</body></html>"
	published := time.Date(2026, 12, 4, 9, 30, 0, 0, time.UTC)
	return &Raw{
		Schema: SchemaRaw, ID: "r-1", Source: Source{Name: "news", Kind: KindRSS, Locale: "en-GB"},
		URL: "https://news.example/harbour", ContentType: "text/html; charset=utf-8",
		FetchedAt: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC), Body: []byte(page),
		Hints: &Hints{Title: "Harbour budget", Authors: []string{"A. Writer"}, PublishedAt: &published},
	}
}

func TestDecodeFastRawAcceptsEncoded(t *testing.T) {
	var filled Raw
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), &n)
	for name, r := range map[string]*Raw{"filled": &filled, "bench": benchRaw(), "zero": {}, "empty body": {Body: []byte{}}} {
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if !sameRawAsJSON(t, data) {
			t.Errorf("%s: decodeFastRaw refused json.Marshal's output %s", name, data)
		}
	}
}

func TestDecodeFastRawRefuses(t *testing.T) {
	ok := `{"schema":"newswire.raw/v1","id":"r","source":{"name":"n","kind":"rss"},"fetched_at":"2026-01-01T00:00:00Z","body":"PHA+aGk8L3A+"}`
	if !sameRawAsJSON(t, []byte(ok)) {
		t.Fatalf("decodeFastRaw refused %s", ok)
	}
	for name, data := range map[string]string{
		"escaped body":  strings.Replace(ok, `"PHA+aGk8L3A+"`, `"PHA\u002baGk8L3A+"`, 1),
		"broken body":   strings.Replace(ok, `"PHA+aGk8L3A+"`, `"PHA+aGk8L3A"`, 1),
		"line breaks":   strings.Replace(ok, `"PHA+aGk8L3A+"`, `"PHA+\r\naGk8L3A+"`, 1),
		"body a number": strings.Replace(ok, `"PHA+aGk8L3A+"`, `12`, 1),
		"repeated key":  strings.Replace(ok, `"id":"r"`, `"id":"r","id":"s"`, 1),
		"unknown key":   strings.Replace(ok, `"id":"r"`, `"id":"r","text":"t"`, 1),
		"key case":      strings.Replace(ok, `"body"`, `"Body"`, 1),
		"trailing":      ok + "x",
	} {
		if sameRawAsJSON(t, []byte(data)) {
			t.Errorf("%s: decodeFastRaw accepted %s, want it left to encoding/json", name, data)
		}
		// DecodeRaw gives what encoding/json gives.
		var want Raw
		werr := json.Unmarshal([]byte(data), &want)
		var got Raw
		gerr := UnmarshalRaw([]byte(data), &got)
		if (werr == nil) != (gerr == nil) || werr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: UnmarshalRaw = %#v, %v; encoding/json %#v, %v", name, got, gerr, want, werr)
		}
	}
}

// TestUnmarshalRawResets checks that UnmarshalRaw starts from the zero Raw
// on both paths, where json.Unmarshal would merge into what is there.
func TestUnmarshalRawResets(t *testing.T) {
	for _, data := range []string{`{"id":"x"}`, `{"id":"x","Body":"AA=="}`} {
		r := *benchRaw()
		if err := UnmarshalRaw([]byte(data), &r); err != nil {
			t.Fatal(err)
		}
		if r.URL != "" || r.Hints != nil || r.ID != "x" {
			t.Errorf("UnmarshalRaw(%s) over a filled Raw = %+v, want only id", data, r)
		}
	}
}

func FuzzDecodeFastRaw(f *testing.F) {
	data, _ := json.Marshal(benchRaw())
	f.Add(data)
	var filled Raw
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), &n)
	data, _ = json.Marshal(&filled)
	f.Add(data)
	f.Add([]byte(`{"schema":"newswire.raw/v1","body":null,"hints":{"published_at":null,"authors":[]},"replay":false}`))
	f.Add([]byte(` { "body" : "" , "fetched_at" : "2026-01-01T00:00:00+01:00" } `))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameRawAsJSON(t, data)
	})
}

func BenchmarkDecodeRaw(b *testing.B) {
	data, err := json.Marshal(benchRaw())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.Run("DecodeRaw", func(b *testing.B) {
		for b.Loop() {
			r, err := DecodeRaw(data)
			if err != nil || !bytes.HasPrefix(r.Body, []byte("<html>")) {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		for b.Loop() {
			var r Raw
			if err := json.Unmarshal(data, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
