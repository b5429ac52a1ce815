package ner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// ruleDoc prepares text's tokens and flags the way Tag does, for testing
// the span rules on mentions given by hand rather than by the model.
func ruleDoc(t *testing.T, tg *Tagger, text string) *doc {
	t.Helper()
	d := &doc{text: text}
	d.toks = token.Split(text, nil)
	tg.feat.prepare(d)
	return d
}

// span finds the token range of the first occurrence of words in d.
func span(t *testing.T, d *doc, words string, typ string) mention {
	t.Helper()
	want := token.Split(words, nil)
	for i := 0; i+len(want) <= len(d.toks); i++ {
		ok := true
		for j, w := range want {
			ok = ok && d.word(i+j) == words[w.Start:w.End]
		}
		if ok {
			return mention{start: i, end: i + len(want), typ: typ, alias: -1}
		}
	}
	t.Fatalf("%q not in %q", words, d.text)
	return mention{}
}

func surfaces(d *doc, ms []mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.typ+" "+d.surface(m))
	}
	return out
}

func TestSpanRules(t *testing.T) {
	tg := newTagger(t)
	type in struct{ words, typ string }
	tests := []struct {
		name string
		text string
		ms   []in
		rule func(d *doc, ms []mention) []mention
		want []string
	}{
		{
			name: "particle joins a surname the model called a place",
			text: "Manchester United sacked manager Erik ten Hag on Monday.",
			ms:   []in{{"Manchester United", "ORG"}, {"Erik", "PERSON"}, {"Hag", "LOC"}},
			rule: nameParticles,
			want: []string{"ORG Manchester United", "PERSON Erik ten Hag"},
		},
		{
			name: "two particles and an unlabelled surname",
			text: "The president, Ursula von der Leyen, spoke.",
			ms:   []in{{"Ursula", "PERSON"}},
			rule: nameParticles,
			want: []string{"PERSON Ursula von der Leyen"},
		},
		{
			name: "a particle-like word before a common word is left",
			text: "Sales by Maria de los campos fell.",
			ms:   []in{{"Maria", "PERSON"}},
			rule: nameParticles,
			want: []string{"PERSON Maria"},
		},
		{
			name: "a single organisation word is a common noun",
			text: "Parliament voted, the Ministry said, and the FBI and Bank of England agreed.",
			ms:   []in{{"Parliament", "ORG"}, {"Ministry", "ORG"}, {"FBI", "ORG"}, {"Bank of England", "ORG"}},
			rule: genericOrgs,
			want: []string{"ORG FBI", "ORG Bank of England"},
		},
		{
			name: "a title ends the organisation before its holder",
			text: "Bank of England Governor Andrew Bailey said rates would stay high.",
			ms:   []in{{"Bank of England Governor", "ORG"}, {"Andrew Bailey", "PERSON"}},
			rule: func(d *doc, ms []mention) []mention { return orgTitles(d, tg.feat.titles, ms) },
			want: []string{"ORG Bank of England", "PERSON Andrew Bailey"},
		},
		{
			name: "a nationality opens an organisation's name",
			text: "Nigerian National Petroleum Company chief executive Mele Kyari said output rose.",
			ms:   []in{{"Nigerian", "NORP"}, {"National Petroleum Company", "ORG"}, {"Mele Kyari", "PERSON"}},
			rule: func(d *doc, ms []mention) []mention { return orgTitles(d, tg.feat.titles, ms) },
			want: []string{"ORG Nigerian National Petroleum Company", "PERSON Mele Kyari"},
		},
		{
			name: "a nationality before a name without an organisation word stays",
			text: "Iranian President Masoud Pezeshkian spoke.",
			ms:   []in{{"Iranian", "NORP"}, {"Masoud Pezeshkian", "PERSON"}},
			rule: func(d *doc, ms []mention) []mention { return orgTitles(d, tg.feat.titles, ms) },
			want: []string{"NORP Iranian", "PERSON Masoud Pezeshkian"},
		},
		{
			name: "ticker with an exchange makes the name an organisation",
			text: "Goldman Sachs (NYSE: GS) reports on Monday.",
			ms:   []in{{"Goldman Sachs", "PERSON"}},
			rule: tg.tickers,
			want: []string{"ORG Goldman Sachs", "ORG NYSE", "ORG GS"},
		},
		{
			name: "bare ticker after a listed company",
			text: "Amazon (AMZN) will invest in Ohio.",
			ms:   []in{{"Amazon", "LOC"}, {"Ohio", "LOC"}},
			rule: tg.tickers,
			want: []string{"ORG Amazon", "ORG AMZN", "LOC Ohio"},
		},
		{
			name: "bare capitals after a place that is no company are left",
			text: "Fighting in Kurdistan (KRG) went on.",
			ms:   []in{{"Kurdistan", "LOC"}},
			rule: tg.tickers,
			want: []string{"LOC Kurdistan"},
		},
		{
			name: "a ticker the acronym rule read is still the listed company's",
			text: "Shares of Nvidia (NVDA) rose 4%.",
			ms:   []in{{"Nvidia", "LOC"}, {"NVDA", "LOC"}},
			rule: func(d *doc, ms []mention) []mention { return tg.tickers(d, tg.acronyms(d, ms)) },
			want: []string{"ORG Nvidia", "ORG NVDA"},
		},
		{
			name: "a corporate role between a name and its holder",
			text: "Shell chief executive Wael Sawan said costs would fall.",
			ms:   []in{{"Shell", "PERSON"}, {"Wael Sawan", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Shell", "PERSON Wael Sawan"},
		},
		{
			name: "an unlabelled listed company before a role and its holder",
			text: "Alphabet chief executive Sundar Pichai announced cuts.",
			ms:   []in{{"Sundar Pichai", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Alphabet", "PERSON Sundar Pichai"},
		},
		{
			name: "chief minister is no corporate role",
			text: "Tamil Nadu chief minister MK Stalin said students must stay positive.",
			ms:   []in{{"Tamil Nadu", "LOC"}, {"MK Stalin", "PERSON"}},
			rule: tg.companies,
			want: []string{"LOC Tamil Nadu", "PERSON MK Stalin"},
		},
		{
			name: "a sports role makes only a listed club an organisation",
			text: "Spain captain Alvaro Morata scored twice.",
			ms:   []in{{"Spain", "LOC"}, {"Alvaro Morata", "PERSON"}},
			rule: tg.companies,
			want: []string{"LOC Spain", "PERSON Alvaro Morata"},
		},
		{
			name: "a listed company of two words the model called a person",
			text: "Goldman Sachs cut its forecast for American stocks.",
			ms:   []in{{"Goldman Sachs", "PERSON"}, {"American", "NORP"}},
			rule: tg.companies,
			want: []string{"ORG Goldman Sachs", "NORP American"},
		},
		{
			name: "a name before its shares",
			text: "Gap shares jumped 30% after the retailer beat expectations.",
			ms:   []in{{"Gap", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Gap"},
		},
		{
			name: "a name in apposition with a business noun",
			text: "Orange, the French telecoms group, agreed to merge its Spanish arm.",
			ms:   []in{{"Orange", "LOC"}, {"French", "NORP"}, {"Spanish", "NORP"}},
			rule: tg.companies,
			want: []string{"ORG Orange", "NORP French", "NORP Spanish"},
		},
		{
			name: "an unlabelled name after a business noun",
			text: "Shares in the Chinese miner Ganfeng Lithium fell.",
			ms:   []in{{"Chinese", "NORP"}},
			rule: tg.companies,
			want: []string{"NORP Chinese", "ORG Ganfeng Lithium"},
		},
		{
			name: "places, dates and people keep their type beside the cues",
			text: "Tokyo shares fell in August, the group's chairman Koh Lee Peng said.",
			ms:   []in{{"Tokyo", "LOC"}, {"Koh Lee Peng", "PERSON"}},
			rule: tg.companies,
			want: []string{"LOC Tokyo", "PERSON Koh Lee Peng"},
		},
		{
			name: "a place no place list knows but the club list does",
			text: "Robin van Persie was appointed coach of Feyenoord in February, in Rotterdam.",
			ms:   []in{{"Robin van Persie", "PERSON"}, {"Feyenoord", "LOC"}, {"Rotterdam", "LOC"}},
			rule: tg.companies,
			want: []string{"PERSON Robin van Persie", "ORG Feyenoord", "LOC Rotterdam"},
		},
		{
			name: "a lone word typed PERSON that a company list holds",
			text: "Boeing was fined over its quality controls.",
			ms:   []in{{"Boeing", "PERSON"}},
			rule: tg.consistent,
			want: []string{"ORG Boeing"},
		},
		{
			name: "a surname of a person named in full stays a person",
			text: "William Boeing founded the firm in 1916. Boeing said planes would change travel.",
			ms:   []in{{"William Boeing", "PERSON"}, {"Boeing", "PERSON"}},
			rule: tg.consistent,
			want: []string{"PERSON William Boeing", "PERSON Boeing"},
		},
		{
			name: "the person a company is named after, spoken of as one",
			text: "Charles Schwab founded the broker in 1971. Schwab said he still trades.",
			ms:   []in{{"Charles Schwab", "PERSON"}, {"Schwab", "PERSON"}},
			rule: tg.companies,
			want: []string{"PERSON Charles Schwab", "PERSON Schwab"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ruleDoc(t, tg, tt.text)
			var ms []mention
			for _, m := range tt.ms {
				ms = append(ms, span(t, d, m.words, m.typ))
			}
			got := surfaces(d, tt.rule(d, ms))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestTickerWord(t *testing.T) {
	for w, want := range map[string]bool{"GS": true, "AAPL": true, "BRK.A": true, "A": true, "Apple": false, "TOOLONGX": false, "G5": false, "": false} {
		if got := tickerWord(w); got != want {
			t.Errorf("tickerWord(%q) = %v, want %v", w, got, want)
		}
	}
}
