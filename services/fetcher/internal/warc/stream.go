package warc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	gzip "github.com/klauspost/compress/gzip"
)

// counter counts the bytes read from the file.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// member records where a gzip member starts, in the file and in the
// decompressed stream.
type member struct {
	file, stream int64
}

// gzStream decompresses a gzip file member by member, so that the file
// offset of each member is known and a corrupt member can be skipped by
// scanning for the next gzip header.
type gzStream struct {
	src   *bufio.Reader // compressed bytes
	cnt   *counter
	base  int64 // file offset of the first byte of cnt
	gz    gzip.Reader
	state int
	cur   int64 // file offset of the member being read
	// produced counts the decompressed bytes returned so far.
	produced int64
	// members lists member starts not yet passed by the record parser.
	members []member
}

const (
	gzNext   = iota // at a member boundary
	gzIn            // inside a member
	gzResync        // after a corrupt member: scan for the next header
	gzDone
)

var gzMagic = []byte{0x1f, 0x8b, 0x08}

func (g *gzStream) fileOffset() int64 {
	return g.base + g.cnt.n - int64(g.src.Buffered())
}

func (g *gzStream) Read(p []byte) (int, error) {
	for {
		switch g.state {
		case gzDone:
			return 0, io.EOF
		case gzNext:
			b, _ := g.src.Peek(len(gzMagic))
			if len(b) == 0 {
				g.state = gzDone
				return 0, io.EOF
			}
			off := g.fileOffset()
			if !bytes.Equal(b, gzMagic) {
				g.state = gzResync
				return 0, &FormatError{Offset: off, Err: fmt.Errorf("expected gzip member, found %q", b)}
			}
			g.cur = off
			if err := g.gz.Reset(g.src); err != nil {
				g.state = gzResync
				return 0, &FormatError{Offset: off, Err: fmt.Errorf("gzip member header: %w", err)}
			}
			g.gz.Multistream(false)
			g.members = append(g.members, member{file: off, stream: g.produced})
			g.state = gzIn
		case gzIn:
			n, err := g.gz.Read(p)
			g.produced += int64(n)
			if err == io.EOF {
				g.state = gzNext
				if n > 0 {
					return n, nil
				}
				continue
			}
			if err != nil {
				g.state = gzResync
				if err == io.EOF || err == io.ErrUnexpectedEOF {
					err = io.ErrUnexpectedEOF
				}
				return n, &FormatError{Offset: g.cur, Err: fmt.Errorf("gzip member: %w", err)}
			}
			return n, nil
		case gzResync:
			// Skip at least one byte so a bad header is not retried.
			if _, err := g.src.Discard(1); err != nil {
				g.state = gzDone
				continue
			}
			g.state = g.seekMagic()
		}
	}
}

// seekMagic skips to the next gzip header, returning the state to go on in.
func (g *gzStream) seekMagic() int {
	for {
		b, _ := g.src.Peek(max(g.src.Buffered(), len(gzMagic)))
		if len(b) < len(gzMagic) {
			return gzDone
		}
		if i := bytes.Index(b, gzMagic); i >= 0 {
			g.src.Discard(i)
			return gzNext
		}
		// Keep the last bytes: a header may straddle the buffer's end.
		g.src.Discard(len(b) - len(gzMagic) + 1)
	}
}

// at reports whether a gzip member starts between stream offsets from and
// to (inclusive), and the file offset of the last such member, forgetting
// members that start before from.
func (g *gzStream) at(from, to int64) (int64, bool) {
	i := 0
	for i < len(g.members) && g.members[i].stream < from {
		i++
	}
	g.members = g.members[i:]
	// Several members start at one offset when all but the last gave no
	// bytes (empty, or corrupt at once): the last is where the record is.
	file, ok := int64(0), false
	for _, m := range g.members {
		if m.stream > to {
			break
		}
		file, ok = m.file, true
	}
	return file, ok
}
