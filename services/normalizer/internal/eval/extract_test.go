package eval

import (
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/score"
)

func TestMissingCorpus(t *testing.T) {
	dir := t.TempDir()
	for name, f := range map[string]func(string) ([]score.Result, error){
		"Extraction": Extraction,
		"HTMLDates":  HTMLDates,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f(dir)
			if err == nil || !strings.Contains(err.Error(), "evaldata.json") {
				t.Errorf("%s(%q) error = %v, want one naming evaldata.json", name, dir, err)
			}
		})
	}
}

func TestGoldDay(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2020-01-07", "2020-01-07", true},
		{"2019-05.13", "2019-05-13", true},
		{"2014-07-8", "2014-07-08", true},
		{"", "", false},
		{"2019-02-30", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := GoldDay(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("GoldDay(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
