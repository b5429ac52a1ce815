package eval

import (
	"strconv"
)

func quote(s string) string { return strconv.Quote(s) }

func fmtFloat(v *float64) string {
	if v == nil {
		return "nil"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
