package replay

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/newswire/newswire/services/fetcher/internal/archive"
)

// checkpointVersion is the version of the checkpoint file's layout.
const checkpointVersion = 1

// Checkpoint is where a replay stands: every record up to and including
// After in Inputs[Input] (and everything in the inputs before it) has been
// acknowledged by the broker, in order. Input equal to len(Inputs) means the
// replay finished.
type Checkpoint struct {
	Version int      `json:"version"`
	Inputs  []string `json:"inputs"`
	Input   int      `json:"input"`
	// After is the last record acknowledged in Inputs[Input]; nil when none
	// was yet.
	After *archive.Position `json:"after,omitempty"`
	// Published counts the records acknowledged over every run so far.
	Published int64     `json:"published"`
	Updated   time.Time `json:"updated"`
	// Run identifies the replay across its resumptions; its messages
	// carry it in bus.HeaderReplayRun. Empty in checkpoints written before it.
	Run string `json:"run,omitempty"`
}

// Done reports whether the checkpoint marks a finished replay.
func (c *Checkpoint) Done() bool { return c.Input >= len(c.Inputs) }

// ErrCheckpointMismatch means -resume was given with other inputs than the
// checkpoint was written for.
var ErrCheckpointMismatch = errors.New("checkpoint was written for other inputs")

// LoadCheckpoint reads a checkpoint file. A missing file is reported with
// an error that satisfies errors.Is(err, fs.ErrNotExist).
func LoadCheckpoint(path string) (*Checkpoint, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	var c Checkpoint
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("parse checkpoint %s: %w", path, err)
	}
	if c.Version != checkpointVersion {
		return nil, fmt.Errorf("checkpoint %s: version %d, want %d", path, c.Version, checkpointVersion)
	}
	if c.Input < 0 || c.Input > len(c.Inputs) {
		return nil, fmt.Errorf("checkpoint %s: input %d out of range", path, c.Input)
	}
	return &c, nil
}

// matches reports whether c was written for inputs, or for their first
// ones: inputs appended to a replay (files added to a listing since) are
// replayed after the others.
func (c *Checkpoint) matches(inputs []string) error {
	if len(inputs) < len(c.Inputs) || !slices.Equal(c.Inputs, inputs[:len(c.Inputs)]) {
		return fmt.Errorf("%w: %q, not %q", ErrCheckpointMismatch, c.Inputs, inputs)
	}
	return nil
}

// writeCheckpoint replaces the file at path with c atomically: it writes a
// temporary file beside it, syncs it and renames it over the old one, so a
// crash leaves either the old checkpoint or the new one, never a torn one.
func writeCheckpoint(path string, c *Checkpoint) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write checkpoint %s: %w", path, err)
	}
	return nil
}
