package gazetteer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"

	"github.com/newswire/newswire/services/tagger/internal/hugepage"
)

// The index file (list.idx, written by the trainer beside list.tsv) holds
// the index that parse builds from the list, node by node in slot order,
// so that Load puts each node in its slot without tokenizing or hashing a
// name: building the index was half of the gazetteer's load. Little-endian:
// magic, then log2 of the number of slots, the nodes, the refs, the
// longest name in tokens and the list's entries (uint32 each); each node's
// slot, key, first ref, ref count and prefix flag (uint32, uint64,
// uint32, uint16, uint8); each ref's entry times two, plus one if it asks
// for capitals (uint32).
const (
	indexMagic  = "NWGX1"
	indexHeader = len(indexMagic) + 5*4
	nodeSize    = 4 + 8 + 4 + 2 + 1
	refSize     = 4
)

// WriteIndex writes g's index in the format Load reads beside the list g
// was read from.
func (g *Gazetteer) WriteIndex(w io.Writer) error {
	x := &g.index
	b := make([]byte, 0, indexHeader+x.used*nodeSize+len(x.refs))
	b = append(b, indexMagic...)
	for _, v := range []int{bits.TrailingZeros(uint(len(x.slots))), x.used, x.refs.len(), g.maxLen, len(g.lines)} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	for i, s := range x.slots {
		if !s.full {
			continue
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(i))
		b = binary.LittleEndian.AppendUint64(b, s.key)
		b = binary.LittleEndian.AppendUint32(b, s.off)
		b = binary.LittleEndian.AppendUint16(b, s.n)
		prefix := byte(0)
		if s.prefix {
			prefix = 1
		}
		b = append(b, prefix)
	}
	b = append(b, x.refs...)
	_, err := w.Write(b)
	return err
}

// maxIndexBits bounds the slots of an index file: 2^22 slots of 16 bytes
// are 64 MB, 16 times the embedded list's.
const maxIndexBits = 22

// readIndex reads an index written by WriteIndex for a list of entries
// entries, and the longest name in tokens. It checks what lookups rely on:
// every slot and ref in range and at least one empty slot, so that a
// probe ends.
func readIndex(b []byte, entries int) (index, int, error) {
	if len(b) < indexHeader || string(b[:len(indexMagic)]) != indexMagic {
		return index{}, 0, errors.New("bad magic")
	}
	var h [5]uint64
	for i := range h {
		h[i] = uint64(binary.LittleEndian.Uint32(b[len(indexMagic)+4*i:]))
	}
	logSlots, used, nrefs, maxLen, nentries := h[0], h[1], h[2], h[3], h[4]
	switch {
	case logSlots > maxIndexBits:
		return index{}, 0, fmt.Errorf("%d slots bits, at most %d", logSlots, maxIndexBits)
	case used >= 1<<logSlots:
		return index{}, 0, fmt.Errorf("%d nodes in %d slots: no empty slot", used, 1<<logSlots)
	case nentries != uint64(entries):
		return index{}, 0, fmt.Errorf("index of a list of %d entries, the list has %d", nentries, entries)
	case uint64(len(b)) != uint64(indexHeader)+used*nodeSize+nrefs*refSize:
		return index{}, 0, fmt.Errorf("%d bytes, want %d for %d nodes and %d refs", len(b), uint64(indexHeader)+used*nodeSize+nrefs*refSize, used, nrefs)
	}
	x := index{shift: uint(64 - logSlots), used: int(used)}
	x.slots, x.mem = hugepage.Slice[slot](1 << logSlots)
	hdr := uint64(indexHeader)
	nodes := b[hdr : hdr+used*nodeSize]
	next := uint64(0) // slots are in order: the next node's is at least this
	for k := uint64(0); k < used; k++ {
		n := nodes[k*nodeSize : (k+1)*nodeSize]
		i := uint64(binary.LittleEndian.Uint32(n))
		s := slot{key: binary.LittleEndian.Uint64(n[4:]), off: binary.LittleEndian.Uint32(n[12:]), n: binary.LittleEndian.Uint16(n[16:]), full: true}
		switch {
		case i < next || i >= 1<<logSlots:
			return index{}, 0, fmt.Errorf("node %d: slot %d out of order or range", k, i)
		case uint64(s.off)+uint64(s.n) > nrefs:
			return index{}, 0, fmt.Errorf("node %d: refs [%d, %d) beyond %d", k, s.off, uint64(s.off)+uint64(s.n), nrefs)
		case n[18] > 1:
			return index{}, 0, fmt.Errorf("node %d: prefix flag %d", k, n[18])
		}
		s.prefix = n[18] == 1
		x.slots[i] = s
		next = i + 1
	}
	// The refs are used where they are, in b.
	x.refs = refList(b[hdr+used*nodeSize:])
	for k := range x.refs.len() {
		if e := x.refs.at(k).entry; uint64(uint32(e)) >= nentries {
			return index{}, 0, fmt.Errorf("ref %d: entry %d of %d", k, e, nentries)
		}
	}
	return x, int(maxLen), nil
}
