package watch_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/newswire/newswire/services/tagger/internal/watch"
	"github.com/newswire/newswire/services/tagger/internal/watch/watchtest"
)

func TestParseFormats(t *testing.T) {
	want := []watch.Entity{
		{ID: "acme", Type: "ORG", Name: "Acme Corporation", Aliases: []string{"Acme Corp", "ACME"}, Ambiguous: []string{"Acme"}, Context: []string{"anvils", "Road Runner"}},
		{ID: "jd", Type: "PERSON", Name: "Jane Doe"},
	}
	yml := `# clients
entities:
  - id: acme
    type: ORG
    name: Acme Corporation
    aliases: [Acme Corp, ACME]
    ambiguous: Acme
    context:
      - anvils
      - Road Runner
  - {id: jd, type: PERSON, name: Jane Doe}
`
	tsv := "# clients\nid\ttype\tname\taliases\tambiguous\tcontext\n" +
		"acme\tORG\tAcme Corporation\tAcme Corp|ACME\tAcme\tanvils|Road Runner\r\n" +
		"\n" +
		"jd\tPERSON\tJane Doe\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(tsv))
	zw.Close()
	for name, data := range map[string][]byte{"yaml": []byte(yml), "tsv": []byte(tsv), "gzip tsv": gz.Bytes(), "bom yaml": append([]byte("\uFEFF"), yml...)} {
		t.Run(name, func(t *testing.T) {
			got, err := watch.Parse(data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(watch.Entity{}, "Line"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
			m, err := watch.New(got, watch.Options{})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if m.Len() != 2 || m.Aliases() != 5 {
				t.Errorf("%d entities, %d aliases; want 2, 5", m.Len(), m.Aliases())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"yaml syntax", "entities:\n  - id: [x\n", "parse YAML"},
		{"not a mapping", "- id: x\n", "line 1: want a mapping"},
		{"unknown top key", "entitys: []\n", `unknown key "entitys"`},
		{"unknown entity key", "entities:\n  - id: x\n    type: ORG\n    name: X\n    alias: [Y]\n", `line 5: entity "x": alias: unknown key`},
		{"list of lists", "entities:\n  - id: x\n    type: ORG\n    name: X\n    aliases: [[Y]]\n", "want a list of names"},
		{"tsv columns", "a\tORG\n", "line 1: 2 columns"},
		{"missing id", "entities:\n  - {type: ORG, name: X}\n", "line 2: id: missing"},
		{"id with space", "a b\tORG\tX\n", `id: "a b" holds white space`},
		{"bad type", "a\tCOMPANY\tX\n", `type: "COMPANY" is not one of PERSON, ORG, LOC, NORP`},
		{"missing name", "a\tORG\t \n", "name: missing"},
		{"duplicate id", "a\tORG\tX\na\tORG\tY\n", `line 2: entity "a": id: also the id of the entity on line 1`},
		{"shared alias", "a\tORG\tX\tShared\nb\tORG\tY\tshared\n", `"shared" is also an alias of "a"`},
		{"ambiguous without context", "a\tORG\tX\t\tEx\n", "ambiguous aliases need context"},
		{"context without ambiguous", "a\tORG\tX\t\t\tword\n", "list those under ambiguous"},
		{"alias without letters", "a\tORG\tX\t--\n", `"--" has no letter or digit`},
		{"alias too long", "a\tORG\tX\t" + strings.Repeat("x", 129) + "\n", "longer than 128"},
		{"invalid utf-8", "a\tORG\t\xff\n", "not valid UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := watch.Load([]byte(c.data), watch.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load(%q) = %v, want an error containing %q", c.data, err, c.want)
			}
		})
	}
}

func TestErrorIsTyped(t *testing.T) {
	_, err := watch.Load([]byte("a\tORG\tX\na\tORG\tY\n"), watch.Options{})
	var e *watch.Error
	if !errors.As(err, &e) || e.Line != 2 || e.ID != "a" || e.Field != "id" {
		t.Errorf("Load = %v, want an *Error on line 2, entity a, field id", err)
	}
}

func TestEmptyInputs(t *testing.T) {
	for _, s := range []string{"", "# nothing yet\n", "entities:\n", "entities: []\n"} {
		m, err := watch.Load([]byte(s), watch.Options{})
		if err != nil || m.Len() != 0 {
			t.Errorf("Load(%q) = %d entities, %v; want an empty list", s, m.Len(), err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(watchtest.List())
	f.Add([]byte("a\tORG\tAcme\tACME|Acme Corp\tAcme\tanvils\n"))
	f.Add([]byte("entities:\n  - {id: a, type: ORG, name: X, aliases: &x [Y], context: *x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := watch.Load(data, watch.Options{})
		if err != nil {
			return
		}
		m.Find("Acme ACME Acme Corp anvils " + string(data))
	})
}

// benchText is the seed article's body (the tag package's testdata)
// repeated to about 50 KB.
func benchText(b *testing.B) string {
	data, err := os.ReadFile(filepath.Join("..", "tag", "testdata", "seed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 50_000 {
		sb.Write(data)
		sb.WriteString("\n\n")
	}
	return sb.String()
}
