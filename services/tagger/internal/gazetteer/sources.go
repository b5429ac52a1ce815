package gazetteer

import (
	"archive/tar"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Sources are the public lists Build reads. Countries and Cities are
// required; a nil optional source adds nothing.
type Sources struct {
	// Countries is mledoze/countries' countries.json (ODbL 1.0).
	Countries io.Reader
	// Cities is a GeoNames cities15000 file (CC BY, GeoNames.org).
	Cities io.Reader
	// SP500 is datasets/s-and-p-500-companies' constituents.csv.
	SP500 io.Reader
	// NASDAQ is datasets/nasdaq-listings' nasdaq-listed.csv.
	NASDAQ io.Reader
	// OtherListed is datasets/nyse-other-listings' other-listed.csv, which
	// holds every NYSE-listed security of nyse-listed.csv and more.
	OtherListed io.Reader
	// Parties is partyfactsdata's import/wikipedia/wikipedia.csv.
	Parties io.Reader
	// Clubs is a tar of openfootball/clubs' *.clubs.txt files.
	Clubs io.Reader
	// Universities is Hipo's world_universities_and_domains.json.
	Universities io.Reader
	// Legislators is unitedstates/congress-legislators' legislators-current.yaml.
	Legislators io.Reader
}

// company is one listed company gathered from the listings.
type company struct {
	id, canonical string
	names         []string
	pop           int
}

// readCompanies merges the exchange listings into one entry per company:
// the securities of one company (share classes, ADSs) share its cleaned
// name, which takes the id of its first ticker in sorted order. Funds,
// warrants, rights, units, notes, preferred shares and blank-cheque
// companies are skipped. S&P 500 members rank higher (Pop 3) and add the
// short name the index uses ("Goldman Sachs").
func readCompanies(src Sources) ([]row, error) {
	byName := map[string]*company{}
	var order []string
	add := func(exchange, symbol, security string) {
		name, ok := companyName(security)
		if !ok {
			return
		}
		key := strings.ToLower(name)
		c := byName[key]
		id := "ticker:" + exchange + ":" + symbol
		if c == nil {
			c = &company{id: id, canonical: name, pop: 1}
			byName[key] = c
			order = append(order, key)
		} else if id < c.id {
			c.id = id
		}
		c.names = append(c.names, name)
		if n := strings.TrimSuffix(name, "."); n != name {
			c.names = append(c.names, n) // "Apple Inc" as well as "Apple Inc."
		}
		if s := shortName(name); s != "" {
			c.names = append(c.names, s)
		}
		if bare := withoutBang(name); bare != name {
			// "Yum! Brands, Inc." is written "Yum Brands" as often.
			c.names = append(c.names, bare)
			if s := shortName(bare); s != "" {
				c.names = append(c.names, s)
			}
		}
	}
	if src.NASDAQ != nil {
		recs, err := readCSV(src.NASDAQ, "nasdaq listings")
		if err != nil {
			return nil, err
		}
		for _, r := range recs[1:] {
			if len(r) < 2 || r[1] == "" || strings.HasPrefix(r[0], "File Creation Time") {
				continue
			}
			add("NASDAQ", r[0], r[1])
		}
	}
	if src.OtherListed != nil {
		recs, err := readCSV(src.OtherListed, "other listings")
		if err != nil {
			return nil, err
		}
		// ACT Symbol, Company Name, Security Name, Exchange, CQS Symbol, ETF, Round Lot Size, Test Issue, NASDAQ Symbol
		for _, r := range recs[1:] {
			if len(r) < 8 || r[5] == "Y" || r[7] == "Y" {
				continue
			}
			ex, ok := exchanges[r[3]]
			if !ok {
				continue
			}
			add(ex, r[0], listedName(r[1], r[2]))
		}
	}
	if src.SP500 != nil {
		recs, err := readCSV(src.SP500, "s&p 500 constituents")
		if err != nil {
			return nil, err
		}
		// Symbol, Security, ...: join on the ticker; the index's own name
		// ("Goldman Sachs", "Amazon") is an alias.
		bySymbol := map[string]*company{}
		for _, k := range order {
			c := byName[k]
			bySymbol[c.id[strings.LastIndexByte(c.id, ':')+1:]] = c
		}
		for _, r := range recs[1:] {
			if len(r) < 2 {
				continue
			}
			short := strings.TrimSpace(stripParens(r[1]))
			c := bySymbol[r[0]]
			if c == nil {
				key := strings.ToLower(short)
				if c = byName[key]; c == nil {
					c = &company{id: "ticker:US:" + r[0], canonical: short}
					byName[key] = c
					order = append(order, key)
				}
			}
			c.pop = 3
			c.names = append(c.names, short)
			if s := shortName(short); s != "" {
				c.names = append(c.names, s)
			}
			if bare := withoutBang(short); bare != short {
				c.names = append(c.names, bare)
			}
		}
	}
	rows := make([]row, 0, len(order))
	for _, k := range order {
		c := byName[k]
		rows = append(rows, row{kind: KindCompany, id: c.id, pop: c.pop, canonical: c.canonical, names: dedupe(c.names)})
	}
	return rows, nil
}

// listedName picks the name to clean from other-listed.csv's Company Name
// and Security Name: the company name, unless it is cut short and the
// security name carries it whole ("Harley" and "Harley-Davidson, Inc.
// Common Stock").
func listedName(company, security string) string {
	c, ok := companyName(company)
	s, sok := companyName(security)
	if sok && (!ok || len(s) > len(c) && strings.HasPrefix(s, c)) {
		return security
	}
	return company
}

// withoutBang drops the exclamation marks some companies put in their
// names ("Yum! Brands" -> "Yum Brands").
func withoutBang(name string) string {
	if !strings.Contains(name, "!") {
		return name
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(name, "!", " ")), " ")
}

