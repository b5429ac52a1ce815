// Command trainner builds the tagger's gazetteer list and trains its
// named-entity model from the shipped data, reproducibly: the same data
// and flags give byte-identical outputs.
//
//	go run ./tools/trainner -data data -out internal/ner/model
//
// (run from services/tagger) writes internal/ner/model/model.bin.gz and
// internal/gazetteer/list.tsv.gz.
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
	"time"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/ner"
)

func main() {
	dataDir := flag.String("data", "data", "directory with ner/ and gazetteer/ sources")
	out := flag.String("out", "internal/ner/model", "directory to write model.bin.gz to")
	gazOut := flag.String("gazetteer", "internal/gazetteer/list.tsv.gz", "file to write the gazetteer list to")
	epochs := flag.Int("epochs", 6, "training passes")
	bits := flag.Uint("bits", 19, "log2 of the number of feature buckets")
	seed := flag.Uint64("seed", 1, "shuffle seed")
	twoPass := flag.Bool("two-pass", true, "train a second, document-aware pass")
	nClusters := flag.Int("clusters", 256, "number of word clusters, 0 for none")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log, *dataDir, *out, *gazOut, *epochs, *bits, *seed, *twoPass, *nClusters); err != nil {
		log.Error("trainner", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, dataDir, out, gazOut string, epochs int, bits uint, seed uint64, twoPass bool, nClusters int) error {
	began := time.Now()
	list, err := buildGazetteer(dataDir)
	if err != nil {
		return err
	}
	if err := writeGzip(gazOut, list); err != nil {
		return err
	}
	g, err := gazetteer.Read(bytes.NewReader(list))
	if err != nil {
		return err
	}
	log.Info("gazetteer", "entries", g.Len(), "file", gazOut)
	var examples []ner.Example
	for _, s := range sets {
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
	path := filepath.Join(out, "model.bin.gz")
	if err := writeGzip(path, buf.Bytes()); err != nil {
		return err
	}
	log.Info("model", "file", path, "elapsed", time.Since(began).Round(time.Second))
	return nil
}

func buildGazetteer(dataDir string) ([]byte, error) {
	countries, err := readGzip(filepath.Join(dataDir, "gazetteer", "countries_mledoze.json.gz"))
	if err != nil {
		return nil, err
	}
	cities, err := readGzip(filepath.Join(dataDir, "gazetteer", "cities15000_geonames_2012.txt.gz"))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := gazetteer.Build(&b, bytes.NewReader(countries), bytes.NewReader(cities)); err != nil {
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

// writeGzip writes b compressed, with no name or time in the header, so
// the output depends on b alone.
func writeGzip(path string, b []byte) error {
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(path, z.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
