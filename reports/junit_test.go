package reports

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
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

	if err := ValidateJUnit(buf.Bytes()); err != nil {
		t.Error(err)
	}
	var parsed junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &parsed); err != nil {
		t.Fatalf("junit does not parse: %v", err)
	}
	if parsed.Tests != 5 || parsed.Failures != 1 || parsed.Errors != 1 || parsed.Skipped != 2 {
		t.Errorf("totals = %d tests %d failures %d errors %d skipped; want 5 1 1 2",
			parsed.Tests, parsed.Failures, parsed.Errors, parsed.Skipped)
	}
}

// TestJUnitShowsKnownDefects shows that a known defect passes in JUnit,
// so that it does not fail the build, with its message in system-out.
func TestJUnitShowsKnownDefects(t *testing.T) {
	r := sample()
	r.Scenarios = append(r.Scenarios, &Scenario{ID: "PAR-009", Name: "Mutations are denied",
		Feature: "parity/rest-graphql.feature", Status: KnownDefect,
		Message: "known server defect (graphql-mutation): GraphQL says a server error"})
	r.Tally()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var parsed junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &parsed); err != nil {
		t.Fatal(err)
	}
	for _, s := range parsed.Suites {
		for _, c := range s.Cases {
			if !strings.HasPrefix(c.Name, "PAR-009") {
				continue
			}
			if c.Failure != nil || c.Error != nil || c.Skipped != nil {
				t.Errorf("known defect = %+v; want a passing testcase", c)
			}
			if c.SystemOut == nil || !strings.Contains(c.SystemOut.Text,
				"known defect: known server defect (graphql-mutation)") {
				t.Errorf("known defect's system-out = %+v; want its message", c.SystemOut)
			}
			return
		}
	}
	t.Fatalf("no testcase for the known defect:\n%s", buf.String())
}

func TestValidateJUnitRejects(t *testing.T) {
	const ok = `<testsuites tests="1" failures="1" errors="0" skipped="0">` +
		`<testsuite name="f" tests="1" failures="1" errors="0" skipped="0">` +
		`<testcase name="A-1 x" classname="f" time="0.100"><failure message="m"/></testcase>` +
		`</testsuite></testsuites>`
	if err := ValidateJUnit([]byte(ok)); err != nil {
		t.Fatalf("a valid document is refused: %v", err)
	}
	tests := []struct {
		name string
		edit []string // old, new pairs
	}{
		{"another root", []string{"testsuites", "results"}},
		{"suite counts off", []string{`<testsuite name="f" tests="1"`, `<testsuite name="f" tests="2"`}},
		{"total counts off", []string{`<testsuites tests="1" failures="1"`,
			`<testsuites tests="1" failures="0"`}},
		{"two outcomes", []string{`<failure message="m"/>`, `<failure message="m"/><skipped/>`,
			`skipped="0"`, `skipped="1"`}},
		{"no classname", []string{` classname="f"`, ``}},
		{"time not in seconds", []string{`time="0.100"`, `time="100ms"`}},
		{"not xml", []string{`</testsuites>`, ``}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.NewReplacer(tt.edit...).Replace(ok)
			err := ValidateJUnit([]byte(bad))
			if err == nil {
				t.Fatalf("ValidateJUnit accepted %s", bad)
			}
			t.Log(err)
		})
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
