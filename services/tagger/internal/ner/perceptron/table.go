package perceptron

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"unsafe"
)

// A table file holds a pair of read models, the second beside the first
// (ReadWithRoom, ReadBeside), as their rows lie in memory: a header of
// tableHeader bytes (magic, bits, labels and the two quantisation scales,
// little-endian, then zeros), the words of q and the lanes of x, all
// little-endian. PairFromTable uses the rows where they are, in the
// caller's bytes: a table embedded in the binary is read from the page
// cache as it is needed, where reading the sparse file filled 19 MB of
// fresh memory, which the kernel must zero first (2 to 36 ms of a
// tagger's start on the virtual machines measured, most of it).
const (
	tableMagic  = "NWPT1"
	tableHeader = 64 // keeps q 64-byte aligned in the file
)

// WriteTable writes first and second, which ReadBeside put beside first,
// as a table file.
func WriteTable(w io.Writer, first, second *Model) error {
	if !first.holdsBeside(second) {
		return errors.New("write perceptron table: the second model is not beside the first")
	}
	hdr := make([]byte, tableHeader)
	copy(hdr, tableMagic)
	binary.LittleEndian.PutUint32(hdr[8:], uint32(first.bits))
	binary.LittleEndian.PutUint32(hdr[12:], uint32(first.labels))
	binary.LittleEndian.PutUint32(hdr[16:], math.Float32bits(first.scale))
	binary.LittleEndian.PutUint32(hdr[20:], math.Float32bits(second.scale))
	nq, nx := first.tableLens()
	out := make([]byte, tableHeader+8*nq+2*nx)
	copy(out, hdr)
	body := out[tableHeader:]
	for i, v := range first.q[:nq] {
		binary.LittleEndian.PutUint64(body[8*i:], v)
	}
	for i, v := range first.x[:nx] {
		binary.LittleEndian.PutUint16(body[8*nq+2*i:], v)
	}
	_, err := w.Write(out)
	return err
}

// tableLens returns how many words of q and lanes of x a pair of models
// of m's size takes beside each other.
func (m *Model) tableLens() (nq, nx int) {
	return (1 << m.bits) * 2 * qWords, (1 << m.bits) * 2 * m.extra()
}

// PairFromTable returns the two models of a table file, their rows read
// in place from b, which must not change while they are used. It fails on
// a malformed table, and where the rows cannot be used in place: b not
// aligned for q's words, or a big-endian machine; the caller then reads
// the models from their own file.
func PairFromTable(b []byte) (first, second *Model, err error) {
	if len(b) < tableHeader || string(b[:len(tableMagic)]) != tableMagic {
		return nil, nil, errors.New("read perceptron table: bad magic")
	}
	bitsN := uint(binary.LittleEndian.Uint32(b[8:]))
	labels := int(binary.LittleEndian.Uint32(b[12:]))
	if bitsN < 4 || bitsN > 26 || labels < 2 || labels > qLabels {
		return nil, nil, fmt.Errorf("read perceptron table: %d bits, %d labels out of range", bitsN, labels)
	}
	first = &Model{bits: bitsN, labels: labels, scale: math.Float32frombits(binary.LittleEndian.Uint32(b[16:]))}
	second = &Model{bits: bitsN, labels: labels, scale: math.Float32frombits(binary.LittleEndian.Uint32(b[20:]))}
	nq, nx := first.tableLens()
	if want := tableHeader + 8*nq + 2*nx; len(b) != want {
		return nil, nil, fmt.Errorf("read perceptron table: %d bytes, want %d", len(b), want)
	}
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		return nil, nil, errors.New("read perceptron table: rows are little-endian, this machine is not")
	}
	body := b[tableHeader:]
	if uintptr(unsafe.Pointer(&body[0]))%unsafe.Alignof(uint64(0)) != 0 {
		return nil, nil, errors.New("read perceptron table: rows not aligned")
	}
	q := unsafe.Slice((*uint64)(unsafe.Pointer(&body[0])), nq)
	var x []uint16
	if nx > 0 {
		x = unsafe.Slice((*uint16)(unsafe.Pointer(&body[8*nq])), nx)
	}
	extra := first.extra()
	first.q, first.x = q, x
	second.q, second.x = q[qWords:], x[min(extra, len(x)):]
	for _, m := range []*Model{first, second} {
		m.stride, m.xstride = 2*qWords, 2*extra
	}
	return first, second, nil
}

// SparseLen returns how many bytes of b the model file at its start takes,
// reading the headers and bucket masks of its chunks but no weight.
func SparseLen(b []byte) (int, error) {
	if len(b) < len(magic)+12 {
		return 0, fmt.Errorf("read perceptron header: %w", io.ErrUnexpectedEOF)
	}
	version := string(b[:len(magic)])
	bitsN := uint(binary.LittleEndian.Uint32(b[len(magic):]))
	labels := int(binary.LittleEndian.Uint32(b[len(magic)+4:]))
	if version != magic && version != magic1 {
		return 0, errors.New("read perceptron header: bad magic")
	}
	if bitsN < 4 || bitsN > 26 || labels < 2 || labels > qLabels {
		return 0, fmt.Errorf("read perceptron header: %d bits, %d labels out of range", bitsN, labels)
	}
	at := len(magic) + 12
	if version == magic1 {
		at += 2 * labels << bitsN
	} else {
		chunk := min(chunkRows, 1<<bitsN)
		for c := 0; c < 1<<bitsN; c += chunk {
			if at+2*chunk > len(b) {
				return 0, fmt.Errorf("read perceptron weights: %w", io.ErrUnexpectedEOF)
			}
			n := 0
			for j := range chunk {
				n += bits.OnesCount16(binary.LittleEndian.Uint16(b[at+2*j:]))
			}
			at += 2*chunk + 2*n
		}
	}
	if at > len(b) {
		return 0, fmt.Errorf("read perceptron weights: %w", io.ErrUnexpectedEOF)
	}
	return at, nil
}
