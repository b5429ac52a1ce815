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
			name: "the first word of an organisation's name, alone",
			text: "Hon said output fell at the plant Hon Hai Technology Group runs.",
			ms:   []in{{"Hon", "PERSON"}, {"Hon Hai Technology Group", "ORG"}},
			rule: tg.consistent,
			want: []string{"ORG Hon", "ORG Hon Hai Technology Group"},
		},
		{
			name: "the first word of an organisation's name that is a person's surname here",
			text: "Hon said output fell at Hon Hai Technology Group, which hired Mary Hon in May.",
			ms:   []in{{"Hon", "PERSON"}, {"Hon Hai Technology Group", "ORG"}, {"Mary Hon", "PERSON"}},
			rule: tg.consistent,
			want: []string{"PERSON Hon", "ORG Hon Hai Technology Group", "PERSON Mary Hon"},
		},
		{
			name: "a name after a kind of place and of is a place",
			text: "Survivors were taken to the settlement of Wybalenna, near the new capital of Nusantara Jaya, and the port of Mongla Port Authority.",
			ms:   []in{{"Wybalenna", "PERSON"}, {"Mongla Port Authority", "ORG"}},
			rule: placesOf,
			want: []string{"LOC Wybalenna", "LOC Nusantara Jaya", "ORG Mongla Port Authority"},
		},
		{
			name: "a nationality that opens a name no one took",
			text: "Cue sports left the Asian Games. Chinese President Xi Jinping met Mexican Pedro Pascal as GERMAN INDUSTRY SHRINKS.",
			ms: []in{{"Asian", "NORP"}, {"Chinese", "NORP"}, {"Xi Jinping", "PERSON"}, {"Mexican", "NORP"},
				{"Pedro Pascal", "PERSON"}, {"GERMAN", "NORP"}},
			rule: nationalNames,
			want: []string{"NORP Chinese", "PERSON Xi Jinping", "NORP Mexican", "PERSON Pedro Pascal", "NORP GERMAN"},
		},
		{
			name: "a listed club in a football sentence",
			text: "Virgil van Dijk signed a new contract with Liverpool after the league match.",
			ms:   []in{{"Virgil van Dijk", "PERSON"}, {"Liverpool", "LOC"}},
			rule: tg.companies,
			want: []string{"PERSON Virgil van Dijk", "ORG Liverpool"},
		},
		{
			name: "a listed company before a deal verb",
			text: "Pfizer to buy Seagen for $43 billion as Musk to buy more shares.",
			ms:   []in{{"Seagen", "ORG"}, {"Musk", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Pfizer", "ORG Seagen", "PERSON Musk"},
		},
		{
			name: "a nationality and the organisation's words after it",
			text: "The Saudi Arabian Public Investment Fund and the Chinese Communist Party met in Beijing.",
			ms:   []in{{"Saudi Arabian", "NORP"}, {"Chinese", "NORP"}, {"Communist", "NORP"}, {"Beijing", "LOC"}},
			rule: placeOrgs,
			want: []string{"ORG Saudi Arabian Public Investment Fund", "ORG Chinese Communist Party", "LOC Beijing"},
		},
		{
			name: "a nationality and a listed body's kind alone are one organisation; a listed body's name stays",
			text: "The Czech Senate and the Iranian Revolutionary Guards met.",
			ms:   []in{{"Czech", "NORP"}, {"Senate", "ORG"}, {"Iranian", "NORP"}, {"Revolutionary Guards", "ORG"}},
			rule: func(d *doc, ms []mention) []mention {
				ms[1].fixed, ms[3].fixed = true, true // as the gazetteer lists them
				return placeOrgs(d, ms)
			},
			want: []string{"ORG Czech Senate", "NORP Iranian", "ORG Revolutionary Guards"},
		},
		{
			name: "a nationality and a word that ends governments' bodies",
			text: "Officials at the Egyptian Embassy and the Indian Chamber of Commerce in Korea declined to comment.",
			ms:   []in{{"Egyptian", "NORP"}, {"Indian", "NORP"}, {"Korea", "LOC"}},
			rule: placeOrgs,
			want: []string{"ORG Egyptian Embassy", "ORG Indian Chamber of Commerce", "LOC Korea"},
		},
		{
			name: "a place and a firm's name after it, and a body's name of a kind of body and of",
			text: "Shares of China Merchants Securities rose, the Mauritius Chamber of Agriculture said. The German Federal Chancellor spoke.",
			ms:   []in{{"China", "LOC"}, {"Mauritius", "LOC"}, {"German", "NORP"}},
			rule: placeOrgs,
			want: []string{"ORG China Merchants Securities", "ORG Mauritius Chamber of Agriculture", "NORP German"},
		},
		{
			name: "an organisation, a capitalised role and its holder read as one person",
			text: "Mossad Chief David Barnea and Acme Chairman John Smith met Haryana Chief Minister Manohar Lal.",
			ms:   []in{{"Mossad Chief David Barnea", "PERSON"}, {"Acme Chairman John Smith", "PERSON"}, {"Haryana Chief Minister Manohar Lal", "PERSON"}},
			rule: tg.roleSplits,
			want: []string{"ORG Mossad", "PERSON David Barnea", "ORG Acme", "PERSON John Smith", "PERSON Haryana Chief Minister Manohar Lal"},
		},
		{
			name: "an unlabelled name before a role and its holder",
			text: "Mossad chief David Barnea went home. Former chief Ann Lee left. Delhi chief minister Arvind Kejriwal spoke.",
			ms:   []in{{"David Barnea", "PERSON"}, {"Ann Lee", "PERSON"}, {"Delhi", "LOC"}, {"Arvind Kejriwal", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Mossad", "PERSON David Barnea", "PERSON Ann Lee", "LOC Delhi", "PERSON Arvind Kejriwal"},
		},
		{
			name: "an acronym's long form starts where the model's name does, unless that takes in a place",
			text: "Farmers work with the International Center for Tropical Agriculture (CIAT) and the United States National Hurricane Center (NHC).",
			ms:   []in{{"International Center for Tropical Agriculture", "ORG"}, {"United States National Hurricane Center", "ORG"}},
			rule: tg.acronyms,
			want: []string{"ORG International Center for Tropical Agriculture", "ORG CIAT", "ORG National Hurricane Center", "ORG NHC"},
		},
		{
			name: "a person's name the model ended before an organisation's last word",
			text: "The Qikiqtani Inuit Association and Raipur Energen Limited sued Kojo Annan of Event Blackstar Limited.",
			ms:   []in{{"Qikiqtani Inuit", "PERSON"}, {"Raipur Energen", "PERSON"}, {"Kojo Annan", "PERSON"}},
			rule: placeOrgs,
			want: []string{"ORG Qikiqtani Inuit Association", "ORG Raipur Energen Limited", "PERSON Kojo Annan"},
		},
		{
			name: "a body's kind, of, and the rest of its name",
			text: "The Burkinabe Ministry of Culture and Trade and the Area Committee of CPI met the Government of Uruguay.",
			ms:   []in{{"Burkinabe Ministry", "ORG"}, {"Area Committee", "ORG"}, {"CPI", "ORG"}, {"Government", "ORG"}, {"Uruguay", "LOC"}},
			rule: orgsOf,
			want: []string{"ORG Burkinabe Ministry of Culture and Trade", "ORG Area Committee", "ORG CPI", "ORG Government", "LOC Uruguay"},
		},
		{
			name: "a capitalised word before an organisation's name opens it",
			text: "Members of the Permanent Okavango River Basin Water Commission met on Monday. Senior Staff Association leaders did not.",
			ms:   []in{{"Okavango River Basin Water Commission", "ORG"}, {"Staff Association", "ORG"}},
			rule: tg.orgOpeners,
			want: []string{"ORG Permanent Okavango River Basin Water Commission", "ORG Staff Association"},
		},
		{
			name: "a person after a title, inside an organisation or place the model read",
			text: "FAO Director-General Jose Graziano met General Augusto Pinochet, Justice Lee, Sikandar Sultan Raja and Commander Air at the Supreme Court near the Grand Mosque.",
			ms: []in{{"FAO Director-General Jose Graziano", "ORG"}, {"General Augusto Pinochet", "ORG"}, {"Justice Lee", "ORG"},
				{"Sikandar Sultan Raja", "ORG"}, {"Commander Air", "ORG"}, {"Supreme Court", "ORG"}, {"Grand Mosque", "LOC"}},
			rule: tg.titledPersons,
			want: []string{"ORG FAO", "PERSON Jose Graziano", "PERSON Augusto Pinochet", "PERSON Lee", "PERSON Sikandar Sultan Raja",
				"ORG Commander Air", "ORG Supreme Court", "LOC Grand Mosque"},
		},
		{
			name: "a person's name with a particle after a title",
			text: "The FAO Director-General José Graziano da Silva spoke.",
			ms:   []in{{"FAO Director-General José Graziano da Silva", "ORG"}},
			rule: tg.titledPersons,
			want: []string{"ORG FAO", "PERSON José Graziano da Silva"},
		},
		{
			name: "a person's name the model read into the organisation or place before it",
			text: "The UNICEF Maria Okonkwo met World Bank Daniel Mwangi and Frenchman Pierre Delacroix in San Miguel de Allende, " +
				"not the Department of Health - Abu Dhabi nor BM Ashraf Ullah.",
			ms: []in{{"UNICEF Maria Okonkwo", "ORG"}, {"World Bank Daniel Mwangi", "ORG"}, {"Frenchman Pierre Delacroix", "ORG"},
				{"San Miguel de Allende", "LOC"}, {"Department of Health - Abu Dhabi", "ORG"}, {"BM Ashraf Ullah", "ORG"}},
			rule: tg.personTails,
			want: []string{"ORG UNICEF", "PERSON Maria Okonkwo", "ORG World Bank", "PERSON Daniel Mwangi", "NORP Frenchman",
				"PERSON Pierre Delacroix", "LOC San Miguel de Allende", "ORG Department of Health - Abu Dhabi", "ORG BM Ashraf Ullah"},
		},
		{
			name: "capitalised words before the word that ends an organisation's name, which the model missed",
			text: "Since then, Zhou's Tomorrow Group was dismantled, the Famine Early Warning Systems Network said. The Ministry of Health Department " +
				"met on Monday Group leaders. Group shares fell, as President Bank said and Delta Services Omega Holdings bought.",
			ms:   []in{{"Zhou", "PERSON"}, {"Group", "ORG"}, {"Ministry", "ORG"}},
			rule: tg.suffixOrgs,
			want: []string{"PERSON Zhou", "ORG Tomorrow Group", "ORG Famine Early Warning Systems Network", "ORG Ministry",
				"ORG Delta Services", "ORG Omega Holdings"},
		},
		{
			name: "bare initials before a person's name",
			text: "Minister V Muraleedharan met officer S Sakthi Ganesan, K M Zahid Sarwar and A Smith. I Rahman was not there.",
			ms:   []in{{"Muraleedharan", "PERSON"}, {"Sakthi Ganesan", "PERSON"}, {"Zahid Sarwar", "PERSON"}, {"Smith", "PERSON"}, {"Rahman", "PERSON"}},
			rule: tg.initialPersons,
			want: []string{"PERSON V Muraleedharan", "PERSON S Sakthi Ganesan", "PERSON K M Zahid Sarwar", "PERSON Smith", "PERSON Rahman"},
		},
		{
			name: "a surname and a hyphenated Chinese or Korean given name are a person",
			text: "Premier Su Tseng-chang met Minister of Economic Affairs Wang Mei-hua, Carrie Lam Cheng Yuet-ngor, Peter Douglas Koon Ho-ming " +
				"and the South Korean President-elect at the Pang Co-op.",
			ms: []in{{"Premier Su Tseng-chang", "ORG"}, {"Economic Affairs Wang Mei-hua", "ORG"}, {"Carrie Lam", "PERSON"},
				{"Peter Douglas Koon", "PERSON"}, {"South Korean", "NORP"}, {"Pang", "LOC"}},
			rule: tg.hanNames,
			want: []string{"PERSON Su Tseng-chang", "ORG Economic Affairs", "PERSON Wang Mei-hua", "PERSON Carrie Lam Cheng Yuet-ngor",
				"PERSON Peter Douglas Koon Ho-ming", "NORP South Korean", "LOC Pang"},
		},
		{
			name: "a nickname in quotes inside a person's name",
			text: "Police said Joaquín “El Chapo” Guzmán was moved, José \"Pepe\" Mujica spoke, and Real Madrid ‘Galacticos’ Zidane did not.",
			ms: []in{{"Joaquín", "PERSON"}, {"El Chapo", "ORG"}, {"Guzmán", "PERSON"}, {"José", "PERSON"}, {"Pepe", "PERSON"}, {"Mujica", "PERSON"},
				{"Real Madrid", "ORG"}, {"Zidane", "PERSON"}},
			rule: nicknames,
			want: []string{"PERSON Joaquín “El Chapo” Guzmán", "PERSON José \"Pepe\" Mujica", "ORG Real Madrid", "PERSON Zidane"},
		},
		{
			name: "events and laws are no entity",
			text: "Crowds marked Ram Navami and the Kargil Vijay Diwas, then the Cannes Film Festival and the Tokyo Olympics, as the Indian Penal Code " +
				"and the Indus Waters Treaty were cited by ACT and the Office of Communications and Strategy. Cup holders Argentina and the FIFA World Cup organisers met.",
			ms: []in{{"Ram Navami", "PERSON"}, {"Kargil Vijay Diwas", "PERSON"}, {"Cannes Film Festival", "ORG"}, {"Tokyo Olympics", "LOC"},
				{"Indian Penal Code", "ORG"}, {"Indus Waters Treaty", "ORG"}, {"ACT", "ORG"}, {"Office of Communications and Strategy", "ORG"},
				{"Cup", "ORG"}, {"Argentina", "LOC"}, {"FIFA World Cup", "ORG"}},
			rule: func(d *doc, ms []mention) []mention { ms[len(ms)-1].fixed = true; return eventsAndLaws(d, ms) },
			want: []string{"ORG ACT", "ORG Office of Communications and Strategy", "LOC Argentina", "ORG FIFA World Cup"},
		},
		{
			name: "capitalised words joined by & are one organisation, but not people or places",
			text: "Ernst & Young and Frost & Sullivan advised Jason & Richard Chang in Kampala & Kayunga. Fact Sheet & Detailed Framework.",
			ms: []in{{"Ernst", "PERSON"}, {"Frost", "ORG"}, {"Sullivan", "PERSON"}, {"Richard Chang", "PERSON"}, {"Kampala", "LOC"},
				{"Kayunga", "LOC"}, {"Fact Sheet", "ORG"}},
			rule: tg.ampersandOrgs,
			want: []string{"ORG Ernst & Young", "ORG Frost & Sullivan", "PERSON Richard Chang", "LOC Kampala", "LOC Kayunga", "ORG Fact Sheet"},
		},
		{
			name: "an organisation's noun before a name, and a sentence adverb before an apposition",
			text: "A month after the rebel movement Seleka took power, its leader spoke. Moreover, a coalition of parties formed.",
			ms:   []in{{"Seleka", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Seleka"},
		},
		{
			name: "a person's or organisation's name ending in a place's or street's word is a place, not an acronym's branch",
			text: "Crowds filled De Villiers Street near Nicholls Rivulet, NSRI Shelly Beach crews helped, and Michael Bay filmed the Stabroek Block.",
			ms: []in{{"De Villiers Street", "PERSON"}, {"Nicholls Rivulet", "PERSON"}, {"NSRI Shelly Beach", "ORG"}, {"Michael Bay", "PERSON"},
				{"Stabroek Block", "ORG"}},
			rule: parkOrgs,
			want: []string{"LOC De Villiers Street", "LOC Nicholls Rivulet", "ORG NSRI Shelly Beach", "PERSON Michael Bay", "LOC Stabroek Block"},
		},
		{
			name: "companies' names in a list read as one name",
			text: "Analysts at Western Securities, CSC Financial and Huatai Securities agreed. The Securities and Exchange Commission did not. Kenya Airways and South African Airways flew.",
			ms: []in{{"Western Securities, CSC Financial and Huatai Securities", "ORG"}, {"Securities and Exchange Commission", "ORG"},
				{"Kenya Airways and South African Airways", "ORG"}},
			rule: firmLists,
			want: []string{"ORG Western Securities", "ORG CSC Financial", "ORG Huatai Securities", "ORG Securities and Exchange Commission",
				"ORG Kenya Airways", "ORG South African Airways"},
		},
		{
			name: "the first word of a company's name alone, read as a place by the model",
			text: "Baffinland Iron Mines wants to expand the mine. Baffinland said the railway would follow, and Nairobi agreed.",
			ms:   []in{{"Baffinland Iron Mines", "ORG"}},
			rule: func(d *doc, ms []mention) []mention {
				// The later "Baffinland" and "Nairobi", read as places.
				for i := range d.toks {
					if i > 3 && (d.word(i) == "Baffinland" || d.word(i) == "Nairobi") {
						ms = append(ms, mention{start: i, end: i + 1, typ: "LOC", alias: -1})
					}
				}
				return tg.consistent(d, ms)
			},
			want: []string{"ORG Baffinland Iron Mines", "ORG Baffinland", "LOC Nairobi"},
		},
		{
			name: "the first word of a company's name alone, also opening a sentence",
			text: "Chinese media giant Tencent Holdings plans to shut its platform, sources from Tencent said. Tencent did not respond. Go Holdings and the Go team.",
			ms:   []in{{"Tencent Holdings", "ORG"}, {"Go Holdings", "ORG"}},
			rule: tg.consistent,
			want: []string{"ORG Tencent Holdings", "ORG Tencent", "ORG Tencent", "ORG Go Holdings"},
		},
		{
			name: "a word that ends organisations' names, of, and a place",
			text: "The Government of Uruguay, the Embassy of the United States and the Republic of Korea met.",
			ms:   []in{{"Uruguay", "LOC"}, {"United States", "LOC"}, {"Republic of Korea", "LOC"}},
			rule: placeOrgs,
			want: []string{"ORG Government of Uruguay", "ORG Embassy of the United States", "LOC Republic of Korea"},
		},
		{
			name: "an organisation's mention ends before a title, held or alone",
			text: "The General Intelligence Department Director and the Office of the President met.",
			ms:   []in{{"General Intelligence Department Director", "ORG"}, {"Office of the President", "ORG"}},
			rule: tg.orgTitles,
			want: []string{"ORG General Intelligence Department", "ORG Office of the President"},
		},
		{
			name: "a country's name that is also a nationality before a title is the nationality",
			text: "Saudi Crown Prince Mohammed bin Salman met officials in Saudi Arabia.",
			ms:   []in{{"Saudi", "LOC"}, {"Mohammed bin Salman", "PERSON"}, {"Saudi Arabia", "LOC"}},
			rule: tg.rules,
			want: []string{"NORP Saudi", "PERSON Mohammed bin Salman", "LOC Saudi Arabia"},
		},
		{
			name: "a place named by its kind is no name",
			text: "He said the Kingdom would stay out of the Republic of Korea's dispute with Kingdom Holding.",
			ms:   []in{{"Kingdom", "LOC"}, {"Republic of Korea", "LOC"}},
			rule: genericOrgs,
			want: []string{"LOC Republic of Korea"},
		},
		{
			name: "a park or a river named by its kind is no name, nor the person a park's name made",
			text: "The Park had decayed, like the River beside it, before he reopened Asomdwoe Park.",
			ms:   []in{{"Park", "LOC"}, {"River", "LOC"}, {"Asomdwoe Park", "LOC"}},
			rule: func(d *doc, ms []mention) []mention { return genericOrgs(d, tg.consistent(d, ms)) },
			want: []string{"LOC Asomdwoe Park"},
		},
		{
			name: "a common word and a title are a title, not an organisation",
			text: "Later the First Lady visited the Bank of England Governor.",
			ms:   []in{{"First Lady", "ORG"}, {"Bank of England Governor", "ORG"}},
			rule: tg.orgTitles,
			want: []string{"ORG Bank of England"},
		},
		{
			name: "a run that does not end an organisation's name stays apart",
			text: "German Federal Chancellor Olaf Scholz met US Army officers.",
			ms:   []in{{"German", "NORP"}, {"Olaf Scholz", "PERSON"}, {"US", "LOC"}},
			rule: placeOrgs,
			want: []string{"NORP German", "PERSON Olaf Scholz", "ORG US Army"},
		},
		{
			name: "a name before its figures, as before its shares",
			text: "Shell profit beats forecasts as China sales slow.",
			ms:   []in{{"China", "LOC"}},
			rule: tg.companies,
			want: []string{"ORG Shell", "LOC China"},
		},
		{
			name: "a listed club's city elsewhere stays a place",
			text: "Voters in Liverpool backed the new mayor.",
			ms:   []in{{"Liverpool", "LOC"}},
			rule: tg.companies,
			want: []string{"LOC Liverpool"},
		},
		{
			name: "a nationality opens the organisation's name after it",
			text: "The Canadian Conference of Catholic Bishops met in Ottawa.",
			ms:   []in{{"Canadian", "NORP"}, {"Conference of Catholic Bishops", "ORG"}, {"Ottawa", "LOC"}},
			rule: tg.orgTitles,
			want: []string{"ORG Canadian Conference of Catholic Bishops", "LOC Ottawa"},
		},
		{
			name: "a name ending in a joining word takes the next name or loses the word",
			text: "He studied at the University of Hong Kong and the Ministry of trade.",
			ms:   []in{{"University of", "ORG"}, {"Hong Kong", "LOC"}, {"Ministry of", "ORG"}},
			rule: tg.compounds,
			want: []string{"ORG University of Hong Kong", "ORG Ministry"},
		},
		{
			name: "a place's name with a body's word and of in it is an organisation",
			text: "The Mauritius Chamber of Agriculture and the London School of Economics met in the Republic of Korea.",
			ms:   []in{{"Mauritius Chamber of Agriculture", "LOC"}, {"London School of Economics", "LOC"}, {"Republic of Korea", "LOC"}},
			rule: tg.compounds,
			want: []string{"ORG Mauritius Chamber of Agriculture", "ORG London School of Economics", "LOC Republic of Korea"},
		},
		{
			name: "a country's name and unlisted capitalised words is a firm, not a place",
			text: "China Moly and Korea Eximbank lent money for the South China Sea project near Mexico City.",
			ms:   []in{{"China Moly", "LOC"}, {"Korea Eximbank", "LOC"}, {"South China Sea", "LOC"}, {"Mexico City", "LOC"}},
			rule: tg.compounds,
			want: []string{"ORG China Moly", "ORG Korea Eximbank", "LOC South China Sea", "LOC Mexico City"},
		},
		{
			name: "two organisations joined by of or for the are one",
			text: "The International Union for the Conservation of Nature and Microsoft of Redmond met.",
			ms:   []in{{"International Union", "ORG"}, {"Conservation of Nature", "ORG"}, {"Microsoft", "ORG"}, {"Redmond", "LOC"}},
			rule: tg.compounds,
			want: []string{"ORG International Union for the Conservation of Nature", "ORG Microsoft", "LOC Redmond"},
		},
		{
			name: "a person's name ending in a particle takes the next name or loses it",
			text: "Hamad bin Jassim met Haitham bin and his aides.",
			ms:   []in{{"Hamad bin", "PERSON"}, {"Jassim", "LOC"}, {"Haitham bin", "PERSON"}},
			rule: tg.compounds,
			want: []string{"PERSON Hamad bin Jassim", "PERSON Haitham"},
		},
		{
			name: "the and small words are no name",
			text: "The city said on Monday it would close the road.",
			ms:   []in{{"The city", "LOC"}},
			rule: tg.compounds,
			want: nil,
		},
		{
			name: "a city's listed name in small letters after its first word is the model's to judge",
			text: "The city said on Monday it would close the road.",
			ms:   nil,
			rule: tg.rules,
			want: nil,
		},
		{
			name: "particle joins a surname the model called a place",
			text: "Manchester United sacked manager Erik ten Hag on Monday.",
			ms:   []in{{"Manchester United", "ORG"}, {"Erik", "PERSON"}, {"Hag", "LOC"}},
			rule: nameParticles,
			want: []string{"ORG Manchester United", "PERSON Erik ten Hag"},
		},
		{
			name: "Romance particles join places' and bodies' names",
			text: "Crowds filled the Plaza de las Victorias as Banco de Chile raised rates.",
			ms:   []in{{"Plaza", "LOC"}, {"Victorias", "LOC"}, {"Banco", "ORG"}, {"Chile", "LOC"}},
			rule: nameParticles,
			want: []string{"LOC Plaza de las Victorias", "ORG Banco de Chile"},
		},
		{
			name: "two particles and an unlabelled surname",
			text: "The president, Ursula von der Leyen, spoke.",
			ms:   []in{{"Ursula", "PERSON"}},
			rule: nameParticles,
			want: []string{"PERSON Ursula von der Leyen"},
		},
		{
			name: "a name-only particle between capitalised words makes a person the model missed",
			text: "Erik ten Hag was sacked by Manchester United.",
			ms:   []in{{"Manchester United", "ORG"}},
			rule: nameParticles,
			want: []string{"PERSON Erik ten Hag", "ORG Manchester United"},
		},
		{
			name: "a name-only particle replaces one-word mentions on either side",
			text: "Erik ten Hag was sacked.",
			ms:   []in{{"Hag", "LOC"}},
			rule: nameParticles,
			want: []string{"PERSON Erik ten Hag"},
		},
		{
			name: "Romance particles, organisation words and longer names make no person alone",
			text: "Rio de Janeiro and Bank van Lanschot and Port of Spain Van Dijk.",
			ms:   []in{{"Rio de Janeiro", "LOC"}},
			rule: nameParticles,
			want: []string{"LOC Rio de Janeiro"},
		},
		{
			name: "a deal noun names the company the deal is about",
			text: "Pfizer completed its purchase of Seagen, and BlackRock bought a stake in Britain's grid.",
			ms:   []in{{"Pfizer", "ORG"}, {"Seagen", "LOC"}, {"BlackRock", "ORG"}, {"Britain", "LOC"}},
			rule: tg.companies,
			want: []string{"ORG Pfizer", "ORG Seagen", "ORG BlackRock", "LOC Britain"},
		},
		{
			name: "a cue's name takes in the place or nationality the model saw inside it",
			text: "UBS completed its takeover of Credit Suisse, and BHP dropped its bid for Anglo American.",
			ms:   []in{{"UBS", "ORG"}, {"Suisse", "LOC"}, {"BHP", "ORG"}, {"American", "NORP"}},
			rule: tg.companies,
			want: []string{"ORG UBS", "ORG Credit Suisse", "ORG BHP", "ORG Anglo American"},
		},
		{
			name: "a cue's name does not take in a person or a country it opens with",
			text: "Investors bought a stake in South Korea, and its purchase of Jane Smith Tower failed.",
			ms:   []in{{"South Korea", "LOC"}, {"Jane Smith", "PERSON"}},
			rule: tg.companies,
			want: []string{"LOC South Korea", "PERSON Jane Smith"},
		},
		{
			name: "a company's word after a preposition of place and 'the' is the place",
			text: "Fires spread in the Amazon as Tesla fell.",
			ms:   []in{{"Amazon", "ORG"}, {"Tesla", "ORG"}},
			rule: tg.companies,
			want: []string{"LOC Amazon", "ORG Tesla"},
		},
		{
			name: "a region that is also a company's name is the region after any 'the'",
			text: "The Amazon lost forest as Amazon shares rose.",
			ms:   []in{{"Amazon", "ORG"}},
			rule: func(d *doc, ms []mention) []mention {
				for i := ms[0].end; i < len(d.toks); i++ {
					if d.word(i) == "Amazon" { // the second, the company
						ms = append(ms, mention{start: i, end: i + 1, typ: "ORG", alias: -1})
					}
				}
				return tg.companies(d, ms)
			},
			want: []string{"LOC Amazon", "ORG Amazon"},
		},
		{
			name: "a company's word without the preposition and 'the' stays the company",
			text: "Amazon shares fell as the Amazon deal closed.",
			ms:   []in{{"Amazon", "ORG"}},
			rule: tg.companies,
			want: []string{"ORG Amazon"},
		},
		{
			name: "a person's name ending in a legal form or a trade's noun is a firm",
			text: "Shohoz Limited hired Paul Group Smith and Limited.",
			ms:   []in{{"Shohoz Limited", "PERSON"}, {"Paul Group Smith", "PERSON"}, {"Limited", "PERSON"}},
			rule: firmPersons,
			want: []string{"ORG Shohoz Limited", "PERSON Paul Group Smith", "PERSON Limited"},
		},
		{
			name: "a person's name ending in a body's word is the body",
			text: "The Rajya Sabha passed it, the Zilla Parishad and the Bharatiya Janata Dal agreed, and Sabha Khan did not.",
			ms:   []in{{"Rajya Sabha", "PERSON"}, {"Zilla Parishad", "PERSON"}, {"Bharatiya Janata Dal", "PERSON"}, {"Sabha Khan", "PERSON"}},
			rule: firmPersons,
			want: []string{"ORG Rajya Sabha", "ORG Zilla Parishad", "ORG Bharatiya Janata Dal", "PERSON Sabha Khan"},
		},
		{
			name: "a person's name ending in another country's legal form or a joint venture's is a firm",
			text: "Shohoz JV and Kessler Heinz GmbH sued Maria Sa.",
			ms:   []in{{"Shohoz JV", "PERSON"}, {"Kessler Heinz GmbH", "PERSON"}, {"Maria Sa", "PERSON"}},
			rule: firmPersons,
			want: []string{"ORG Shohoz JV", "ORG Kessler Heinz GmbH", "PERSON Maria Sa"},
		},
		{
			name: "a place's name ending in a public body's, a newspaper's or a firm's word is an organisation",
			text: "The Tokyo Metropolitan Government, the Buenos Aires Herald and Kuwait Municipality agreed.",
			ms:   []in{{"Tokyo Metropolitan Government", "LOC"}, {"Buenos Aires Herald", "LOC"}, {"Kuwait Municipality", "LOC"}},
			rule: tg.compounds,
			want: []string{"ORG Tokyo Metropolitan Government", "ORG Buenos Aires Herald", "LOC Kuwait Municipality"},
		},
		{
			name: "an organisation's name ending in a natural place's word or a park is a place",
			text: "Ships crossed the Paracel Islands near Manuel Antonio National Park, Bay Capital said.",
			ms:   []in{{"Paracel Islands", "ORG"}, {"Manuel Antonio National Park", "ORG"}, {"Bay Capital", "ORG"}},
			rule: parkOrgs,
			want: []string{"LOC Paracel Islands", "LOC Manuel Antonio National Park", "ORG Bay Capital"},
		},
		{
			name: "a place or its government named by its kind after 'the' is no name",
			text: "The State will pay, the Republic said, and State Street agreed.",
			ms:   []in{{"State", "ORG"}, {"Republic", "ORG"}, {"State Street", "ORG"}},
			rule: genericOrgs,
			want: []string{"ORG State Street"},
		},
		{
			name: "a name ending in an organisation word is no person's shortened name",
			text: "Kishida spoke. The Kishida Cabinet met, and the Cabinet agreed.",
			ms:   []in{{"Kishida", "PERSON"}, {"Kishida Cabinet", "ORG"}, {"Cabinet", "ORG"}},
			rule: tg.consistent,
			want: []string{"PERSON Kishida", "ORG Kishida Cabinet", "ORG Cabinet"},
		},
		{
			name: "a surname cited with its particle takes the particle",
			text: "Later, bin Salman met dos Santos near la Torre.",
			ms:   []in{{"Salman", "PERSON"}, {"Santos", "PERSON"}, {"Torre", "PERSON"}},
			rule: nameParticles,
			want: []string{"PERSON bin Salman", "PERSON dos Santos", "PERSON Torre"},
		},
		{
			name: "a body's name ending in a natural place's word stays an organisation",
			text: "The Ministry of Fisheries and Oceans and the Pacific Coast Group said.",
			ms:   []in{{"Ministry of Fisheries and Oceans", "ORG"}, {"Pacific Coast Group", "ORG"}},
			rule: parkOrgs,
			want: []string{"ORG Ministry of Fisheries and Oceans", "ORG Pacific Coast Group"},
		},
		{
			name: "a place and the country or state that says where it is are one place",
			text: "It opened in Nairobi, Kenya, and in Plano, Texas.",
			ms:   []in{{"Nairobi", "LOC"}, {"Kenya", "LOC"}, {"Plano", "LOC"}, {"Texas", "LOC"}},
			rule: tg.placeAppositions,
			want: []string{"LOC Nairobi, Kenya", "LOC Plano, Texas"},
		},
		{
			name: "places on a list stay apart",
			text: "Paris, London, Kenya, Uganda and Rome, France and Spain.",
			ms:   []in{{"Paris", "LOC"}, {"London", "LOC"}, {"Kenya", "LOC"}, {"Uganda", "LOC"}, {"Rome", "LOC"}, {"France", "LOC"}, {"Spain", "LOC"}},
			rule: tg.placeAppositions,
			want: []string{"LOC Paris", "LOC London", "LOC Kenya", "LOC Uganda", "LOC Rome", "LOC France", "LOC Spain"},
		},
		{
			name: "a religion's name is a religious group, inside a longer name it stays",
			text: "Islam and Christianity spread, said Yusuf Islam.",
			ms:   []in{{"Islam", "LOC"}, {"Yusuf Islam", "PERSON"}},
			rule: faiths,
			want: []string{"NORP Islam", "NORP Christianity", "PERSON Yusuf Islam"},
		},
		{
			name: "an unlisted place of two words that speaks is a person",
			text: "Santiago Gomez said so, and New Delhi said no.",
			ms:   []in{{"Santiago Gomez", "LOC"}, {"New Delhi", "LOC"}},
			rule: tg.speakingPlaces,
			want: []string{"PERSON Santiago Gomez", "LOC New Delhi"},
		},
		{
			name: "a one-word person heading its phrase after 'the' is a title, one modifying a noun stays",
			text: "The aide said the Amir of Qatar met the Trump administration.",
			ms:   []in{{"Amir", "PERSON"}, {"Trump", "PERSON"}},
			rule: thePersons,
			want: []string{"PERSON Trump"},
		},
		{
			name: "a common-noun acronym is no name",
			text: "The NGO signed an MoU with the CEO of NTPC as Covid spread.",
			ms:   []in{{"NGO", "ORG"}, {"MoU", "ORG"}, {"CEO", "PERSON"}, {"NTPC", "ORG"}, {"Covid", "ORG"}},
			rule: commonAcronyms,
			want: []string{"ORG NTPC"},
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
			rule: tg.orgTitles,
			want: []string{"ORG Bank of England", "PERSON Andrew Bailey"},
		},
		{
			name: "a nationality opens an organisation's name",
			text: "Nigerian National Petroleum Company chief executive Mele Kyari said output rose.",
			ms:   []in{{"Nigerian", "NORP"}, {"National Petroleum Company", "ORG"}, {"Mele Kyari", "PERSON"}},
			rule: tg.orgTitles,
			want: []string{"ORG Nigerian National Petroleum Company", "PERSON Mele Kyari"},
		},
		{
			name: "a nationality before a name without an organisation word stays",
			text: "Iranian President Masoud Pezeshkian spoke.",
			ms:   []in{{"Iranian", "NORP"}, {"Masoud Pezeshkian", "PERSON"}},
			rule: tg.orgTitles,
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
			name: "a capitalised word in brackets after an organisation's name is its short name",
			text: "Aid came from the National Athletes' Welfare Foundation (Yakeb) and the Ministry of Health (Minsa).",
			ms:   []in{{"National Athletes' Welfare Foundation", "ORG"}, {"Yakeb", "PERSON"}, {"Ministry of Health", "ORG"}},
			rule: tg.acronyms,
			want: []string{"ORG National Athletes' Welfare Foundation", "ORG Yakeb", "ORG Ministry of Health", "ORG Minsa"},
		},
		{
			name: "a place, a date or a person's name in brackets is no short name",
			text: "The Welfare Foundation (London) met. The Relief Trust (March) met Tom Hill (Labour).",
			ms:   []in{{"Welfare Foundation", "ORG"}, {"London", "LOC"}, {"Relief Trust", "ORG"}, {"Tom Hill", "PERSON"}, {"Labour", "ORG"}},
			rule: tg.acronyms,
			want: []string{"ORG Welfare Foundation", "LOC London", "ORG Relief Trust", "PERSON Tom Hill", "ORG Labour"},
		},
		{
			name: "a listed company the model left out, before its ticker",
			text: "Microsoft (MSFT) and Alphabet (GOOGL) rose, as did Zorblax (ZBX).",
			ms:   []in{{"Microsoft", "ORG"}},
			rule: tg.tickers,
			want: []string{"ORG Microsoft", "ORG MSFT", "ORG Alphabet", "ORG GOOGL"},
		},
		{
			name: "an acronym keeps its long form when a listed company is added before it",
			text: "Alphabet (GOOGL) backed Sexual Minorities Uganda (SMUG) last year.",
			ms:   []in{{"Sexual Minorities Uganda", "ORG"}},
			rule: func(d *doc, ms []mention) []mention {
				ms = tg.listedBeforeTickers(d, tg.acronyms(d, ms))
				for _, m := range ms {
					if d.surface(m) == "SMUG" && (m.alias < 0 || d.surface(ms[m.alias]) != "Sexual Minorities Uganda") {
						t.Errorf("SMUG's alias = %d, want the index of its long form", m.alias)
					}
				}
				return ms
			},
			want: []string{"ORG Alphabet", "ORG Sexual Minorities Uganda", "ORG SMUG"},
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
			name: "a name in apposition with an indefinite business noun",
			text: "Douban, a Chinese social media platform, suspended its groups.",
			ms:   []in{{"Douban", "PERSON"}, {"Chinese", "NORP"}},
			rule: tg.companies,
			want: []string{"ORG Douban", "NORP Chinese"},
		},
		{
			name: "a sentence's first word in apposition with a business noun",
			text: "Shohoz, the Bangladeshi ticketing firm, denied it. However, the group said more.",
			ms:   []in{{"Bangladeshi", "NORP"}},
			rule: tg.companies,
			want: []string{"ORG Shohoz", "NORP Bangladeshi"},
		},
		{
			name: "a name after a word for part of a company",
			text: "Iberdrola agreed to buy the rest of its US unit Avangrid.",
			ms:   []in{{"US", "LOC"}, {"Avangrid", "LOC"}},
			rule: tg.companies,
			want: []string{"LOC US", "ORG Avangrid"},
		},
		{
			name: "a name after a role a company has, and of",
			text: "Sam Altman returned as chief executive of OpenAI, and the former head of Philips met the head of France.",
			ms:   []in{{"Sam Altman", "PERSON"}, {"OpenAI", "LOC"}, {"France", "LOC"}},
			rule: tg.companies,
			want: []string{"PERSON Sam Altman", "ORG OpenAI", "ORG Philips", "LOC France"},
		},
		{
			name: "a name said to be a company",
			text: "Simetrik is a company that automates reconciliation.",
			ms:   []in{{"Simetrik", "PERSON"}},
			rule: tg.companies,
			want: []string{"ORG Simetrik"},
		},
		{
			name: "a business noun that qualifies a role is no apposition",
			text: "Sarah Douban, a company spokesman, declined to comment.",
			ms:   []in{{"Sarah Douban", "PERSON"}},
			rule: tg.companies,
			want: []string{"PERSON Sarah Douban"},
		},
		{
			name: "a name after an organisation noun",
			text: "The rights organisation Nunavut Tunngavik says banks are scarce.",
			ms:   nil,
			rule: tg.companies,
			want: []string{"ORG Nunavut Tunngavik"},
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
			name: "the surname before a hyphenated Chinese or Korean given name, alone",
			text: "Secretary Gregory Lau Kam-wing spoke. Later, Lau said trade would recover, as Moon Jae-in said and Moon repeated. Jean-Pierre Dupont agreed with Dupont.",
			ms:   []in{{"Gregory Lau Kam-wing", "PERSON"}, {"Moon Jae-in", "PERSON"}, {"Jean-Pierre Dupont", "PERSON"}},
			rule: tg.consistent,
			want: []string{"PERSON Gregory Lau Kam-wing", "PERSON Lau", "PERSON Moon Jae-in", "PERSON Moon", "PERSON Jean-Pierre Dupont", "PERSON Dupont"},
		},
		{
			name: "a surname alone, not the first word of a longer name",
			text: "Devotees chanted Jai Shri Ram. Ram Navami processions went on, and Ram later spoke.",
			ms:   []in{{"Jai Shri Ram", "PERSON"}},
			rule: tg.consistent,
			want: []string{"PERSON Jai Shri Ram", "PERSON Ram"},
		},
		{
			name: "a surname of a person named in full stays a person",
			text: "William Boeing founded the firm in 1916. Boeing said planes would change travel.",
			ms:   []in{{"William Boeing", "PERSON"}},
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

// TestDecidedNameOutvotes checks that a type a rule decided for a name
// (here a business cue's) outweighs the model's other guesses for the same
// name in the document: one "Douban, a ... platform" against four lone
// "Douban" the model took for a person.
func TestDecidedNameOutvotes(t *testing.T) {
	tg := newTagger(t)
	d := ruleDoc(t, tg, "Douban, a Chinese social media platform, shut groups. Douban users left. Douban said so. Douban added rules. Douban closed.")
	var ms []mention
	for i := range d.toks {
		if d.word(i) == "Douban" {
			ms = append(ms, mention{start: i, end: i + 1, typ: "PERSON", alias: -1})
		}
	}
	got := surfaces(d, tg.consistent(d, tg.companies(d, ms)))
	want := []string{"ORG Douban", "ORG Douban", "ORG Douban", "ORG Douban", "ORG Douban"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestPlaceOfOutvotes checks that a place named after a kind of place and
// "of" ("the settlement of Wybalenna") decides the name's type in the
// document's vote, also when the model already read it as a place there:
// it outweighs the model's lone readings of the name as a person.
func TestPlaceOfOutvotes(t *testing.T) {
	tg := newTagger(t)
	d := ruleDoc(t, tg, "Survivors were taken to the settlement of Wybalenna in 1831. Wybalenna was set up with hope. In reality, Wybalenna became a place of death.")
	var ms []mention
	for i := range d.toks {
		if d.word(i) == "Wybalenna" {
			typ := "PERSON"
			if len(ms) == 0 {
				typ = "LOC"
			}
			ms = append(ms, mention{start: i, end: i + 1, typ: typ, alias: -1})
		}
	}
	got := surfaces(d, tg.consistent(d, placesOf(d, ms)))
	want := []string{"LOC Wybalenna", "LOC Wybalenna", "LOC Wybalenna"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAcronymRepeats checks that the document pass labels the repeats of
// an acronym defined in brackets when its long form reads as a name, and
// not when it does not ("First Information Report (FIR)").
func TestAcronymRepeats(t *testing.T) {
	tg := newTagger(t)
	d := ruleDoc(t, tg, "The Bank of Ghana (BoG) raised rates, and a First Information Report (FIR) was filed. Later the BoG said the FIR was wrong.")
	var ms []mention
	for _, long := range []string{"Bank of Ghana", "First Information Report"} {
		ms = append(ms, span(t, d, long, "ORG"))
		m := ms[len(ms)-1]
		ms = append(ms, mention{start: m.end + 1, end: m.end + 2, typ: "ORG", alias: len(ms) - 1})
	}
	got := surfaces(d, tg.consistent(d, ms))
	want := []string{"ORG Bank of Ghana", "ORG BoG", "ORG First Information Report", "ORG FIR", "ORG BoG"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
