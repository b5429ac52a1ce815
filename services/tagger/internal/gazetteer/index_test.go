package gazetteer

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestIndex builds an index through several resizes and checks every node
// against a map built the plain way.
func TestIndex(t *testing.T) {
	type want struct {
		refs   []ref
		prefix bool
	}
	r := rand.New(rand.NewPCG(1, 2))
	ref0 := map[uint64]*want{}
	get := func(h uint64) *want {
		if ref0[h] == nil {
			ref0[h] = &want{}
		}
		return ref0[h]
	}
	keys := make([]uint64, 300)
	for i := range keys {
		keys[i] = r.Uint64()
	}
	keys[0] = 0 // a hash of 0 is a key like any other
	b := newIndexBuilder(1, 0)
	for entry := range int32(2000) {
		for range 1 + r.IntN(3) {
			h := keys[r.IntN(len(keys))]
			if r.IntN(3) == 0 {
				b.markPrefix(h)
				get(h).prefix = true
				continue
			}
			x := ref{entry: entry, upper: r.IntN(2) == 0}
			if !b.add(h, x) {
				t.Fatalf("add(%x) refused", h)
			}
			w := get(h)
			if n := len(w.refs); n > 0 && w.refs[n-1].entry == entry {
				w.refs[n-1].upper = w.refs[n-1].upper && x.upper
			} else {
				w.refs = append(w.refs, x)
			}
		}
	}
	x := b.index()
	if x.used != len(ref0) {
		t.Errorf("index has %d nodes, want %d", x.used, len(ref0))
	}
	for h, w := range ref0 {
		nd, ok := x.lookup(h)
		if !ok {
			t.Fatalf("lookup(%x) found nothing", h)
		}
		var refs []ref
		for k := range nd.refs.len() {
			refs = append(refs, nd.refs.at(k))
		}
		if diff := cmp.Diff(want{refs, nd.prefix}, *w, cmp.AllowUnexported(ref{}, want{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("lookup(%x) (-got +want):\n%s", h, diff)
		}
	}
	for range 1000 {
		if h := r.Uint64(); ref0[h] == nil {
			if _, ok := x.lookup(h); ok {
				t.Errorf("lookup(%x) found a node never added", h)
			}
		}
	}
	if _, ok := (&index{}).lookup(1); ok {
		t.Error("empty index found a node")
	}
}

// FuzzRead parses arbitrary bytes as a list: an error or a gazetteer that
// looks names up, never a panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte("country\tUS\t3\tUnited States\tUnited States|US|America\ncity\tgeonames:1\t2\tSpringfield\tSpringfield\n"))
	f.Add([]byte("org\t\t0\tUnited Nations\tUN|U.N.|United Nations\r\norg\t\t0\tUN Women\tUN Women|UN\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, name := range []string{"US", "us", "United States", "UN", "Springfield", "a b c d e f"} {
			g.Lookup(name, nil)
		}
	})
}
