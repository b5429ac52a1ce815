package gazetteer

import (
	"archive/tar"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompanyName(t *testing.T) {
	tests := []struct {
		security, name, short string
		ok                    bool
	}{
		{"Apple Inc. - Common Stock", "Apple Inc.", "Apple", true},
		{"Goldman Sachs Group, Inc. (The) Common Stock", "The Goldman Sachs Group, Inc.", "Goldman Sachs", true},
		{"Baidu, Inc. - American Depositary Shares, each representing 8 ordinary share", "Baidu, Inc.", "Baidu", true},
		{"Alphabet Inc. - Class A Common Stock", "Alphabet Inc.", "Alphabet", true},
		{"Amazon.com, Inc. - Common Stock", "Amazon.com, Inc.", "Amazon", true},
		{"Morgan Stanley", "Morgan Stanley", "", true},
		{"Pacer Barings CLO Market Flex ETF", "", "", false},
		{"Artius II Acquisition Inc. - Rights", "", "", false},
		{"Ares Acquisition Corporation III Units, each consisting of one Class A ordinary share and one", "", "", false},
		{"Morgan Stanley Dep Shs repstg 1/1000 Pfd Ser A", "", "", false},
		{"Acme Corp - Warrants", "", "", false},
	}
	for _, tt := range tests {
		name, ok := companyName(tt.security)
		if name != tt.name || ok != tt.ok {
			t.Errorf("companyName(%q) = %q, %v, want %q, %v", tt.security, name, ok, tt.name, tt.ok)
			continue
		}
		if ok {
			if got := shortName(name); got != tt.short {
				t.Errorf("shortName(%q) = %q, want %q", name, got, tt.short)
			}
		}
	}
}

// TestReadCompanies checks that the listings merge into one entry per
// company, whose names include the short form, and that the S&P 500 adds
// its own short name and the higher rank.
func TestReadCompanies(t *testing.T) {
	src := Sources{
		NASDAQ: strings.NewReader("Symbol,Security Name\nGOOGL,Alphabet Inc. - Class A Common Stock\nGOOG,Alphabet Inc. - Class C Capital Stock\n" +
			"AAPL,Apple Inc. - Common Stock\nQQQ,Invesco QQQ Trust ETF\nFile Creation Time: 0731202621:31,\n"),
		OtherListed: strings.NewReader("ACT Symbol,Company Name,Security Name,Exchange,CQS Symbol,ETF,Round Lot Size,Test Issue,NASDAQ Symbol\n" +
			"GS,\"Goldman Sachs Group, Inc. (The) Common Stock\",x,N,GS,N,100.0,N,GS\nSPY,SPDR S&P 500,x,P,SPY,Y,100.0,N,SPY\n" +
			"HOG,Harley,\"Harley-Davidson, Inc. Common Stock\",N,HOG,N,100.0,N,HOG\nYUM,\"Yum! Brands, Inc.\",\"Yum! Brands, Inc.\",N,YUM,N,100.0,N,YUM\n"),
		SP500: strings.NewReader("Symbol,Security,GICS Sector\nGS,Goldman Sachs,Financials\nAAPL,Apple Inc.,Information Technology\nYUM,Yum! Brands,Consumer Discretionary\n"),
	}
	rows, err := readCompanies(src)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]row{}
	for _, r := range rows {
		got[r.id] = r
	}
	want := map[string]row{
		"ticker:NASDAQ:GOOG": {kind: KindCompany, id: "ticker:NASDAQ:GOOG", pop: 1, canonical: "Alphabet Inc.", names: []string{"Alphabet Inc.", "Alphabet Inc", "Alphabet"}},
		"ticker:NASDAQ:AAPL": {kind: KindCompany, id: "ticker:NASDAQ:AAPL", pop: 3, canonical: "Apple Inc.", names: []string{"Apple Inc.", "Apple Inc", "Apple"}},
		"ticker:NYSE:GS":     {kind: KindCompany, id: "ticker:NYSE:GS", pop: 3, canonical: "The Goldman Sachs Group, Inc.", names: []string{"The Goldman Sachs Group, Inc.", "The Goldman Sachs Group, Inc", "Goldman Sachs"}},
		// The company name cut short ("Harley"): the security name's.
		"ticker:NYSE:HOG": {kind: KindCompany, id: "ticker:NYSE:HOG", pop: 1, canonical: "Harley-Davidson, Inc.", names: []string{"Harley-Davidson, Inc.", "Harley-Davidson, Inc", "Harley-Davidson"}},
		"ticker:NYSE:YUM": {kind: KindCompany, id: "ticker:NYSE:YUM", pop: 3, canonical: "Yum! Brands, Inc.",
			names: []string{"Yum! Brands, Inc.", "Yum! Brands, Inc", "Yum! Brands", "Yum Brands, Inc.", "Yum Brands"}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("readCompanies (-want +got):\n%s", diff)
	}
}

func TestReadClubs(t *testing.T) {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	body := "=====\n= England\n\nArsenal FC, 1886, @ Emirates Stadium, London  ## Greater London\n  | Arsenal | FC Arsenal\n" +
		"  | Arsenal Football Club\n  | Woolwich Arsenal FC  # old name\nTottenham Hotspur FC, 1882\n  | Tottenham | Spurs | Tottenham H.\n"
	for _, f := range []struct{ name, body string }{{"./europe/england/eng.clubs.txt", body}, {"./europe/england/eng.stadiums.txt", "Wembley\n"}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body))}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(f.body))
	}
	tw.Close()
	rows, err := readClubs(&b)
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{kind: KindClub, id: "club:eng:arsenal-fc", pop: 1, canonical: "Arsenal FC", names: []string{"Arsenal FC", "Arsenal", "FC Arsenal", "Arsenal Football Club", "Woolwich Arsenal FC"}},
		{kind: KindClub, id: "club:eng:tottenham-hotspur-fc", pop: 1, canonical: "Tottenham Hotspur FC", names: []string{"Tottenham Hotspur FC", "Tottenham", "Spurs"}},
	}
	if diff := cmp.Diff(want, rows, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("readClubs (-want +got):\n%s", diff)
	}
}

