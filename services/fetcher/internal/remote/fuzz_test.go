package remote

import "testing"

func FuzzContentRange(f *testing.F) {
	for _, s := range []string{"bytes 0-99/100", "bytes */100", "bytes 5-/*", "bytes -1-2/3", "bytes 5-99/-7", "items 1-2/3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		start, size, ok := contentRange(v)
		if size < -1 || (ok && start < 0) {
			t.Errorf("contentRange(%q) = %d, %d, %v: want start >= 0 and size >= -1", v, start, size, ok)
		}
	})
}
