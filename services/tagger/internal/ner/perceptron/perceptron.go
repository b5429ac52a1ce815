// Package perceptron is a multi-class averaged perceptron over hashed
// features: a feature is a 64-bit hash, folded into a fixed table of
// buckets, so the model's size does not grow with the vocabulary and no
// feature string is ever built. Model is read-only and safe for concurrent
// use; Trainer is not.
package perceptron

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"unsafe"

	"github.com/newswire/newswire/services/tagger/internal/hugepage"
	"github.com/newswire/newswire/services/tagger/internal/prefetch"
)

// The file formats: magic, then bits, labels and the quantisation scale
// (uint32, uint32, float32, little-endian), then the weights. NWPC1 has
// every 16-bit weight, bucket by bucket, label by label. NWPC2, which
// WriteTo writes, takes chunks of up to 1024 buckets: each bucket's 16-bit
// mask of its labels with a non-zero weight, then those weights in order.
// Four weights in five are zero in the entity model: the file inflates to
// less than a third of NWPC1's bytes, in half the time.
const (
	magic1 = "NWPC1"
	magic  = "NWPC2"
)

// Model scores labels for a bag of hashed features.
type Model struct {
	bits   uint
	labels int
	// w holds float weights while training.
	w []float32
	// q holds a read model's quantised weights of its first qMain labels,
	// one 16-byte row per bucket, so a feature costs at most one cache
	// line; scores are summed in units of the quantisation step, which
	// does not change their order. A row is qWords words of four 16-bit
	// lanes, a lane holding the weight of one label plus 1<<15
	// (excess-32768, so never negative): Add sums a word's even and odd
	// lanes apart, two at a time in 32-bit fields, and takes the excess
	// off at the end.
	q []uint64
	// x holds the weights of labels qMain and up, excess-32768 too, a lane
	// a label (the entity model's 9 labels leave one): rows of 16 bytes in
	// q and 2 in x take 18 bytes a bucket, where 32-byte rows of every
	// label took 32, and the table is fresh memory that the kernel zeroes
	// at load and that stays mostly out of cache while a process tags.
	x []uint16
	// stride is how many words of q one bucket takes: qWords, or twice
	// that when the table holds a second model's row beside each row
	// (ReadWithRoom, ReadBeside); xstride is how many lanes of x it takes.
	stride, xstride int
	room            bool // the table's other rows are free for ReadBeside
	// scale is a read model's quantisation step, kept to write it again.
	scale float32
	// mem and xmem keep q and x mapped when hugepage.Slice mapped them:
	// every model that shares the tables holds them.
	mem, xmem *hugepage.Mapping
}

const (
	qLanes  = 4                // 16-bit lanes in a word of q
	qWords  = 2                // words in a row of q
	qMain   = qLanes * qWords  // labels a row of q holds; the rest are in x
	qBias   = 1 << 15          // added to every lane
	qLo     = 0xffff_0000_ffff // the even lanes of a word, in 32-bit fields
	qLabels = 16               // the most labels a read model may have
)

// extra returns how many labels a row of x holds: those after the first
// qMain.
func (m *Model) extra() int { return max(m.labels-qMain, 0) }

// New returns an all-zero model with 2^bits buckets and the given number of labels.
func New(bits uint, labels int) (*Model, error) {
	if bits < 4 || bits > 26 {
		return nil, fmt.Errorf("new perceptron: bits %d out of range [4, 26]", bits)
	}
	if labels < 2 || labels > 64 {
		return nil, fmt.Errorf("new perceptron: %d labels, want 2..64", labels)
	}
	return &Model{bits: bits, labels: labels, w: make([]float32, (1<<bits)*labels)}, nil
}

// Labels returns how many labels the model scores.
func (m *Model) Labels() int { return m.labels }

// bucket returns the bucket of feature f.
func (m *Model) bucket(f uint64) int { return prefetch.Slot(f, m.shift()) }

// shift is prefetch.Slot's shift for a table of 1<<bits buckets. bits is at
// most 26: the mask only spares a check of the shift.
func (m *Model) shift() uint { return (64 - m.bits) & 63 }

func (m *Model) slot(f uint64) int { return m.bucket(f) * m.labels }

