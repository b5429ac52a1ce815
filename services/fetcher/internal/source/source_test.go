package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoad(t *testing.T) {
	want := []Source{
		{Name: "example-news", Kind: KindSitemap, URL: "https://www.example.com/news-sitemap.xml",
			Interval: 10 * time.Minute, LastmodWindow: 24 * time.Hour, Locale: "en-GB"},
		{Name: "example-rss", Kind: KindRSS, URL: "https://www.example.com/feed.rss",
			Interval: DefaultInterval, Headers: map[string]string{"Accept-Language": "en"}},
		{Name: "drop", Kind: KindInbox, Path: "/var/lib/newswire/inbox", Interval: DefaultInterval},
	}
	for _, path := range []string{"testdata/sources.yaml", "testdata/sources.json"} {
		t.Run(path, func(t *testing.T) {
			got, err := Load(path)
			if err != nil {
				t.Fatalf("Load(%q) error: %v", path, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Load(%q) mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, file, body string
		// want are substrings the error must contain.
		want []string
	}{
		{"extension", "s.txt", "sources: []", []string{"extension"}},
		{"empty", "s.yaml", "", []string{"no sources list"}},
		{"unknown field", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: https://a.example/\n  intreval: 5m\n", []string{"intreval"}},
		{"unknown field json", "s.json", `{"sources":[{"name":"a","kind":"rss","url":"https://a.example/","urll":"x"}]}`, []string{"urll"}},
		{"missing name", "s.yaml", "sources:\n- kind: rss\n  url: https://a.example/\n", []string{"name is required"}},
		{"bad kind", "s.yaml", "sources:\n- name: a\n  kind: podcast\n  url: https://a.example/\n", []string{`source "a"`, "field kind", "podcast"}},
		{"bad scheme", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: file:///etc/passwd\n", []string{`source "a"`, "field url", "scheme"}},
		{"no url", "s.yaml", "sources:\n- name: a\n  kind: page\n", []string{`source "a"`, "field url", "required"}},
		{"inbox no path", "s.yaml", "sources:\n- name: a\n  kind: inbox\n", []string{`source "a"`, "field path"}},
		{"bad interval", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: https://a.example/\n  interval: often\n", []string{`source "a"`, "field interval"}},
		{"short interval", "s.json", `{"sources":[{"name":"a","kind":"rss","url":"https://a.example/","interval":"1s"}]}`, []string{`source "a"`, "field interval", "minimum"}},
		{"window on feed", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: https://a.example/\n  lastmod_window: 1h\n", []string{"field lastmod_window"}},
		{"bad locale", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: https://a.example/\n  locale: english please\n", []string{"field locale"}},
		{"bad header", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: https://a.example/\n  headers: {\"Bad Header\": x}\n", []string{"field headers"}},
		{"fixed header", "s.yaml", "sources:\n- name: a\n  kind: rss\n  url: https://a.example/\n  headers: {User-Agent: x}\n", []string{"field headers", "User-Agent"}},
		{"duplicate", "s.yaml", "sources:\n- {name: a, kind: rss, url: 'https://a.example/'}\n- {name: a, kind: rss, url: 'https://b.example/'}\n", []string{`source "a"`, "used by sources 0 and 1"}},
		{"trailing json", "s.json", `{"sources":[{"name":"a","kind":"rss","url":"https://a.example/"}]} {}`, []string{"after"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, []byte(tt.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatalf("Load(%q) = nil error, want one containing %q", tt.body, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Load(%q) error = %q, want it to contain %q", tt.body, err, w)
				}
			}
		})
	}
}

func TestFromURLs(t *testing.T) {
	tests := []struct {
		list string
		want []Source
	}{
		{"", nil},
		{"https://a.example/rss, https://b.example/atom\n https://a.example/other",
			[]Source{
				{Name: "a.example", Kind: KindFeed, URL: "https://a.example/rss", Interval: time.Minute},
				{Name: "b.example", Kind: KindFeed, URL: "https://b.example/atom", Interval: time.Minute},
				{Name: "a.example-2", Kind: KindFeed, URL: "https://a.example/other", Interval: time.Minute},
			}},
	}
	for _, tt := range tests {
		got := FromURLs(tt.list, time.Minute)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FromURLs(%q) mismatch (-want +got):\n%s", tt.list, diff)
		}
		for _, s := range got {
			if err := s.Validate(); err != nil {
				t.Errorf("FromURLs(%q) gave invalid source: %v", tt.list, err)
			}
		}
	}
}

func TestPacingDelay(t *testing.T) {
	p := Pacing{Interval: time.Minute, Jitter: 0.1, MaxBackoff: 10 * time.Minute}
	tests := []struct {
		failures int
		rnd      float64
		want     time.Duration
	}{
		{0, 0.5, time.Minute},
		{0, 0, 54 * time.Second},
		{0, 1, 66 * time.Second},
		{1, 0.5, 2 * time.Minute},
		{3, 0.5, 8 * time.Minute},
		{4, 0.5, 10 * time.Minute},
		{1000, 0.5, 10 * time.Minute},
	}
	for _, tt := range tests {
		if got := p.Delay(tt.failures, tt.rnd); got != tt.want {
			t.Errorf("Delay(%d, %v) = %v, want %v", tt.failures, tt.rnd, got, tt.want)
		}
	}
}

func TestRunAll(t *testing.T) {
	srcs := []Source{{Name: "a", Kind: KindRSS}, {Name: "b", Kind: KindPage}}
	t.Run("missing runner", func(t *testing.T) {
		err := RunAll(context.Background(), srcs, map[string]Runner{KindRSS: func(context.Context, Source) error { return nil }})
		if err == nil || !strings.Contains(err.Error(), `no runner for kind "page"`) {
			t.Errorf("RunAll = %v, want missing runner error", err)
		}
	})
	t.Run("first error cancels all", func(t *testing.T) {
		boom := errors.New("boom")
		var stopped atomic.Int32
		runners := map[string]Runner{
			KindRSS:  func(ctx context.Context, _ Source) error { <-ctx.Done(); stopped.Add(1); return nil },
			KindPage: func(context.Context, Source) error { return boom },
		}
		err := RunAll(context.Background(), srcs, runners)
		if !errors.Is(err, boom) {
			t.Errorf("RunAll = %v, want %v", err, boom)
		}
		if stopped.Load() != 1 {
			t.Errorf("RunAll returned before the other runner stopped")
		}
	})
}

func TestPollStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Poll(ctx, Pacing{Interval: time.Hour}, func(context.Context) error {
		n++
		cancel()
		return nil
	})
	if err != nil || n != 1 {
		t.Errorf("Poll = %v after %d polls, want nil after 1", err, n)
	}
}

// TestLoadEmptyList accepts a deliberate empty list: a deployment's
// sources file before its operator adds any.
func TestLoadEmptyList(t *testing.T) {
	for name, body := range map[string]string{"s.yaml": "sources: []\n", "s.json": `{"sources": []}`} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		srcs, err := Load(path)
		if err != nil || len(srcs) != 0 {
			t.Errorf("Load(%s) = %v, %v; want no sources and no error", name, srcs, err)
		}
	}
}
