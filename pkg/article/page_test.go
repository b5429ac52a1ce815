package article

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"testing"
)

// samePageAsJSON decodes data with the fast path and with encoding/json
// and fails if the fast path took on a document and read it otherwise.
func samePageAsJSON(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	var got, want Page
	fast = decodeObject(data, &got, (*fastDecoder).pageKey)
	err := json.Unmarshal(data, &want)
	if fast && err != nil {
		t.Fatalf("fast path accepted %q, which encoding/json refuses: %v", data, err)
	}
	if fast && !reflect.DeepEqual(got, want) {
		t.Fatalf("fast path read %q as\n%#v\nencoding/json:\n%#v", data, got, want)
	}
	return fast
}

func pageLine() []byte {
	body := base64.StdEncoding.EncodeToString([]byte("<html><body><p>Harbour budget</p></body></html>"))
	return []byte(`{"url": "https://news.example/a", "content_type": "text/html; charset=utf-8", "fetched_at": "2024-05-02T09:00:00Z", "body_base64": "` + body + `"}`)
}

func TestUnmarshalPage(t *testing.T) {
	for _, tc := range []struct {
		data string
		fast bool
	}{
		{string(pageLine()), true},
		{`{"url":"u","body_base64":null}`, true},
		{`{"URL":"u"}`, false},                        // encoding/json matches keys without case
		{`{"url":"u","url":"v"}`, false},              // repeated key
		{`{"url":"u","body_base64":"aGk=\n"}`, false}, // an escape in the base64: left to encoding/json
		{`{"url":"u","extra":1}`, false},              // an unknown key
	} {
		if fast := samePageAsJSON(t, []byte(tc.data)); fast != tc.fast {
			t.Errorf("%s: fast path %v, want %v", tc.data, fast, tc.fast)
		}
		var got, want Page
		gerr, werr := UnmarshalPage([]byte(tc.data), &got), json.Unmarshal([]byte(tc.data), &want)
		if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: UnmarshalPage = %#v, %v; encoding/json %#v, %v", tc.data, got, gerr, want, werr)
		}
	}
	var p Page
	if err := UnmarshalPage(pageLine(), &p); err != nil || !bytes.HasPrefix(p.Body, []byte("<html>")) || p.FetchedAt.IsZero() {
		t.Fatalf("UnmarshalPage = %+v, %v", p, err)
	}
}

func FuzzDecodeFastPage(f *testing.F) {
	f.Add(pageLine())
	f.Add([]byte(`{"url":"","content_type":"","fetched_at":"2026-01-01T00:00:00+01:00","body_base64":""}`))
	f.Add([]byte(` { "body_base64" : null } `))
	f.Fuzz(func(t *testing.T, data []byte) {
		samePageAsJSON(t, data)
	})
}

func BenchmarkUnmarshalPage(b *testing.B) {
	data := pageLine()
	b.SetBytes(int64(len(data)))
	b.Run("UnmarshalPage", func(b *testing.B) {
		for b.Loop() {
			var p Page
			if err := UnmarshalPage(data, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		for b.Loop() {
			var p Page
			if err := json.Unmarshal(data, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
