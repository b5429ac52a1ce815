package archive

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
)

// jsonlFile reads a JSONL dump line by line.
type jsonlFile struct {
	s       *Source
	path    string
	c       io.Closer
	br      *bufio.Reader
	gz      bool
	line    int64
	off     int64
	skipTo  int64
	modTime time.Time
}

func (s *Source) openJSONL(path string, f *os.File, r io.Reader, gz bool, modTime time.Time, after *Position) (fileReader, error) {
	j := &jsonlFile{s: s, path: path, c: f, gz: gz, modTime: modTime}
	if after != nil {
		j.skipTo = after.Index
		if after.Seekable && !gz {
			if _, err := f.Seek(after.Offset, io.SeekStart); err != nil {
				return nil, fmt.Errorf("resume at offset %d: %w", after.Offset, err)
			}
			r = f
			j.off, j.line = after.Offset, after.Index-1
		}
	}
	j.br = bufio.NewReaderSize(r, 64<<10)
	return j, nil
}

func (j *jsonlFile) Close() error { return j.c.Close() }

func (j *jsonlFile) next() (*article.Raw, Position, error) {
	for {
		start := j.off
		b, n, long, err := readLine(j.br, j.s.opts.MaxLineSize)
		if n == 0 && err == io.EOF {
			return nil, Position{File: j.path}, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, Position{File: j.path, Offset: start, Index: j.line + 1}, err
		}
		j.off += int64(n)
		j.line++
		pos := Position{File: j.path, Offset: start, Index: j.line, Seekable: !j.gz}
		if j.line <= j.skipTo {
			continue
		}
		// An over-long line comes back empty: report it before the test
		// for blank lines, or it would vanish without a word.
		if long {
			return nil, pos, &Error{Pos: pos, Err: fmt.Errorf("line %d longer than %d bytes", j.line, j.s.opts.MaxLineSize)}
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		raw, why, err := j.s.decodeDoc(b, article.KindJSONL, j.modTime)
		if err != nil {
			return nil, pos, &Error{Pos: pos, Err: fmt.Errorf("line %d: %w", j.line, err)}
		}
		if why != "" {
			j.s.skip(why)
			continue
		}
		return raw, pos, nil
	}
}

// readLine reads one line of at most max bytes (without its newline). A
// longer line is consumed and reported with long set, unless it is all
// white space (a blank line, however long). n counts every byte consumed.
func readLine(br *bufio.Reader, max int) (line []byte, n int, long bool, err error) {
	var buf []byte
	text := false // a long line held more than white space
	for {
		frag, err := br.ReadSlice('\n')
		n += len(frag)
		switch {
		case long:
			text = text || len(bytes.TrimSpace(frag)) > 0
		case len(buf)+len(frag) > max+1:
			long = true
			text = len(bytes.TrimSpace(buf)) > 0 || len(bytes.TrimSpace(frag)) > 0
			buf = nil
		default:
			buf = append(buf, frag...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), n, long && text, err
	}
}

// doc is the union of the JSON documents a dump line may hold: a Raw
// document, an article ({"url","title","text","published_at",...}) or a
// fetched page ({"url","content_type","fetched_at","body_base64"}).
type doc struct {
	Schema      string          `json:"schema"`
	URL         string          `json:"url"`
	Title       string          `json:"title"`
	Text        *string         `json:"text"`
	Authors     json.RawMessage `json:"authors"`
	Author      string          `json:"author"`
	PublishedAt string          `json:"published_at"`
	UpdatedAt   string          `json:"updated_at"`
	FetchedAt   string          `json:"fetched_at"`
	ContentType string          `json:"content_type"`
	BodyBase64  *string         `json:"body_base64"`
}

// decodeDoc turns one JSON document into a raw article.
func (s *Source) decodeDoc(b []byte, kind article.Kind, modTime time.Time) (*article.Raw, Skip, error) {
	var d doc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, "", fmt.Errorf("parse json: %w", err)
	}
	fetched := parseTime(d.FetchedAt)
	if fetched == nil {
		fetched = &modTime
	}
	var raw *article.Raw
	switch {
	case d.Schema == article.SchemaRaw:
		r, err := article.DecodeRaw(b)
		if err != nil {
			return nil, "", err
		}
		raw = r
		if raw.Source.Name == "" {
			raw.Source.Name = s.opts.Name
		}
		if s.opts.Kind != "" {
			raw.Source.Kind = s.opts.Kind
		}
		if raw.Source.Locale == "" {
			raw.Source.Locale = s.opts.Locale
		}
		raw.Replay = raw.Replay || s.opts.Replay
		if raw.ID == "" {
			raw.ID = articleid.ForRaw(raw.URL, raw.Body)
		}
	case d.BodyBase64 != nil:
		body, err := base64.StdEncoding.DecodeString(*d.BodyBase64)
		if err != nil {
			return nil, "", fmt.Errorf("decode body_base64: %w", err)
		}
		raw = s.newRaw(kind, d.URL, d.ContentType, body)
		raw.FetchedAt = *fetched
	case d.Text != nil:
		text := strings.TrimSpace(*d.Text)
		if title := strings.TrimSpace(d.Title); title != "" {
			text = title + "\n\n" + text
		}
		raw = s.newRaw(kind, d.URL, "text/plain; charset=utf-8", []byte(text))
		raw.FetchedAt = *fetched
		raw.Hints = d.hints()
	default:
		return nil, "", errors.New(`no body: want "schema": "` + article.SchemaRaw + `", "body_base64" or "text"`)
	}
	if raw.URL != "" && robots(raw.URL) {
		return nil, SkipRobots, nil
	}
	if len(raw.Body) == 0 {
		return nil, SkipEmpty, nil
	}
	if int64(len(raw.Body)) > s.opts.MaxBodySize {
		return nil, "", fmt.Errorf("body exceeds %d bytes", s.opts.MaxBodySize)
	}
	raw.ContentType = sniff(raw.ContentType, raw.Body)
	if !textual(raw.ContentType) {
		return nil, SkipContentType, nil
	}
	return raw, "", nil
}

// hints keeps what an article-like document says about itself.
func (d *doc) hints() *article.Hints {
	h := &article.Hints{
		Title:       strings.TrimSpace(d.Title),
		PublishedAt: parseTime(d.PublishedAt),
		UpdatedAt:   parseTime(d.UpdatedAt),
	}
	var list []string
	if json.Unmarshal(d.Authors, &list) != nil {
		var one string
		if json.Unmarshal(d.Authors, &one) == nil && one != "" {
			list = []string{one}
		}
	}
	if len(list) == 0 && d.Author != "" {
		list = []string{d.Author}
	}
	for _, a := range list {
		if a = strings.TrimSpace(a); a != "" {
			h.Authors = append(h.Authors, a)
		}
	}
	if h.Title == "" && h.PublishedAt == nil && h.UpdatedAt == nil && h.Authors == nil {
		return nil
	}
	return h
}

// parseTime reads the timestamp layouts dumps use; nil when s is empty or
// unreadable.
func parseTime(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.RFC1123Z, time.RFC1123, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}
