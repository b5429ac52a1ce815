package article

import "encoding/base64"

// UnmarshalRaw resets *r to the zero Raw and decodes the JSON document
// data into it: json.Unmarshal's result and error, without checking the
// schema as DecodeRaw does. The documents the fetcher writes take a fast
// path; anything else goes through encoding/json. A raw document is
// mostly its body in base64, which encoding/json scans three times
// (validating, unquoting, decoding); the fast path finds the string's end
// and decodes it once.
func UnmarshalRaw(data []byte, r *Raw) error {
	return unmarshal(data, r, (*fastDecoder).rawDocKey)
}

// decodeFastRaw is decodeFast for a Raw: it reports false for anything
// it does not take on exactly as json.Unmarshal would, which then decides.
// FuzzDecodeFastRaw checks that whatever it accepts, encoding/json
// decodes to the same value.
func decodeFastRaw(data []byte, r *Raw) bool {
	return decodeObject(data, r, (*fastDecoder).rawDocKey)
}

// rawDocKey reads the value of key into r. Each key may come once.
func (d *fastDecoder) rawDocKey(key []byte, r *Raw) bool {
	switch string(key) {
	case "schema":
		return once(&d.seen, 0) && d.str(&r.Schema)
	case "id":
		return once(&d.seen, 1) && d.str(&r.ID)
	case "source":
		return once(&d.seen, 2) && d.source(&r.Source)
	case "url":
		return once(&d.seen, 3) && d.str(&r.URL)
	case "content_type":
		return once(&d.seen, 4) && d.str(&r.ContentType)
	case "fetched_at":
		return once(&d.seen, 5) && d.time(&r.FetchedAt)
	case "body":
		return once(&d.seen, 6) && d.base64(&r.Body)
	case "replay":
		return once(&d.seen, 7) && d.boolean(&r.Replay)
	case "hints":
		if !once(&d.seen, 8) {
			return false
		}
		if d.null() {
			return true
		}
		r.Hints = &Hints{}
		return d.hints(r.Hints)
	}
	return false
}

func (d *fastDecoder) hints(h *Hints) bool {
	var seen uint64
	return d.object(func(k []byte) bool {
		switch string(k) {
		case "title":
			return once(&seen, 0) && d.str(&h.Title)
		case "authors":
			return once(&seen, 1) && d.strs(&h.Authors)
		case "published_at":
			return once(&seen, 2) && d.optTime(&h.PublishedAt)
		case "updated_at":
			return once(&seen, 3) && d.optTime(&h.UpdatedAt)
		}
		return false
	})
}

// base64 reads a string of standard base64 into *b, as encoding/json
// reads a []byte; a null leaves *b nil. A string with any byte outside
// the base64 alphabet (an escape, a line break) is left to encoding/json.
func (d *fastDecoder) base64(b *[]byte) bool {
	if d.null() {
		return true
	}
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return false
	}
	start := d.i + 1
	j := start
	for j < len(d.b) && base64Table[d.b[j]] != 0 {
		j++
	}
	if j >= len(d.b) || d.b[j] != '"' {
		return false
	}
	src := d.b[start:j]
	out := make([]byte, base64.StdEncoding.DecodedLen(len(src)))
	n, err := base64.StdEncoding.Decode(out, src)
	if err != nil {
		return false
	}
	*b = out[:n]
	d.i = j + 1
	return true
}

// base64Table[c] is 1 for the bytes of standard base64 and its padding.
var base64Table = func() (t [256]byte) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") {
		t[c] = 1
	}
	return t
}()
