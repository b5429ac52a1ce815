package version

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// full returns an article with every field, at every depth, set.
func full() *article.Article {
	t := time.Date(2020, 1, 7, 10, 0, 0, 0, time.UTC)
	// Pointers to distinct times, so changing one changes one field.
	published, updated, ingested := t.Add(-time.Hour), t.Add(-time.Minute), t.Add(time.Hour)
	f := func(v float64) *float64 { return &v }
	return &article.Article{
		Schema: article.SchemaArticle, ID: "id", Source: article.Source{Name: "bbc", Kind: article.KindRSS, Locale: "en-GB"},
		URL: "https://e.com/a", CanonicalURL: "https://e.com/a?c", Title: "T", Authors: []string{"A"}, Text: "Text",
		Highlights: []string{"H"}, Language: "en", ImageURL: "https://e.com/i", PublishedAt: &published, UpdatedAt: &updated,
		FetchedAt: t, ContentHash: "h", Replay: true, IngestedAt: &ingested, StoryID: "s", DuplicateOf: "d", Similarity: 0.5,
		Tags: &article.Tags{
			Entities: []article.Entity{{Type: "PERSON", Text: "x", Canonical: "X", ID: "IR", Start: 1, End: 2, Watch: true}},
			Money:    []article.Money{{Text: "£1", Currency: "GBP", Amount: f(1), Min: f(1), Max: f(2), Approximate: true, Start: 1, End: 2}},
			Figures:  []article.Figure{{Text: "3%", Value: f(3), Min: f(1), Max: f(4), Unit: "percent", Approximate: true, Start: 1, End: 2}},
		},
	}
}

// leaves calls visit with every settable scalar reachable from v, and its
// path.
func leaves(v reflect.Value, path string, visit func(path string, v reflect.Value)) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		visit(path, v)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			visit(path, v) // change reports it
			return
		}
		leaves(v.Elem(), path, visit)
	case reflect.Struct:
		for i := range v.NumField() {
			leaves(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
		}
	case reflect.Slice:
		for i := range v.Len() {
			leaves(v.Index(i), path+"[]", visit)
		}
	default:
		visit(path, v)
	}
}

// change sets a scalar to another value of its type.
func change(t *testing.T, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "'")
	case reflect.Int:
		v.SetInt(v.Int() + 1)
	case reflect.Float64:
		v.SetFloat(v.Float() + 0.5)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Struct: // time.Time
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Microsecond)))
	case reflect.Pointer:
		t.Fatalf("%s is nil in full(): set it, so that the test covers it", path)
	default:
		t.Fatalf("%s: no way to change a %s", path, v.Type())
	}
}

// TestAppendCoversEveryField changes each field of the contract in turn,
// found by reflection so that a field added later is found too, and checks
// that the version changes, unless the field is delivery metadata, which
// must leave it as it was.
func TestAppendCoversEveryField(t *testing.T) {
	hash := func(a *article.Article) string { return string(Append(nil, a)) }
	base := hash(full())
	var paths []string
	leaves(reflect.ValueOf(full()), "Article", func(path string, _ reflect.Value) { paths = append(paths, path) })
	for i, path := range paths {
		t.Run(path, func(t *testing.T) {
			a := full()
			n := 0
			leaves(reflect.ValueOf(a), "Article", func(p string, v reflect.Value) {
				if n == i {
					change(t, p, v)
				}
				n++
			})
			delivery := slices.Contains(Delivery, path)
			switch same := hash(a) == base; {
			case same && !delivery:
				t.Errorf("changing %s leaves the version as it was; cover it in Append, or list it in Delivery if it only says how the article was delivered", path)
			case !same && delivery:
				t.Errorf("changing %s, delivery metadata, changes the version", path)
			}
		})
	}
	for _, d := range Delivery {
		if !slices.Contains(paths, d) {
			t.Errorf("Delivery lists %s, which the contract does not have", d)
		}
	}
	// Presence, not only values: nil pointers and lists.
	for name, edit := range map[string]func(a *article.Article){
		"no tags":       func(a *article.Article) { a.Tags = nil },
		"no updated_at": func(a *article.Article) { a.UpdatedAt = nil },
		"no amount":     func(a *article.Article) { a.Tags.Money[0].Amount = nil },
		"no authors":    func(a *article.Article) { a.Authors = nil },
		"author split":  func(a *article.Article) { a.Authors = []string{"", "A"} },
	} {
		a := full()
		edit(a)
		if hash(a) == base {
			t.Errorf("%s: the version is unchanged", name)
		}
	}
	// And the same document decoded afresh hashes alike.
	b, err := json.Marshal(full())
	if err != nil {
		t.Fatal(err)
	}
	var again article.Article
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	if hash(&again) != base {
		t.Errorf("a JSON round trip changes the version")
	}
}

func TestOrderSupersedes(t *testing.T) {
	at := func(fetched time.Time, updated *time.Time) Order {
		return OrderOf(&article.Article{FetchedAt: fetched, UpdatedAt: updated})
	}
	t0 := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	for _, tt := range []struct {
		name      string
		o, stored Order
		want      bool
	}{
		{"fetched later", at(t1, nil), at(t0, nil), true},
		{"fetched earlier", at(t0, nil), at(t1, nil), false},
		{"the same fetch tagged again", at(t0, nil), at(t0, nil), true},
		{"same fetch, updated", at(t0, &t1), at(t0, nil), true},
		{"same fetch, no update against one", at(t0, nil), at(t0, &t1), false},
		{"a nanosecond later is the same microsecond", at(t0.Add(time.Nanosecond), nil), at(t0, &t1), false},
	} {
		if got := tt.o.Supersedes(tt.stored); got != tt.want {
			t.Errorf("%s: Supersedes = %v, want %v", tt.name, got, tt.want)
		}
	}
}
