// Package inbox ingests files dropped into a directory: plain text (title on
// the first line), HTML and article JSON, and archives (.warc, .warc.gz,
// .jsonl, .jsonl.gz) read record by record through the archive package.
// Each file is ingested once: a ledger records its size and modification
// time, so a restart does not ingest it again, while a file rewritten in
// place is ingested anew. An archive's ledger entry also records the last
// record published, so an archive cut short by a shutdown or a crash is
// finished from there.
package inbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/archive"
)

// Ledger remembers which files were ingested. The fetcher backs it with a
// JetStream key-value bucket.
type Ledger interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Put(ctx context.Context, key string, value []byte) error
}

// Publisher takes the raw articles of one file. It returns only once they
// are stored by the broker; on error the file is tried again on the next
// scan.
type Publisher interface {
	Publish(ctx context.Context, raws []*article.Raw) error
	// Refuse records a file, or an unreadable record of an archive file
	// (name is then the archive's), that cannot be ingested, with the
	// reason.
	Refuse(ctx context.Context, name string, data []byte, reason error) error
}

// Config says where the inbox is and how it is watched.
type Config struct {
	Dir      string
	Interval time.Duration
	Settle   time.Duration
	// MaxFileSize caps a single document file; in an archive it caps each
	// record's body instead, since an archive may be any size.
	MaxFileSize int64
	Source      article.Source
	// Observer, when set, is told what archives skipped and failed.
	Observer Observer
	// Scanned, when set, is called after every scan Run makes with the
	// scan's error (nil when the directory was read): the inbox's polls,
	// for its per-source record.
	Scanned func(err error)
}

// Observer receives counts of archive records not published, by bounded
// reason (archive.Skip values, or "failed"). It must be safe for
// concurrent use.
type Observer interface {
	ArchiveSkipped(reason string, n int)
}

// archiveBatch is how many archive records are published, and then
// recorded in the ledger, at a time.
const archiveBatch = 128

// Watcher scans the inbox directory.
type Watcher struct {
	cfg    Config
	root   *os.Root
	ledger Ledger
	log    *slog.Logger
	now    func() time.Time
}

// ErrTooLarge reports a file over the size limit.
var ErrTooLarge = errors.New("file too large")

// New opens the inbox directory, creating it if needed. Files are read
// through an os.Root, so no name (or symbolic link) in it can reach outside.
func New(cfg Config, ledger Ledger, log *slog.Logger) (*Watcher, error) {
	if cfg.Interval <= 0 || cfg.MaxFileSize <= 0 || cfg.Settle < 0 {
		return nil, fmt.Errorf("inbox: interval %s, settle %s and max file size %d: want positive", cfg.Interval, cfg.Settle, cfg.MaxFileSize)
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("inbox: create %s: %w", cfg.Dir, err)
	}
	root, err := os.OpenRoot(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("inbox: open %s: %w", cfg.Dir, err)
	}
	return &Watcher{cfg: cfg, root: root, ledger: ledger, log: log.With("component", "inbox", "dir", cfg.Dir), now: time.Now}, nil
}

// Close releases the directory.
func (w *Watcher) Close() error { return w.root.Close() }

