package ner

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/pkg/article"
)

var update = flag.Bool("update", false, "rewrite golden files")

const seedFile = "testdata/dailymail-2020-01-07-khamenei.txt"

func newTagger(tb testing.TB) *Tagger {
	tb.Helper()
	t, err := Load()
	if err != nil {
		tb.Fatalf("Load() error: %v", err)
	}
	return t
}

// contains reports which of want are missing from got.
func missing(got, want []article.Entity) []article.Entity {
	var out []article.Entity
	used := make([]bool, len(got)) // a want listed twice needs two mentions
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && g.Type == w.Type && g.Text == w.Text && g.Canonical == w.Canonical && g.ID == w.ID {
				found, used[i] = true, true
				break
			}
		}
		if !found {
			out = append(out, w)
		}
	}
	return out
}

func TestTag(t *testing.T) {
	tg := newTagger(t)
	type e = article.Entity
	tests := []struct {
		name string
		text string
		want []e // entities that must be among the results (offsets ignored)
		not  []string
	}{
		{
			name: "honorific stripped",
			text: "Ayatollah Ali Khamenei addressed the crowd in Tehran. Later, Khamenei wept.",
			want: []e{
				{Type: "PERSON", Text: "Ali Khamenei", Canonical: "Ali Khamenei"},
				{Type: "PERSON", Text: "Khamenei", Canonical: "Ali Khamenei"},
				{Type: "LOC", Text: "Tehran", Canonical: "Tehran", ID: "geonames:112931"},
			},
			not: []string{"Ayatollah"},
		},
		{
			name: "honorifics the model's title list lacks are stripped too",
			text: "Madam Grace Mensah, the sector minister, met Magistrate Daniel Cole, Hon Peter Amadi and Assemblyman Ronald Pike in Accra.",
			want: []e{
				{Type: "PERSON", Text: "Grace Mensah", Canonical: "Grace Mensah"},
				{Type: "PERSON", Text: "Daniel Cole", Canonical: "Daniel Cole"},
				{Type: "PERSON", Text: "Peter Amadi", Canonical: "Peter Amadi"},
				{Type: "PERSON", Text: "Ronald Pike", Canonical: "Ronald Pike"},
			},
			not: []string{"Madam Grace Mensah", "Magistrate Daniel Cole", "Hon Peter Amadi", "Assemblyman Ronald Pike"},
		},
		{
			name: "a newspaper's The and a company's abbreviation's stop",
			text: "The report in The Jordan Times said Reliance Industries Ltd. would invest, and told The Fletcher School so.",
			want: []e{
				{Type: "ORG", Text: "The Jordan Times", Canonical: "Jordan Times"},
				{Type: "ORG", Text: "The Fletcher School", Canonical: "Fletcher School"},
				{Type: "ORG", Text: "Reliance Industries Ltd", Canonical: "Reliance Industries Ltd"},
			},
			not: []string{"Reliance Industries Ltd."},
		},
		{
			// Mentions added after the acronym rule (the shares cue's
			// "Zorblax") once shifted the acronym's link to its long form.
			name: "an acronym keeps its long form's name when mentions are added before it",
			text: "Shares of Zorblax rose 3 percent. The Nigerian National Petroleum Company (NNPC) said it would sell. JPMorgan (JPM) shares slipped. Ernst & Young resigned.",
			want: []e{
				{Type: "ORG", Text: "NNPC", Canonical: "Nigerian National Petroleum Company"},
				{Type: "ORG", Text: "JPMorgan", Canonical: "JPMorgan"},
				{Type: "ORG", Text: "JPM", Canonical: "JPMorgan"},
				{Type: "ORG", Text: "Ernst & Young", Canonical: "Ernst & Young"},
			},
		},
		{
			name: "peoples and languages, a province, a dateline's abbreviated state",
			text: "Inuit and Mapuche leaders met Sikh groups in Zhengzhou, Henan, and spoke Hindi. The mine near Butte, Mont. closed.",
			want: []e{
				{Type: "NORP", Text: "Inuit", Canonical: "Inuit"},
				{Type: "NORP", Text: "Mapuche", Canonical: "Mapuche"},
				{Type: "NORP", Text: "Hindi", Canonical: "Hindi"},
				{Type: "LOC", Text: "Butte, Mont", Canonical: "Butte", ID: "geonames:5642934"},
			},
		},
		{
			name: "two organisations joined by and",
			text: "Deutsche Bank and Barclays lent the money, the Securities and Exchange Commission said.",
			want: []e{
				{Type: "ORG", Text: "Deutsche Bank", Canonical: "Deutsche Bank AG", ID: "ticker:NYSE:DB"},
				{Type: "ORG", Text: "Barclays", Canonical: "Barclays PLC", ID: "ticker:NYSE:BCS"},
				{Type: "ORG", Text: "Securities and Exchange Commission", Canonical: "Securities and Exchange Commission", ID: "org:securities-and-exchange-commission"},
			},
			not: []string{"Deutsche Bank and Barclays"},
		},
		{
			name: "place and organisation word",
			text: "Manchester United lost at home, and the Berlin Police closed the road.",
			want: []e{
				{Type: "ORG", Text: "Manchester United", Canonical: "Manchester United FC", ID: "club:eng:manchester-united-fc"},
			},
		},
		{
			name: "title before full name",
			text: "Mr Johnson met President Emmanuel Macron. Johnson later said Macron was right.",
			want: []e{
				{Type: "PERSON", Text: "Emmanuel Macron", Canonical: "Emmanuel Macron"},
				{Type: "PERSON", Text: "Macron", Canonical: "Emmanuel Macron"},
				{Type: "PERSON", Text: "Johnson", Canonical: "Johnson"},
			},
			not: []string{"President", "Mr"},
		},
		{
			name: "acronym in brackets",
			text: "David Kato worked for Sexual Minorities Uganda (SMUG) for years. SMUG said he was brave.",
			want: []e{
				{Type: "ORG", Text: "Sexual Minorities Uganda", Canonical: "Sexual Minorities Uganda"},
				{Type: "ORG", Text: "SMUG", Canonical: "Sexual Minorities Uganda"},
				{Type: "PERSON", Text: "David Kato", Canonical: "David Kato"},
			},
		},
		{
			name: "spelling variants share a canonical name",
			text: "General Qassem Soleimani was killed in Baghdad. Iran vowed revenge for Qasem Soleimani, and Soleimani's funeral drew crowds.",
			want: []e{
				{Type: "PERSON", Text: "Qassem Soleimani", Canonical: "Qassem Soleimani"},
				{Type: "PERSON", Text: "Qasem Soleimani", Canonical: "Qassem Soleimani"},
				{Type: "PERSON", Text: "Soleimani", Canonical: "Qassem Soleimani"},
				{Type: "LOC", Text: "Iran", Canonical: "Iran", ID: "IR"},
			},
		},
		{
			name: "United States aliases",
			text: "The US said on Monday that America would not back down. The U.S. was firm, the USA said, and the United States agreed.",
			want: []e{
				{Type: "LOC", Text: "US", Canonical: "United States", ID: "US"},
				{Type: "LOC", Text: "America", Canonical: "United States", ID: "US"},
				{Type: "LOC", Text: "U.S.", Canonical: "United States", ID: "US"},
				{Type: "LOC", Text: "USA", Canonical: "United States", ID: "US"},
				{Type: "LOC", Text: "United States", Canonical: "United States", ID: "US"},
			},
		},
		{
			name: "nationalities and groups",
			text: "Iranian officials and Americans met British diplomats. Shia clerics joined Muslims and Christians.",
			want: []e{
				{Type: "NORP", Text: "Iranian", Canonical: "Iranian", ID: "IR"},
				{Type: "NORP", Text: "Americans", Canonical: "American", ID: "US"},
				{Type: "NORP", Text: "British", Canonical: "British", ID: "GB"},
				{Type: "NORP", Text: "Shia", Canonical: "Shia"},
				{Type: "NORP", Text: "Muslims", Canonical: "Muslims"},
				{Type: "NORP", Text: "Christians", Canonical: "Christians"},
			},
		},
		{
			name: "a currency's place or nationality is money's, a verb after a name is not a currency",
			text: "The South Korean won fell against the US dollar. Mohamed Salah won the award, Argentina won the final and Russia pounds Kyiv.",
			want: []e{
				{Type: "PERSON", Text: "Mohamed Salah", Canonical: "Mohamed Salah"},
				{Type: "LOC", Text: "Argentina", Canonical: "Argentina", ID: "AR"},
				{Type: "LOC", Text: "Russia", Canonical: "Russia", ID: "RU"},
			},
			not: []string{"Korean", "US"},
		},
		{
			name: "two nationalities in a row are one, a list of them is not",
			text: "Many British Indians voted, as did Muslims and Christians.",
			want: []e{
				{Type: "NORP", Text: "British Indians", Canonical: "British Indians"},
				{Type: "NORP", Text: "Muslims", Canonical: "Muslims"},
				{Type: "NORP", Text: "Christians", Canonical: "Christians"},
			},
		},
		{
			name: "a compass word before a listed nationality the model left out",
			text: "The Southeast Asian nation is strained, and unrest in the Central Asian country grew.",
			want: []e{
				{Type: "NORP", Text: "Southeast Asian", Canonical: "Southeast Asian"},
				{Type: "NORP", Text: "Central Asian", Canonical: "Central Asian"},
			},
			not: []string{"Central Asian country"},
		},
		{
			name: "document-level consistency",
			text: "Nkemelu Obiora founded the party in Lagos. Critics say Obiora is ambitious. Obiora denies it.",
			want: []e{
				{Type: "PERSON", Text: "Nkemelu Obiora", Canonical: "Nkemelu Obiora"},
				{Type: "PERSON", Text: "Obiora", Canonical: "Nkemelu Obiora"},
				{Type: "LOC", Text: "Lagos", Canonical: "Lagos", ID: "geonames:2332459"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tg.Tag(tt.text)
			checkOffsets(t, tt.text, got)
			if m := missing(got, tt.want); len(m) > 0 {
				t.Errorf("Tag(%q) = %v, want it to contain %v", tt.text, got, m)
			}
			for _, n := range tt.not {
				for _, g := range got {
					if strings.Contains(g.Text, n) {
						t.Errorf("Tag(%q) has %+v, want no mention containing %q", tt.text, g, n)
					}
				}
			}
		})
	}
}

// TestConsistentTypes checks that every mention of a name gets one type
// and that the "Obiora" mentions all link to the full name.
func TestConsistentTypes(t *testing.T) {
	tg := newTagger(t)
	text := "Nkemelu Obiora founded the party in Lagos. Critics say Obiora is ambitious. Obiora denies it."
	var obiora []string
	for _, e := range tg.Tag(text) {
		if e.Text == "Obiora" {
			obiora = append(obiora, e.Type+"/"+e.Canonical)
		}
	}
	want := []string{"PERSON/Nkemelu Obiora", "PERSON/Nkemelu Obiora"}
	if diff := cmp.Diff(want, obiora); diff != "" {
		t.Errorf("Tag(%q) Obiora mentions (-want +got):\n%s", text, diff)
	}
}

func TestSimilarName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"qassem", "qasem", true},
		{"soleimani", "suleimani", true},
		{"mohammed", "muhammad", true},
		{"gaddafi", "qaddafi", true},
		{"smith", "smith", true},
		{"khamenei", "rouhani", false},
		{"li", "lu", false},
		{"john", "joan", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := similarName(tt.a, tt.b); got != tt.want {
				t.Errorf("similarName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func checkOffsets(tb testing.TB, text string, es []article.Entity) {
	tb.Helper()
	// Rune boundaries as range sees them: an invalid byte is one rune.
	boundary := map[int]bool{len(text): true}
	for i := range text {
		boundary[i] = true
	}
	last := -1
	for _, e := range es {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
			tb.Fatalf("Tag(%q): entity %+v has bad offsets", text, e)
		}
		if e.Start < last {
			tb.Fatalf("Tag(%q): entity %+v overlaps or precedes the one before", text, e)
		}
		last = e.End
		if text[e.Start:e.End] != e.Text {
			tb.Fatalf("Tag(%q): entity %+v: text[%d:%d] = %q", text, e, e.Start, e.End, text[e.Start:e.End])
		}
		if !boundary[e.Start] || !boundary[e.End] {
			tb.Fatalf("Tag(%q): entity %+v does not lie on rune boundaries", text, e)
		}
		if e.Canonical == "" {
			tb.Fatalf("Tag(%q): entity %+v has no canonical name", text, e)
		}
	}
}

func TestGoldenSeed(t *testing.T) {
	tg := newTagger(t)
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	got := tg.Tag(string(b))
	checkOffsets(t, string(b), got)
	golden := filepath.Join("testdata", "seed.golden.json")
	if *update {
		out, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	var want []article.Entity
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tag(seed article) mismatch (-want +got), rerun with -update if intended:\n%s", diff)
	}
}

func TestTagConcurrent(t *testing.T) {
	tg := newTagger(t)
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	want := tg.Tag(string(b))
	done := make(chan []article.Entity)
	for range 4 {
		go func() { done <- tg.Tag(string(b)) }()
	}
	for range 4 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent Tag differs (-want +got):\n%s", diff)
		}
	}
}

