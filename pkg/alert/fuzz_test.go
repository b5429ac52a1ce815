package alert

import (
	"testing"
	"time"
)

// FuzzVerify: any header and body are refused or accepted without a
// panic, a header is accepted only with the body's signature, and what
// Sign makes is accepted.
func FuzzVerify(f *testing.F) {
	now := time.Unix(1764799488, 0)
	f.Add("t=1764799488,v1=00", []byte(`{}`))
	f.Add("t=,v1=", []byte(nil))
	f.Add("v1=ab,t=99999999999999999999", []byte("x"))
	f.Add(Sign("k", now, []byte("body")), []byte("body"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		err := Verify("k", header, body, now, time.Hour)
		if err == nil && Verify("other", header, body, now, time.Hour) == nil {
			t.Errorf("header %q verifies with two secrets", header)
		}
		if err := Verify("k", Sign("k", now, body), body, now, time.Minute); err != nil {
			t.Errorf("Verify(Sign(body)) = %v", err)
		}
	})
}
