package reports

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestValidateJSONAccepts(t *testing.T) {
	tests := []struct {
		name    string
		results *Results
	}{
		{"sample", sample()},
		{"rich sample", richSample()},
		{"empty run", &Results{Problem: "the server did not start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, tt.results); err != nil {
				t.Fatal(err)
			}
			if err := ValidateJSON(buf.Bytes()); err != nil {
				t.Errorf("ValidateJSON: %v\n%s", err, buf.Bytes())
			}
		})
	}
}

func TestValidateJSONRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(doc map[string]any)
		want   string // a fragment of the error
	}{
		{"bad scenario status", func(doc map[string]any) {
			scenario(doc, 1)["status"] = "flaky"
		}, "flaky"},
		{"bad step status", func(doc map[string]any) {
			scenario(doc, 1)["steps"].([]any)[0].(map[string]any)["status"] = "ok"
		}, `"ok"`},
		{"missing summary", func(doc map[string]any) {
			delete(doc, "summary")
		}, `"summary"`},
		{"missing count in summary", func(doc map[string]any) {
			delete(doc["summary"].(map[string]any), "failed")
		}, `"failed"`},
		{"count as a string", func(doc map[string]any) {
			doc["summary"].(map[string]any)["passed"] = "1"
		}, "integer"},
		{"fractional duration", func(doc map[string]any) {
			scenario(doc, 0)["duration_ms"] = 1.5
		}, "integer"},
		{"negative duration", func(doc map[string]any) {
			scenario(doc, 0)["duration_ms"] = -1
		}, "minimum"},
		{"scenarios as an object", func(doc map[string]any) {
			doc["scenarios"] = map[string]any{}
		}, "array"},
		{"started not a time", func(doc map[string]any) {
			doc["started"] = "yesterday"
		}, "date-time"},
		{"header value not a string", func(doc map[string]any) {
			ex := scenario(doc, 1)["evidence"].([]any)[0].(map[string]any)
			ex["response_headers"] = map[string]any{"Content-Length": 12}
		}, "string"},
		{"unknown field", func(doc map[string]any) {
			doc["verdict"] = "ok"
		}, "verdict"},
		{"scenario without id", func(doc map[string]any) {
			delete(scenario(doc, 0), "id")
		}, `"id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, sample()); err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			tt.change(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = ValidateJSON(b)
			if err == nil {
				t.Fatalf("ValidateJSON accepted a document with a %s", tt.name)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ValidateJSON: %v; want an error mentioning %s", err, tt.want)
			}
		})
	}
}

func TestValidateJSONRejectsNonJSON(t *testing.T) {
	for _, in := range []string{"", "{", `{"summary":{}} trailing`, "[]"} {
		if err := ValidateJSON([]byte(in)); err == nil {
			t.Errorf("ValidateJSON(%q) = nil; want an error", in)
		}
	}
}

func scenario(doc map[string]any, i int) map[string]any {
	return doc["scenarios"].([]any)[i].(map[string]any)
}

// schemaNode is the part of a JSON Schema the model test compares.
type schemaNode struct {
	Type                 any                    `json:"type"`
	Properties           map[string]*schemaNode `json:"properties"`
	Required             []string               `json:"required"`
	Items                *schemaNode            `json:"items"`
	Enum                 []string               `json:"enum"`
	AdditionalProperties any                    `json:"additionalProperties"`
}

// TestSchemaMatchesModel checks that the schema names exactly the fields
// WriteJSON writes, requires exactly those it always writes, and closes
// every object, so that a change to the results model that the schema
// misses fails here.
func TestSchemaMatchesModel(t *testing.T) {
	var root schemaNode
	if err := json.Unmarshal(schemaJSON, &root); err != nil {
		t.Fatal(err)
	}
	compareStruct(t, "results", reflect.TypeFor[Results](), &root)
}

func compareStruct(t *testing.T, at string, typ reflect.Type, node *schemaNode) {
	t.Helper()
	if node.AdditionalProperties != false {
		t.Errorf("%s: additionalProperties = %v; want false", at, node.AdditionalProperties)
	}
	var fields, required []string
	for f := range typ.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		fields = append(fields, name)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
		prop, ok := node.Properties[name]
		if !ok {
			continue
		}
		compareType(t, at+"."+name, f.Type, prop)
	}
	var props []string
	for name := range node.Properties {
		props = append(props, name)
	}
	sort.Strings(fields)
	sort.Strings(props)
	sort.Strings(required)
	got := slices.Clone(node.Required)
	sort.Strings(got)
	if !slices.Equal(props, fields) {
		t.Errorf("%s: schema properties = %v; want the model's fields %v", at, props, fields)
	}
	if !slices.Equal(got, required) {
		t.Errorf("%s: schema requires %v; want the fields never omitted %v", at, got, required)
	}
}

func compareType(t *testing.T, at string, typ reflect.Type, node *schemaNode) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	var want string
	switch {
	case typ == reflect.TypeFor[Status]():
		want = "string"
		if got := node.Enum; !slices.Equal(sorted(got), sorted(stringsOf(statusConstants(t)))) {
			t.Errorf("%s: enum = %v; want every Status constant %v", at, got, statusConstants(t))
		}
	case typ.Kind() == reflect.Struct && typ.String() == "time.Time":
		want = "string"
	case typ.Kind() == reflect.Struct:
		want = "object"
		compareStruct(t, at, typ, node)
	case typ.Kind() == reflect.Slice:
		want = "array"
		if node.Items == nil {
			t.Errorf("%s: no items schema", at)
			return
		}
		compareType(t, at+"[]", typ.Elem(), node.Items)
	case typ.Kind() == reflect.Map:
		want = "object"
		add, ok := node.AdditionalProperties.(map[string]any)
		if !ok || add["type"] != "string" {
			t.Errorf("%s: additionalProperties = %v; want string values", at, node.AdditionalProperties)
		}
	case typ.Kind() == reflect.String:
		want = "string"
	case typ.Kind() >= reflect.Int && typ.Kind() <= reflect.Uint64:
		want = "integer"
	default:
		t.Fatalf("%s: the test does not know Go type %s", at, typ)
	}
	switch got := node.Type.(type) {
	case string:
		if got != want {
			t.Errorf("%s: type = %q; want %q", at, got, want)
		}
	case []any:
		if !slices.Contains(got, any(want)) {
			t.Errorf("%s: type = %v; want it to include %q", at, got, want)
		}
	default:
		t.Errorf("%s: type = %v; want %q", at, node.Type, want)
	}
}

// statusConstants returns the value of every Status constant declared in
// results.go, read from the source so that a new status cannot be missed.
func statusConstants(t *testing.T) []Status {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "results.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []Status
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Status" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, Status(s))
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("found no Status constants in results.go")
	}
	return out
}

func TestReportsKnowEveryStatus(t *testing.T) {
	for _, s := range statusConstants(t) {
		if !slices.Contains(statuses, s) {
			t.Errorf("status %q is missing from statuses; reports would not count it", s)
		}
		if _, ok := markdownMarks[s]; !ok {
			t.Errorf("status %q has no Markdown mark", s)
		}
		if symbol(s) == "?" {
			t.Errorf("status %q has no symbol", s)
		}
		r := &Results{Scenarios: []*Scenario{{Status: s}}}
		r.Tally()
		if got := r.Summary.count(s); got != 1 {
			t.Errorf("Summary.count(%q) = %d after tallying one; want 1", s, got)
		}
	}
	if got, want := len(statuses), len(statusConstants(t)); got != want {
		t.Errorf("statuses has %d entries; want %d, one per Status constant", got, want)
	}
}

func stringsOf(ss []Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}
