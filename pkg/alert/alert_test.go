package alert

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

func TestSignVerify(t *testing.T) {
	body := []byte(`{"schema":"newswire.alert/v1"}`)
	now := time.Unix(1700000000, 0)
	h := Sign("s3cret", now, body)
	if !strings.HasPrefix(h, "t=1700000000,v1=") {
		t.Fatalf("Sign = %q", h)
	}
	if err := Verify("s3cret", h, body, now.Add(time.Minute), 5*time.Minute); err != nil {
		t.Errorf("Verify(good) = %v", err)
	}
	// A rotated secret: two signatures, one matches.
	if err := Verify("s3cret", "t=1700000000,v1=00,"+strings.Split(h, ",")[1], body, now, 0); err != nil {
		t.Errorf("Verify(two v1) = %v", err)
	}
	for name, c := range map[string]struct {
		secret, header string
		body           []byte
		now            time.Time
	}{
		"other secret": {"other", h, body, now},
		"changed body": {"s3cret", h, []byte(`{}`), now},
		"too old":      {"s3cret", h, body, now.Add(10 * time.Minute)},
		"no time":      {"s3cret", strings.Split(h, ",")[1], body, now},
		"no sig":       {"s3cret", "t=1700000000", body, now},
		"garbage":      {"s3cret", "nonsense", body, now},
	} {
		if err := Verify(c.secret, c.header, c.body, c.now, 5*time.Minute); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: Verify = %v, want ErrSignature", name, err)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := Search{Schema: SchemaSearch, ID: "a1", Name: "rolls-royce", Query: `entity:"Rolls-Royce" money>=100m`, NATS: true}
	if _, err := ok.Validate(time.Now()); err != nil {
		t.Fatalf("Validate(ok) = %v", err)
	}
	for name, edit := range map[string]func(*Search){
		"name upper":      func(s *Search) { s.Name = "Rolls" },
		"name dot":        func(s *Search) { s.Name = "a.b" },
		"name long":       func(s *Search) { s.Name = strings.Repeat("a", 65) },
		"no destination":  func(s *Search) { s.NATS = false },
		"bad query":       func(s *Search) { s.Query = "(a" },
		"webhook scheme":  func(s *Search) { s.Webhook, s.Secret = "file:///etc/passwd", "x" },
		"webhook user":    func(s *Search) { s.Webhook, s.Secret = "https://u:p@example.com/", "x" },
		"webhook secret":  func(s *Search) { s.Webhook = "https://example.com/" },
		"schema":          func(s *Search) { s.Schema = "x" },
		"id with a point": func(s *Search) { s.ID = "a.b" },
	} {
		s := ok
		edit(&s)
		if _, err := s.Validate(time.Now()); err == nil {
			t.Errorf("%s: Validate = nil", name)
		}
	}
}

func TestNew(t *testing.T) {
	s := &Search{ID: "abc", Name: "n", Query: "q"}
	a := &article.Article{ID: "art", Title: "T", Text: strings.Repeat("word ", 200), StoryID: "story1",
		Tags: &article.Tags{Entities: []article.Entity{{Type: "ORG", Canonical: "Acme"}, {Type: "ORG", Canonical: "Acme"}}}}
	al := New(s, a, time.Unix(0, 0))
	if al.ID != "abc-story1" || al.StoryID != "story1" || len(al.Article.Entities) != 1 {
		t.Errorf("New = %+v", al)
	}
	if n := len([]rune(al.Article.Lead)); n > leadChars+1 || !strings.HasSuffix(al.Article.Lead, "…") {
		t.Errorf("lead %d runes: %q", n, al.Article.Lead)
	}
	a.StoryID = ""
	if id := New(s, a, time.Now()).ID; id != "abc-art" {
		t.Errorf("ID without story = %q", id)
	}
}