// Run scans the directory every interval until ctx ends.
func (w *Watcher) Run(ctx context.Context, p Publisher) error {
	t := time.NewTicker(w.cfg.Interval)
	defer t.Stop()
	for {
		_, err := w.Scan(ctx, p)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.log.Error("inbox scan", "err", err)
		}
		if w.cfg.Scanned != nil {
			w.cfg.Scanned(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Scan ingests every settled file not yet in the ledger and returns how
// many it ingested or refused.
func (w *Watcher) Scan(ctx context.Context, p Publisher) (int, error) {
	n := 0
	err := fs.WalkDir(w.root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			w.log.Warn("inbox entry unreadable", "name", name, "err", err)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if name != "." && skipName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		done, err := w.ingest(ctx, name, d, p)
		if err != nil {
			w.log.Warn("inbox file not ingested; will retry", "name", name, "err", err)
			return nil
		}
		if done {
			n++
		}
		return nil
	})
	return n, err
}

// skipName reports names the inbox leaves alone: hidden files and files
// still being written by a well-behaved writer.
func skipName(base string) bool {
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "~") {
		return true
	}
	switch path.Ext(base) {
	case ".tmp", ".part", ".partial", ".swp", ".crdownload":
		return true
	}
	return false
}

func (w *Watcher) ingest(ctx context.Context, name string, d fs.DirEntry, p Publisher) (bool, error) {
	// A file once started is finished even when shutdown begins, so that
	// its ledger entry matches what was published. An archive, which may
	// be large, stops between batches instead: stop says when.
	stop := ctx
	ctx = context.WithoutCancel(ctx)
	info, err := d.Info()
	if err != nil {
		return false, err
	}
	if w.now().Sub(info.ModTime()) < w.cfg.Settle {
		return false, nil // still being written, perhaps
	}
	key := ledgerKey(w.cfg.Source.Name, name)
	stamp := []byte(strconv.FormatInt(info.Size(), 10) + ":" + strconv.FormatInt(info.ModTime().UnixNano(), 10))
	prev, ok, err := w.ledger.Get(ctx, key)
	if err != nil {
		return false, err
	} else if ok && string(prev) == string(stamp) {
		return false, nil
	}
	if isArchive(name) {
		var after *archive.Position
		if rest, found := strings.CutPrefix(string(prev), string(stamp)+partialMark); ok && found {
			var pos archive.Position
			if err := json.Unmarshal([]byte(rest), &pos); err == nil {
				after = &pos
			}
		}
		return w.ingestArchive(ctx, stop, name, key, stamp, after, p)
	}
	data, err := w.read(name)
	switch {
	case errors.Is(err, ErrTooLarge):
		if err := p.Refuse(ctx, name, nil, err); err != nil {
			return false, err
		}
	case err != nil:
		return false, err
	default:
		raws, derr := Decode(name, data, w.cfg.Source, w.now().UTC())
		if derr != nil {
			err = p.Refuse(ctx, name, data, derr)
		} else {
			err = p.Publish(ctx, raws)
		}
		if err != nil {
			return false, err
		}
		w.log.Info("inbox file ingested", "name", name, "articles", len(raws), "refused", derr != nil)
	}
	return true, w.ledger.Put(ctx, key, stamp)
}

func (w *Watcher) read(name string) ([]byte, error) {
	f, err := w.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, w.cfg.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > w.cfg.MaxFileSize {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", name, ErrTooLarge, w.cfg.MaxFileSize)
	}
	return data, nil
}

// ledgerKey is the ledger key of a file of an inbox source. The source
// name is part of it so that two inbox directories can hold files of the
// same name.
func ledgerKey(source, name string) string {
	sum := sha256.Sum256([]byte(source + "\x00" + name))
	return "inbox." + hex.EncodeToString(sum[:16])
}

// Decode turns one inbox file into raw articles, by its extension.
func Decode(name string, data []byte, src article.Source, fetchedAt time.Time) ([]*article.Raw, error) {
	ext := strings.ToLower(path.Ext(name))
	var contentType, url string
	switch ext {
	case ".txt", ".text", "":
		contentType = "text/plain"
	case ".html", ".htm", ".xhtml":
		contentType = "text/html"
	case ".json":
		contentType = "application/json"
		var doc struct {
			Schema string `json:"schema"`
			URL    string `json:"url"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: not an article JSON document: %w", name, err)
		}
		url = doc.URL
	default:
		return nil, fmt.Errorf("%s: unsupported file type %q (want .txt, .html or .json)", name, ext)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	return []*article.Raw{{
		Schema:      article.SchemaRaw,
		ID:          articleid.ForRaw(url, data),
		Source:      src,
		URL:         url,
		ContentType: contentType,
		FetchedAt:   fetchedAt,
		Body:        data,
	}}, nil
}
