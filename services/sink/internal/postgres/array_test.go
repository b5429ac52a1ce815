package postgres

import "testing"

func TestArrayLiteral(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, "{}"},
		{[]string{}, "{}"},
		{[]string{"Jane Doe"}, `{"Jane Doe"}`},
		{[]string{"", `a"b`, `c\d`, "NULL", "{x,y}"}, `{"","a\"b","c\\d","NULL","{x,y}"}`},
	} {
		if got := arrayLiteral(tc.in); got != tc.want {
			t.Errorf("arrayLiteral(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
