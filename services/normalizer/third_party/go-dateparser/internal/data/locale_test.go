package data_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/markusmobius/go-dateparser/internal/data"
	"github.com/markusmobius/go-dateparser/internal/regexp"
)

var update = flag.Bool("update", false, "rewrite testdata/locales.golden from the tables as they are built now")

// TestLocaleData fetches every locale from 8 goroutines at once, each in
// its own random order, and compares a digest of each table with
// testdata/locales.golden, which was written from upstream v1.2.3's tables
// (all built by init functions) before they were made lazy. Run with -race:
// the goroutines race to build the same tables and their parents, and
// nothing but GetLocaleData orders them.
func TestLocaleData(t *testing.T) {
	locales := make([]string, 0, len(data.LocaleOrder))
	for l := range data.LocaleOrder {
		locales = append(locales, l)
	}
	slices.Sort(locales)

	seed := uint64(time.Now().UnixNano())
	t.Logf("order seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	const workers = 8
	type result struct {
		ld   *data.LocaleData
		ok   bool
		name string
	}
	orders := make([][]int, workers)
	results := make([][]result, workers)
	for w := range orders {
		orders[w] = rng.Perm(len(locales))
		results[w] = make([]result, len(locales))
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			<-start
			for _, i := range orders[w] {
				ld, ok := data.GetLocaleData(locales[i])
				r := result{ld: ld, ok: ok}
				if ld != nil {
					r.name = ld.Name
				}
				results[w][i] = r
			}
		}(w)
	}
	close(start)
	wg.Wait()

	got := map[string]string{}
	for i, l := range locales {
		r := results[0][i]
		if !r.ok || r.ld == nil || r.name != l {
			t.Errorf("GetLocaleData(%q) = table %q, %v", l, r.name, r.ok)
			continue
		}
		for w := 1; w < workers; w++ {
			if results[w][i].ld != r.ld {
				t.Errorf("GetLocaleData(%q) returned two tables", l)
			}
		}
		sum := sha256.Sum256([]byte(dump(r.ld)))
		got[l] = hex.EncodeToString(sum[:])
	}

	if _, ok := data.GetLocaleData("xx-unknown"); ok {
		t.Error(`GetLocaleData("xx-unknown") found a locale`)
	}

	golden := filepath.Join("testdata", "locales.golden")
	if *update {
		var b strings.Builder
		for _, l := range locales {
			fmt.Fprintf(&b, "%s %s\n", l, got[l])
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readGolden(t, golden)
	if len(want) != len(locales) {
		t.Errorf("%d locales, golden has %d", len(locales), len(want))
	}
	for l, w := range want {
		if got[l] != w {
			t.Errorf("locale %s: table digest %s, want %s", l, got[l], w)
		}
	}
}

func readGolden(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l, sum, _ := strings.Cut(sc.Text(), " ")
		want[l] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}

// dump writes every field of ld, maps in key order, regexes as their
// patterns.
func dump(ld *data.LocaleData) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name %q\ndate order %q\nno word spacing %v\nsplitter group %d\n",
		ld.Name, ld.DateOrder, ld.NoWordSpacing, ld.SentenceSplitterGroup)
	fmt.Fprintf(&b, "charset %q\nabbreviations %q\n", string(ld.Charset), ld.Abbreviations)
	replacements := func(name string, rs []data.ReplacementData) {
		fmt.Fprintf(&b, "%s %d\n", name, len(rs))
		for _, r := range rs {
			fmt.Fprintf(&b, "\t%s => %q\n", pattern(r.Rx), r.Replacement)
		}
	}
	replacements("simplifications", ld.Simplifications)
	fmt.Fprintf(&b, "translations %d\n", len(ld.Translations))
	for _, k := range sortedKeys(ld.Translations) {
		fmt.Fprintf(&b, "\t%q => %q\n", k, ld.Translations[k])
	}
	fmt.Fprintf(&b, "relative types %d\n", len(ld.RelativeType))
	for _, k := range sortedKeys(ld.RelativeType) {
		fmt.Fprintf(&b, "\t%q => %q\n", k, ld.RelativeType[k])
	}
	replacements("relative type regexes", ld.RelativeTypeRegexes)
	fmt.Fprintf(&b, "combined %s\nexact combined %s\nknown words %q\n",
		pattern(ld.RxCombined), pattern(ld.RxExactCombined), ld.KnownWords)
	return b.String()
}

func pattern(rx *regexp.Regexp) string {
	if rx == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", rx.String())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
