package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/tagger/internal/tag"
)

// maxDocument bounds one document read by `tagger tag`.
const maxDocument = 64 << 20

// tagCommand is `tagger tag`: the service's code path on one plain-text
// document, or on a stream of JSON lines.
func tagCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tag", flag.ContinueOnError)
	jsonl := fs.Bool("jsonl", false, `read JSON lines {"id":...,"text":...} (or whole articles) and write one tagged article per line`)
	locale := fs.String("locale", "", "BCP 47 locale hint (en-AU makes a bare $ Australian)")
	entities := fs.String("entities", os.Getenv("TAGGER_ENTITIES_FILE"), "watch list (YAML or TSV) whose names are tagged with their id and watch: true (default $TAGGER_ENTITIES_FILE)")
	in, err := service.ParseInput(fs, "usage: tagger tag [-jsonl] [-locale L] [-entities LIST] [FILE]", args, stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	service.GCDefaults(gcPercent, gcLimit)
	t, err := tag.New()
	if err != nil {
		return err
	}
	if err := setWatchFile(t, *entities); err != nil {
		return err
	}
	if *jsonl {
		w := bufio.NewWriterSize(stdout, 1<<16)
		if err := tagLines(t, in, w, stderr, *locale); err != nil {
			w.Flush()
			return err
		}
		return w.Flush()
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	body, err := io.ReadAll(io.LimitReader(in, maxDocument+1))
	if err != nil {
		return err
	}
	if len(body) > maxDocument {
		return fmt.Errorf("document over %d bytes", maxDocument)
	}
	text := string(body)
	a := &article.Article{
		Schema:      article.SchemaArticle,
		ID:          article.IDFromContent(article.ContentHash(text)),
		Source:      article.Source{Name: "cli", Kind: article.KindInbox, Locale: *locale},
		Text:        text,
		Authors:     []string{},
		Highlights:  []string{},
		FetchedAt:   time.Now().UTC(),
		ContentHash: article.ContentHash(text),
	}
	tags := t.Tag(text, *locale)
	a.Tags = &tags
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

// tagLines tags each JSON line of in and writes the tagged article to w,
// decoded by lineDecoder and encoded by article.AppendJSON (as
// encoding/json with SetEscapeHTML(false) writes it, without its
// reflection) into one reused buffer.
func tagLines(t *tag.Tagger, in io.Reader, w io.Writer, errOut io.Writer, locale string) error {
	var out []byte
	var dec lineDecoder
	return service.Lines(in, maxDocument, errOut, func(line []byte) error {
		var a article.Article
		if err := dec.decode(line, &a); err != nil {
			return err
		}
		if a.Schema == "" {
			a.Schema = article.SchemaArticle
		}
		if a.ID == "" {
			a.ID = article.IDFromContent(article.ContentHash(a.Text))
		}
		loc := a.Source.Locale
		if loc == "" {
			loc = locale
		}
		tags := t.Tag(a.Text, loc)
		a.Tags = &tags
		var err error
		if out, err = article.AppendJSON(out[:0], &a, false); err != nil {
			return err
		}
		_, err = w.Write(append(out, '\n'))
		return service.WriteError(err)
	})
}
