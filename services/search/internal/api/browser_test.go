package api_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newswire/newswire/services/search/internal/api"
)

// chromiumPath is Debian's chromium, which make test installs.
const chromiumPath = "/usr/bin/chromium"

// browser starts headless chromium with a fresh profile and returns a
// context for chromedp actions.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium not installed at %s: run make test (it installs it)", chromiumPath)
		}
		t.Skipf("chromium not installed at %s: run make test (it installs it)", chromiumPath)
	}
	// A fresh profile, removed after the browser has gone: its helper
	// processes may still write there for a moment after it is stopped,
	// which t.TempDir's cleanup reports as an error.
	profile, err := os.MkdirTemp("", "newswire-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// The protocol's event types lag chromium's: events with values they
	// do not know yet are logged by chromedp and skipped; keep the rest.
	quiet := func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "could not unmarshal event") {
			log.Print(msg)
		}
	}
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithErrorf(quiet))
	// A loaded 2-core machine: generous, and only a bound on a hang.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return ctx
}

// artifactDir is where the screenshots go: NEWSWIRE_TEST_ARTIFACTS, or a
// directory under the system's temporary one.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("NEWSWIRE_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "newswire-test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives the page in a real browser: search, see the matching
// line marked, open the article, see its entities, money and figures
// highlighted from their offsets, follow an entity link to a search for
// its id, narrow by a facet, and see a query error pointed at.
func TestBrowser(t *testing.T) {
	srv := server(t, api.Config{})
	ctx := browser(t)
	var (
		status, firstTitle, mark string
		entityHref, entityText   string
		moneyText, figureText    string
		hits                     int
		shot                     []byte
	)
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#q", chromedp.ByID),
		chromedp.SendKeys("#q", `maker "rolls royce" money:GBP>=100m`, chromedp.ByID),
		chromedp.Click("#search button", chromedp.ByQuery),
		chromedp.WaitVisible(`#hits li.hit[data-id="a1"]`, chromedp.ByQuery),
		chromedp.Text("#status", &status, chromedp.ByID),
		chromedp.Text(`#hits li.hit a.title`, &firstTitle, chromedp.ByQuery),
		chromedp.Text(`#hits li.hit .lines mark`, &mark, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#hits li.hit").length`, &hits),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	if hits != 1 || firstTitle != "Engine maker to cut jobs" || mark != "Rolls-Royce" || !strings.HasPrefix(status, "1 article") {
		t.Errorf("results: %d hits, title %q, mark %q, status %q", hits, firstTitle, mark, status)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`#hits li.hit a.title`, chromedp.ByQuery),
		chromedp.WaitVisible(`#a-text a.ent-LOC`, chromedp.ByQuery),
		chromedp.Text(`#a-text a.ent-LOC`, &entityText, chromedp.ByQuery),
		chromedp.AttributeValue(`#a-text a.ent-LOC`, "href", &entityHref, nil, chromedp.ByQuery),
		chromedp.Text(`#a-text mark.money`, &moneyText, chromedp.ByQuery),
		chromedp.Text(`#a-text mark.figure`, &figureText, chromedp.ByQuery),
		chromedp.FullScreenshot(&shot, 100),
	)
	if err != nil {
		t.Fatalf("article: %v", err)
	}
	if entityText != "London" || entityHref != "#q=id%3AQ84" || moneyText != "£170million" || figureText != "2,500 jobs" {
		t.Errorf("article view: entity %q -> %q, money %q, figure %q", entityText, entityHref, moneyText, figureText)
	}
	var watched int
	var listShown bool
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.querySelectorAll("#a-text a.ent.watch").length`, &watched),
		chromedp.Evaluate(`document.getElementById("list").offsetParent !== null`, &listShown),
	); err != nil || watched != 1 || listShown {
		t.Errorf("article view: %d watched entity marks (want 1), result list shown %v (want hidden), %v", watched, listShown, err)
	}
	shotPath := filepath.Join(artifactDir(t), "search-article.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the article view: %s", shotPath)

	// Follow the entity link: a search for its id.
	var q string
	err = chromedp.Run(ctx,
		chromedp.Click(`#a-text a.ent-LOC`, chromedp.ByQuery),
		chromedp.Poll(`document.body.dataset.ready === "#q=id%3AQ84"`, nil),
		chromedp.WaitVisible(`#hits li.hit[data-id="a1"]`, chromedp.ByQuery),
		chromedp.Value("#q", &q, chromedp.ByID),
	)
	if err != nil || q != "id:Q84" {
		t.Fatalf("entity link: query %q, %v", q, err)
	}
	// Narrow by a source facet.
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/#q=bank"),
		// The page marks the state it has finished showing.
		chromedp.Poll(`document.body.dataset.ready === "#q=bank"`, nil),
		chromedp.WaitVisible(`#sources li a`, chromedp.ByQuery),
		chromedp.Click(`#sources li a`, chromedp.ByQuery),
		chromedp.Poll(`document.getElementById("q").value.includes("source:")`, nil),
		chromedp.Value("#q", &q, chromedp.ByID),
	)
	if err != nil || !strings.HasPrefix(q, "bank source:") {
		t.Fatalf("facet: query %q, %v", q, err)
	}
	// A mistake is shown with a caret under it.
	var msg string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/#q="+"rolls%20AND%20(boeing"),
		chromedp.WaitVisible("#error", chromedp.ByID),
		chromedp.Text("#error", &msg, chromedp.ByID),
	)
	if err != nil || !strings.Contains(msg, "unclosed (") || !strings.Contains(msg, "\n          ^") {
		t.Fatalf("error box: %q, %v", msg, err)
	}
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&shot, 100)); err == nil {
		_ = os.WriteFile(filepath.Join(artifactDir(t), "search-error.png"), shot, 0o644)
	}
}
