package gazetteer

import (
	"bytes"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite list.idx from list.tsv")

// TestEmbeddedIndex checks that list.idx is the index parse builds from
// list.tsv, byte for byte, and that Load reads it to the same index.
// go test -run EmbeddedIndex -update rewrites it (the trainer writes it
// too, with the list).
func TestEmbeddedIndex(t *testing.T) {
	built, err := parse(embedded)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := built.WriteIndex(&want); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("list.idx", want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(embeddedIndex, want.Bytes()) {
		t.Fatalf("list.idx (%d bytes) is not the index of list.tsv (%d bytes): run make model or go test -run EmbeddedIndex -update", len(embeddedIndex), want.Len())
	}
	loaded, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, loaded, built)
}

func sameIndex(t *testing.T, got, want *Gazetteer) {
	t.Helper()
	g, w := &got.index, &want.index
	if !slices.Equal(g.slots, w.slots) || !slices.Equal(g.refs, w.refs) || g.shift != w.shift || g.used != w.used || got.maxLen != want.maxLen || !slices.Equal(got.lines, want.lines) || got.list != want.list {
		t.Errorf("read index: %d slots, %d refs, shift %d, %d used, longest %d; built: %d, %d, %d, %d, %d",
			len(g.slots), len(g.refs), g.shift, g.used, got.maxLen, len(w.slots), len(w.refs), w.shift, w.used, want.maxLen)
	}
}

const smallList = "country\tUS\t3\tUnited States\tUnited States|U.S.|US|America\n" +
	"city\tgeonames:1\t2\tSan Jose\tSan Jose|San José\n" +
	"city\tgeonames:2\t1\tSan Jose\tSan Jose\n" +
	"org\t\t0\tUnited Nations\tUnited Nations|UN\n"

// TestIndexFile writes and reads the index of a small list, and checks
// that readIndex refuses a file cut short, one for another list, and
// nodes or refs out of range.
func TestIndexFile(t *testing.T) {
	g, err := Read(strings.NewReader(smallList))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteIndex(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	x, maxLen, err := readIndex(b, len(g.lines))
	if err != nil {
		t.Fatalf("readIndex error: %v", err)
	}
	sameIndex(t, &Gazetteer{list: g.list, lines: g.lines, index: x, maxLen: maxLen}, g)
	if got := (&Gazetteer{list: g.list, lines: g.lines, index: x, maxLen: maxLen}).Lookup("San Jose", nil); len(got) != 2 {
		t.Errorf("Lookup(San Jose) = %v, want two cities", got)
	}
	firstNode, firstRef := indexHeader, indexHeader+x.used*nodeSize
	for _, c := range []struct {
		name    string
		b       []byte
		entries int
	}{
		{"short", b[:len(b)-1], len(g.lines)},
		{"other list", b, len(g.lines) + 1},
		{"bad magic", append([]byte("NWGX0"), b[5:]...), len(g.lines)},
		{"slot out of range", patch(b, firstNode, 0xff, 0xff, 0xff, 0x00), len(g.lines)},
		{"refs out of range", patch(b, firstNode+12, 0xff, 0xff, 0x00, 0x00), len(g.lines)},
		{"prefix flag", patch(b, firstNode+18, 2), len(g.lines)},
		{"entry out of range", patch(b, firstRef, 0xfe, 0xff, 0x00, 0x00), len(g.lines)},
		{"no empty slot", patch(b, len(indexMagic)+4, 0x00, 0x00, 0x10, 0x00), len(g.lines)},
	} {
		if _, _, err := readIndex(c.b, c.entries); err == nil {
			t.Errorf("readIndex(%s) = nil error, want one", c.name)
		} else {
			t.Logf("%s: %v", c.name, err)
		}
	}
}

// patch returns a copy of b with bytes v at off.
func patch(b []byte, off int, v ...byte) []byte {
	b = slices.Clone(b)
	copy(b[off:], v)
	return b
}

// FuzzReadIndex reads arbitrary bytes as an index: an error, or an index
// whose lookups end and whose refs are entries of the list.
func FuzzReadIndex(f *testing.F) {
	g, err := Read(strings.NewReader(smallList))
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteIndex(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		x, _, err := readIndex(b, len(g.lines))
		if err != nil {
			return
		}
		for _, h := range []uint64{0, 1, 0xdeadbeef, ^uint64(0)} {
			nd, _ := x.lookup(h)
			for k := range nd.refs.len() {
				_ = g.entry(nd.refs.at(k).entry)
			}
		}
		for _, s := range x.slots {
			if s.full {
				nd, ok := x.lookup(s.key)
				if !ok {
					continue // placed where a probe for its key does not reach
				}
				for k := range nd.refs.len() {
					_ = g.entry(nd.refs.at(k).entry)
				}
			}
		}
	})
}
