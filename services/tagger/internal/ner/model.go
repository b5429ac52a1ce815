package ner

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
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
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	return parseModel(b, nil)
}

// WriteTable writes the weight table of m, a model read by ReadModel, as
// Load uses it in the binary (model/weights.tbl): the rows of both passes'
// weights as they lie in memory. A model of one pass has none: it writes
// nothing, and Load decodes such a model's weights from the model file.
func (m *Model) WriteTable(w io.Writer) error {
	if m.second == nil {
		return nil
	}
	return perceptron.WriteTable(w, m.weights, m.second)
}

// parseModel reads the model written by WriteTo at the start of b, which
// it keeps: the clusters and the case table are used where they are in b,
// as Load uses them in the binary, instead of half a megabyte of copies
// filled at load and kept live. With a weight table of the same model
// (WriteTable), the weights are read in place from it and b's are skipped;
// a table that cannot be used in place is ignored.
func parseModel(b, table []byte) (*Model, error) {
	var w, second *perceptron.Model
	if table != nil {
		var err error
		if w, second, err = perceptron.PairFromTable(table); err != nil {
			w, second = nil, nil
		}
	}
	rest := b
	if w == nil {
		r := bytes.NewReader(b)
		var err error
		if w, err = perceptron.ReadWithRoom(r); err != nil {
			return nil, fmt.Errorf("read model: %w", err)
		}
		rest = b[len(b)-r.Len():]
	} else {
		n, err := perceptron.SparseLen(b)
		if err != nil {
			return nil, fmt.Errorf("read model: %w", err)
		}
		rest = b[n:]
	}
	if w.Labels() != NumLabels {
		return nil, fmt.Errorf("read model: %d labels, want %d", w.Labels(), NumLabels)
	}
	if len(rest) < 4 {
		return nil, fmt.Errorf("read model clusters: %w", io.ErrUnexpectedEOF)
	}
	n := int(binary.LittleEndian.Uint32(rest))
	if n > 1<<24 {
		return nil, fmt.Errorf("read model clusters: count %d too large", n)
	}
	if rest = rest[4:]; len(rest) < n*10 {
		return nil, fmt.Errorf("read model clusters: %w", io.ErrUnexpectedEOF)
	}
	cl, err := newWordTable(rest[:n*10:n*10], 10)
	if err != nil {
		return nil, fmt.Errorf("read model clusters: %w", err)
	}
	rest = rest[n*10:]
	m := &Model{weights: w, clusters: cl}
	if len(rest) >= len(caseMagic) && string(rest[:len(caseMagic)]) != caseMagic {
		// The second pass looks up the first pass's features (and a few
		// of its own): its rows beside the first's are found in cache.
		if second != nil {
			n, err := perceptron.SparseLen(rest)
			if err != nil {
				return nil, fmt.Errorf("read model second pass: %w", err)
			}
			m.second, rest = second, rest[n:]
		} else {
			r := bytes.NewReader(rest)
			if m.second, err = w.ReadBeside(r); err != nil {
				return nil, fmt.Errorf("read model second pass: %w", err)
			}
			rest = rest[len(rest)-r.Len():]
		}
	} else if second != nil {
		return nil, errors.New("read model: a weight table of two passes for a model of one")
	}
	if len(rest) >= len(caseMagic) {
		if string(rest[:len(caseMagic)]) != caseMagic {
			return nil, fmt.Errorf("read model: unknown section %q after the weights", rest[:len(caseMagic)])
		}
		if m.cases, err = casesFrom(rest[len(caseMagic):]); err != nil {
			return nil, err
		}
	}
	return m, nil
}
