package reports

import (
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Baseline lists failures a team expects and accepts for now: each entry
// names a check, the versions it applies to and why it is accepted.
//
//   - check: BAD-004
//     since: "10.0"     # optional, inclusive
//     until: "12.0"     # optional, exclusive
//     reason: the server leaks SQL for an invalid uuid (upstream issue 123)
type Baseline []BaselineEntry

// BaselineEntry is one expected failure.
type BaselineEntry struct {
	Check  string `yaml:"check" json:"check"`
	Since  string `yaml:"since,omitempty" json:"since,omitempty"`
	Until  string `yaml:"until,omitempty" json:"until,omitempty"`
	Reason string `yaml:"reason" json:"reason"`
}

// ReadBaseline parses a baseline file; every entry needs a check and a
// reason.
func ReadBaseline(r io.Reader) (Baseline, error) {
	var b Baseline
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&b); err != nil && err != io.EOF {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	for i, e := range b {
		if e.Check == "" || strings.TrimSpace(e.Reason) == "" {
			return nil, fmt.Errorf("read baseline: entry %d needs both check and reason", i+1)
		}
	}
	return b, nil
}

// Stale is a baseline entry whose check no longer fails.
type Stale struct {
	Check  string `json:"check"`
	Since  string `json:"since,omitempty"`
	Until  string `json:"until,omitempty"`
	Reason string `json:"reason"`
	Status Status `json:"status"`
}

// Apply turns the failures the baseline expects for version into known
// defects and returns the entries that apply to version but whose check
// passed: a stale baseline hides nothing, and must be cleaned up.
func (b Baseline) Apply(r *Results, version string, compare func(a, b string) int) []Stale {
	var stale []Stale
	for _, e := range b {
		if e.Since != "" && compare(version, e.Since) < 0 {
			continue
		}
		if e.Until != "" && compare(version, e.Until) >= 0 {
			continue
		}
		for _, s := range r.Scenarios {
			if s.ID != e.Check {
				continue
			}
			switch s.Status {
			case Failed:
				s.Status = KnownDefect
				s.Message = "expected by the baseline (" + e.Reason + "): " + s.Message
			case Passed:
				stale = append(stale, Stale{Check: e.Check, Since: e.Since, Until: e.Until,
					Reason: e.Reason, Status: s.Status})
			}
		}
	}
	r.Tally()
	return stale
}