// Add adds the weights of the features to scores, which must have
// Labels() elements. A model from Read adds weights in units of its
// quantisation step: compare scores only with scores from the same model.
func (m *Model) Add(feats []uint64, scores []float32) {
	scores = scores[:m.labels]
	if m.q != nil {
		// Each 32-bit field sums len(feats) lanes of 16 bits, so it cannot
		// carry into the next below 1<<16 features. A token's scores are
		// sums of a few dozen weights of at most 32767, integers far below
		// 2^24, which float32 holds exactly: summing a call's weights here
		// first, in another order, gives the scores of adding them one by
		// one, bit for bit.
		//
		// The two words of a row are spelt out so that their sums stay in
		// registers; the first lane of x (the entity model's ninth label)
		// is summed in the same pass, any others in a pass of their own.
		var e0, o0, e1, o1, x0 uint64
		stride, xstride := m.stride, m.xstride
		for _, f := range feats {
			b := m.bucket(f)
			row := (*[qWords]uint64)(m.q[b*stride : b*stride+qWords])
			e0 += row[0] & qLo
			o0 += row[0] >> 16 & qLo
			e1 += row[1] & qLo
			o1 += row[1] >> 16 & qLo
			if xstride != 0 {
				x0 += uint64(m.x[b*xstride])
			}
		}
		m.addSums(feats, scores, e0, o0, e1, o1, x0)
		return
	}
	for _, f := range feats {
		s := m.slot(f)
		row := m.w[s : s+m.labels]
		for i, v := range row {
			scores[i] += v
		}
	}
}

// addSums adds to scores the lane sums that Add gathered over feats: the
// even and odd lanes of each word of q, and the first lane of x.
func (m *Model) addSums(feats []uint64, scores []float32, e0, o0, e1, o1, x0 uint64) {
	bias := int64(len(feats)) * qBias
	// Label l's sum is in word l/4 of the row, the even or odd fields by
	// l%2, the low or high field by l%4/2.
	lane := func(sum uint64, high int) float32 {
		return float32(int64(sum>>(32*high)&0xffff_ffff) - bias)
	}
	if len(scores) >= qMain {
		// Spelt out for the entity model's labels, as Add's loop is.
		scores[0] += lane(e0, 0)
		scores[1] += lane(o0, 0)
		scores[2] += lane(e0, 1)
		scores[3] += lane(o0, 1)
		scores[4] += lane(e1, 0)
		scores[5] += lane(o1, 0)
		scores[6] += lane(e1, 1)
		scores[7] += lane(o1, 1)
	} else {
		even := [qWords]uint64{e0, e1}
		odd := [qWords]uint64{o0, o1}
		for l := range len(scores) {
			sum := even[l/qLanes]
			if l%2 == 1 {
				sum = odd[l/qLanes]
			}
			scores[l] += lane(sum, l%qLanes/2)
		}
	}
	if n := m.extra(); n > 0 {
		var xs [qLabels - qMain]uint64
		xs[0] = x0
		if n > 1 {
			for _, f := range feats {
				b := m.bucket(f) * m.xstride
				for i, v := range m.x[b+1 : b+n] {
					xs[i+1] += uint64(v)
				}
			}
		}
		for i := range n {
			scores[qMain+i] += float32(int64(xs[i]) - bias)
		}
	}
	// A mapped table (hugepage.Slice) is unmapped once m and the models
	// beside it are unreachable: not before the rows are read.
	runtime.KeepAlive(m)
}

// AddBeside adds the weights of feats in m to scores, as Add does, and
// their weights in other to others, as other.Add does. When other is the
// model ReadBeside put beside m, one pass reads both: a feature's two rows
// share a cache line, which the second Add would otherwise fetch again
// once a document's other rows had pushed it out. Otherwise it is the two
// Adds.
func (m *Model) AddBeside(other *Model, feats []uint64, scores, others []float32) {
	if !m.holdsBeside(other) {
		m.Add(feats, scores)
		other.Add(feats, others)
		return
	}
	scores, others = scores[:m.labels], others[:other.labels]
	var e0, o0, e1, o1, x0 uint64 // m's sums, as in Add
	var f0, p0, f1, p1, y0 uint64 // other's
	stride, xstride, extra := m.stride, m.xstride, m.extra()
	for _, f := range feats {
		b := m.bucket(f)
		row := (*[2 * qWords]uint64)(m.q[b*stride : b*stride+2*qWords])
		e0 += row[0] & qLo
		o0 += row[0] >> 16 & qLo
		e1 += row[1] & qLo
		o1 += row[1] >> 16 & qLo
		f0 += row[2] & qLo
		p0 += row[2] >> 16 & qLo
		f1 += row[3] & qLo
		p1 += row[3] >> 16 & qLo
		if xstride != 0 {
			x := m.x[b*xstride : b*xstride+2*extra]
			x0 += uint64(x[0])
			y0 += uint64(x[extra])
		}
	}
	m.addSums(feats, scores, e0, o0, e1, o1, x0)
	other.addSums(feats, others, f0, p0, f1, p1, y0)
}

