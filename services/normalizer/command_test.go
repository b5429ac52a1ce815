package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/article"
)

const page = `<html><head><title>Harbour reopens</title></head><body><article>
<p>The harbour reopened on Monday after a week of repairs to the sea wall, the port authority said.</p>
<p>Ferries to the islands resume their usual timetable from Tuesday morning.</p>
</article></body></html>`

// TestNormalizeLines runs `normalizer normalize -jsonl` on a good record,
// a blank line and a broken one: the good one is written as an article,
// the blank one passed over, the broken one reported with its line number
// and counted.
func TestNormalizeLines(t *testing.T) {
	good, err := json.Marshal(map[string]string{
		"url": "https://example.com/harbour", "content_type": "text/html; charset=utf-8",
		"fetched_at": "2024-05-06T07:08:09Z", "body_base64": base64.StdEncoding.EncodeToString([]byte(page)),
	})
	if err != nil {
		t.Fatal(err)
	}
	in := string(good) + "\n\n{not json\n"
	var stdout, stderr bytes.Buffer
	err = normalizeCommand([]string{"-jsonl"}, strings.NewReader(in), &stdout, &stderr)
	if err == nil || err.Error() != "1 lines failed" {
		t.Errorf("normalize -jsonl = %v, want 1 lines failed", err)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "line 3: ") || strings.Count(got, "\n") != 1 {
		t.Errorf("stderr = %q, want one report, for line 3", got)
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout has %d lines, want 1 article:\n%s", len(lines), stdout.String())
	}
	var a article.Article
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour reopens" || !strings.Contains(a.Text, "sea wall") || a.URL != "https://example.com/harbour" {
		t.Errorf("article = title %q, url %q, text %q; want the page's", a.Title, a.URL, a.Text)
	}
}
