package ner

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzOddSpace: oddSpace agrees with the expression it replaces.
func FuzzOddSpace(f *testing.F) {
	for _, s := range []string{"Goldman Sachs", "Goldman  Sachs", "Goldman\tSachs", "Gold\u00a0man", "a\nb", "\u00c2", "é ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ContainsAny(s, "\t\r\n\u00a0") || strings.Contains(s, "  ")
		if got := oddSpace(s); got != want {
			t.Errorf("oddSpace(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestConsistentReusedDoc tags documents one after another with one
// Tagger, whose docs keep consistent's maps from one to the next, and
// checks each against a Tagger that has never tagged before: one long
// document with more surfaces than the maps keep room for, and short
// ones that use the same names as other types.
func TestConsistentReusedDoc(t *testing.T) {
	tg := newTagger(t)
	var long strings.Builder
	for i := range 700 {
		fmt.Fprintf(&long, "Mr %s Jordan met officials of %s Holdings Inc. in Jordan. ", strings.Repeat(string(rune('A'+i%26)), 1+i/26), strings.Repeat(string(rune('A'+i%26)), 2+i/26))
	}
	khamenei, err := os.ReadFile("testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile("../tag/testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		string(khamenei),
		string(seed),
		"Michael Jordan said Jordan would play. Jordan later left for Amman.",
		long.String(),
		"King Abdullah of Jordan met officials in Amman. Jordan said the talks went well.",
		"Apple Inc. said Apple would buy Beats. Apple shares rose in New York.",
		"",
		"Michael Jordan said Jordan would play. Jordan later left for Amman.",
		string(seed),
		string(khamenei),
	}
	for _, text := range texts {
		fresh, err := New(tg.model, tg.gaz)
		if err != nil {
			t.Fatal(err)
		}
		want := fresh.Tag(text)
		got := tg.Tag(text)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Tag(%.40q...) after other documents (-fresh +reused):\n%s", text, diff)
		}
	}
}

// TestConsistentStateReset fills consistent's maps and lists, a few
// entries or more than they keep room for, and checks that reset empties
// every one.
func TestConsistentStateReset(t *testing.T) {
	var c consistentState
	for _, n := range []int{3, consKeep + 1, 2} {
		c.reset()
		c.infos = append(c.infos, surfaceInfo{typ: "PERSON"})
		c.covered = append(c.covered[:0], true, true)
		for i := range n {
			k := uint64(i)
			s := fmt.Sprint(i)
			c.bySurface[s] = &c.infos[0]
			c.surname[k], c.nameWord[k], c.orgHead[k] = true, true, true
			c.byFirst[k] = []cand{{hashes: []uint64{k}, typ: "ORG"}}
		}
		c.reset()
		if l := len(c.bySurface) + len(c.infos) + len(c.surname) + len(c.nameWord) + len(c.orgHead) + len(c.byFirst); l != 0 {
			t.Errorf("after %d entries, reset left %d: %d %d %d %d %d %d", n, l, len(c.bySurface), len(c.infos), len(c.surname), len(c.nameWord), len(c.orgHead), len(c.byFirst))
		}
	}
}
