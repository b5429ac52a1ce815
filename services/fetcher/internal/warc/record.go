package warc

import (
	"io"
	"strings"
	"time"
)

// Record types defined by WARC 1.0 and 1.1.
const (
	TypeWarcinfo     = "warcinfo"
	TypeResponse     = "response"
	TypeResource     = "resource"
	TypeRequest      = "request"
	TypeMetadata     = "metadata"
	TypeRevisit      = "revisit"
	TypeConversion   = "conversion"
	TypeContinuation = "continuation"
)

// Field is one named header field, as written in the file.
type Field struct {
	Name  string
	Value string
}

// Header holds a record's named fields in file order. Names keep their
// original spelling; lookups ignore case.
type Header []Field

// Get returns the value of the first field named name (case-insensitive),
// or "" when there is none.
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Record is one WARC record. Its Body is valid until the next call to
// Reader.Next.
type Record struct {
	// Version is the version line, such as "WARC/1.0" or "WARC/1.1".
	Version string
	// Type is the WARC-Type field, such as "response".
	Type string
	// TargetURI is WARC-Target-URI with surrounding spaces and angle
	// brackets removed (some writers emit "<http://...>").
	TargetURI string
	// Date is WARC-Date (the capture time); zero when absent or unparsable.
	Date time.Time
	// RecordID is WARC-Record-ID, angle brackets included as written.
	RecordID string
	// ContentType is the Content-Type of the record block, such as
	// "application/http; msgtype=response".
	ContentType string
	// ContentLength is the declared length of the block in bytes.
	ContentLength int64
	// Offset locates the record. For plain WARC it is the byte offset of
	// its version line in the file. For gzipped WARC it is the offset of
	// the gzip member the record begins when it begins one (one member per
	// record, the usual layout), and then Seekable is true; otherwise
	// (whole-file gzip) it is the offset in the decompressed stream.
	Offset int64
	// StreamOffset is the offset of the version line in the decompressed
	// stream (equal to Offset for plain WARC).
	StreamOffset int64
	// Seekable reports whether a new Reader over the file started at
	// Offset reads this record first: the position can be a checkpoint.
	Seekable bool
	// RefersToTargetURI and RefersToDate are the WARC-Refers-To-Target-URI
	// and WARC-Refers-To-Date fields of a revisit record.
	RefersToTargetURI string
	RefersToDate      time.Time
	// Profile is WARC-Profile: for a revisit, why the payload was omitted.
	Profile string
	// Header holds every field of the record header.
	Header Header
	// Body reads the record block, at most ContentLength bytes. A block
	// cut short by the end of the file yields a *FormatError.
	Body io.Reader

	body *body
	rd   *Reader
	http bool // HTTP already called
}

// parseDate reads a WARC-Date: W3C-DTF, with or without fractions of a
// second (WARC/1.1 allows them).
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// cleanURI strips the spaces and <angle brackets> some writers put around
// WARC-Target-URI. Spaces inside the URI are kept as written.
func cleanURI(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// body reads a record block limited to its Content-Length.
type body struct {
	r      *Reader
	rec    *Record
	remain int64
	err    error // sticky; set on truncation
	seen   bool  // err was returned to a caller
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		b.seen = true
		return 0, b.err
	}
	if b.remain <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.remain {
		p = p[:b.remain]
	}
	n, err := b.r.stream.Read(p)
	b.remain -= int64(n)
	if err != nil && (b.remain > 0 || err != io.EOF) {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		b.err = b.r.bodyError(b.rec, err)
		if n > 0 {
			return n, nil
		}
		b.seen = true
		return 0, b.err
	}
	return n, nil
}

// drain skips what is left of the block without copying it out.
func (b *body) drain() error {
	for b.err == nil && b.remain > 0 {
		d, err := b.r.stream.Discard(int(min(b.remain, 1<<30)))
		b.remain -= int64(d)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			b.err = b.r.bodyError(b.rec, err)
		}
	}
	return b.err
}
