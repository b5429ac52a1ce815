package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/tag"
)

// TestTagLines checks `tagger tag -jsonl` line by line against what
// encoding/json (SetEscapeHTML(false)) writes for the same tagged article,
// which the command wrote before it used article.AppendJSON, and that a
// bad line is reported while the others are still tagged.
func TestTagLines(t *testing.T) {
	tg, err := tag.New()
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Join([]string{
		`{"id":"a1","text":"Barclays paid £1.5bn <&> to Jane Smith in London on Tuesday.\u2028"}`,
		`not json`,
		`{"text":"Shares in Apple rose 5% to $190 in New York.","source":{"name":"x","kind":"rss","locale":"en-AU"}}`,
	}, "\n") + "\n"
	var out, errOut bytes.Buffer
	err = tagLines(tg, strings.NewReader(in), &out, &errOut, "")
	if err == nil || !strings.Contains(err.Error(), "1 lines failed") {
		t.Errorf("tagLines error = %v, want 1 lines failed", err)
	}
	if !strings.HasPrefix(errOut.String(), "line 2: ") {
		t.Errorf("tagLines reported %q, want line 2's failure", errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("tagLines wrote %d lines, want 2:\n%s", len(lines), out.String())
	}
	for i, src := range []string{strings.Split(in, "\n")[0], strings.Split(in, "\n")[2]} {
		var a article.Article
		if err := json.Unmarshal([]byte(src), &a); err != nil {
			t.Fatal(err)
		}
		if a.Schema == "" {
			a.Schema = article.SchemaArticle
		}
		if a.ID == "" {
			a.ID = article.IDFromContent(article.ContentHash(a.Text))
		}
		tags := tg.Tag(a.Text, a.Source.Locale)
		a.Tags = &tags
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&a); err != nil {
			t.Fatal(err)
		}
		if got := lines[i] + "\n"; got != want.String() {
			t.Errorf("line %d =\n%s\nwant\n%s", i+1, got, want.String())
		}
		if len(tags.Entities) == 0 || len(tags.Money) == 0 {
			t.Errorf("line %d: tags %+v, want entities and money", i+1, tags)
		}
	}
}

// TestTagCommandJSONL runs the command on a file, as a user does.
func TestTagCommandJSONL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(path, []byte(`{"id":"x","text":"The Bank of England raised rates."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := tagCommand([]string{"-jsonl", path}, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatalf("tag -jsonl: %v", err)
	}
	a, err := article.DecodeArticle(out.Bytes())
	if err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if a.ID != "x" || a.Tags == nil || len(a.Tags.Entities) == 0 {
		t.Errorf("tag -jsonl = %+v, want article x with entities", a)
	}
}
