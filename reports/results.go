// Package reports holds the one results model of a conformance run and the
// writers that render it.
package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Status is the outcome of one check.
type Status string

// The statuses a check can end in.
const (
	// Passed means the server behaved as documented.
	Passed Status = "passed"
	// Failed means the server differs from the documentation.
	Failed Status = "failed"
	// Error means the harness or its setup broke; it says nothing about
	// the server's conformance.
	Error Status = "error"
	// Skipped means the check was not selected.
	Skipped Status = "skipped"
	// NotApplicable means the check does not apply to this server's
	// version or edition.
	NotApplicable Status = "not_applicable"
	// KnownDefect means the check failed in a way a @known-defect tag or a
	// baseline expects: the server still breaks the documented behaviour,
	// visibly, but the run does not fail for it.
	KnownDefect Status = "known_defect"
)

// Results is everything a run found, in the shape of results.json.
type Results struct {
	Summary   Summary     `json:"summary"`
	Harness   Harness     `json:"harness"`
	Target    Target      `json:"target"`
	Config    []Setting   `json:"config,omitempty"`
	Started   time.Time   `json:"started"`
	Finished  time.Time   `json:"finished"`
	Timing    Timing      `json:"timing"`
	Scenarios []*Scenario `json:"scenarios"`
	// Findings are answers that do not match the server's own OpenAPI
	// document. They are reported apart: the document itself is known to
	// be wrong in places.
	Findings []Finding `json:"findings,omitempty"`
	// Stale lists baseline entries whose check passed on this run.
	Stale []Stale `json:"stale_baseline,omitempty"`
	// Problem is the one-line reason a run ended early, if it did.
	Problem string `json:"problem,omitempty"`
}

// Summary counts scenarios by status.
type Summary struct {
	Passed        int `json:"passed"`
	Failed        int `json:"failed"`
	Error         int `json:"error"`
	Skipped       int `json:"skipped"`
	NotApplicable int `json:"not_applicable"`
	KnownDefect   int `json:"known_defect"`
}

// Harness identifies the build of the harness that made the results.
type Harness struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
}

// Target describes the server under test.
type Target struct {
	Kind     string `json:"kind"`
	Version  string `json:"version"`
	URL      string `json:"url,omitempty"`
	Database string `json:"database,omitempty"`
}

// Setting is one effective configuration value of a run, redacted.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Timing splits the wall time of a run into its phases.
type Timing struct {
	EnvironmentMS int64 `json:"environment_ms"`
	ScenariosMS   int64 `json:"scenarios_ms"`
}

// Scenario is the result of one check.
type Scenario struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Feature    string      `json:"feature"`
	Version    string      `json:"version,omitempty"`
	Tags       []string    `json:"tags,omitempty"`
	Status     Status      `json:"status"`
	DurationMS int64       `json:"duration_ms"`
	Message    string      `json:"message,omitempty"`
	Steps      []Step      `json:"steps,omitempty"`
	Evidence   []*Exchange `json:"evidence,omitempty"`
	// ServerLog is the end of the server's log when the check failed or
	// errored, where the target can see the log.
	ServerLog string `json:"server_log,omitempty"`
}

// Finding is a kind of answer that did not match the server's OpenAPI
// document, with how often it was seen and in which checks.
type Finding struct {
	Operation string   `json:"operation"`
	Status    int      `json:"status"`
	Problem   string   `json:"problem"`
	Count     int      `json:"count"`
	Checks    []string `json:"checks"`
}

// Step is one Gherkin step of a scenario and how it ended.
type Step struct {
	Text   string `json:"text"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Exchange is one HTTP request and its response, already redacted.
type Exchange struct {
	Phase      string            `json:"phase,omitempty"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Request    map[string]string `json:"request_headers,omitempty"`
	Body       string            `json:"request_body,omitempty"`
	Status     int               `json:"status"`
	Response   map[string]string `json:"response_headers,omitempty"`
	Reply      string            `json:"response_body,omitempty"`
	DurationMS int64             `json:"duration_ms"`
	Err        string            `json:"error,omitempty"`
}

// Tally recomputes the summary from the scenarios.
func (r *Results) Tally() {
	r.Summary = Summary{}
	for _, s := range r.Scenarios {
		switch s.Status {
		case Passed:
			r.Summary.Passed++
		case Failed:
			r.Summary.Failed++
		case Error:
			r.Summary.Error++
		case Skipped:
			r.Summary.Skipped++
		case NotApplicable:
			r.Summary.NotApplicable++
		case KnownDefect:
			r.Summary.KnownDefect++
		}
	}
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

// ReadJSON reads results written by WriteJSON.
func ReadJSON(rd io.Reader) (*Results, error) {
	var r Results
	if err := json.NewDecoder(rd).Decode(&r); err != nil {
		return nil, fmt.Errorf("read results: %w", err)
	}
	return &r, nil
}
