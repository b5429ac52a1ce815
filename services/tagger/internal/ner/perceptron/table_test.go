package perceptron

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"
	"unsafe"
)

// writeModel returns a model of 2^bits buckets as WriteTo writes it, its
// weights spread over the 16-bit range, a fifth of them zero.
func writeModel(t testing.TB, bits uint, labels, seed int) []byte {
	t.Helper()
	m, err := New(bits, labels)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.w {
		if i%5 != 0 {
			m.w[i] = float32((i*seed)%65535 - 32767)
		}
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// aligned returns a copy of b whose first byte is 8-byte aligned.
func aligned(b []byte) []byte {
	words := make([]uint64, (len(b)+7)/8)
	out := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), len(b))
	copy(out, b)
	return out
}

// tableOf reads the model files a and b as a tagger does, b beside a, and
// returns the two models and their table file.
func tableOf(t testing.TB, a, b []byte) (first, second *Model, table []byte) {
	t.Helper()
	first, err := ReadWithRoom(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if second, err = first.ReadBeside(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, first, second); err != nil {
		t.Fatal(err)
	}
	return first, second, buf.Bytes()
}

// TestTable writes a pair of read models as a table and reads it back in
// place: the models sum every feature as the ones read from their sparse
// files do, alone and beside each other, and write the same files again.
func TestTable(t *testing.T) {
	for _, labels := range []int{3, 8, 9, 16} {
		t.Run(fmt.Sprint(labels), func(t *testing.T) {
			first, second, tbl := tableOf(t, writeModel(t, 8, labels, 7919), writeModel(t, 8, labels, 104729))
			f2, s2, err := PairFromTable(aligned(tbl))
			if err != nil {
				t.Fatal(err)
			}
			if !f2.holdsBeside(s2) {
				t.Fatal("the table's second model is not beside its first")
			}
			feats := make([]uint64, 200)
			for i := range feats {
				feats[i] = uint64(i+1) * 0x9e3779b97f4a7c15
			}
			for k, pair := range [][2]*Model{{first, f2}, {second, s2}} {
				got, want := make([]float32, labels), make([]float32, labels)
				pair[1].Add(feats, got)
				pair[0].Add(feats, want)
				if !slices.Equal(got, want) {
					t.Errorf("model %d: Add from the table %v, from the file %v", k, got, want)
				}
				var w1, w2 bytes.Buffer
				if _, err := pair[0].WriteTo(&w1); err != nil {
					t.Fatal(err)
				}
				if _, err := pair[1].WriteTo(&w2); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
					t.Errorf("model %d: WriteTo differs after the table (%d and %d bytes)", k, w2.Len(), w1.Len())
				}
			}
			g1, g2 := make([]float32, labels), make([]float32, labels)
			w1, w2 := make([]float32, labels), make([]float32, labels)
			f2.AddBeside(s2, feats, g1, g2)
			first.AddBeside(second, feats, w1, w2)
			if !slices.Equal(g1, w1) || !slices.Equal(g2, w2) {
				t.Errorf("AddBeside from the table %v %v, from the files %v %v", g1, g2, w1, w2)
			}
		})
	}
}

func TestTableErrors(t *testing.T) {
	a := writeModel(t, 6, 9, 31)
	first, _, tbl := tableOf(t, a, a)
	alone, err := Read(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(&bytes.Buffer{}, first, alone); err == nil {
		t.Error("WriteTable of models not beside each other: nil error")
	}
	good := aligned(tbl)
	bad := map[string][]byte{
		"empty":      nil,
		"magic":      append([]byte("NWPT9"), good[5:]...),
		"short":      good[:len(good)-2],
		"long":       append(slices.Clone(good), 0, 0),
		"misaligned": aligned(append([]byte{0}, good...))[1:],
		"bits":       func() []byte { b := slices.Clone(good); binary.LittleEndian.PutUint32(b[8:], 40); return b }(),
		"labels":     func() []byte { b := slices.Clone(good); binary.LittleEndian.PutUint32(b[12:], 17); return b }(),
	}
	for name, b := range bad {
		if _, _, err := PairFromTable(b); err == nil {
			t.Errorf("%s: nil error", name)
		}
	}
	if _, _, err := PairFromTable(good); err != nil {
		t.Errorf("the good table: %v", err)
	}
}

// TestSparseLen checks that SparseLen finds where a model file ends, in
// both formats, followed by other bytes or not, and fails on a cut one.
func TestSparseLen(t *testing.T) {
	for _, labels := range []int{3, 9, 16} {
		sparse := writeModel(t, 7, labels, 13)
		dense := writeDense(t, 7, labels)
		for name, file := range map[string][]byte{"NWPC2": sparse, "NWPC1": dense} {
			for _, tail := range [][]byte{nil, []byte("clusters after")} {
				if n, err := SparseLen(append(slices.Clone(file), tail...)); n != len(file) || err != nil {
					t.Errorf("%s, %d labels, %d bytes after: SparseLen = %d, %v; want %d", name, labels, len(tail), n, err, len(file))
				}
			}
			for _, cut := range []int{0, 10, len(file) / 2, len(file) - 1} {
				if _, err := SparseLen(file[:cut]); err == nil {
					t.Errorf("%s cut at %d: nil error", name, cut)
				}
			}
		}
	}
}

// writeDense returns a model in the NWPC1 format: every weight.
func writeDense(t *testing.T, bits uint, labels int) []byte {
	t.Helper()
	b := []byte(magic1)
	b = binary.LittleEndian.AppendUint32(b, uint32(bits))
	b = binary.LittleEndian.AppendUint32(b, uint32(labels))
	b = binary.LittleEndian.AppendUint32(b, 0x3f800000) // scale 1
	for i := range labels << bits {
		b = binary.LittleEndian.AppendUint16(b, uint16(i))
	}
	if _, err := Read(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzPairFromTable(f *testing.F) {
	a := writeModel(f, 4, 9, 7)
	_, _, tbl := tableOf(f, a, a)
	f.Add(tbl)
	f.Add([]byte(tableMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		m1, m2, err := PairFromTable(aligned(b))
		if err != nil {
			return
		}
		s := make([]float32, m1.Labels())
		m1.AddBeside(m2, []uint64{1, 2, 3, 1 << 63}, s, make([]float32, m2.Labels()))
	})
}
