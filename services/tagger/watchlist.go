package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/services/tagger/internal/tag"
	"github.com/newswire/newswire/services/tagger/internal/watch"
)

// watchList keeps the tagger's watch list current. It loads the list from
// its source (TAGGER_ENTITIES_FILE or a key of TAGGER_ENTITIES_BUCKET) at
// start-up, where a broken list stops the tagger, and then follows the
// source: a changed list is swapped in while articles are being tagged; a
// broken one is logged with the reason, counted, and the last good list
// stays in use.
type watchList struct {
	tagger  *tag.Tagger
	opts    watch.Options
	source  string // for logs: "file list.yaml" or "bucket b key k"
	log     *slog.Logger
	metrics *watchMetrics

	tried   bool
	sum     [32]byte // of the last bytes tried
	problem string   // the last read problem reported, so it is logged once
}

func newWatchList(t *tag.Tagger, cfg EntitiesConfig, source string, reg prometheus.Registerer, log *slog.Logger) (*watchList, error) {
	m, err := newWatchMetrics(reg)
	if err != nil {
		return nil, err
	}
	return &watchList{
		tagger: t, opts: watch.Options{Window: cfg.EntitiesWindow}, source: source,
		log: log.With("component", "watchlist", "source", source), metrics: m,
	}, nil
}

// errBrokenList marks a list that could not be read or used.
var errBrokenList = errors.New("watch list not loaded")

// apply loads data as the new list, unless it is what was last tried.
func (l *watchList) apply(data []byte) error {
	sum := sha256.Sum256(data)
	if l.tried && sum == l.sum {
		return nil
	}
	l.tried, l.sum, l.problem = true, sum, ""
	m, err := watch.Load(data, l.opts)
	if err != nil {
		l.metrics.reloads.WithLabelValues("invalid").Inc()
		l.metrics.stale.Set(1)
		l.log.Error("watch list rejected; the last good list stays in use",
			"err", err, "entities_in_use", l.tagger.Watch().Len())
		return fmt.Errorf("%w: %s: %w", errBrokenList, l.source, err)
	}
	l.tagger.SetWatch(m)
	l.metrics.reloads.WithLabelValues("loaded").Inc()
	l.metrics.stale.Set(0)
	l.metrics.entities.Set(float64(m.Len()))
	l.metrics.aliases.Set(float64(m.Aliases()))
	l.metrics.loadedAt.SetToCurrentTime()
	l.log.Info("watch list loaded", "entities", m.Len(), "aliases", m.Aliases())
	return nil
}

// unreadable reports a source that cannot be read, once per distinct
// problem: the last good list stays in use.
func (l *watchList) unreadable(err error) {
	if err.Error() == l.problem {
		return
	}
	l.problem = err.Error()
	l.tried = false // read it again once it is back, even if unchanged
	l.metrics.reloads.WithLabelValues("unreadable").Inc()
	l.metrics.stale.Set(1)
	l.log.Error("watch list unreadable; the last good list stays in use", "err", err, "entities_in_use", l.tagger.Watch().Len())
}

// loadFile reads the list at path, for start-up.
func (l *watchList) loadFile(path string) (os.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBrokenList, err)
	}
	data, err := readList(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBrokenList, err)
	}
	return fi, l.apply(data)
}

// readList reads a list file, refusing one too large to be a list.
func readList(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > watch.MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes, at most %d", path, fi.Size(), watch.MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, watch.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > watch.MaxFileBytes {
		return nil, fmt.Errorf("%s: over %d bytes", path, watch.MaxFileBytes)
	}
	return data, nil
}

// followFile checks the file every interval and loads it when it changed
// (another modification time or size, or another file under the name, as
// when Kubernetes swaps a ConfigMap's files), until ctx ends.
func (l *watchList) followFile(ctx context.Context, path string, last os.FileInfo, every time.Duration) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		fi, err := os.Stat(path)
		if err != nil {
			l.unreadable(err)
			continue
		}
		if last != nil && l.problem == "" && os.SameFile(fi, last) && fi.ModTime().Equal(last.ModTime()) && fi.Size() == last.Size() {
			continue
		}
		data, err := readList(path)
		if err != nil {
			l.unreadable(err)
			continue
		}
		last = fi
		_ = l.apply(data) // logged and counted; the last good list stays
	}
}

// followKey applies each new state of the bucket's key until ctx ends. A
// deleted key is an empty list.
func (l *watchList) followKey(ctx context.Context, w *bus.KeyWatch) error {
	defer w.Stop()
	for {
		s, err := w.Next(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("follow the watch list in %s: %w", l.source, err)
		}
		if s.Deleted {
			l.log.Warn("watch list deleted from the bucket; tagging without one")
		}
		_ = l.apply(s.Value) // logged and counted; the last good list stays
	}
}

// startWatchList loads the watch list the configuration names, if any,
// and returns what follows its changes (nil when there is no list).
func startWatchList(ctx context.Context, cfg EntitiesConfig, t *tag.Tagger, conn *bus.Conn, reg prometheus.Registerer, log *slog.Logger) (func(context.Context) error, error) {
	switch {
	case cfg.EntitiesFile != "":
		l, err := newWatchList(t, cfg, "file "+cfg.EntitiesFile, reg, log)
		if err != nil {
			return nil, err
		}
		fi, err := l.loadFile(cfg.EntitiesFile)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) error { return l.followFile(ctx, cfg.EntitiesFile, fi, cfg.EntitiesReload) }, nil
	case cfg.EntitiesBucket != "":
		l, err := newWatchList(t, cfg, "bucket "+cfg.EntitiesBucket+" key "+cfg.EntitiesKey, reg, log)
		if err != nil {
			return nil, err
		}
		kv, err := conn.KeyValue(ctx, cfg.EntitiesBucket, 0)
		if err != nil {
			return nil, err
		}
		w, err := kv.WatchKey(ctx, cfg.EntitiesKey)
		if err != nil {
			return nil, err
		}
		s, err := w.Next(ctx)
		if err != nil {
			_ = w.Stop()
			return nil, fmt.Errorf("read the watch list in %s: %w", l.source, err)
		}
		if s.Deleted {
			l.log.Info("no watch list in the bucket yet; tagging without one until one is put there")
		}
		if err := l.apply(s.Value); err != nil {
			_ = w.Stop()
			return nil, err
		}
		return func(ctx context.Context) error { return l.followKey(ctx, w) }, nil
	}
	return nil, nil
}