// holdsBeside reports whether other's rows sit beside m's in m's table,
// as ReadBeside puts them.
func (m *Model) holdsBeside(other *Model) bool {
	if m.q == nil || other == nil || other.q == nil || m.bits != other.bits || m.labels != other.labels ||
		m.stride != 2*qWords || other.stride != m.stride || other.xstride != m.xstride ||
		unsafe.SliceData(other.q) != &m.q[qWords] {
		return false
	}
	return m.xstride == 0 || unsafe.SliceData(other.x) == &m.x[m.extra()]
}

// Prefetch asks the processor to bring the rows of feats into cache
// without waiting for them, so that an Add of the same features a little
// later finds them there: a tagger that knows the label-free features of
// tokens ahead overlaps their fetches from memory with its work on the
// token at hand. It does nothing for a model being trained, or where
// there is no prefetch instruction (see package prefetch).
func (m *Model) Prefetch(feats []uint64) {
	if !prefetch.Works || m.q == nil || len(feats) == 0 {
		return
	}
	prefetch.Hashed(unsafe.Pointer(&m.q[0]), &feats[0], len(feats), m.shift(), m.stride*8)
	if m.xstride != 0 {
		prefetch.Hashed(unsafe.Pointer(&m.x[0]), &feats[0], len(feats), m.shift(), m.xstride*2)
	}
	runtime.KeepAlive(m)
}

// WriteTo writes the model quantised to 16-bit integers with one scale:
// precise enough for ranking labels and half the size of float32. A model
// from Read is written with the weights and scale it was read with.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	scale := m.scale
	weight := func(b, l int) int16 {
		if l >= qMain {
			return int16(m.x[b*m.xstride+l-qMain] ^ qBias)
		}
		return int16(uint16(m.q[b*m.stride+l/qLanes]>>(16*(l%qLanes))) ^ qBias)
	}
	if m.q == nil {
		var maxAbs float64
		for _, v := range m.w {
			maxAbs = max(maxAbs, math.Abs(float64(v)))
		}
		scale = float32(1)
		if maxAbs > 0 {
			scale = float32(maxAbs / 32767)
		}
		weight = func(b, l int) int16 { return int16(math.Round(float64(m.w[b*m.labels+l] / scale))) }
	}
	bw := bufio.NewWriter(w)
	hdr := make([]byte, 0, 32)
	hdr = append(hdr, magic...)
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(m.bits))
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(m.labels))
	hdr = binary.LittleEndian.AppendUint32(hdr, math.Float32bits(scale))
	if _, err := bw.Write(hdr); err != nil {
		return 0, err
	}
	n := int64(len(hdr))
	chunk := min(chunkRows, 1<<m.bits)
	masks := make([]byte, 2*chunk)
	var vals []byte
	for b := 0; b < 1<<m.bits; b += chunk {
		vals = vals[:0]
		for j := range chunk {
			var mask uint16
			for l := range m.labels {
				if q := weight(b+j, l); q != 0 {
					mask |= 1 << l
					vals = binary.LittleEndian.AppendUint16(vals, uint16(q))
				}
			}
			binary.LittleEndian.PutUint16(masks[2*j:], mask)
		}
		if _, err := bw.Write(masks); err != nil {
			return n, err
		}
		if _, err := bw.Write(vals); err != nil {
			return n, err
		}
		n += int64(len(masks) + len(vals))
	}
	return n, bw.Flush()
}

// chunkRows is how many buckets a chunk of an NWPC2 file holds.
const chunkRows = 1024

