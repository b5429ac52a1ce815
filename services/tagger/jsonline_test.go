package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/pkg/article"
)

// lineCases are lines for the short path and for article.Unmarshal.
var lineCases = []string{
	`{"id":"a1","text":"Barclays paid £1.5bn to Jane Smith."}`,
	` { "text" : "x\ny \"q\" \\ \/ \b\f\r\t \u00e9\u2028 end" , "id" : "b" } `,
	`{"id": "af_1", "text": "afrol News, 27 January - \"the struggle.\"\r\n\r\nMr Kato"}`,
	`{"text":"0123456789abcdef\"0123456789abcdef\\0123456789abcdef"}`,
	`{}`,
	`{"id":"only"}`,
	`{"text":"a\ud83d\ude00b"}`,      // a surrogate pair
	`{"text":"a\ud83d b"}`,           // a lone surrogate
	`{"id":"a","id":"b","text":"t"}`, // a repeated key
	`{"ID":"a","text":"t"}`,          // a key in other case
	`{"id":"a","text":"t","source":{"name":"x","kind":"rss","locale":"en-AU"}}`,
	`{"id":"a","text":null}`,
	`{"id":"a","text":"t",}`,
	`{"id":"a","text":"t"} x`,
	`{"id":"a","text":"tab	raw"}`, // a raw control byte
	"{\"text\":\"bad \xff utf-8\"}",
	"{\"text\":\"bad \\n\xff utf-8\"}",
	`{"text":"\u00zz"}`,
	`{"text":"\x"}`,
	`{"text":"unterminated`,
	`{"text":"unterminated\n`,
	`["id","text"]`,
	``,
}

// TestLineDecoder checks that lineDecoder decodes each line as
// article.Unmarshal does, with the same error or none, reusing its buffer
// from one line to the next.
func TestLineDecoder(t *testing.T) {
	var ld lineDecoder
	for _, line := range lineCases {
		checkLine(t, &ld, []byte(line))
	}
	var a article.Article
	if !ld.idText([]byte(`{"id":"a","text":"x\ny"}`), &a) || a.Text != "x\ny" {
		t.Errorf("idText took %+v, want the short path to read text %q", a, "x\ny")
	}
}

func checkLine(t *testing.T, ld *lineDecoder, line []byte) {
	t.Helper()
	var want, got article.Article
	werr := article.Unmarshal(line, &want)
	got.Title = "stale"
	gerr := ld.decode(line, &got)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("decode(%q) error = %v, want %v", line, gerr, werr)
	}
	if werr == nil {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("decode(%q) mismatch (-article.Unmarshal +decode):\n%s", line, diff)
		}
	}
}

// FuzzLineDecoder checks that whatever line it gets, lineDecoder decodes
// it as article.Unmarshal does.
func FuzzLineDecoder(f *testing.F) {
	for _, line := range lineCases {
		f.Add([]byte(line))
	}
	var ld lineDecoder
	f.Fuzz(func(t *testing.T, line []byte) {
		checkLine(t, &ld, line)
	})
}
