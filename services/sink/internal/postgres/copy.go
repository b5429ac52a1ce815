package postgres

import (
	"strconv"

	"github.com/newswire/newswire/pkg/article"
)

// tagCopy holds the rows of the tag tables in COPY's text format. Building
// the rows directly costs a fraction of what pgx spends planning and
// encoding each value of a generic row, and the server parses text as fast
// as binary. check has refused what text cannot carry (NUL bytes, invalid
// UTF-8, non-finite numbers).
type tagCopy struct {
	entities, money, figures copyBuf
}

// add appends the rows of one article's tags, in entityColumns,
// moneyColumns and figureColumns order.
func (c *tagCopy) add(id string, t *article.Tags) {
	for i, e := range t.Entities {
		b := &c.entities
		b.text(id).int(i).text(e.Type).text(e.Text).text(e.Canonical).optText(e.ID).int(e.Start).int(e.End).bool(e.Watch).end()
	}
	for i, m := range t.Money {
		b := &c.money
		b.text(id).int(i).text(m.Text).text(m.Currency).float(m.Amount).float(m.Min).float(m.Max).bool(m.Approximate).int(m.Start).int(m.End).end()
	}
	for i, f := range t.Figures {
		b := &c.figures
		b.text(id).int(i).text(f.Text).float(f.Value).float(f.Min).float(f.Max).text(f.Unit).bool(f.Approximate).int(f.Start).int(f.End).end()
	}
}

// copyBuf builds rows of COPY text format: columns separated by tabs,
// rows ended by newlines, \N for NULL, and backslash escapes for
// backslash, tab, newline and carriage return in values.
type copyBuf struct {
	b   []byte
	col bool // a column has been written in this row
}

func (c *copyBuf) sep() {
	if c.col {
		c.b = append(c.b, '\t')
	}
	c.col = true
}

func (c *copyBuf) text(s string) *copyBuf {
	c.sep()
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\\':
			c.b = append(c.b, '\\', '\\')
		case '\t':
			c.b = append(c.b, '\\', 't')
		case '\n':
			c.b = append(c.b, '\\', 'n')
		case '\r':
			c.b = append(c.b, '\\', 'r')
		default:
			c.b = append(c.b, ch)
		}
	}
	return c
}

// optText writes an empty string as NULL, as optText does for parameters.
func (c *copyBuf) optText(s string) *copyBuf {
	if s == "" {
		return c.null()
	}
	return c.text(s)
}

func (c *copyBuf) null() *copyBuf {
	c.sep()
	c.b = append(c.b, '\\', 'N')
	return c
}

func (c *copyBuf) int(n int) *copyBuf {
	c.sep()
	c.b = strconv.AppendInt(c.b, int64(n), 10)
	return c
}

// float writes the shortest decimal that reads back as exactly *v.
func (c *copyBuf) float(v *float64) *copyBuf {
	if v == nil {
		return c.null()
	}
	c.sep()
	c.b = strconv.AppendFloat(c.b, *v, 'g', -1, 64)
	return c
}

func (c *copyBuf) bool(v bool) *copyBuf {
	c.sep()
	if v {
		c.b = append(c.b, 't')
	} else {
		c.b = append(c.b, 'f')
	}
	return c
}

func (c *copyBuf) end() {
	c.b = append(c.b, '\n')
	c.col = false
}
