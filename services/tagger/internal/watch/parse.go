package watch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Parse reads a watch list, YAML or TSV, told apart by its first line that
// is neither blank nor a # comment (a tab makes it TSV). Gzip-compressed
// input is decompressed first.
//
// YAML:
//
//	entities:
//	  - id: acme
//	    type: ORG
//	    name: Acme Corporation
//	    aliases: [Acme Corp, ACME]
//	    ambiguous: [Acme]          # only near a context word
//	    context: [shares, anvils]
//
// TSV: one entity a line, columns id, type, name, aliases, ambiguous,
// context (the last three optional, list entries separated by |); lines
// starting with # and a header line starting "id<TAB>type" are skipped.
//
// Parse checks the shape of the input only; New checks the entities.
func Parse(data []byte) ([]Entity, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("watch list of %d bytes, at most %d", len(data), MaxFileBytes)
	}
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("gunzip watch list: %w", err)
		}
		data, err = io.ReadAll(io.LimitReader(zr, MaxFileBytes+1))
		if err != nil {
			return nil, fmt.Errorf("gunzip watch list: %w", err)
		}
		if len(data) > MaxFileBytes {
			return nil, fmt.Errorf("watch list over %d bytes once decompressed", MaxFileBytes)
		}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, errors.New("watch list is not valid UTF-8")
	}
	if isTSV(data) {
		return parseTSV(string(data))
	}
	return parseYAML(data)
}

// isTSV reports whether the first line that is neither blank nor a comment
// holds a tab.
func isTSV(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		return bytes.IndexByte(line, '\t') >= 0
	}
	return false
}

func parseTSV(s string) ([]Entity, error) {
	var out []Entity
	var errs errList
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(out) == 0 && len(cols) >= 2 && strings.EqualFold(strings.TrimSpace(cols[0]), "id") && strings.EqualFold(strings.TrimSpace(cols[1]), "type") {
			continue // header
		}
		if len(cols) < 3 || len(cols) > 6 {
			errs.add(&Error{Line: n + 1, Msg: fmt.Sprintf("%d columns, want 3 to 6 (id, type, name, aliases, ambiguous, context)", len(cols))})
			continue
		}
		for len(cols) < 6 {
			cols = append(cols, "")
		}
		out = append(out, Entity{
			ID: cols[0], Type: cols[1], Name: cols[2],
			Aliases: splitList(cols[3]), Ambiguous: splitList(cols[4]), Context: splitList(cols[5]),
			Line: n + 1,
		})
		if len(out) > MaxEntities {
			return nil, fmt.Errorf("more than %d entities", MaxEntities)
		}
	}
	return out, errs.err()
}

// splitList splits a TSV list column at |.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// yamlFields are the keys of one entity in YAML.
var yamlFields = []string{"id", "type", "name", "aliases", "ambiguous", "context"}

func parseYAML(data []byte) ([]Entity, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse YAML watch list: %w", err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // empty document: an empty list
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: want a mapping with an entities list", root.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "entities" {
			return nil, fmt.Errorf("line %d: unknown key %q (want entities)", k.Line, k.Value)
		}
		list = v
	}
	if list == nil || (list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: entities is not a list", list.Line)
	}
	if len(list.Content) > MaxEntities {
		return nil, fmt.Errorf("%d entities, at most %d", len(list.Content), MaxEntities)
	}
	var errs errList
	out := make([]Entity, 0, len(list.Content))
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			errs.add(&Error{Line: item.Line, Msg: "an entity is a mapping of id, type, name, aliases, ambiguous, context"})
			continue
		}
		e := Entity{Line: item.Line}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			bad := func(msg string) { errs.add(&Error{Line: k.Line, ID: e.ID, Field: k.Value, Msg: msg}) }
			switch k.Value {
			case "id", "type", "name":
				if v.Kind != yaml.ScalarNode {
					bad("want a single value")
					continue
				}
				switch k.Value {
				case "id":
					e.ID = v.Value
				case "type":
					e.Type = v.Value
				case "name":
					e.Name = v.Value
				}
			case "aliases", "ambiguous", "context":
				l, ok := yamlStrings(v)
				if !ok {
					bad("want a list of names")
					continue
				}
				switch k.Value {
				case "aliases":
					e.Aliases = l
				case "ambiguous":
					e.Ambiguous = l
				case "context":
					e.Context = l
				}
			default:
				bad(fmt.Sprintf("unknown key (want %s)", strings.Join(yamlFields, ", ")))
			}
		}
		out = append(out, e)
	}
	return out, errs.err()
}

// yamlStrings reads a list of scalars, or one scalar as a list of one.
func yamlStrings(n *yaml.Node) ([]string, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, true
		}
		return []string{n.Value}, true
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, false
			}
			out = append(out, c.Value)
		}
		return out, true
	}
	return nil, false
}
