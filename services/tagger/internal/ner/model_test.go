package ner

import (
	"bytes"
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/newswire/newswire/services/tagger/internal/ner/perceptron"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// TestParseModelInPlace checks that the embedded model, parsed where it
// is as Load parses it, has ReadModel's tables, and that its clusters and
// case table are slices of the embedded bytes, not copies.
func TestParseModelInPlace(t *testing.T) {
	got, err := parseModel(embeddedModel)
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
// its trailing case table is an error, never a panic.
func TestParseModelTruncated(t *testing.T) {
	b := smallModel(t)
	if _, err := parseModel(b); err != nil {
		t.Fatalf("parseModel(whole) error: %v", err)
	}
	for n := range len(b) {
		m, err := parseModel(b[:n:n])
		if err == nil && m.cases.len() == 2 {
			t.Errorf("parseModel(first %d of %d bytes) read the whole case table", n, len(b))
		}
	}
}

// FuzzParseModel parses arbitrary bytes as a model: an error, or a model
// whose tables answer lookups, never a panic.
func FuzzParseModel(f *testing.F) {
	f.Add(smallModel(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		// A weight table of up to 2^26 buckets is valid: gigabytes, more
		// than a fuzzing worker may take.
		if len(b) >= 9 && binary.LittleEndian.Uint32(b[5:]) > 16 {
			return
		}
		m, err := parseModel(b)
		if err != nil {
			return
		}
		m.clusters.get(1)
		m.caseOf(token.Fold("the"))
		s := make([]float32, NumLabels)
		m.weights.Add([]uint64{1, 2, 3}, s)
	})
}
