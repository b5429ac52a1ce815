package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/newswire/newswire/services/story/internal/cluster"
)

// `story cluster -jsonl` gives, through the service's clusterer, one line
// per article, with tags absent.
func TestClusterCommand(t *testing.T) {
	var in bytes.Buffer
	arts := articles()
	for _, a := range arts {
		a.Tags = nil
		data, _ := json.Marshal(a)
		in.Write(data)
		in.WriteByte('\n')
	}
	var out bytes.Buffer
	if err := clusterCommand(context.Background(), []string{"-jsonl"}, &in, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(arts) {
		t.Fatalf("%d lines, want %d", len(lines), len(arts))
	}
	var got []cluster.Result
	for _, l := range lines {
		var r cluster.Result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		for _, k := range []string{`"id"`, `"duplicate_of"`, `"similarity"`, `"story_id"`} {
			if !strings.Contains(l, k) {
				t.Errorf("line %q lacks %s", l, k)
			}
		}
		got = append(got, r)
	}
	if got[1].DuplicateOf != arts[0].ID || got[2].DuplicateOf != arts[0].ID || got[1].StoryID != got[0].StoryID {
		t.Errorf("results %+v: want lines 2 and 3 copies of line 1, in its story", got[:3])
	}
	if got[6].StoryID == got[0].StoryID || got[6].DuplicateOf != "" {
		t.Errorf("unrelated article: %+v", got[6])
	}
	// The copy before its original: the original's line, then the copy's
	// revision naming it.
	in.Reset()
	for _, a := range []int{1, 0} {
		data, _ := json.Marshal(arts[a])
		in.Write(data)
		in.WriteByte('\n')
	}
	out.Reset()
	if err := clusterCommand(context.Background(), []string{"-jsonl"}, &in, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	var last revisedLine
	if len(lines) != 3 || json.Unmarshal([]byte(lines[2]), &last) != nil || !last.Revised || last.ID != arts[1].ID || last.DuplicateOf != arts[0].ID || strings.Contains(lines[1], `"revised"`) {
		t.Errorf("copy first: lines %q, want the copy, the original, the copy revised to name it", lines)
	}
	// A bad line is reported and counted, the rest still answered.
	out.Reset()
	var errOut bytes.Buffer
	err := clusterCommand(context.Background(), []string{"-jsonl"}, strings.NewReader("{\n"+lines[0]+"\n"), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "1 lines failed") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("bad line: err %v, output %q", err, out.String())
	}
	if !strings.HasPrefix(errOut.String(), "line 1: ") {
		t.Errorf("bad line: reported %q, want line 1's failure", errOut.String())
	}
}
