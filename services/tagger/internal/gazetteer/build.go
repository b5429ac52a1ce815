package gazetteer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

type country struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	CCA2         string   `json:"cca2"`
	Independent  bool     `json:"independent"`
	UNMember     bool     `json:"unMember"`
	AltSpellings []string `json:"altSpellings"`
	Region       string   `json:"region"`
	Subregion    string   `json:"subregion"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

type row struct {
	kind      Kind
	id        string
	pop       int
	canonical string
	names     []string
}

// Build reads the mledoze countries JSON, a GeoNames cities file and the
// optional lists of src (companies, parties, clubs, universities, people),
// adds the hand lists, and writes the list Read parses. The output is
// sorted and so is the same for the same inputs.
func Build(w io.Writer, src Sources) error {
	if src.Countries == nil || src.Cities == nil {
		return fmt.Errorf("build gazetteer: countries and cities are required")
	}
	var cs []country
	if err := json.NewDecoder(src.Countries).Decode(&cs); err != nil {
		return fmt.Errorf("parse countries json: %w", err)
	}
	var rows []row
	regionSet := map[string]bool{}
	for _, c := range cs {
		if len(c.CCA2) != 2 || c.Name.Common == "" {
			continue
		}
		names := []string{c.Name.Common, c.Name.Official}
		for _, a := range c.AltSpellings {
			// Short codes ("IN", "TO", "AW") are words too often; the hand
			// list adds the few that are used as names.
			if len(a) > 3 && !strings.Contains(a, ",") {
				names = append(names, a)
			}
		}
		names = append(names, countryAliases[c.CCA2]...)
		// Sovereign states outrank territories that share a name or a
		// demonym ("American" is also the demonym of Guam).
		class := 1
		if c.Independent || c.UNMember {
			class = 3
		}
		rows = append(rows, row{kind: KindCountry, id: c.CCA2, pop: class, canonical: c.Name.Common, names: dedupe(names)})
		var dem []string
		if d, ok := c.Demonyms["eng"]; ok {
			for _, x := range []string{d.M, d.F} {
				// Some list two forms: "Bosnian, Herzegovinian".
				for _, y := range strings.Split(x, ",") {
					if y = strings.TrimSpace(y); y != "" {
						dem = append(dem, y, plural(y))
					}
				}
			}
		}
		dem = append(dem, demonymAliases[c.CCA2]...)
		if dem = dedupe(dem); len(dem) > 0 {
			rows = append(rows, row{kind: KindDemonym, id: c.CCA2, pop: class, canonical: dem[0], names: dem})
		}
		for _, r := range []string{c.Region, c.Subregion} {
			if r != "" {
				regionSet[r] = true
			}
		}
	}
	for _, r := range regions {
		regionSet[r] = true
	}
	for r := range regionSet {
		rows = append(rows, row{kind: KindRegion, canonical: r, names: []string{r}})
		if d := regionDemonym(r); d != "" && !regionSet[d] && !slices.Contains(groups, d) {
			rows = append(rows, row{kind: KindGroup, canonical: d, names: []string{d, plural(d)}})
		}
	}
	for _, g := range groups {
		rows = append(rows, row{kind: KindGroup, canonical: g, names: []string{g}})
	}
	for _, o := range orgs {
		rows = append(rows, row{kind: KindOrg, id: "org:" + slug(o[0]), canonical: o[0], names: o})
	}
	cities, err := readCities(src.Cities)
	if err != nil {
		return err
	}
	rows = append(rows, cities...)
	more, err := optionalRows(src)
	if err != nil {
		return err
	}
	rows = append(rows, more...)
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].kind != rows[j].kind {
			return rows[i].kind < rows[j].kind
		}
		if rows[i].canonical != rows[j].canonical {
			return rows[i].canonical < rows[j].canonical
		}
		return rows[i].id < rows[j].id
	})
	bw := bufio.NewWriter(w)
	for _, r := range rows {
		canonical := strings.Map(func(c rune) rune {
			if c == '\t' || c == '\n' {
				return ' '
			}
			return c
		}, r.canonical)
		fmt.Fprintf(bw, "%s\t%s\t%d\t%s\t%s\n", r.kind, r.id, r.pop, canonical, strings.Join(r.names, "|"))
	}
	return bw.Flush()
}

// readCities keeps a city's name, ASCII name, and alternate names written
// in Latin letters that look like proper names (capitalised, not codes).
func readCities(r io.Reader) ([]row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<22)
	var rows []row
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 15 {
			return nil, fmt.Errorf("parse cities line %d: %d fields, want 19", line, len(f))
		}
		pop, err := strconv.Atoi(f[14])
		if err != nil {
			return nil, fmt.Errorf("parse cities line %d: population %q: %w", line, f[14], err)
		}
		class := 1
		if pop >= 1_000_000 {
			class = 3
		} else if pop >= 100_000 {
			class = 2
		}
		names := []string{f[1], f[2]}
		for _, a := range strings.Split(f[3], ",") {
			if latinName(a) && (class >= 2 || len(a) >= 5) {
				names = append(names, a)
			}
		}
		var keep []string
		for _, n := range dedupe(names) {
			if latinName(n) {
				keep = append(keep, n)
			}
		}
		if len(keep) == 0 {
			continue
		}
		rows = append(rows, row{kind: KindCity, id: "geonames:" + f[0], pop: class, canonical: f[2], names: keep})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read cities line %d: %w", line+1, err)
	}
	return rows, nil
}

// latinName reports whether s looks like a proper name in Latin letters:
// it starts with a capital, has a lower-case letter (so it is not a code
// like "LHR") and only letters, spaces, hyphens, apostrophes and periods.
func latinName(s string) bool {
	if len(s) < 3 || s[0] < 'A' || s[0] > 'Z' || s != strings.TrimSpace(s) {
		return false
	}
	lower := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z', r == ' ', r == '-', r == '\'', r == '.':
		case r >= 0xC0 && r <= 0x24F: // Latin-1 supplement and Latin extended
		default:
			return false
		}
	}
	return lower
}

// plural forms the plural of a demonym: Iraqi -> Iraqis, Iranian ->
// Iranians; words in -ese, -sh, -ch and -ss do not take one.
func plural(d string) string {
	for _, s := range []string{"ese", "sh", "ch", "ss", "x", "z", "s"} {
		if strings.HasSuffix(d, s) {
			return d
		}
	}
	return d + "s"
}

func dedupe(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Titles returns the words that precede a person's name ("President", "Mr").
func Titles() []string { return slices.Clone(titles) }

// OrgSuffixes returns words that end or head organisation names ("Ministry", "Inc").
func OrgSuffixes() []string { return slices.Clone(orgSuffixes) }

// regionDemonym returns the people's word of a region of one word ending
// in "a" ("Tasmania" -> "Tasmanian", "Catalonia" -> "Catalonian",
// "Siberia" -> "Siberian"), which news puts before peoples ("Tasmanian
// Aboriginal"), or "".
func regionDemonym(r string) string {
	if strings.ContainsAny(r, " .-") || len(r) < 5 || !strings.HasSuffix(r, "a") {
		return ""
	}
	return r + "n"
}