// TestLoadLists checks that the shipped list holds the new kinds, with
// their ids, and that "Apple" and "Apple Inc." share one entry.
func TestLoadLists(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	entry := func(name string, kind Kind) Entry {
		for _, e := range g.Lookup(name, nil) {
			if e.Kind == kind {
				return e
			}
		}
		return Entry{}
	}
	apple := entry("Apple", KindCompany)
	if apple.ID != "ticker:NASDAQ:AAPL" || apple.Canonical != "Apple Inc." {
		t.Errorf("Apple = %+v, want ticker:NASDAQ:AAPL, Apple Inc.", apple)
	}
	for _, alias := range []string{"Apple Inc.", "Apple Inc", "APPLE"} {
		if got := entry(alias, KindCompany); got != apple {
			t.Errorf("%s = %+v, want the entry of Apple %+v", alias, got, apple)
		}
	}
	for _, tt := range []struct {
		name   string
		kind   Kind
		prefix string
	}{
		{"Goldman Sachs", KindCompany, "ticker:NYSE:GS"},
		{"Manchester United", KindClub, "club:eng:"},
		{"Harvard University", KindUniversity, "univ:"},
		{"Bernie Sanders", KindPerson, "wikidata:Q"},
		{"Christian Democratic Union", KindParty, "partyfacts:"},
		{"ECB", KindOrg, "org:european-central-bank"},
		{"Securities and Exchange Commission", KindOrg, "org:securities-and-exchange-commission"},
	} {
		if e := entry(tt.name, tt.kind); !strings.HasPrefix(e.ID, tt.prefix) {
			t.Errorf("%s (%v) = %+v, want an id starting %q", tt.name, tt.kind, e, tt.prefix)
		}
	}
}
