package scope

import (
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

func TestHeader(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	s, err := New(day, day.AddDate(0, 0, 1), []string{"BBC.co.uk", "https://www.reuters.com/", ".apnews.com"}, []string{"en-GB"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		uri   string
		date  time.Time
		langs string
		want  string
	}{
		{"https://www.bbc.co.uk/news/1", day.Add(time.Hour), "", ""},
		{"https://bbc.co.uk/news/1", day, "eng", ""},
		{"https://WWW.BBC.CO.UK:443/news", day, "", ""},
		{"https://notbbc.co.uk/news", day, "", SkipHost},
		{"https://bbc.co.uk.evil.example/news", day, "", SkipHost},
		{"https://www.reuters.com/world", day, "deu,eng", ""},
		{"https://apnews.com/article/x", day, "", ""},
		{"https://www.reuters.com/world", day, "deu", SkipLanguage},
		{"https://www.reuters.com/world", day.Add(-time.Second), "", SkipBeforeSince},
		{"https://www.reuters.com/world", day.AddDate(0, 0, 1), "", SkipAfterUntil},
		{"https://www.reuters.com/world", time.Time{}, "", ""},
		{"not a url", day, "", SkipHost},
	}
	for _, tt := range tests {
		if got := s.Header(tt.uri, tt.date, tt.langs); got != tt.want {
			t.Errorf("Header(%q, %v, %q) = %q, want %q", tt.uri, tt.date, tt.langs, got, tt.want)
		}
	}
	if got := (Scope{}).Header("x", day, "fra"); got != "" {
		t.Errorf("zero Scope.Header = %q, want it to keep everything", got)
	}
}

func TestRaw(t *testing.T) {
	s, err := New(time.Time{}, time.Time{}, nil, []string{"de"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		body string
		want string
	}{
		{`<!doctype html><html lang="de-AT"><body>x`, ""},
		{`<!DOCTYPE html><HTML LANG='en'><body>x`, SkipLanguage},
		{`<html xml:lang="deu" class="x">`, ""},
		{`<html><head><meta http-equiv="Content-Language" content="fr, de"></head>`, SkipLanguage},
		{`<html data-lang="en"><head>`, ""},
		{`plain text with no declaration`, ""},
	}
	for _, tt := range tests {
		raw := &article.Raw{URL: "https://x.example/", FetchedAt: time.Now(), Body: []byte(tt.body)}
		if got := s.Raw(raw); got != tt.want {
			t.Errorf("Raw(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestDeclared(t *testing.T) {
	tests := []struct {
		body string
		want string
	}{
		{`<html lang="EN-gb">`, "en"},
		{`<html lang="en -GB">`, "en"},
		{`<html lang=" zh_Hant ">`, "zh"},
		{`<html lang="0000">`, ""},
		{"<html lang=en\xbb\xbb>", ""},
		{`<html lang="x-klingon">`, ""},
		{`<meta http-equiv="content-language" content="">`, ""},
		{`<meta http-equiv="content-language" content="de, en">`, "de"},
	}
	for _, tt := range tests {
		if got := Declared([]byte(tt.body)); got != tt.want {
			t.Errorf("Declared(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestNewRejects(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := New(day, day, nil, nil); err == nil {
		t.Error("New(until = since) = nil error, want one")
	}
	if _, err := New(time.Time{}, time.Time{}, []string{"user@host"}, nil); err == nil {
		t.Error("New(host user@host) = nil error, want one")
	}
	if _, err := New(time.Time{}, time.Time{}, nil, []string{"english"}); err == nil {
		t.Error("New(lang english) = nil error, want one")
	}
}

func FuzzDeclared(f *testing.F) {
	for _, s := range []string{`<html lang="en">`, `<meta http-equiv="content-language" content="de">`, `<html lang=`, `lang="`, `<html`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l := Declared(b)
		if len(l) > headLimit || l != primary(l) {
			t.Errorf("Declared(%q) = %q: want a lower-case primary subtag from the head", b, l)
		}
		s := Scope{Langs: []string{"en"}}
		s.Raw(&article.Raw{URL: string(b), Body: b})
		s.Header(string(b), time.Time{}, string(b))
	})
}
