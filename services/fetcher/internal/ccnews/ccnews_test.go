package ccnews

import (
	"bytes"
	"compress/gzip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFileTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301012345-00001.warc.gz", time.Date(2024, 3, 1, 1, 23, 45, 0, time.UTC), true},
		{"CC-NEWS-20160826124520-00000.warc.gz", time.Date(2016, 8, 26, 12, 45, 20, 0, time.UTC), true},
		{"crawl-data/CC-MAIN-2024-10/segments/x.warc.gz", time.Time{}, false},
		{"CC-NEWS-2024.warc.gz", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := FileTime(tt.in)
		if !got.Equal(tt.want) || ok != tt.ok {
			t.Errorf("FileTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseListing(t *testing.T) {
	text := "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301000000-00001.warc.gz\n\ncrawl-data/CC-NEWS/2024/03/CC-NEWS-20240301060000-00002.warc.gz\r\nREADME\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	for name, data := range map[string][]byte{"plain": []byte(text), "gzip": gz.Bytes()} {
		files, err := ParseListing(data)
		if err != nil {
			t.Fatalf("%s: ParseListing = %v", name, err)
		}
		if len(files) != 2 || files[1].Start != time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC) {
			t.Errorf("%s: ParseListing = %+v, want the two WARC files", name, files)
		}
	}
}

func TestSelect(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2024, 3, 1, h, 0, 0, 0, time.UTC) }
	var files []File
	for _, h := range []int{6, 0, 12, 18, 12} { // unsorted, one start shared
		files = append(files, File{Path: at(h).Format("CC-NEWS-20060102150405") + "-" + string(rune('a'+len(files))) + ".warc.gz", Start: at(h)})
	}
	names := func(fs []File) []int {
		var out []int
		for _, f := range fs {
			out = append(out, f.Start.Hour())
		}
		return out
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     []int
	}{
		{"whole day", at(0), at(24), []int{0, 6, 12, 12, 18}},
		{"from a file's start", at(6), at(12), []int{6}},
		{"inside a file", at(7), at(11), []int{6}},
		{"predecessor shares a start", at(13), at(19), []int{12, 12, 18}},
		{"after the last", at(20), at(23), []int{18}},
		{"before the first", at(-5), at(-1), nil},
		{"open end", at(13), time.Time{}, []int{12, 12, 18}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, names(Select(files, tt.from, tt.to))); diff != "" {
				t.Errorf("Select(%v, %v) hours (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}

func FuzzParseListing(f *testing.F) {
	f.Add([]byte("crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301000000-00001.warc.gz\n"))
	f.Add([]byte("CC-NEWS-99999999999999-0.warc.gz\nCC-NEWS-\n\x1f\x8b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := ParseListing(data)
		if err != nil {
			return
		}
		for _, fl := range files {
			if tm, ok := FileTime(fl.Path); !ok || !tm.Equal(fl.Start) {
				t.Errorf("ParseListing gave %+v, whose name FileTime reads as %v, %v", fl, tm, ok)
			}
		}
		Select(files, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC))
	})
}
