package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/normalizer/internal/normalize"
)

// normalizeCommand is `normalizer normalize`: the service's code path on
// one document (or a stream of them) from a file or stdin. With -jsonl, a
// record that fails is reported on stderr and the next one is read.
func normalizeCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("normalize", flag.ContinueOnError)
	url := fs.String("url", "", "the document's URL")
	contentType := fs.String("content-type", "", "its Content-Type (text/html; charset=...), sniffed when empty")
	fetchedAt := fs.String("fetched-at", "", "when it was fetched, RFC 3339 (default: now)")
	locale := fs.String("locale", "", "BCP 47 locale hint of the source (en-US reads 03/04 month-first)")
	jsonl := fs.Bool("jsonl", false, `read JSON lines {"url","content_type","fetched_at","body_base64"} and write one article per line`)
	in, err := service.ParseInput(fs, "usage: normalizer normalize [-url U] [-content-type T] [-fetched-at RFC3339] [-jsonl] [FILE]", args, stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	n, err := normalize.New(normalize.DefaultOptions)
	if err != nil {
		return err
	}
	src := article.Source{Name: "cli", Kind: article.KindInbox, Locale: *locale}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if *jsonl {
		return normalizeLines(n, in, enc, stderr, src)
	}

	when := time.Now().UTC()
	if *fetchedAt != "" {
		if when, err = time.Parse(time.RFC3339, *fetchedAt); err != nil {
			return fmt.Errorf("-fetched-at: %w", err)
		}
	}
	body, err := io.ReadAll(io.LimitReader(in, int64(normalize.DefaultOptions.MaxBytes)+1))
	if err != nil {
		return err
	}
	a, _, err := n.Normalize(rawDoc(src, *url, *contentType, when, body))
	if err != nil {
		return err
	}
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

// maxLine bounds one record of `normalize -jsonl`: a document of
// normalize.DefaultOptions.MaxBytes, base64-encoded, fits.
const maxLine = 64 << 20

func normalizeLines(n *normalize.Normalizer, in io.Reader, enc *json.Encoder, errOut io.Writer, src article.Source) error {
	return service.JSONLines(in, maxLine, enc, errOut, func(line []byte) (any, error) {
		var r article.Page
		if err := article.UnmarshalPage(line, &r); err != nil {
			return nil, err
		}
		if r.FetchedAt.IsZero() {
			r.FetchedAt = time.Now().UTC()
		}
		a, _, err := n.Normalize(rawDoc(src, r.URL, r.ContentType, r.FetchedAt, r.Body))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.URL, err)
		}
		return a, nil
	})
}

func rawDoc(src article.Source, url, contentType string, fetchedAt time.Time, body []byte) *article.Raw {
	return &article.Raw{Schema: article.SchemaRaw, ID: articleid.ForRaw(url, body), Source: src, URL: url, ContentType: contentType, FetchedAt: fetchedAt, Body: body}
}