// Read reads a model written by WriteTo.
func Read(r io.Reader) (*Model, error) { return read(r, nil) }

// ReadWithRoom reads a model as Read does, into tables with room for the
// rows of a second model of its size beside its own, which ReadBeside
// fills.
func ReadWithRoom(r io.Reader) (*Model, error) {
	var mem, xmem *hugepage.Mapping
	m, err := read(r, func(bits uint, labels int) (t table) {
		n := max(labels-qMain, 0)
		t.q, mem = hugepage.Slice[uint64]((1 << bits) * 2 * qWords)
		t.x, xmem = hugepage.Slice[uint16]((1 << bits) * 2 * n)
		t.stride, t.xstride = 2*qWords, 2*n
		return t
	})
	if err != nil {
		return nil, err
	}
	m.room = true
	m.mem, m.xmem = mem, xmem
	return m, nil
}

// ReadBeside reads a model written by WriteTo that is looked up for the
// same features as m, as a tagger's second pass looks up the first pass's
// (m from ReadWithRoom). If it has m's size, its rows go beside m's: the
// two rows of a bucket in q share 32 bytes of one 64-byte cache line
// (hugepage.Slice aligns the table to a page), and those in x 4 bytes, so
// looking up a feature in the second model just after the first finds the
// rows in cache. Otherwise it reads as Read does, as it does once the room
// is taken. Call it before m is used.
func (m *Model) ReadBeside(r io.Reader) (*Model, error) {
	beside := false
	second, err := read(r, func(bits uint, labels int) (t table) {
		if !m.room || bits != m.bits || labels != m.labels {
			return t
		}
		m.room = false
		beside = true
		return table{q: m.q[qWords:], x: m.x[m.extra():], stride: m.stride, xstride: m.xstride}
	})
	if err != nil {
		return nil, err
	}
	if beside {
		second.mem, second.xmem = m.mem, m.xmem
	}
	return second, nil
}

// table is where read puts a model's rows: q and x with their strides.
type table struct {
	q               []uint64
	x               []uint16
	stride, xstride int
}

// read reads a model written by WriteTo into the tables that place returns
// for its size, or into tables of its own if place is nil or returns no q.
func read(r io.Reader, place func(bits uint, labels int) table) (*Model, error) {
	hdr := make([]byte, len(magic)+12)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("read perceptron header: %w", err)
	}
	version := string(hdr[:len(magic)])
	if version != magic && version != magic1 {
		return nil, errors.New("read perceptron header: bad magic")
	}
	bits := uint(binary.LittleEndian.Uint32(hdr[len(magic):]))
	labels := int(binary.LittleEndian.Uint32(hdr[len(magic)+4:]))
	// Scores stay in quantisation steps; the scale is kept for WriteTo.
	scale := math.Float32frombits(binary.LittleEndian.Uint32(hdr[len(magic)+8:]))
	if bits < 4 || bits > 26 || labels < 2 || labels > qLabels {
		return nil, fmt.Errorf("read perceptron header: %d bits, %d labels out of range", bits, labels)
	}
	m := &Model{bits: bits, labels: labels, scale: scale}
	var t table
	if place != nil {
		t = place(bits, labels)
	}
	if t.q == nil {
		n := m.extra()
		t = table{q: make([]uint64, (1<<bits)*qWords), x: make([]uint16, (1<<bits)*n), stride: qWords, xstride: n}
	}
	m.q, m.x, m.stride, m.xstride = t.q, t.x, t.stride, t.xstride
	if version == magic1 {
		return m, m.readDense(r)
	}
	return m, m.readSparse(r)
}

// readDense reads the weights of an NWPC1 file.
func (m *Model) readDense(r io.Reader) error {
	labels := m.labels
	chunk := min(1024, 1<<m.bits)
	raw := make([]byte, 2*labels*chunk)
	for b := 0; b < 1<<m.bits; b += chunk {
		if _, err := io.ReadFull(r, raw); err != nil {
			return fmt.Errorf("read perceptron weights: %w", err)
		}
		for j := range chunk {
			row := (*[qWords]uint64)(m.q[(b+j)*m.stride:])
			xrow := m.x[(b+j)*m.xstride:][:m.extra()]
			in := raw[2*labels*j : 2*labels*(j+1)]
			for l := 0; l < labels; l++ {
				// Flipping the sign bit adds qBias to a 16-bit two's complement.
				v := binary.LittleEndian.Uint16(in[2*l:]) ^ qBias
				if l >= qMain {
					xrow[l-qMain] = v
					continue
				}
				row[l/qLanes] |= uint64(v) << (16 * (l % qLanes))
			}
		}
	}
	return nil
}

