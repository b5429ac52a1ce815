package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/archive"
)

// partialMark separates a file's stamp from the position of the last
// record published, in the ledger entry of an archive not yet finished.
const partialMark = " partial "

// isArchive reports whether name is read record by record.
func isArchive(name string) bool {
	n := strings.ToLower(name)
	for _, ext := range []string{".warc", ".warc.gz", ".jsonl", ".jsonl.gz"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// ingestArchive publishes the records of an archive, marked as replayed, after the position
// after (nil: from the start) in batches, recording in the ledger after
// each batch how far it got. It stops between batches once stop ends and
// reports the file as not done, to be finished by a later scan. A record
// that cannot be read (a lying Content-Length, a body that decodes past the
// size limit) is dead-lettered through p.Refuse with its reason, counted as
// failed, and the rest of the archive goes on.
func (w *Watcher) ingestArchive(ctx, stop context.Context, name, key string, stamp []byte, after *archive.Position, p Publisher) (bool, error) {
	f, err := w.root.Open(name)
	if err != nil {
		return false, err
	}
	src, err := archive.OpenFile(name, f, archive.Options{
		Name: w.cfg.Source.Name, Locale: w.cfg.Source.Locale, Kind: article.KindInbox,
		After: after, MaxBodySize: w.cfg.MaxFileSize,
		// An archive's records carry their capture time as fetched_at:
		// they are replays, kept apart from live articles downstream
		// (fetch-to-sink latency, per-source counts), as with fetcher
		// replay.
		Replay: true,
	})
	if err != nil {
		// Not an archive we can read at all: refuse it once.
		if err := p.Refuse(ctx, name, nil, err); err != nil {
			return false, err
		}
		return true, w.ledger.Put(ctx, key, stamp)
	}
	defer src.Close()

	batch := make([]*article.Raw, 0, archiveBatch)
	var last archive.Position
	published, failed := 0, 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := p.Publish(ctx, batch); err != nil {
			return err
		}
		published += len(batch)
		batch = batch[:0]
		pos, err := json.Marshal(last)
		if err != nil {
			return err
		}
		return w.ledger.Put(ctx, key, append(append([]byte(nil), stamp...), partialMark+string(pos)...))
	}
	for {
		raw, pos, err := src.Next()
		if err == io.EOF {
			break
		}
		var ae *archive.Error
		if errors.As(err, &ae) {
			// The source has moved past the record: dead-letter it with
			// its reason (the error names its index and offset) and go on
			// with the rest of the archive.
			failed++
			w.log.Warn("inbox archive record unreadable; dead-lettered", "name", name, "err", err)
			if err := p.Refuse(ctx, name, nil, err); err != nil {
				return false, fmt.Errorf("refuse record of %s: %w", name, err)
			}
			continue
		}
		if err != nil {
			return false, fmt.Errorf("read %s: %w", name, err)
		}
		batch = append(batch, raw)
		last = pos
		if len(batch) == archiveBatch {
			if err := flush(); err != nil {
				return false, err
			}
			if stop.Err() != nil {
				w.log.Info("inbox archive paused for shutdown", "name", name, "published", published, "after", last.String())
				return false, nil
			}
		}
	}
	if err := flush(); err != nil {
		return false, err
	}
	st := src.Stats()
	if w.cfg.Observer != nil {
		for why, n := range st.Skipped {
			w.cfg.Observer.ArchiveSkipped(string(why), n)
		}
		if failed > 0 {
			w.cfg.Observer.ArchiveSkipped("failed", failed)
		}
	}
	w.log.Info("inbox archive ingested", "name", name, "articles", published, "failed", failed, "resumed", after != nil)
	return true, w.ledger.Put(ctx, key, stamp)
}
