package features

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestBuiltInSuiteLoads(t *testing.T) {
	checks, err := Load(FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) < 14 {
		t.Errorf("built-in suite has %d checks; want at least 14", len(checks))
	}
	for _, c := range checks {
		if c.Doc == "" {
			t.Errorf("%s (%s:%d) has no @doc: tag", c.ID, c.Feature, c.Line)
		}
	}
}

func TestLoadRejectsMalformedFiles(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"not gherkin", "Feature: x\n  Scenario: y\n    Given z\n  Oops this is not a step\n",
			"area/bad.feature:4:3: expected:"},
		{"several parse errors", "Feature: x\n  Scenario: y\n    Given z\n  Oops\n  Oops again\n",
			"got '  Oops' (and 1 more errors)"},
		{"no check id", "Feature: x\n  Scenario: untagged\n    Given z\n", "bad.feature:2"},
		{"duplicate id", "Feature: x\n  @check:A-1\n  Scenario: one\n    Given z\n" +
			"  @check:A-1\n  Scenario: two\n    Given z\n", "bad.feature:6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"area/bad.feature": {Data: []byte(tt.text)}})
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Load = %v; want ErrMalformed", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load = %q; want it to name %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Load = %q; want one line", err)
			}
		})
	}
}

func TestAppliesTo(t *testing.T) {
	tests := []struct {
		since, until, version string
		want                  bool
	}{
		{"", "", "10.13.4", true},
		{"11.0", "", "10.13.4", false},
		{"11.0", "", "11.0.0", true},
		{"", "12.0", "11.17.4", true},
		{"", "12.0", "12.0.0", false},
		{"", "12.0", "12.0.0-rc.1", false},
		{"11.11", "12", "11.17.4", true},
		{"11.11", "", "11.10.2", false},
	}
	for _, tt := range tests {
		c := Check{Since: tt.since, Until: tt.until}
		if got, why := c.AppliesTo(tt.version); got != tt.want {
			t.Errorf("since %q until %q AppliesTo(%q) = %v (%s); want %v",
				tt.since, tt.until, tt.version, got, why, tt.want)
		}
	}
}

func TestDemands(t *testing.T) {
	fsys := fstest.MapFS{"flows/x.feature": {Data: []byte(`Feature: x
  Background:
    Given a collection "articles" with fields "title"

  @check:X-001
  Scenario: two collections and an active flow
    Given a collection "log" with fields "source"
    And an active action flow "announce" on items.create in "articles"
    And an inactive action flow "dormant" on items.create in "articles"
    When the admin sends GET "/items/{articles}"
    Then the status is 200
    And a collection "late" with fields "title"

  @check:X-002
  Scenario: only the background
    When the admin sends GET "/items/{articles}"
    Then the status is 200
`)}}
	got, err := Demands(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Demand{
		"X-001": {Collections: 2, ActiveFlows: 1},
		"X-002": {Collections: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Demands = %+v; want %+v", got, want)
	}
}
