package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEntitiesMissingFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Entities(dir)
	if err == nil || !strings.Contains(err.Error(), "worldwide.jsonl") {
		t.Fatalf("Entities(empty dir) error = %v, want one naming worldwide.jsonl", err)
	}
	// With WorldWide present, the missing PUD file is named instead.
	if err := os.MkdirAll(filepath.Join(dir, "ner", "eval"), 0o755); err != nil {
		t.Fatal(err)
	}
	doc := `{"id":"a","text":"Ali Khamenei spoke in Tehran.","mentions":[{"type":"PERSON","text":"Ali Khamenei"},{"type":"LOC","text":"Tehran"}]}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, nerWorldwide), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Entities(dir)
	if err == nil || !strings.Contains(err.Error(), "uner-en-pud-news.bio") {
		t.Fatalf("Entities(no PUD file) error = %v, want one naming uner-en-pud-news.bio", err)
	}
}

func TestNERScoresTinyCorpus(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"ner/eval", "ner/train/uner-en-pud"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ww := `{"id":"a","text":"Ali Khamenei spoke in Tehran. Khamenei was angry.","mentions":[{"type":"PERSON","text":"Ali Khamenei"},{"type":"LOC","text":"Tehran"},{"type":"PERSON","text":"Khamenei"}]}` + "\n"
	pud := "-DOCSTART-\tO\n\nAli\tB-PER\nKhamenei\tI-PER\nspoke\tO\nin\tO\nTehran\tB-LOC\n.\tO\n"
	if err := os.WriteFile(filepath.Join(dir, nerWorldwide), []byte(ww), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, nerPUDNews), []byte(pud), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, err := Entities(dir)
	if err != nil {
		t.Fatalf("Entities(tiny) error: %v", err)
	}
	want := map[string]float64{"ner worldwide mentions all": 1, "ner uner-pud-news exact all": 1}
	for _, r := range rs {
		if w, ok := want[r.Suite]; ok && r.Metric == "F1" && r.Value != w {
			t.Errorf("Entities(tiny) %s F1 = %.3f, want %.3f", r.Suite, r.Value, w)
		}
	}
}
