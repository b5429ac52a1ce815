package ner

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/newswire/newswire/services/tagger/internal/ner/perceptron"
)

// Model is a trained tagger's learned part: perceptron weights over hashed
// features and the word clusters the features use.
type Model struct {
	weights  *perceptron.Model
	clusters wordTable // 10-byte records: word hash, cluster (uint16)
	// second, when set, relabels the document using the first pass's
	// labels as document-level features.
	second *perceptron.Model
	// cases holds the usual written form of words (lower, Title, UPPER),
	// for sentences that have lost their case, in 9-byte records (word
	// hash, form); empty in older models.
	cases wordTable
}

// clusterTable returns the table of a word-to-cluster map.
func clusterTable(m map[uint64]uint16) wordTable {
	return wordTableFrom(m, 10, binary.LittleEndian.AppendUint16)
}

// caseTable returns the table of a word-to-form map.
func caseTable(m map[uint64]uint8) wordTable {
	return wordTableFrom(m, 9, func(b []byte, f uint8) []byte { return append(b, f) })
}

// caseOf returns the usual written form of the folded word w, 0 if the
// case table does not know it.
func (m *Model) caseOf(w uint64) uint8 {
	if v := m.cases.get(w); v != nil {
		return v[0]
	}
	return 0
}

// WriteTo writes the model: the weights, then the clusters sorted by word
// hash, the second pass's weights and the case table.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	n, err := m.weights.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("write weights: %w", err)
	}
	bw := bufio.NewWriter(w)
	buf := binary.LittleEndian.AppendUint32(nil, uint32(m.clusters.len()))
	buf = append(buf, m.clusters.raw...)
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
	if m.cases.len() > 0 {
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
	cl, err := newWordTable(raw, 10)
	if err != nil {
		return nil, fmt.Errorf("read model clusters: %w", err)
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