// exchanges maps other-listed.csv's exchange codes to names.
var exchanges = map[string]string{"N": "NYSE", "A": "NYSEAMERICAN", "P": "NYSEARCA", "Z": "CBOE", "V": "IEX"}

// skipSecurity holds words of security names that are not companies'
// ordinary shares.
var skipSecurity = []string{" etf", " etn", " fund", "warrant", " right", " unit", " notes", " note ", "debenture",
	"preferred", "acquisition corp", "acquisition co", "capital trust", " bond", " index", "% ", "trust certificates",
	"subordinated", "senior ", "interests", "income shares", "dep shs", "pfd", "repstg", "strats", " series"}

// companyName cleans a listing's security name to its company's name
// ("Apple Inc. - Common Stock" -> "Apple Inc.", "Goldman Sachs Group,
// Inc. (The) Common Stock" -> "The Goldman Sachs Group, Inc.") and reports
// false for securities that are not a company's shares.
func companyName(security string) (string, bool) {
	s := strings.TrimSpace(security)
	low := " " + strings.ToLower(s) + " "
	for _, w := range skipSecurity {
		if strings.Contains(low, w) {
			return "", false
		}
	}
	if i := strings.Index(s, " - "); i > 0 {
		s = s[:i]
	}
	for _, marker := range []string{" Common Stock", " Common Shares", " Ordinary Shares", " Class ", " American Depositary",
		" Depositary", " Capital Stock", " Common Units", " Shares", " New "} {
		if i := strings.Index(s, marker); i > 0 {
			s = s[:i]
		}
	}
	s = strings.TrimRight(strings.TrimSpace(s), ",;")
	if strings.HasSuffix(s, " (The)") {
		s = "The " + strings.TrimSuffix(s, " (The)")
	}
	if len(s) < 2 || !startsUpper(s) {
		return "", false
	}
	return s, true
}

// legalForms end company names and are dropped for the short form.
var legalForms = []string{", Inc.", ", Inc", " Inc.", " Inc", " Incorporated", " Corporation", " Corp.", " Corp", " Company",
	" Co.", " Co", " Ltd.", " Ltd", " Limited", " plc", " PLC", " P.L.C.", " N.V.", " S.A.", " SA", " AG", " SE", " AB", " ASA",
	" Holdings", " Holding", " Group", ", L.P.", " L.P.", " LP", " LLC", " L.L.C.", ".com", ","}

// shortName returns the name without its legal form and a leading "The"
// ("The Goldman Sachs Group, Inc." -> "Goldman Sachs"), or "" when that
// leaves the name as it was, or too short to be a name.
func shortName(name string) string {
	s := strings.TrimPrefix(name, "The ")
	for changed := true; changed; {
		changed = false
		for _, f := range legalForms {
			if strings.HasSuffix(s, f) && len(s) > len(f)+1 {
				s, changed = strings.TrimSpace(strings.TrimSuffix(s, f)), true
			}
		}
	}
	if s == name || len(s) < 2 || !startsUpper(s) {
		return ""
	}
	return s
}

func startsUpper(s string) bool {
	return s != "" && (s[0] >= 'A' && s[0] <= 'Z' || s[0] >= '0' && s[0] <= '9')
}

func stripParens(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		return s[:i]
	}
	return s
}

func readCSV(r io.Reader, what string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", what, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("parse %s: no rows", what)
	}
	return recs, nil
}

// readParties reads Party Facts' Wikipedia import: "country",
// "partyfacts_id", "url", "name_short", "name", "name_native", ... The
// English name is canonical; the acronym and a native name written in
// Latin letters are aliases.
func readParties(r io.Reader) ([]row, error) {
	recs, err := readCSV(r, "parties")
	if err != nil {
		return nil, err
	}
	var rows []row
	for _, f := range recs[1:] {
		if len(f) < 6 || f[4] == "" {
			continue
		}
		names := []string{f[4]}
		// Two-letter acronyms ("AP", "PS", "DA") are other things too often.
		if a := strings.TrimSpace(f[3]); len(a) >= 3 && a != f[4] {
			names = append(names, a)
		}
		if n := strings.TrimSpace(f[5]); latinName(n) {
			names = append(names, n)
		}
		rows = append(rows, row{kind: KindParty, id: "partyfacts:" + f[1], pop: 1, canonical: f[4], names: dedupe(names)})
	}
	return rows, nil
}

