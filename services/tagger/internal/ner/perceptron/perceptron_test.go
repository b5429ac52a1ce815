package perceptron

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestTrainWriteRead(t *testing.T) {
	tr, err := NewTrainer(8, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Feature 1 means label 1, feature 2 means label 2.
	for range 20 {
		for _, ex := range []struct {
			f    uint64
			gold int
		}{{1, 1}, {2, 2}} {
			tr.Tick()
			s := make([]float32, 3)
			tr.Model().Add([]uint64{ex.f}, s)
			guess := 0
			for l := range s {
				if s[l] > s[guess] {
					guess = l
				}
			}
			tr.Update([]uint64{ex.f}, ex.gold, guess)
		}
	}
	m := tr.Average()
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	r, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read() error: %v", err)
	}
	for _, tt := range []struct {
		f    uint64
		want int
	}{{1, 1}, {2, 2}} {
		s := make([]float32, 3)
		r.Add([]uint64{tt.f}, s)
		best := 0
		for l := range s {
			if s[l] > s[best] {
				best = l
			}
		}
		if best != tt.want {
			t.Errorf("read model: best label for feature %d = %d (scores %v), want %d", tt.f, best, s, tt.want)
		}
	}
}

// TestReadAdd checks a read model's sums against the weights written, at
// the ends of the 16-bit range, for every label count a row can hold.
func TestReadAdd(t *testing.T) {
	for _, labels := range []int{2, 3, 9, 12, 16} {
		m, err := New(6, labels)
		if err != nil {
			t.Fatal(err)
		}
		// Integer weights with the largest 32767 quantise to themselves.
		for i := range m.w {
			m.w[i] = float32((i*7919)%65535 - 32767)
		}
		m.w[0] = 32767
		m.w[1] = -32767
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		r, err := Read(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 2, 40, 500} {
			feats := make([]uint64, n)
			for i := range feats {
				feats[i] = uint64(i) * 0x2545f4914f6cdd1d
			}
			got := make([]float32, labels)
			got[0] = 5
			r.Add(feats, got)
			want := make([]float32, labels)
			want[0] = 5
			m.Add(feats, want)
			if !slices.Equal(got, want) {
				t.Errorf("%d labels, %d features: Add = %v, want %v", labels, n, got, want)
			}
		}
	}
}

// TestReadBeside reads two models into one table and checks each sums as
// it does read alone; a third model, or one of another size, gets a table
// of its own. Models of 3 labels fill part of a row of q, of 8 have no
// rows in x, of 9 one lane, of 16 eight.
func TestReadBeside(t *testing.T) {
	for _, labels := range []int{3, 8, 9, 16} {
		t.Run(fmt.Sprint(labels), func(t *testing.T) { testReadBeside(t, labels) })
	}
}

