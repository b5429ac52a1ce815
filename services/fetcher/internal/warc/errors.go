package warc

import (
	"errors"
	"fmt"
)

// ErrARC reports an ARC file (the WARC predecessor), which this package does
// not read.
var ErrARC = errors.New("ARC format is unsupported")

// ErrBodyTooLarge reports an HTTP entity body whose decoded size exceeds the
// configured maximum: a defence against compression bombs.
var ErrBodyTooLarge = errors.New("decoded body exceeds size limit")

// ErrContentEncoding reports an HTTP Content-Encoding this package cannot
// decode (for example br or zstd).
var ErrContentEncoding = errors.New("unsupported content-encoding")

// ErrNotHTTP reports a call to Record.HTTP on a record that does not hold an
// HTTP response (a request, warcinfo or a non-HTTP resource).
var ErrNotHTTP = errors.New("record holds no HTTP response")

// FormatError reports a truncated or corrupt record, or bytes between
// records that are not a record. After a FormatError from Next, the Reader
// resumes at the next record it can find, so callers may log it and call
// Next again.
type FormatError struct {
	// Offset locates the fault in the same terms as Record.Offset: the
	// record's (or the stray bytes') offset in the file for plain WARC and
	// for a record that begins a gzip member, else the offset in the
	// decompressed stream.
	Offset int64
	// Err says what was wrong.
	Err error
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("parse warc at offset %d: %v", e.Offset, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }
