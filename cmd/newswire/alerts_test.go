package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestAlertsCommand adds, lists, shows, replaces and removes saved
// searches in a real server's bucket, as the notifier reads them.
func TestAlertsCommand(t *testing.T) {
	srv := bustest.Start(t)
	ctx := context.Background()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runAlerts(ctx, append(args, "-nats", srv.ClientURL()), &out)
		return out.String(), err
	}
	out, err := run("list")
	if err != nil || !strings.Contains(out, "no saved searches") {
		t.Fatalf("list before any: %q, %v", out, err)
	}
	out, err = run("add", "rolls-royce", `entity:"Rolls-Royce" money>=100m`, "-webhook", "https://hooks.example.com/x", "-nats=false")
	if err != nil || !strings.Contains(out, "POST https://hooks.example.com/x") || strings.Contains(out, "NATS alerts.") || !strings.Contains(out, "webhook secret") {
		t.Fatalf("add: %q, %v", out, err)
	}
	if _, err := run("add", "rolls-royce", "x"); err == nil || !strings.Contains(err.Error(), "-replace") {
		t.Errorf("add twice: %v, want a hint at -replace", err)
	}
	if _, err := run("add", "bad", "(unclosed"); err == nil || !strings.Contains(err.Error(), "^") {
		t.Errorf("add bad query: %v, want a caret", err)
	}
	if _, err := run("add", "Bad Name", "x"); err == nil {
		t.Error("add with a bad name accepted")
	}
	if _, err := run("add", "jobs", "jobs OR layoffs"); err != nil {
		t.Fatal(err)
	}
	out, err = run("show", "rolls-royce", "-json")
	if err != nil {
		t.Fatal(err)
	}
	var s alert.Search
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.Secret == "" || s.NATS || s.ID == "" {
		t.Fatalf("show: %+v, %v", s, err)
	}
	if _, err := run("add", "rolls-royce", "rolls royce", "-replace", "-webhook", "https://hooks.example.com/y"); err != nil {
		t.Fatal(err)
	}
	out, _ = run("show", "rolls-royce", "-json")
	var r alert.Search
	_ = json.Unmarshal([]byte(out), &r)
	if r.ID != s.ID || r.Secret != s.Secret || r.Query != "rolls royce" || !r.NATS {
		t.Errorf("replaced: %+v, was %+v", r, s)
	}
	out, err = run("list")
	if err != nil || !strings.Contains(out, "jobs OR layoffs") || !strings.Contains(out, "NATS alerts.jobs") || strings.Contains(out, s.Secret) {
		t.Errorf("list: %q, %v", out, err)
	}
	if out, err := run("rm", "jobs"); err != nil || !strings.Contains(out, "removed jobs") {
		t.Errorf("rm: %q, %v", out, err)
	}
	if _, err := run("rm", "jobs"); err == nil {
		t.Error("rm of a missing search succeeded")
	}
	out, _ = run("list", "-json")
	var all []alert.Search
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) != 1 || all[0].Name != "rolls-royce" || all[0].Secret != "" {
		t.Errorf("list -json: %s", out)
	}
}