func testReadBeside(t *testing.T, labels int) {
	write := func(bits uint, labels int, seed int) []byte {
		m, err := New(bits, labels)
		if err != nil {
			t.Fatal(err)
		}
		for i := range m.w {
			m.w[i] = float32((i*seed)%65535 - 32767)
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b, c, d := write(8, labels, 7919), write(8, labels, 104729), write(8, labels, 31), write(7, labels, 13)
	first, err := ReadWithRoom(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	var beside []*Model
	for _, raw := range [][]byte{b, c, d} {
		m, err := first.ReadBeside(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		beside = append(beside, m)
	}
	if &beside[0].q[0] != &first.q[qWords] || beside[1].stride != qWords || beside[2].stride != qWords {
		t.Fatalf("strides %d %d %d: want the first model beside, the others alone", beside[0].stride, beside[1].stride, beside[2].stride)
	}
	if n := labels - qMain; n > 0 && (&beside[0].x[0] != &first.x[n] || first.xstride != 2*n || beside[1].xstride != n) {
		t.Fatalf("x strides %d %d: want the first model's lanes beside", first.xstride, beside[1].xstride)
	}
	feats := make([]uint64, 300)
	for i := range feats {
		feats[i] = uint64(i) * 0x2545f4914f6cdd1d
	}
	for k, raw := range [][]byte{a, b, c, d} {
		got := []*Model{first, beside[0], beside[1], beside[2]}[k]
		alone, err := Read(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		gs, ws := make([]float32, labels), make([]float32, labels)
		got.Add(feats, gs)
		alone.Add(feats, ws)
		if !slices.Equal(gs, ws) {
			t.Errorf("model %d: Add = %v, read alone %v", k, gs, ws)
		}
	}
	// AddBeside sums as the two Adds do, in one pass when the second
	// model is beside the first and in two otherwise; onto scores that
	// already hold sums, as the tagger's do.
	for k, pair := range [][2]*Model{{first, beside[0]}, {first, beside[1]}, {beside[1], beside[2]}, {beside[0], first}} {
		if got, want := pair[0].holdsBeside(pair[1]), k == 0; got != want {
			t.Errorf("pair %d: holdsBeside = %v, want %v", k, got, want)
		}
		for _, n := range []int{0, 1, 31, len(feats)} {
			s1, s2 := make([]float32, labels), make([]float32, labels)
			w1, w2 := make([]float32, labels), make([]float32, labels)
			for l := range labels {
				s1[l], s2[l] = float32(l*1000-3000), float32(7-l)
				w1[l], w2[l] = s1[l], s2[l]
			}
			pair[0].AddBeside(pair[1], feats[:n], s1, s2)
			pair[0].Add(feats[:n], w1)
			pair[1].Add(feats[:n], w2)
			if !slices.Equal(s1, w1) || !slices.Equal(s2, w2) {
				t.Errorf("pair %d, %d features: AddBeside = %v, %v; Adds %v, %v", k, n, s1, s2, w1, w2)
			}
		}
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(2, 9); err == nil {
		t.Error("New(2, 9) = nil error, want one")
	}
	if _, err := New(10, 1); err == nil {
		t.Error("New(10, 1) = nil error, want one")
	}
	if _, err := Read(bytes.NewReader([]byte("nope"))); err == nil {
		t.Error("Read(garbage) = nil error, want one")
	}
}

// BenchmarkAdd sums the rows of 30 features in a read model of 2^19
// buckets, as the tagger does per token: "hot" draws them from 300
// features, whose rows stay in cache, "cold" from the whole table.
func BenchmarkAdd(b *testing.B) {
	tr, err := NewTrainer(19, 9)
	if err != nil {
		b.Fatal(err)
	}
	for i := range tr.m.w {
		tr.m.w[i] = float32(i%97) - 48
	}
	var buf bytes.Buffer
	if _, err := tr.m.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	m, err := Read(&buf)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name     string
		distinct uint64
	}{{"hot", 300}, {"cold", 1 << 40}} {
		b.Run(bc.name, func(b *testing.B) {
			feats := make([]uint64, 30*4096)
			for i := range feats {
				feats[i] = uint64(i) * 0x2545f4914f6cdd1d % bc.distinct * 0x9e3779b97f4a7c15
			}
			scores := make([]float32, 9)
			for i := 0; b.Loop(); i++ {
				j := i % 4096 * 30
				m.Add(feats[j:j+30], scores)
			}
		})
	}
}

// BenchmarkRead reads a model of the entity model's size (2^19 buckets, 9
// labels) from memory.
func BenchmarkRead(b *testing.B) {
	m, err := New(19, 9)
	if err != nil {
		b.Fatal(err)
	}
	for i := range m.w {
		m.w[i] = float32(i%97) - 48
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFormats reads one model from both file formats: NWPC2 as WriteTo
// writes it and NWPC1, every weight in a row, as models were written
// before; writing a read model again gives the same bytes.
func TestFormats(t *testing.T) {
	m, err := New(6, 9)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.w {
		if i%5 == 0 || i%7 == 0 {
			m.w[i] = float32((i*7919)%65535 - 32767)
		}
	}
	m.w[0], m.w[1] = 32767, -32767
	var v2 bytes.Buffer
	if _, err := m.WriteTo(&v2); err != nil {
		t.Fatal(err)
	}
	v1 := []byte(magic1)
	v1 = binary.LittleEndian.AppendUint32(v1, 6)
	v1 = binary.LittleEndian.AppendUint32(v1, 9)
	v1 = binary.LittleEndian.AppendUint32(v1, math.Float32bits(1))
	for _, v := range m.w {
		v1 = binary.LittleEndian.AppendUint16(v1, uint16(int16(v)))
	}
	a, err := Read(bytes.NewReader(v1))
	if err != nil {
		t.Fatalf("Read(NWPC1) error: %v", err)
	}
	b, err := Read(bytes.NewReader(v2.Bytes()))
	if err != nil {
		t.Fatalf("Read(NWPC2) error: %v", err)
	}
	if !slices.Equal(a.q, b.q) || !slices.Equal(a.x, b.x) {
		t.Error("NWPC1 and NWPC2 read to different tables")
	}
	for _, r := range []*Model{a, b} {
		var again bytes.Buffer
		if _, err := r.WriteTo(&again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), v2.Bytes()) {
			t.Errorf("WriteTo of a model read from %s: %d bytes, not the %d written", "a file", again.Len(), v2.Len())
		}
	}
	bad := slices.Clone(v2.Bytes())
	bad[len(magic)+12] = 0xff // bucket 0's mask: bits above the 9 labels
	bad[len(magic)+13] = 0xff
	if _, err := Read(bytes.NewReader(bad)); err == nil {
		t.Error("Read(mask with labels beyond 9) = nil error, want one")
	}
	if _, err := Read(bytes.NewReader(v2.Bytes()[:v2.Len()-1])); err == nil {
		t.Error("Read(truncated) = nil error, want one")
	}
}

// FuzzRead reads arbitrary bytes as a model: an error or a model whose
// Add works, never a panic.
func FuzzRead(f *testing.F) {
	m, err := New(4, 3)
	if err != nil {
		f.Fatal(err)
	}
	for i := range m.w {
		m.w[i] = float32(i%5) - 2
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(magic1 + "\x04\x00\x00\x00\x02\x00\x00\x00\x00\x00\x80\x3f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Up to 2^26 buckets are valid: a table that size is gigabytes,
		// more than a fuzzing worker may take.
		if len(b) >= len(magic)+4 && binary.LittleEndian.Uint32(b[len(magic):]) > 16 {
			return
		}
		r, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		s := make([]float32, r.Labels())
		r.Add([]uint64{1, 2, 3, 0xdeadbeef}, s)
	})
}