// readClubs reads openfootball's club files from a tar: a club line
// ("Arsenal FC, 1886, @ Emirates Stadium, London") followed by alias lines
// ("  | Arsenal | FC Arsenal"); "#" starts a comment.
func readClubs(r io.Reader) ([]row, error) {
	tr := tar.NewReader(r)
	var rows []row
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read clubs: %w", err)
		}
		base := path.Base(h.Name)
		if !strings.HasSuffix(base, ".clubs.txt") {
			continue
		}
		country := strings.TrimSuffix(base, ".clubs.txt")
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("read clubs %s: %w", h.Name, err)
		}
		var cur *row
		for _, line := range strings.Split(string(b), "\n") {
			if i := strings.Index(line, "#"); i >= 0 {
				line = line[:i]
			}
			trimmed := strings.TrimSpace(line)
			switch {
			case trimmed == "" || strings.HasPrefix(trimmed, "="):
			case strings.HasPrefix(trimmed, "|"):
				if cur == nil {
					continue
				}
				for _, a := range strings.Split(trimmed, "|") {
					if a = strings.TrimSpace(a); clubName(a) {
						cur.names = append(cur.names, a)
					}
				}
			case line[0] != ' ' && line[0] != '\t':
				name, _, _ := strings.Cut(trimmed, ",")
				name = strings.TrimSpace(name)
				if !clubName(name) {
					cur = nil
					continue
				}
				rows = append(rows, row{kind: KindClub, id: "club:" + country + ":" + slug(name), pop: 1, canonical: name, names: []string{name}})
				cur = &rows[len(rows)-1]
			}
		}
	}
	for i := range rows {
		rows[i].names = dedupe(rows[i].names)
	}
	return rows, nil
}

// clubName reports whether s can be a club's name: it starts with a
// capital and is not an abbreviation that ends in a period ("Tottenham H.").
func clubName(s string) bool {
	return len(s) >= 3 && startsUpper(s) && !strings.HasSuffix(s, ".")
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// readUniversities reads Hipo's university list; the first web domain is
// the id.
func readUniversities(r io.Reader) ([]row, error) {
	var us []struct {
		Name    string   `json:"name"`
		Domains []string `json:"domains"`
	}
	if err := json.NewDecoder(r).Decode(&us); err != nil {
		return nil, fmt.Errorf("parse universities: %w", err)
	}
	seen := map[string]bool{}
	var rows []row
	for _, u := range us {
		name := strings.TrimSpace(u.Name)
		if len(u.Domains) == 0 || !startsUpper(name) || seen[name] {
			continue
		}
		seen[name] = true
		rows = append(rows, row{kind: KindUniversity, id: "univ:" + strings.ToLower(u.Domains[0]), pop: 1, canonical: name, names: []string{name}})
	}
	return rows, nil
}

// readLegislators reads the current members of the US Congress: the
// official name, first and last name, and nickname and last name.
func readLegislators(r io.Reader) ([]row, error) {
	var ls []struct {
		ID struct {
			Wikidata string `yaml:"wikidata"`
			Bioguide string `yaml:"bioguide"`
		} `yaml:"id"`
		Name struct {
			First        string `yaml:"first"`
			Last         string `yaml:"last"`
			Nickname     string `yaml:"nickname"`
			OfficialFull string `yaml:"official_full"`
		} `yaml:"name"`
	}
	if err := yaml.NewDecoder(r).Decode(&ls); err != nil {
		return nil, fmt.Errorf("parse legislators: %w", err)
	}
	var rows []row
	for _, l := range ls {
		n := l.Name
		if n.Last == "" || n.First == "" {
			continue
		}
		canon := n.OfficialFull
		if canon == "" {
			canon = n.First + " " + n.Last
		}
		names := []string{canon, n.First + " " + n.Last}
		if n.Nickname != "" {
			names = append(names, n.Nickname+" "+n.Last)
		}
		id := "wikidata:" + l.ID.Wikidata
		if l.ID.Wikidata == "" {
			id = "bioguide:" + l.ID.Bioguide
		}
		rows = append(rows, row{kind: KindPerson, id: id, pop: 1, canonical: canon, names: dedupe(names)})
	}
	return rows, nil
}

// optionalRows reads every optional source of src.
func optionalRows(src Sources) ([]row, error) {
	var rows []row
	companies, err := readCompanies(src)
	if err != nil {
		return nil, err
	}
	rows = append(rows, companies...)
	for _, s := range []struct {
		r    io.Reader
		read func(io.Reader) ([]row, error)
	}{{src.Parties, readParties}, {src.Clubs, readClubs}, {src.Universities, readUniversities}, {src.Legislators, readLegislators}} {
		if s.r == nil {
			continue
		}
		rs, err := s.read(s.r)
		if err != nil {
			return nil, err
		}
		rows = append(rows, rs...)
	}
	for i := range rows {
		rows[i].names = slices.DeleteFunc(rows[i].names, func(n string) bool { return strings.ContainsAny(n, "\t|\n") })
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	return slices.DeleteFunc(rows, func(r row) bool { return len(r.names) == 0 }), nil
}
