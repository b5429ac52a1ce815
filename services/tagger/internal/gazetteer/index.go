package gazetteer

import (
	"encoding/binary"
	"runtime"
	"unsafe"

	"github.com/newswire/newswire/services/tagger/internal/hugepage"
	"github.com/newswire/newswire/services/tagger/internal/prefetch"
)

// index maps the hash of a run of folded tokens to its node: the entries
// listed by that name and whether the run begins a longer name. It is an
// open-addressed table of fixed slots without pointers, so building it at
// load allocates a few slices instead of a slice per name, a lookup
// probes one cache line or two, and the garbage collector has nothing in
// it to scan.
type index struct {
	slots []slot
	refs  refList // a node's refs are refs.slice(off, off+n)
	shift uint    // 64 - log2(len(slots))
	used  int
	mem   *hugepage.Mapping // keeps slots mapped (4 MB for the embedded list)
}

type slot struct {
	key    uint64
	off    uint32
	n      uint16
	prefix bool // the run is a proper token prefix of some name
	full   bool
}

// node is a name's place in the index: its refs (none when the run is
// only the start of names) and whether longer names begin with it.
type node struct {
	refs   refList
	prefix bool
}

// refList is a list of refs as the index file holds them (refSize bytes
// each, the entry times two plus one if it asks for capitals): Load uses
// the embedded file's refs in place, where a []ref was 940 KB of fresh
// memory to fill.
type refList []byte

// refListOf returns the list of refs.
func refListOf(refs []ref) refList {
	l := make(refList, 0, len(refs)*refSize)
	for _, r := range refs {
		v := uint32(r.entry) << 1
		if r.upper {
			v |= 1
		}
		l = binary.LittleEndian.AppendUint32(l, v)
	}
	return l
}

// len returns how many refs l holds.
func (l refList) len() int { return len(l) / refSize }

// at returns ref k of l.
func (l refList) at(k int) ref {
	v := binary.LittleEndian.Uint32(l[k*refSize:])
	return ref{entry: int32(v >> 1), upper: v&1 == 1}
}

// slice returns refs [from, to) of l.
func (l refList) slice(from, to uint32) refList {
	return l[int(from)*refSize : int(to)*refSize : int(to)*refSize]
}

// home returns the first slot to probe for key h (prefetch.Slot: the
// builder prefetches the slots of a line's runs ahead).
func (x *index) home(h uint64) int { return prefetch.Slot(h, x.shift) }

// prefetch starts fetching the home slots of keys into cache.
func (x *index) prefetch(keys []uint64) {
	if len(keys) > 0 && len(x.slots) > 0 {
		prefetch.Hashed(unsafe.Pointer(&x.slots[0]), &keys[0], len(keys), x.shift, int(unsafe.Sizeof(slot{})))
		runtime.KeepAlive(x.mem)
	}
}

// lookup returns the node of h, and whether there is one.
func (x *index) lookup(h uint64) (nd node, ok bool) {
	mask := len(x.slots) - 1
	for i := x.home(h); len(x.slots) > 0; i = (i + 1) & mask {
		s := &x.slots[i]
		if !s.full {
			break
		}
		if s.key == h {
			nd, ok = node{refs: x.refs.slice(s.off, s.off+uint32(s.n)), prefix: s.prefix}, true
			break
		}
	}
	runtime.KeepAlive(x) // slots stay mapped until read
	return nd, ok
}

// indexBuilder builds an index in place: while names are added, a slot's
// off holds its node's last ref plus one (0 for none), and each ref's
// earlier one is chained through prev, so that the builder needs no
// memory beside the index's own. Fresh memory is dear: on the machines
// measured, a first touch of a 4 KB page cost 11 to 18 µs.
type indexBuilder struct {
	x    index
	refs []ref
	prev []int32 // per ref, the node's ref before it plus one, 0 for none
}

// newIndexBuilder returns a builder sized for about nodes nodes and refs
// refs: growing a slice copies it to pages never touched before.
func newIndexBuilder(nodes, refs int) *indexBuilder {
	b := &indexBuilder{refs: make([]ref, 0, refs), prev: make([]int32, 0, refs)}
	b.resize(max(nodes, 1024))
	return b
}

// resize makes room for n nodes at a load of at most three quarters.
func (b *indexBuilder) resize(n int) {
	size, shift := 1, uint(64)
	for 3*size < 4*n {
		size, shift = size*2, shift-1
	}
	old, oldMem := b.x.slots, b.x.mem
	b.x.slots, b.x.mem = hugepage.Slice[slot](size)
	b.x.shift = shift
	for _, s := range old {
		if s.full {
			b.x.slots[b.find(s.key)] = s
		}
	}
	runtime.KeepAlive(oldMem)
}

// find returns the slot of h, or the empty slot where it goes.
func (b *indexBuilder) find(h uint64) int {
	mask := len(b.x.slots) - 1
	i := b.x.home(h)
	for b.x.slots[i].full && b.x.slots[i].key != h {
		i = (i + 1) & mask
	}
	return i
}

// slot returns the slot of h, adding an empty node if there is none.
func (b *indexBuilder) slot(h uint64) *slot {
	i := b.find(h)
	if b.x.slots[i].full {
		return &b.x.slots[i]
	}
	if 4*(b.x.used+1) > 3*len(b.x.slots) {
		b.resize(2 * (b.x.used + 1))
		i = b.find(h)
	}
	b.x.slots[i] = slot{key: h, full: true}
	b.x.used++
	return &b.x.slots[i]
}

// prefetch starts fetching the slots of keys into cache.
func (b *indexBuilder) prefetch(keys []uint64) {
	if len(keys) > 0 {
		prefetch.Hashed(unsafe.Pointer(&b.x.slots[0]), &keys[0], len(keys), b.x.shift, int(unsafe.Sizeof(slot{})))
		runtime.KeepAlive(b.x.mem)
	}
}

// markPrefix records that h begins a longer name.
func (b *indexBuilder) markPrefix(h uint64) { b.slot(h).prefix = true }

// maxRefs bounds the entries listed under one name.
const maxRefs = 1<<16 - 1

// add adds r to the refs of h once per entry: two names of one entry that
// fold alike ("NVIDIA" and "Nvidia") make one ref, which asks for
// capitals only if both names are in capitals. Entries are added in
// order, so an earlier ref of r's entry can only be the last. It reports
// false if h has maxRefs refs already.
func (b *indexBuilder) add(h uint64, r ref) bool {
	s := b.slot(h)
	if s.off > 0 {
		if last := &b.refs[s.off-1]; last.entry == r.entry {
			last.upper = last.upper && r.upper
			return true
		}
	}
	if s.n == maxRefs {
		return false
	}
	b.refs = append(b.refs, r)
	b.prev = append(b.prev, int32(s.off))
	s.off = uint32(len(b.refs))
	s.n++
	return true
}

// index returns the built index, each node's refs made contiguous in the
// order they were added.
func (b *indexBuilder) index() index {
	x := b.x
	refs := make([]ref, len(b.refs))
	off := uint32(0)
	for i := range x.slots {
		s := &x.slots[i]
		if !s.full {
			continue
		}
		k := s.off
		s.off = off
		off += uint32(s.n)
		for j := off; k > 0; k = uint32(b.prev[k-1]) {
			j--
			refs[j] = b.refs[k-1]
		}
	}
	x.refs = refListOf(refs)
	return x
}
