// Command trainner builds the tagger's gazetteer list and trains its
// named-entity model from the shipped data, reproducibly: the same data
// and flags give byte-identical outputs.
//
//	go run ./tools/trainner -data data -out internal/ner/model
//
// (run from services/tagger) writes internal/ner/model/model.bin, its
// weight table weights.tbl (the weights as they lie in memory),
// internal/gazetteer/list.tsv and its index, list.idx, uncompressed: the
// tagger reads them in place from its binary at start, and git compresses
// them in the repository.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/ner"
)

func main() {
	dataDir := flag.String("data", "data", "directory with ner/ and gazetteer/ sources")
	out := flag.String("out", "internal/ner/model", "directory to write model.bin to")
	gazOut := flag.String("gazetteer", "internal/gazetteer/list.tsv", "file to write the gazetteer list to")
	epochs := flag.Int("epochs", 6, "training passes")
	bits := flag.Uint("bits", 19, "log2 of the number of feature buckets")
	seed := flag.Uint64("seed", 1, "shuffle seed")
	twoPass := flag.Bool("two-pass", true, "train a second, document-aware pass")
	nClusters := flag.Int("clusters", 256, "number of word clusters, 0 for none")
	var aug augmentation
	// Augmentation is off by default: measured on 2026-12-03 (share 0.3,
	// replace 0.5, caps 0.15, two passes) it moved WorldWide mention F1
	// 0.786 -> 0.784, UNER PUD news 0.737 -> 0.725 and the business suite
	// 0.772 -> 0.774, so the shipped model is trained without it.
	flag.Float64Var(&aug.share, "augment", 0, "share of training documents also copied with mentions swapped for listed names and some sentences in capitals (an experiment; off in the shipped model)")
	flag.Float64Var(&aug.replace, "augment-replace", 0.5, "chance that a mention of a copied document is swapped")
	flag.Float64Var(&aug.caps, "augment-caps", 0.15, "chance that a sentence of a copied document is put in capitals")
	convert := flag.Bool("convert", false, "rewrite -out's model.bin in the current file format, weights unchanged, instead of training")
	weigh := flag.String("weigh", "", "override how often sets are shown per epoch, for experiments: file-prefix=n,... (0 drops a set)")
	flag.Parse()
	if err := applyWeights(*weigh); err != nil {
		fmt.Fprintln(os.Stderr, "trainner:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if *convert {
		if err := convertModel(filepath.Join(*out, "model.bin")); err != nil {
			log.Error("trainner", "err", err)
			os.Exit(1)
		}
		return
	}
	if err := run(log, *dataDir, *out, *gazOut, *epochs, *bits, *seed, *twoPass, *nClusters, aug); err != nil {
		log.Error("trainner", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, dataDir, out, gazOut string, epochs int, bits uint, seed uint64, twoPass bool, nClusters int, aug augmentation) error {
	began := time.Now()
	list, err := buildGazetteer(dataDir)
	if err != nil {
		return err
	}
	if err := os.WriteFile(gazOut, list, 0o644); err != nil {
		return err
	}
	g, err := gazetteer.Read(bytes.NewReader(list))
	if err != nil {
		return err
	}
	var idx bytes.Buffer
	if err := g.WriteIndex(&idx); err != nil {
		return err
	}
	if err := os.WriteFile(indexPath(gazOut), idx.Bytes(), 0o644); err != nil {
		return err
	}
	log.Info("gazetteer", "entries", g.Len(), "file", gazOut)
	var examples []ner.Example
	for _, s := range sets {
		if s.repeat == 0 {
			continue
		}
		exs, stats, err := readSet(filepath.Join(dataDir, "ner", s.file), s, g)
		if err != nil {
			return err
		}
		log.Info("set", "file", s.file, "docs", len(exs), "tokens", stats.tokens, "mentions", stats.mentions)
		for r := 0; r < s.repeat; r++ {
			examples = append(examples, exs...)
		}
	}
	clusters := map[uint64]uint16{}
	if nClusters > 0 {
		clusters = clusterWords(examples, nClusters, 400, 5, 8)
		log.Info("clusters", "words", len(clusters), "clusters", nClusters, "elapsed", time.Since(began).Round(time.Second))
	}
	if aug.share > 0 {
		extra := augment(examples, buildPools(list, examples), aug, seed)
		log.Info("augmented", "docs", len(extra))
		examples = append(examples, extra...)
	}
	model, err := ner.Train(examples, g, clusters, ner.TrainConfig{Bits: bits, Epochs: epochs, Seed: seed, TwoPass: twoPass}, func(stage string, epoch int, errRate float64) {
		log.Info("epoch", "stage", stage, "n", epoch, "token_error", fmt.Sprintf("%.4f", errRate), "elapsed", time.Since(began).Round(time.Second))
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := model.WriteTo(&buf); err != nil {
		return err
	}
	path := filepath.Join(out, "model.bin")
	if err := writeModel(path, buf.Bytes()); err != nil {
		return err
	}
	log.Info("model", "file", path, "elapsed", time.Since(began).Round(time.Second))
	return nil
}

// writeModel writes the model file b to path and its weight table beside
// it (weights.tbl), which the tagger embeds with it.
func writeModel(path string, b []byte) error {
	m, err := ner.ReadModel(bytes.NewReader(b))
	if err != nil {
		return err
	}
	var table bytes.Buffer
	if err := m.WriteTable(&table); err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(filepath.Dir(path), "weights.tbl"), table.Bytes(), 0o644)
}

// convertModel rewrites the model file at path in the format WriteTo
// writes now: a change of format keeps the trained weights, which
// retraining would move by noise.
func convertModel(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	b, err := rewriteModel(raw)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return writeModel(path, b)
}

// rewriteModel returns the model file raw as WriteTo writes it now.
func rewriteModel(raw []byte) ([]byte, error) {
	m, err := ner.ReadModel(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// indexPath returns where the index of the list at path goes: beside it,
// .idx for .tsv, where the gazetteer package embeds it.
func indexPath(path string) string { return strings.TrimSuffix(path, ".tsv") + ".idx" }

// applyWeights sets the repeat count of every set whose file name starts
// with a prefix in spec ("btc=2,wnut17=0").
func applyWeights(spec string) error {
	if spec == "" {
		return nil
	}
	for _, kv := range strings.Split(spec, ",") {
		prefix, n, ok := strings.Cut(kv, "=")
		r, err := strconv.Atoi(n)
		if !ok || err != nil || r < 0 {
			return fmt.Errorf("-weigh %q: want file-prefix=count", kv)
		}
		found := false
		for i := range sets {
			if strings.HasPrefix(sets[i].file, prefix) {
				sets[i].repeat, found = r, true
			}
		}
		if !found {
			return fmt.Errorf("-weigh %q: no set file starts with %q", kv, prefix)
		}
	}
	return nil
}

func buildGazetteer(dataDir string) ([]byte, error) {
	dir := filepath.Join(dataDir, "gazetteer")
	var src gazetteer.Sources
	for _, f := range []struct {
		name string
		dst  *io.Reader
	}{
		{"countries_mledoze.json.gz", &src.Countries},
		{"cities15000_geonames_2012.txt.gz", &src.Cities},
		{"sp500-constituents.csv.gz", &src.SP500},
		{"nasdaq-listed.csv.gz", &src.NASDAQ},
		{"other-listed.csv.gz", &src.OtherListed},
		{"partyfacts-wikipedia.csv.gz", &src.Parties},
		{"openfootball-clubs.tar.gz", &src.Clubs},
		{"world_universities_and_domains.json.gz", &src.Universities},
		{"congress-legislators-current.yaml.gz", &src.Legislators},
	} {
		b, err := readGzip(filepath.Join(dir, f.name))
		if err != nil {
			return nil, err
		}
		*f.dst = bytes.NewReader(b)
	}
	var b bytes.Buffer
	if err := gazetteer.Build(&b, src); err != nil {
		return nil, fmt.Errorf("build gazetteer: %w", err)
	}
	return b.Bytes(), nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}
