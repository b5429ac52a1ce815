package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Format is the syntax of a sources file.
type Format string

// The sources file formats, chosen by file extension.
const (
	FormatYAML Format = "yaml"
	FormatJSON Format = "json"
)

// maxFileSize bounds a sources file; a real one is a few kilobytes.
const maxFileSize = 4 << 20

// file is the sources file's shape. Durations are strings ("10m", "48h")
// in both formats, parsed with time.ParseDuration.
type file struct {
	Sources []fileSource `json:"sources" yaml:"sources"`
}

type fileSource struct {
	Name          string            `json:"name" yaml:"name"`
	Kind          string            `json:"kind" yaml:"kind"`
	URL           string            `json:"url" yaml:"url"`
	Path          string            `json:"path" yaml:"path"`
	Interval      string            `json:"interval" yaml:"interval"`
	Locale        string            `json:"locale" yaml:"locale"`
	Headers       map[string]string `json:"headers" yaml:"headers"`
	LastmodWindow string            `json:"lastmod_window" yaml:"lastmod_window"`
}

// Load reads and validates a sources file. The format follows the
// extension: .yaml or .yml for YAML, .json for JSON. The file holds a
// "sources" list; unknown fields are errors, so a typo does not silently
// drop a setting.
func Load(path string) ([]Source, error) {
	var format Format
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		format = FormatYAML
	case ".json":
		format = FormatJSON
	default:
		return nil, fmt.Errorf("load sources %s: extension is not .yaml, .yml or .json", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load sources: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("load sources %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("load sources %s: larger than %d bytes", path, maxFileSize)
	}
	srcs, err := Parse(data, format)
	if err != nil {
		return nil, fmt.Errorf("load sources %s: %w", path, err)
	}
	return srcs, nil
}

// Parse decodes and validates the bytes of a sources file. Defaults are
// filled in (Interval, LastmodWindow) before validation.
func Parse(data []byte, format Format) ([]Source, error) {
	var f file
	switch format {
	case FormatJSON:
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("decode json: %w", err)
		}
		if dec.More() {
			return nil, errors.New("decode json: data after the top-level object")
		}
	case FormatYAML:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("decode yaml: %w", err)
		}
	default:
		return nil, fmt.Errorf("decode sources: unknown format %q", format)
	}
	// "sources: []" is a deliberate empty list (a deployment that adds its
	// sources later); a file without the key is a mistake.
	if f.Sources == nil {
		return nil, fmt.Errorf("%w: the file has no sources list", ErrInvalid)
	}
	out := make([]Source, 0, len(f.Sources))
	for i, fs := range f.Sources {
		s, err := fs.source()
		if err != nil {
			return nil, fmt.Errorf("source %d: %w", i, err)
		}
		out = append(out, s.withDefaults())
	}
	if err := validateAll(out); err != nil {
		return nil, err
	}
	return out, nil
}

func (fs fileSource) source() (Source, error) {
	s := Source{
		Name:    fs.Name,
		Kind:    fs.Kind,
		URL:     fs.URL,
		Path:    fs.Path,
		Locale:  fs.Locale,
		Headers: fs.Headers,
	}
	var err error
	if s.Interval, err = duration(fs.Name, "interval", fs.Interval); err != nil {
		return Source{}, err
	}
	if s.LastmodWindow, err = duration(fs.Name, "lastmod_window", fs.LastmodWindow); err != nil {
		return Source{}, err
	}
	return s, nil
}

func duration(name, field, v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%w: source %q: field %s: %v", ErrInvalid, name, field, err)
	}
	return d, nil
}
