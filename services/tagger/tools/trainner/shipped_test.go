package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
)

// TestShippedGazetteer checks that the committed list is what the trainer
// builds from the committed sources: the tagger embeds it as it is.
func TestShippedGazetteer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole list")
	}
	want, err := buildGazetteer("../../data")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../internal/gazetteer/list.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/gazetteer/list.tsv (%d bytes) differs from the list built from data/gazetteer (%d bytes): run make model", len(got), len(want))
	}
	g, err := gazetteer.Read(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	var idx bytes.Buffer
	if err := g.WriteIndex(&idx); err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(indexPath("../../internal/gazetteer/list.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shipped, idx.Bytes()) {
		t.Errorf("internal/gazetteer/list.idx (%d bytes) differs from the index of the built list (%d bytes): run make model", len(shipped), idx.Len())
	}
}

// TestShippedModel checks that the committed model file is in the format
// the model writes now, byte for byte: the tagger embeds it as it is, and
// -convert or a retrain would write the same bytes.
func TestShippedModel(t *testing.T) {
	raw, err := os.ReadFile("../../internal/ner/model/model.bin")
	if err != nil {
		t.Fatal(err)
	}
	got, err := rewriteModel(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, raw) {
		t.Errorf("the model rewritten is %d bytes, the file %d: not in the current format (trainner -convert)", len(got), len(raw))
	}
}
