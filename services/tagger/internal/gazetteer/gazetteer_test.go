package gazetteer

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

func TestLoad(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	tests := []struct {
		name string
		want []Entry // entries that must be listed under name
	}{
		{"U.S.", []Entry{{Kind: KindCountry, ID: "US", Canonical: "United States", Pop: 3}}},
		{"America", []Entry{{Kind: KindCountry, ID: "US", Canonical: "United States", Pop: 3}}},
		{"Britain", []Entry{{Kind: KindCountry, ID: "GB", Canonical: "United Kingdom", Pop: 3}}},
		{"UK", []Entry{{Kind: KindCountry, ID: "GB", Canonical: "United Kingdom", Pop: 3}}},
		{"Iranians", []Entry{{Kind: KindDemonym, ID: "IR", Canonical: "Iranian", Pop: 3}}},
		{"Shia", []Entry{{Kind: KindGroup, Canonical: "Shia"}}},
		{"Middle East", []Entry{{Kind: KindRegion, Canonical: "Middle East"}}},
		{"Tehran", []Entry{{Kind: KindCity, ID: "geonames:112931", Canonical: "Tehran", Pop: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := g.Lookup(tt.name, nil)
			for _, w := range tt.want {
				found := false
				for _, e := range got {
					found = found || cmp.Equal(e, w)
				}
				if !found {
					t.Errorf("Lookup(%q) = %v, want it to contain %v", tt.name, got, w)
				}
			}
		})
	}
	// Capitalised short names do not match other cases.
	if got := g.Lookup("us", nil); len(got) != 0 {
		t.Errorf("Lookup(%q) = %v, want none", "us", got)
	}
}

// TestEntries checks that each entry, read from its line when a match
// needs it, is the one the line gave when the list was read: in the
// embedded list, and in a small one with CRLF line ends and a population
// class Atoi reads.
func TestEntries(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	small := "city\tgeonames:1\t+2\tSan Jose\tSan Jose\r\norg\t\t0\tUnited Nations\tUnited Nations|UN\r\n" +
		"country\tUS\t03\tUnited States\tUS"
	s, err := Read(strings.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		g    *Gazetteer
		list string
	}{{g, embedded}, {s, small}} {
		var want []Entry
		if err := eachLine(c.list, func(_, _ int, e Entry, _ string) error {
			want = append(want, e)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if c.g.Len() != len(want) {
			t.Fatalf("Len() = %d, want %d", c.g.Len(), len(want))
		}
		for i, w := range want {
			if got := c.g.entry(int32(i)); got != w {
				t.Fatalf("entry(%d) = %+v, want %+v", i, got, w)
			}
		}
	}
	if got, want := s.Lookup("US", nil), []Entry{{Kind: KindCountry, ID: "US", Canonical: "United States", Pop: 3}}; !cmp.Equal(got, want) {
		t.Errorf("Lookup(US) = %v, want %v", got, want)
	}
}

// TestPrefetchBegins checks that fetching slots ahead changes no answer
// of Begins, for listed first words and others, and that an empty
// gazetteer has nothing to fetch.
func TestPrefetchBegins(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"united", "new", "london", "zzyzx", "the", "bank"}
	var folded []uint64
	want := map[string]bool{}
	for _, w := range words {
		folded = append(folded, token.Fold(w))
		want[w] = g.Begins(token.Fold(w))
	}
	for range 3 {
		folded = append(folded, folded...) // more than one batch of 16
	}
	g.PrefetchBegins(folded)
	for _, w := range words {
		if got := g.Begins(token.Fold(w)); got != want[w] {
			t.Errorf("Begins(%q) after PrefetchBegins = %v, want %v", w, got, want[w])
		}
	}
	if !want["united"] || want["zzyzx"] {
		t.Errorf("Begins: united %v, zzyzx %v; want true, false", want["united"], want["zzyzx"])
	}
	(&Gazetteer{}).PrefetchBegins(folded)
	g.PrefetchBegins(nil)
}

func TestReadErrors(t *testing.T) {
	for _, in := range []string{"country\tUS\t3\tUnited States\n", "planet\t\t0\tMars\tMars\n", "city\t\tx\tA\tA\n", "city\t\t4\tA\tA\n", "city\t\t1\tA\tA\tB\n", "city\t\t1\tA\tA\nplanet\t\t0\tMars\tMars"} {
		if _, err := Read(strings.NewReader(in)); err == nil {
			t.Errorf("Read(%q) = nil error, want one", in)
		}
	}
}

// TestCapitalsAndMixedCase: a name listed in capitals matches only in
// capitals, unless the same entry also lists it in mixed case ("NVIDIA"
// and "Nvidia"), whichever comes first.
func TestCapitalsAndMixedCase(t *testing.T) {
	g, err := Read(strings.NewReader("company\tticker:NASDAQ:NVDA\t3\tNVIDIA Corporation\tNVIDIA Corporation|NVIDIA|Nvidia\n" +
		"company\tticker:NYSE:X\t3\tAcme Inc.\tAcme|ACME\n" +
		"org\t\t0\tUN\tUN\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"Nvidia": 1, "NVIDIA": 1, "nvidia": 1, "Acme": 1, "acme": 1, "UN": 1, "Un": 0, "un": 0} {
		if got := len(g.Lookup(name, nil)); got != want {
			t.Errorf("Lookup(%q): %d entries, want %d", name, got, want)
		}
	}
}

func TestRegionDemonym(t *testing.T) {
	for r, want := range map[string]string{"Tasmania": "Tasmanian", "Catalonia": "Catalonian", "Siberia": "Siberian",
		"Sicily": "", "New South Wales": "", "Gaza": "", "Ala.": "", "Guinea-Bissau": ""} {
		if got := regionDemonym(r); got != want {
			t.Errorf("regionDemonym(%q) = %q, want %q", r, got, want)
		}
	}
}

// BenchmarkLoad reads the embedded list and its index, as the tagger does
// once at start.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestInCapitals(t *testing.T) {
	for _, s := range []string{"", "US", "Us", "us", "U.S.", "ÉU", "Éu", "ÖSTERREICH", "ß", "ǅ", "\uFFFD", "A\xffB", "A\xff", "Σ", "σ", "1-2", "NATO-", "ﬁ"} {
		if got, want := inCapitals(s), strings.ToUpper(s) == s; got != want {
			t.Errorf("inCapitals(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFields(t *testing.T) {
	for _, line := range []string{"a\tb\tc\td\te", "a\tb\tc\td", "a\tb\tc\td\te\tf", "", "\t\t\t\t", "a|b\t\t1\tc\td|e"} {
		f, ok := fields(line)
		ok = ok && !strings.Contains(f[4], "\t")
		want := strings.Split(line, "\t")
		if ok != (len(want) == 5) || ok && !slices.Equal(f[:], want) {
			t.Errorf("fields(%q) = %q, %v, want %q", line, f, ok, want)
		}
	}
}

// TestLineStarts checks that Load's line offsets are eachLine's, with and
// without a last newline, and with CR LF line ends.
func TestLineStarts(t *testing.T) {
	small := "city\tgeonames:1\t2\tSan Jose\tSan Jose\r\norg\t\t0\tUnited Nations\tUnited Nations|UN\r\n"
	for _, list := range []string{embedded, small, strings.TrimSuffix(small, "\r\n"), ""} {
		var want []uint32
		if err := eachLine(list, func(_, at int, _ Entry, _ string) error {
			want = append(want, uint32(at))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got := lineStarts(list, nil); !slices.Equal(got, want) {
			t.Errorf("lineStarts of %d bytes: %d offsets, want %d", len(list), len(got), len(want))
		}
	}
}
