package language

import (
	"strings"
	"testing"
)

// Sentences written for this test: news-like text in the languages the
// stop-word pass answers for, and in close relatives it must leave to the
// trigram detector. Portuguese needs a paragraph: Galician, a veto, shares
// most of its function words.
var (
	answered = []struct{ text, want string }{
		{"The council said on Tuesday that the bridge would close for six weeks from April, and that the work would cost about twelve million pounds, of which the government would pay most.", "en"},
		{"Der Stadtrat teilte am Dienstag mit, dass die Brücke ab April für sechs Wochen gesperrt wird und die Arbeiten etwa zwölf Millionen Euro kosten, von denen der Bund den größten Teil trägt.", "de"},
		{"Le conseil a indiqué mardi que le pont serait fermé pendant six semaines à partir d'avril et que les travaux coûteraient environ douze millions d'euros, dont l'État paiera la plus grande part.", "fr"},
		{"El ayuntamiento dijo el martes que el puente se cerrará durante seis semanas a partir de abril y que las obras costarán unos doce millones de euros, de los que el Estado pagará la mayor parte.", "es"},
		{"Il consiglio ha detto martedì che il ponte sarà chiuso per sei settimane da aprile e che i lavori costeranno circa dodici milioni di euro, di cui lo Stato pagherà la parte più grande.", "it"},
		{"A câmara disse na terça-feira que a ponte vai fechar durante seis semanas a partir de abril e que as obras vão custar cerca de doze milhões de euros, dos quais o Estado vai pagar a maior parte. Segundo o presidente da câmara, não há outra solução, porque os cabos da ponte já têm mais de quarenta anos e o risco para quem passa por ela é cada vez maior. As obras devem começar no dia 1 de abril, mas a data ainda pode mudar se o tempo não ajudar.", "pt"},
		{"De gemeenteraad zei dinsdag dat de brug vanaf april zes weken dicht gaat en dat de werken ongeveer twaalf miljoen euro kosten, waarvan de regering het grootste deel zal betalen. Volgens de wethouder is er geen andere oplossing, omdat de kabels van de brug na veertig jaar aan vervanging toe zijn en het risico voor het verkeer te groot wordt.", "nl"},
		{"Rada miasta poinformowała we wtorek, że most będzie zamknięty przez sześć tygodni od kwietnia, a prace będą kosztować około dwunastu milionów złotych, z których większość zapłaci rząd.", "pl"},
	}
	relatives = []string{
		"El govern va anunciar dimecres que els impostos de les petites empreses baixaran l'any vinent, i l'oposició va dir que el pla era massa tímid i que no resoldria els problemes de les famílies.",
		"O goberno anunciou o mércores que os impostos das pequenas empresas baixarán o ano que vén, e a oposición dixo que o plan era demasiado tímido e que non resolvería os problemas das familias.",
		"Die regering het op Woensdag aangekondig dat die belasting vir klein besighede volgende jaar sal daal, en die opposisie het gesê dat die plan te versigtig is en nie die probleme van die gesinne sal oplos nie.",
		"Guvernul a anunțat miercuri că taxele pentru firmele mici vor scădea anul viitor, iar opoziția a spus că planul este prea timid și că nu va rezolva problemele familiilor din această țară.",
		"Regeringen meddelte onsdag, at skatten for små virksomheder vil falde næste år, og oppositionen sagde, at planen var for forsigtig og ikke ville løse familiernes problemer i det hele taget.",
		"Vláda v stredu oznámila, že dane pre malé firmy budú budúci rok nižšie, a opozícia povedala, že plán je príliš opatrný a nevyrieši problémy rodín, ktoré sú na tom zle.",
	}
)

func TestStopDetectAnswers(t *testing.T) {
	for _, tt := range answered {
		t.Run(tt.want, func(t *testing.T) {
			got, conf, ok := stopDetect(tt.text)
			if !ok || got != tt.want || conf < MinConfidence {
				t.Errorf("stopDetect(%q) = %q, %.2f, %v, want %q, >= %.2f, true", tt.text, got, conf, ok, tt.want, MinConfidence)
			}
			if tri, _ := trigram(tt.text); tri != got {
				t.Errorf("stopDetect(%q) = %q, trigram detector says %q", tt.text, got, tri)
			}
		})
	}
}

// A page whose text opens with a kilobyte of headings and names before its
// prose is decided by reading on, not by the trigram detector.
func TestStopDetectReadsOn(t *testing.T) {
	var sb strings.Builder
	for sb.Len() < stopScanBytes {
		sb.WriteString("Bundesliga | Tabelle | Spielplan | FC Bayern München | Borussia Dortmund | 23.10.2018\n")
	}
	prose := answered[1].text
	text := sb.String() + strings.Repeat(prose+"\n", 15)
	if _, _, ok := stopScan(text[:stopScanBytes]); ok {
		t.Fatalf("the first %d bytes decide on their own; the test needs them not to", stopScanBytes)
	}
	if got, _, ok := stopDetect(text); !ok || got != "de" {
		t.Errorf("stopDetect(headings + German prose) = %q, %v, want de, true", got, ok)
	}
}

func TestStopDetectStepsAside(t *testing.T) {
	tests := append([]string{
		"",
		"Reuters AP AFP", // too few words
		strings.Repeat("Obama Merkel Macron ", 20), // names only
		"Правительство объявило в среду, что налоги для малого бизнеса снизятся в следующем году, а оппозиция назвала план слишком робким и опасным для страны.",
	}, relatives...)
	for _, text := range tests {
		if got, conf, ok := stopDetect(text); ok {
			t.Errorf("stopDetect(%q) = %q, %.2f, true, want the trigram detector to decide", text, got, conf)
		}
	}
}

// BenchmarkStopDetect is the fast path alone; BenchmarkDetect includes it.
func BenchmarkStopDetect(b *testing.B) {
	s := strings.Repeat(answered[0].text+" ", 8)
	b.SetBytes(int64(min(len(s), stopScanBytes)))
	for b.Loop() {
		stopDetect(s)
	}
}
