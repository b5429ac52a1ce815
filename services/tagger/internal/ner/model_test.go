package ner

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"testing"
	"unsafe"

	"github.com/newswire/newswire/services/tagger/internal/ner/perceptron"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// TestParseModelInPlace checks that the embedded model, parsed where it
// is as Load parses it, has ReadModel's tables, and that its clusters and
// case table are slices of the embedded bytes, not copies.
func TestParseModelInPlace(t *testing.T) {
	got, err := parseModel(embeddedModel, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadModel(bytes.NewReader(embeddedModel))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.clusters.raw, want.clusters.raw) || !bytes.Equal(got.cases.raw, want.cases.raw) || (got.second == nil) != (want.second == nil) {
		t.Errorf("parseModel: %d clusters, %d cases, second pass %v; ReadModel: %d, %d, %v",
			got.clusters.len(), got.cases.len(), got.second != nil, want.clusters.len(), want.cases.len(), want.second != nil)
	}
	for name, raw := range map[string][]byte{"clusters": got.clusters.raw, "cases": got.cases.raw} {
		if len(raw) == 0 || !within(raw, embeddedModel) {
			t.Errorf("parseModel's %s (%d bytes) are not in the embedded model", name, len(raw))
		}
	}
	var gw, ww bytes.Buffer
	if _, err := got.WriteTo(&gw); err != nil {
		t.Fatal(err)
	}
	if _, err := want.WriteTo(&ww); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gw.Bytes(), embeddedModel) || !bytes.Equal(ww.Bytes(), embeddedModel) {
		t.Errorf("WriteTo of the parsed models: %d and %d bytes, not the %d embedded", gw.Len(), ww.Len(), len(embeddedModel))
	}
}

// within reports whether s lies inside b's memory.
func within(s, b []byte) bool {
	p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(s))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= lo && p+uintptr(len(s)) <= lo+uintptr(len(b))
}

// smallModel returns the bytes of a model of 2^6 buckets with clusters, a
// second pass and a case table.
func smallModel(t testing.TB) []byte {
	w, err := perceptron.New(6, NumLabels)
	if err != nil {
		t.Fatal(err)
	}
	second, err := perceptron.New(6, NumLabels)
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{
		weights:  w,
		second:   second,
		clusters: clusterTable(map[uint64]uint16{token.Fold("london"): 3, token.Fold("paris"): 3}),
		cases:    caseTable(map[uint64]uint8{token.Fold("ecb"): formUpper, token.Fold("the"): formLower}),
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestParseModelTruncated checks that a model cut short anywhere but in
// its trailing case table is an error, never a panic, with its weight
// table or without.
func TestParseModelTruncated(t *testing.T) {
	b := smallModel(t)
	for _, table := range [][]byte{nil, tableOf(t, b)} {
		if _, err := parseModel(b, table); err != nil {
			t.Fatalf("parseModel(whole) error: %v", err)
		}
		for n := range len(b) {
			m, err := parseModel(b[:n:n], table)
			if err == nil && m.cases.len() == 2 {
				t.Errorf("parseModel(first %d of %d bytes) read the whole case table", n, len(b))
			}
		}
	}
}

// tableOf returns the weight table of the model file b (WriteTable), in
// 8-byte aligned memory, as the linker places the embedded one.
func tableOf(t testing.TB, b []byte) []byte {
	t.Helper()
	m, err := ReadModel(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	words := make([]uint64, (buf.Len()+7)/8)
	out := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), buf.Len())
	copy(out, buf.Bytes())
	return out
}

// TestEmbeddedTable checks that model/weights.tbl is the weight table of
// model/model.bin, that Load can read it in place, and that the model it
// gives scores as the one decoded from model.bin does.
func TestEmbeddedTable(t *testing.T) {
	fromFile, err := ReadModel(bytes.NewReader(embeddedModel))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := fromFile.WriteTable(&want); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("model/weights.tbl", want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want.String() != embeddedTable {
		t.Fatalf("model/weights.tbl (%d bytes) is not the weight table of model.bin (%d bytes): run make model, or go test -run EmbeddedTable -update",
			len(embeddedTable), want.Len())
	}
	if fromFile.second == nil {
		return // a model of one pass has no table
	}
	table := unsafe.Slice(unsafe.StringData(embeddedTable), len(embeddedTable))
	if _, _, err := perceptron.PairFromTable(table); err != nil {
		t.Fatalf("the embedded table cannot be read in place: %v", err)
	}
	inPlace, err := parseModel(embeddedModel, table)
	if err != nil {
		t.Fatal(err)
	}
	feats := make([]uint64, 500)
	for i := range feats {
		feats[i] = uint64(i+1) * 0x2545f4914f6cdd1d
	}
	for k, pair := range [][2]*perceptron.Model{{inPlace.weights, fromFile.weights}, {inPlace.second, fromFile.second}} {
		got, want := make([]float32, NumLabels), make([]float32, NumLabels)
		pair[0].Add(feats, got)
		pair[1].Add(feats, want)
		if !slices.Equal(got, want) {
			t.Errorf("pass %d: the table's model sums %v, model.bin's %v", k+1, got, want)
		}
	}
	if !bytes.Equal(inPlace.clusters.raw, fromFile.clusters.raw) || !bytes.Equal(inPlace.cases.raw, fromFile.cases.raw) {
		t.Error("with the table, parseModel read other clusters or cases")
	}
}

// FuzzParseModel parses arbitrary bytes as a model: an error, or a model
// whose tables answer lookups, never a panic.
func FuzzParseModel(f *testing.F) {
	f.Add(smallModel(f))
	table := tableOf(f, smallModel(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		// A weight table of up to 2^26 buckets is valid: gigabytes, more
		// than a fuzzing worker may take.
		if len(b) >= 9 && binary.LittleEndian.Uint32(b[5:]) > 16 {
			return
		}
		m, err := parseModel(b, nil)
		if m2, err2 := parseModel(b, table); err2 == nil {
			s := make([]float32, NumLabels)
			m2.weights.Add([]uint64{1, 2, 3}, s)
			m2.caseOf(token.Fold("the"))
		}
		if err != nil {
			return
		}
		m.clusters.get(1)
		m.caseOf(token.Fold("the"))
		s := make([]float32, NumLabels)
		m.weights.Add([]uint64{1, 2, 3}, s)
	})
}
