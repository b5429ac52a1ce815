package article

import (
	"errors"
	"fmt"
)

// ErrSchema reports a document whose schema field is missing or not the
// version this build understands.
var ErrSchema = errors.New("unsupported schema")

// DecodeRaw parses a Raw document and checks its schema version. It
// decodes with UnmarshalRaw: encoding/json's result, faster.
func DecodeRaw(data []byte) (*Raw, error) {
	var r Raw
	if err := UnmarshalRaw(data, &r); err != nil {
		return nil, fmt.Errorf("decode raw article: %w", err)
	}
	if r.Schema != SchemaRaw {
		return nil, fmt.Errorf("decode raw article: %w %q, want %q", ErrSchema, r.Schema, SchemaRaw)
	}
	if !r.Source.Kind.Valid() {
		return nil, fmt.Errorf("decode raw article: unknown source kind %q", r.Source.Kind)
	}
	return &r, nil
}

// DecodeArticle parses an Article document and checks its schema version.
// It decodes with Unmarshal: encoding/json's result, faster.
func DecodeArticle(data []byte) (*Article, error) {
	var a Article
	if err := Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	if a.Schema != SchemaArticle {
		return nil, fmt.Errorf("decode article: %w %q, want %q", ErrSchema, a.Schema, SchemaArticle)
	}
	if a.ID == "" {
		return nil, errors.New("decode article: empty id")
	}
	return &a, nil
}
