package ner

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/newswire/newswire/services/tagger/internal/ner/perceptron"
)

// Model is a trained tagger's learned part: perceptron weights over hashed
// features and the word clusters the features use.
type Model struct {
	weights  *perceptron.Model
	clusters map[uint64]uint16
	// second, when set, relabels the document using the first pass's
	// labels as document-level features.
	second *perceptron.Model
	// cases holds the usual written form of words (lower, Title, UPPER),
	// for sentences that have lost their case; nil in older models.
	cases map[uint64]uint8
}

// WriteTo writes the model: the weights, then the clusters sorted by word hash.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	n, err := m.weights.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("write weights: %w", err)
	}
	keys := make([]uint64, 0, len(m.clusters))
	for k := range m.clusters {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	bw := bufio.NewWriter(w)
	buf := binary.LittleEndian.AppendUint32(nil, uint32(len(keys)))
	for _, k := range keys {
		buf = binary.LittleEndian.AppendUint64(buf, k)
		buf = binary.LittleEndian.AppendUint16(buf, m.clusters[k])
	}
	if _, err := bw.Write(buf); err != nil {
		return n, fmt.Errorf("write clusters: %w", err)
	}
	n += int64(len(buf))
	if err := bw.Flush(); err != nil {
		return n, err
	}
	if m.second != nil {
		k, err := m.second.WriteTo(w)
		n += k
		if err != nil {
			return n, fmt.Errorf("write second pass: %w", err)
		}
	}
	if len(m.cases) > 0 {
		k, err := writeCases(w, m.cases)
		n += k
		if err != nil {
			return n, fmt.Errorf("write case table: %w", err)
		}
	}
	return n, nil
}

// ReadModel reads a model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	w, err := perceptron.ReadWithRoom(br)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if w.Labels() != NumLabels {
		return nil, fmt.Errorf("read model: %d labels, want %d", w.Labels(), NumLabels)
	}
	var cnt [4]byte
	if _, err := io.ReadFull(br, cnt[:]); err != nil {
		return nil, fmt.Errorf("read model clusters: %w", err)
	}
	n := int(binary.LittleEndian.Uint32(cnt[:]))
	if n > 1<<24 {
		return nil, fmt.Errorf("read model clusters: count %d too large", n)
	}
	raw := make([]byte, n*10)
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, fmt.Errorf("read model clusters: %w", err)
	}
	cl := make(map[uint64]uint16, n)
	for i := 0; i < n; i++ {
		cl[binary.LittleEndian.Uint64(raw[i*10:])] = binary.LittleEndian.Uint16(raw[i*10+8:])
	}
	m := &Model{weights: w, clusters: cl}
	if b, err := br.Peek(len(caseMagic)); err == nil && string(b) != caseMagic {
		// The second pass looks up the first pass's features (and a few
		// of its own): its rows beside the first's are found in cache.
		if m.second, err = w.ReadBeside(br); err != nil {
			return nil, fmt.Errorf("read model second pass: %w", err)
		}
	}
	if b, err := br.Peek(len(caseMagic)); err == nil {
		if string(b) != caseMagic {
			return nil, fmt.Errorf("read model: unknown section %q after the weights", b)
		}
		br.Discard(len(caseMagic))
		if m.cases, err = readCases(br); err != nil {
			return nil, err
		}
	}
	return m, nil
}
