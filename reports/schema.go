package reports

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaJSON is the JSON Schema (draft 2020-12) of results.json as
// WriteJSON writes it.
//
//go:embed results.schema.json
var schemaJSON []byte

// resultsSchema parses Schema once and checks that it is itself valid.
var resultsSchema = sync.OnceValues(func() (*openapi3.Schema, error) {
	var s openapi3.Schema
	if err := json.Unmarshal(schemaJSON, &s); err != nil {
		return nil, fmt.Errorf("load results schema: %w", err)
	}
	if err := s.Validate(context.Background(), openapi3.IsOpenAPI31OrLater()); err != nil {
		return nil, fmt.Errorf("load results schema: %w", err)
	}
	return &s, nil
})

// ValidateJSON reports whether b is a results.json document that matches
// the schema in results.schema.json. When it is not, the error names every
// place where b breaks the schema.
func ValidateJSON(b []byte) error {
	schema, err := resultsSchema()
	if err != nil {
		return err
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("validate results: %w", err)
	}
	err = schema.VisitJSON(doc, openapi3.MultiErrors())
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		err = errors.Join(multi...)
	}
	if err != nil {
		return fmt.Errorf("validate results: %w", err)
	}
	return nil
}
