package source

import (
	"os"
	"testing"
)

// FuzzParse checks that no sources file, however malformed, panics the
// parser, and that whatever it accepts is valid.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/sources.yaml", "testdata/sources.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, p[len(p)-4:] == "json")
	}
	f.Add([]byte("a: &a [*a, *a]\nsources: *a"), false)
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		format := FormatYAML
		if isJSON {
			format = FormatJSON
		}
		srcs, err := Parse(data, format)
		if err != nil {
			return
		}
		if err := validateAll(srcs); err != nil {
			t.Errorf("Parse(%q) accepted sources that fail validation: %v", data, err)
		}
	})
}
