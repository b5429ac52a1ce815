package postgres

import (
	"encoding/binary"
	"math"
	"slices"
	"time"

	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// arrayParam builds a one-dimensional array parameter in PostgreSQL's
// binary format (array_send: dimensions, element type, then each element
// as its length, -1 for NULL, and its bytes), appended straight from the
// articles' fields. For the upsert's 24 arrays this costs a fraction of
// pgx's generic encoding, which plans every element through an interface
// and grows its buffers as it goes; the text and the vectors are most of a
// batch's bytes and are copied once here. The element encodings are pgx's
// binary ones (text as is, timestamptz as microseconds since 2000, float4
// and bool as the server sends them), which TestWrite* and FuzzWrite read
// back.
type arrayParam struct {
	b     []byte
	nulls bool
}

// Element type OIDs (pg_type).
const (
	oidBool        = 16
	oidBytea       = 17
	oidText        = 25
	oidFloat4      = 700
	oidTimestamptz = 1184
	oidTSVector    = 3614
)

// start begins an array of n elements of type oid whose elements hold
// about size bytes in all.
func (a *arrayParam) start(oid uint32, n, size int) {
	a.b = slices.Grow(a.b[:0], 20+4*n+size)
	a.b = binary.BigEndian.AppendUint32(a.b, 1) // dimensions
	a.b = binary.BigEndian.AppendUint32(a.b, 0) // has NULLs: set by bytes
	a.b = binary.BigEndian.AppendUint32(a.b, oid)
	a.b = binary.BigEndian.AppendUint32(a.b, uint32(n))
	a.b = binary.BigEndian.AppendUint32(a.b, 1) // lower bound
	a.nulls = false
}

// bytes returns the array.
func (a *arrayParam) bytes() []byte {
	if a.nulls {
		a.b[7] = 1
	}
	return a.b
}

func (a *arrayParam) null() {
	a.b = binary.BigEndian.AppendUint32(a.b, math.MaxUint32) // -1
	a.nulls = true
}

func (a *arrayParam) text(s string) {
	a.b = binary.BigEndian.AppendUint32(a.b, uint32(len(s)))
	a.b = append(a.b, s...)
}

// optText is an empty string as NULL.
func (a *arrayParam) optText(s string) {
	if s == "" {
		a.null()
		return
	}
	a.text(s)
}

func (a *arrayParam) bytea(b []byte) {
	a.b = binary.BigEndian.AppendUint32(a.b, uint32(len(b)))
	a.b = append(a.b, b...)
}

func (a *arrayParam) bool(v bool) {
	a.b = binary.BigEndian.AppendUint32(a.b, 1)
	if v {
		a.b = append(a.b, 1)
	} else {
		a.b = append(a.b, 0)
	}
}

// microsecFromUnixEpochToY2K is where timestamptz counts from.
const microsecFromUnixEpochToY2K = 946_684_800 * 1_000_000

// time is a timestamptz: microseconds since 2000-01-01 UTC, the
// nanoseconds cut as pgx cuts them.
func (a *arrayParam) time(t time.Time) {
	a.b = binary.BigEndian.AppendUint32(a.b, 8)
	us := t.Unix()*1_000_000 + int64(t.Nanosecond())/1000 - microsecFromUnixEpochToY2K
	a.b = binary.BigEndian.AppendUint64(a.b, uint64(us))
}

// optTime is a nil time as NULL.
func (a *arrayParam) optTime(t *time.Time) {
	if t == nil {
		a.null()
		return
	}
	a.time(*t)
}

func (a *arrayParam) float4(v float32) {
	a.b = binary.BigEndian.AppendUint32(a.b, 4)
	a.b = binary.BigEndian.AppendUint32(a.b, math.Float32bits(v))
}

// vector is a tsvector in its binary format; a nil vector is NULL.
func (a *arrayParam) vector(v tsvector.Vector) {
	if v == nil {
		a.null()
		return
	}
	at := len(a.b)
	a.b = append(a.b, 0, 0, 0, 0)
	a.b = v.AppendBinary(a.b)
	binary.BigEndian.PutUint32(a.b[at:], uint32(len(a.b)-at-4))
}
