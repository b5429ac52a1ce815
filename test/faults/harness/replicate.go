package harness

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// WARCRecord is one record of a WARC file: its header fields in order and
// its block.
type WARCRecord struct {
	Version string
	Header  [][2]string
	Block   []byte
}

// Get returns the first value of the header field name (any case).
func (r *WARCRecord) Get(name string) string {
	for _, f := range r.Header {
		if strings.EqualFold(f[0], name) {
			return f[1]
		}
	}
	return ""
}

func (r *WARCRecord) set(name, value string) {
	for i, f := range r.Header {
		if strings.EqualFold(f[0], name) {
			r.Header[i][1] = value
			return
		}
	}
	r.Header = append(r.Header, [2]string{name, value})
}

// ReadWARC reads every record of a plain WARC stream (a .warc.gz read
// through gzip.Reader, which reads all its members, is one). It is for
// trusted test material: a damaged record is an error, not skipped.
func ReadWARC(r io.Reader) ([]*WARCRecord, error) {
	br := bufio.NewReader(r)
	var recs []*WARCRecord
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF && line == "" {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read warc record %d: %w", len(recs)+1, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			continue // the blank lines that end a record
		}
		if !strings.HasPrefix(line, "WARC/") {
			return nil, fmt.Errorf("read warc record %d: version line %q", len(recs)+1, line)
		}
		rec := &WARCRecord{Version: line}
		for {
			h, err := br.ReadString('\n')
			if err != nil {
				return nil, fmt.Errorf("read warc record %d header: %w", len(recs)+1, err)
			}
			h = strings.TrimRight(h, "\r\n")
			if h == "" {
				break
			}
			name, value, ok := strings.Cut(h, ":")
			if !ok {
				return nil, fmt.Errorf("read warc record %d: header line %q", len(recs)+1, h)
			}
			rec.Header = append(rec.Header, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
		}
		n, err := strconv.Atoi(rec.Get("Content-Length"))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("read warc record %d: Content-Length %q", len(recs)+1, rec.Get("Content-Length"))
		}
		rec.Block = make([]byte, n)
		if _, err := io.ReadFull(br, rec.Block); err != nil {
			return nil, fmt.Errorf("read warc record %d block: %w", len(recs)+1, err)
		}
		recs = append(recs, rec)
	}
}

// canonicalRel and ogURL find the page's own claims of its address, which
// the normalizer takes as the article's identity; the replacements have the
// same length, so an HTTP Content-Length stays right.
var (
	canonicalRel = regexp.MustCompile(`(?i)(rel\s*=\s*["']?)canonical`)
	ogURL        = regexp.MustCompile(`(?i)(["'=])og:url`)
)

// CopyURI is uri made distinct for copy k: a nwcopy query parameter is
// added before any fragment. A URI that is not an absolute http(s) URL
// (the news-sample has some) gives an article its identity from its text,
// so copies would be one article: it is made one first, under the reserved
// host copy.invalid.
func CopyURI(uri string, k int) string {
	if u, err := url.Parse(uri); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		uri = "https://copy.invalid/" + url.PathEscape(uri)
	}
	base, frag, hasFrag := strings.Cut(uri, "#")
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	out := base + sep + "nwcopy=" + strconv.Itoa(k)
	if hasFrag {
		out += "#" + frag
	}
	return out
}

// ReplicateWARC writes n response records to w, each as a gzip member of
// its own (as crawlers write .warc.gz), taking the response records of
// recs in turn, again and again. Copy k of a record gets the target URI
// CopyURI(uri, k) and a record id of its own, and its page's rel=canonical
// links and og:url properties are disabled, so that every record written
// is an article of its own. It returns how many copies of recs it began.
func ReplicateWARC(w io.Writer, recs []*WARCRecord, n int) (int, error) {
	var responses []*WARCRecord
	for _, r := range recs {
		if strings.EqualFold(r.Get("WARC-Type"), "response") {
			responses = append(responses, r)
		}
	}
	if len(responses) == 0 {
		return 0, errors.New("replicate warc: no response records")
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return 0, err
	}
	var b bytes.Buffer
	copies := 0
	for i := range n {
		k, src := i/len(responses), responses[i%len(responses)]
		copies = k + 1
		rec := WARCRecord{Version: src.Version, Header: append([][2]string(nil), src.Header...)}
		uri := CopyURI(src.Get("WARC-Target-URI"), k)
		rec.set("WARC-Target-URI", uri)
		rec.set("WARC-Record-ID", "<urn:uuid:"+recordID(uri)+">")
		block := canonicalRel.ReplaceAll(src.Block, []byte("${1}nocanonic"))
		block = ogURL.ReplaceAll(block, []byte("${1}og:nou"))
		rec.set("Content-Length", strconv.Itoa(len(block)))

		b.Reset()
		b.WriteString(rec.Version + "\r\n")
		for _, f := range rec.Header {
			b.WriteString(f[0] + ": " + f[1] + "\r\n")
		}
		b.WriteString("\r\n")
		b.Write(block)
		b.WriteString("\r\n\r\n")
		zw.Reset(w)
		if _, err := zw.Write(b.Bytes()); err != nil {
			return copies, err
		}
		if err := zw.Close(); err != nil {
			return copies, err
		}
	}
	return copies, nil
}