// readSparse reads the weights of an NWPC2 file.
func (m *Model) readSparse(r io.Reader) error {
	labels := m.labels
	// zero is a row of all-zero weights: qBias in each of the labels' lanes.
	var zero [qWords]uint64
	for l := range min(labels, qMain) {
		zero[l/qLanes] |= qBias << (16 * (l % qLanes))
	}
	extra := m.extra()
	valid := uint16(1<<labels - 1)
	chunk := min(chunkRows, 1<<m.bits)
	masks := make([]byte, 2*chunk)
	vals := make([]byte, 2*labels*chunk)
	for b := 0; b < 1<<m.bits; b += chunk {
		if _, err := io.ReadFull(r, masks); err != nil {
			return fmt.Errorf("read perceptron weights: %w", err)
		}
		n := 0
		for j := range chunk {
			mask := binary.LittleEndian.Uint16(masks[2*j:])
			if mask&^valid != 0 {
				return fmt.Errorf("read perceptron weights: bucket %d: mask %#x for %d labels", b+j, mask, labels)
			}
			n += bits.OnesCount16(mask)
		}
		in := vals[:2*n]
		if _, err := io.ReadFull(r, in); err != nil {
			return fmt.Errorf("read perceptron weights: %w", err)
		}
		k := 0
		for j := range chunk {
			row := (*[qWords]uint64)(m.q[(b+j)*m.stride:])
			*row = zero
			xrow := m.x[(b+j)*m.xstride:][:extra]
			for i := range xrow {
				xrow[i] = qBias
			}
			for mask := binary.LittleEndian.Uint16(masks[2*j:]); mask != 0; mask &= mask - 1 {
				l := bits.TrailingZeros16(mask)
				// XOR with the lane's qBias gives the weight plus qBias.
				v := binary.LittleEndian.Uint16(in[k:])
				k += 2
				if l >= qMain {
					xrow[l-qMain] ^= v
					continue
				}
				row[l/qLanes] ^= uint64(v) << (16 * (l % qLanes))
			}
		}
	}
	return nil
}

// Trainer updates a model by the perceptron rule and keeps the running
// sums needed to average it (Daumé's lazy trick: one total per weight,
// brought up to date only when the weight changes).
type Trainer struct {
	m     *Model
	total []float64
	stamp []int32
	clock int32
}

// NewTrainer returns a trainer for an all-zero model.
func NewTrainer(bits uint, labels int) (*Trainer, error) {
	m, err := New(bits, labels)
	if err != nil {
		return nil, err
	}
	return &Trainer{m: m, total: make([]float64, len(m.w)), stamp: make([]int32, len(m.w))}, nil
}

// Model returns the model being trained (its current, unaveraged weights).
func (t *Trainer) Model() *Model { return t.m }

// Tick advances the clock by one training example.
func (t *Trainer) Tick() { t.clock++ }

// Update moves weight towards gold and away from guess for every feature.
func (t *Trainer) Update(feats []uint64, gold, guess int) {
	if gold == guess {
		return
	}
	for _, f := range feats {
		s := t.m.slot(f)
		t.bump(s+gold, 1)
		t.bump(s+guess, -1)
	}
}

func (t *Trainer) bump(i int, d float32) {
	t.total[i] += float64(t.clock-t.stamp[i]) * float64(t.m.w[i])
	t.stamp[i] = t.clock
	t.m.w[i] += d
}

// Average returns the averaged model. The trainer should not be used after.
func (t *Trainer) Average() *Model {
	for i := range t.m.w {
		t.total[i] += float64(t.clock-t.stamp[i]) * float64(t.m.w[i])
		t.stamp[i] = t.clock
		if t.clock > 0 {
			t.m.w[i] = float32(t.total[i] / float64(t.clock))
		}
	}
	return t.m
}
