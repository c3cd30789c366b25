package reports

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sample() *Results {
	r := &Results{
		Target:   Target{Kind: "local", Version: "11.17.4"},
		Started:  time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC),
		Finished: time.Date(2026, 12, 3, 10, 1, 0, 0, time.UTC),
		Scenarios: []*Scenario{
			{ID: "ACC-001", Name: "The public cannot list", Feature: "access/deny.feature",
				Status: Passed, DurationMS: 120},
			{ID: "ACC-002", Name: "Hidden items stay hidden", Feature: "access/deny.feature",
				Status: Failed, DurationMS: 340,
				Message: "status = 200; want 403 (public has no permission)\nGET /items/x answered 200",
				Steps:   []Step{{Text: `the status is 403`, Status: "failed", Error: "status = 200"}},
				Evidence: []*Exchange{{Phase: "check", Method: "GET", Path: "/items/x", Status: 200,
					Reply: `{"data":[]}`, DurationMS: 3}}},
			{ID: "ACC-010", Name: "Item filters", Feature: "access/rules.feature",
				Status: NotApplicable, Message: "licence refuses custom rules"},
			{ID: "TOK-001", Name: "Static token", Feature: "tokens/static.feature",
				Status: Error, Message: "setup: create role: status 500"},
			{ID: "TOK-002", Name: "Not selected", Feature: "tokens/static.feature",
				Status: Skipped, Message: "not selected"},
		},
	}
	r.Tally()
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestWriteJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "junit.xml", buf.Bytes())

	var parsed junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &parsed); err != nil {
		t.Fatalf("junit does not parse: %v", err)
	}
	if parsed.Tests != 5 || parsed.Failures != 1 || parsed.Errors != 1 || parsed.Skipped != 2 {
		t.Errorf("totals = %d tests %d failures %d errors %d skipped; want 5 1 1 2",
			parsed.Tests, parsed.Failures, parsed.Errors, parsed.Skipped)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	in := sample()
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	golden(t, "results.json", buf.Bytes())
	out, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if out.Summary != in.Summary || len(out.Scenarios) != len(in.Scenarios) {
		t.Errorf("round trip: summary %+v, %d scenarios; want %+v, %d",
			out.Summary, len(out.Scenarios), in.Summary, len(in.Scenarios))
	}
}
