package language

import "testing"

// Sentences written for this test.
func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The government announced on Wednesday that taxes for small businesses would fall next year, and the opposition said the plan was too timid.", "en"},
		{"Die Regierung kündigte am Mittwoch an, dass die Steuern für kleine Unternehmen im nächsten Jahr sinken werden, die Opposition nannte den Plan zu zaghaft.", "de"},
		{"Le gouvernement a annoncé mercredi que les impôts des petites entreprises baisseraient l'année prochaine, et l'opposition a jugé le plan trop timide.", "fr"},
		{"El gobierno anunció el miércoles que los impuestos de las pequeñas empresas bajarán el próximo año, y la oposición dijo que el plan era demasiado tímido.", "es"},
		{"Il governo ha annunciato mercoledì che le tasse per le piccole imprese diminuiranno l'anno prossimo, e l'opposizione ha definito il piano troppo timido.", "it"},
		{"Правительство объявило в среду, что налоги для малого бизнеса снизятся в следующем году, а оппозиция назвала план слишком робким.", "ru"},
		{"Rząd ogłosił w środę, że podatki dla małych firm spadną w przyszłym roku, a opozycja uznała plan za zbyt nieśmiały.", "pl"},
		{"De regering maakte woensdag bekend dat de belastingen voor kleine bedrijven volgend jaar dalen, maar de oppositie noemde het plan te voorzichtig.", "nl"},
		{"", ""},
		{"12345 !!!", ""},
	}
	for _, tt := range tests {
		got, conf := Detect(tt.text)
		if got != tt.want {
			t.Errorf("Detect(%q) = %q (%.2f), want %q", tt.text, got, conf, tt.want)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	s := "The government announced on Wednesday that taxes for small businesses would fall next year, and the opposition said the plan was too timid. "
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Detect(s)
	}
}
