//go:build evaldev

package ner

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/newswire/newswire/services/tagger/internal/token"
)

func TestDevTag(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range strings.Split(os.Getenv("TEXTS"), "|") {
		toks := token.Split(s, nil)
		labels := tg.Labels(s, toks)
		var b strings.Builder
		for i, tk := range toks {
			fmt.Fprintf(&b, "%s/%v ", s[tk.Start:tk.End], labels[i])
		}
		fmt.Println(b.String())
		for _, e := range tg.Tag(s) {
			fmt.Printf("   %s %q %s\n", e.Type, e.Text, e.ID)
		}
	}
}