func FuzzTag(f *testing.F) {
	tg := newTagger(f)
	for _, s := range []string{
		"Ayatollah Ali Khamenei said the U.S. (USA) would pay.",
		"Sexual Minorities Uganda (SMUG",
		"(( ) Iran's",
		"\xff\xfeIran\x80 Tehran’s Mr.",
		"Muslims and Christians and",
		"GOLDMAN SACHS (NYSE: GS) TO CUT 3,000 JOBS",
		"erik ten hag said apple (aapl) and the fed",
		"Amazon (AMZN",
		"Nigerian National Petroleum Company Governor Erik ten",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkOffsets(t, s, tg.Tag(s))
	})
}

// benchText assembles about 50 KB of news from the seed article.
func benchText(tb testing.TB) string {
	b, err := os.ReadFile(seedFile)
	if err != nil {
		tb.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 50_000 {
		sb.Write(b)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

func BenchmarkTag(b *testing.B) {
	tg := newTagger(b)
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(text)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAbbreviation(t *testing.T) {
	for w, want := range map[string]bool{"Ltd.": true, "Co.": true, "Inc.": true, "Jr.": true, "Corp.": true,
		"U.S.": false, "Ltd": false, "ltd.": false, "Assoc.": false, "A.": false, ".": false, "": false} {
		if got := abbreviation(w); got != want {
			t.Errorf("abbreviation(%q) = %v, want %v", w, got, want)
		}
	}
}
