package devrun

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestSearchOverRun: `newswire run` with search, as make run starts it,
// finds the sample seed article by word and by entity once the sink has
// written it, and serves the page.
func TestSearchOverRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole pipeline")
	}
	bin := buildServices(t)
	root, err := workspaceRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "search"), "./services/search")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build search: %v\n%s", err, out)
	}
	ports := map[string]int{"search": freePort(t)}
	for _, s := range Services {
		ports[s] = freePort(t)
	}
	searchAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	var out io.Writer = io.Discard
	if testing.Verbose() {
		out = os.Stderr
	}
	p, err := Start(context.Background(), Config{
		BinDir: bin, DataDir: t.TempDir(), SamplesDir: filepath.Join(root, "samples"),
		NATSHost: "127.0.0.1", NATSPort: -1, MetricsPorts: ports, Output: out, SearchAddr: searchAddr,
		Env: []string{"FETCHER_INBOX_INTERVAL=100ms", "FETCHER_INBOX_SETTLE=0s", "SINK_BATCH_LINGER=50ms", "SEARCH_FILE_REFRESH=200ms"},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop(30 * time.Second) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := p.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := p.SearchURL(), "http://"+searchAddr+"/"; got != want {
		t.Errorf("SearchURL() = %s, want %s", got, want)
	}
	for _, q := range []string{"khamenei+soleimani", `entity:"Ali+Khamenei"`} {
		var res struct {
			Hits []struct {
				Title string `json:"title"`
			} `json:"hits"`
		}
		for {
			resp, err := http.Get(p.SearchURL() + "api/articles?q=" + q)
			if err == nil {
				err = json.NewDecoder(resp.Body).Decode(&res)
				resp.Body.Close()
			}
			if err == nil && len(res.Hits) > 0 {
				break
			}
			select {
			case <-ctx.Done():
				t.Fatalf("search %s: nothing found before the deadline (%v)", q, err)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	if body := httpGet(t, p.SearchURL()); len(body) < 100 {
		t.Errorf("GET %s: %q", p.SearchURL(), body)
	}
}
