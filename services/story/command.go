package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/story/internal/cluster"
	"github.com/newswire/newswire/services/story/internal/eval"
)

// maxLine bounds one article line read by `story cluster`.
const maxLine = 64 << 20

// clusterCommand is `story cluster`: the service's clusterer over articles
// read as JSON lines in arrival order, its state in memory, one result line
// per article.
func clusterCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cluster", flag.ContinueOnError)
	jsonl := fs.Bool("jsonl", false, "read one article (the contract's JSON) per line; without it, the input is one article")
	window := fs.Duration("window", cluster.DefaultConfig.Window, "how far apart in published time articles of one story may be")
	copyT := fs.Float64("copy-threshold", cluster.DefaultConfig.CopyThreshold, "share of the shorter text that must stand in the other for a copy")
	storyT := fs.Float64("story-threshold", cluster.DefaultConfig.StoryThreshold, "least cosine similarity for an article to join a story")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: story cluster [-jsonl] [flags] [FILE]
writes {"id","duplicate_of","similarity","story_id"} per article, and a line
with "revised":true for each earlier article an original arriving after its
copies revises (an id's last line is its answer)`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	in, err := service.OpenInput(fs.Args(), stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	c, err := cluster.New(cluster.NewMemory(), cluster.Config{Window: *window, CopyThreshold: *copyT, StoryThreshold: *storyT})
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	one := func(data []byte) error {
		var a article.Article
		if err := json.Unmarshal(data, &a); err != nil {
			return err
		}
		if a.ID == "" {
			a.ID = article.IDFromContent(article.ContentHash(a.Text))
		}
		r, err := c.Assign(ctx, &a)
		if err != nil {
			return err
		}
		if err := enc.Encode(r); err != nil {
			return service.WriteError(err)
		}
		// An original that came after its copies revises them: each
		// revision is a line of its own, after the original's, marked
		// "revised"; an id's last line is its answer.
		for _, rv := range r.Revised {
			if err := enc.Encode(revisedLine{rv, true}); err != nil {
				return service.WriteError(err)
			}
		}
		return nil
	}
	if *jsonl {
		return service.Lines(in, maxLine, stderr, one)
	}
	data, err := io.ReadAll(io.LimitReader(in, maxLine+1))
	if err != nil {
		return err
	}
	if len(data) > maxLine {
		return fmt.Errorf("article over %d bytes", maxLine)
	}
	return one(data)
}

// revisedLine is a line of `story cluster` for an article revised by a
// later one: its new answer, marked.
type revisedLine struct {
	cluster.Result
	Revised bool `json:"revised"`
}

// evalCommand is `story eval`. The syndication suite is built from the
// news-sample texts as the pipeline's normalizer extracts them: `story
// eval -bodies` writes the pages for `normalizer normalize -jsonl`, whose
// output `story eval -texts FILE` reads (make eval does both).
func evalCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	corpora := fs.String("corpora", os.Getenv("NEWSWIRE_CORPORA"), "directory of the public suites (default $NEWSWIRE_CORPORA)")
	bodies := fs.Bool("bodies", false, "write the news-sample pages as `normalizer normalize -jsonl` input and stop")
	textsFile := fs.String("texts", "", "the news-sample pages normalized (JSON lines of articles), for the syndication suite")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpora == "" {
		return errors.New("no corpora directory: give -corpora or set NEWSWIRE_CORPORA (e.g. ../shared/corpora)")
	}
	if *bodies {
		w := bufio.NewWriter(stdout)
		if err := eval.WriteBodies(*corpora, w); err != nil {
			return err
		}
		return w.Flush()
	}
	if *textsFile == "" {
		return errors.New("-texts is required: the news-sample pages normalized (make eval builds them)")
	}
	f, err := os.Open(*textsFile)
	if err != nil {
		return err
	}
	texts, err := eval.ReadTexts(f)
	f.Close()
	if err != nil {
		return err
	}
	if len(texts) == 0 {
		return fmt.Errorf("%s: no news-sample text long enough to build the syndication suite", *textsFile)
	}
	stories, err := eval.Stories(*corpora)
	if err != nil {
		return err
	}
	copies, err := eval.Copies(*corpora, texts)
	if err != nil {
		return err
	}
	all := append(stories, copies...)
	fmt.Fprintf(stdout, "story (corpora: %s; syndication suite from %d news-sample texts)\n", *corpora, len(texts))
	if err := score.WriteTable(stdout, all); err != nil {
		return err
	}
	below := 0
	for _, r := range all {
		if !r.Pass() {
			below++
		}
	}
	if below > 0 {
		return fmt.Errorf("%d results below target", below)
	}
	return nil
}
