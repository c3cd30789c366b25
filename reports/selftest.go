package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// SelfTest is what a self-test found: whether the suite notices each of a
// list of deliberately broken servers, in the shape of selftest.json.
type SelfTest struct {
	Harness  Harness   `json:"harness"`
	Target   Target    `json:"target"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Control is the run against the unbroken server that every mutant's
	// run is compared with.
	Control Control `json:"control"`
	// Mutants holds one outcome per mutant, in the order they ran.
	Mutants []*MutantOutcome `json:"mutants"`
	// Killed counts the mutants that made a check fail; KillRate is their
	// share of Mutants, from 0 to 1.
	Killed   int     `json:"killed"`
	KillRate float64 `json:"kill_rate"`
	// Problem is why the self-test could not conclude, if it could not.
	Problem string `json:"problem,omitempty"`
	// Unproven lists the patterns of assertion steps that no mutant made
	// fail: steps not yet shown to catch anything.
	Unproven []string `json:"unproven_steps,omitempty"`
}

// Control is the run of the selected checks against the real server. It
// is clean when none of them failed or errored; otherwise the self-test
// says nothing.
type Control struct {
	Tags       string  `json:"tags"`
	Summary    Summary `json:"summary"`
	DurationMS int64   `json:"duration_ms"`
	// Unclean lists the checks that failed or errored.
	Unclean []CheckOutcome `json:"unclean,omitempty"`
}

// Verdicts of a mutant.
const (
	// Killed means at least one check failed against the mutant.
	Killed = "killed"
	// Survived means no check failed although some ran: a gap in the
	// suite.
	Survived = "survived"
	// Untested means none of the mutant's checks applied to the server.
	Untested = "untested"
)

// MutantOutcome is how the suite fared against one mutant.
type MutantOutcome struct {
	Name   string   `json:"name"`
	Breaks string   `json:"breaks"`
	Areas  []string `json:"areas"`
	// Verdict is Killed, Survived or Untested.
	Verdict string  `json:"verdict"`
	Summary Summary `json:"summary"`
	// CaughtBy lists the checks that failed against the mutant.
	CaughtBy []CheckOutcome `json:"caught_by,omitempty"`
	// Errors lists the checks that ended in a harness error: the mutant
	// broke their setup instead of their assertions.
	Errors     []CheckOutcome `json:"errors,omitempty"`
	DurationMS int64          `json:"duration_ms"`
	// FailedSteps are the texts of the assertion steps that failed.
	FailedSteps []string `json:"failed_steps,omitempty"`
}

// CheckOutcome names one check and the first line of why it ended so.
type CheckOutcome struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Message string `json:"message,omitempty"`
}

// Outcome returns the check outcome of a scenario.
func Outcome(s *Scenario) CheckOutcome {
	return CheckOutcome{ID: s.ID, Name: s.Name, Message: firstLine(s.Message)}
}

// Count tallies scenarios by status.
func Count(scenarios []*Scenario) Summary {
	r := Results{Scenarios: scenarios}
	r.Tally()
	return r.Summary
}

// Score recomputes Killed and KillRate from the mutants' verdicts.
func (st *SelfTest) Score() {
	st.Killed, st.KillRate = 0, 0
	for _, m := range st.Mutants {
		if m.Verdict == Killed {
			st.Killed++
		}
	}
	if len(st.Mutants) > 0 {
		st.KillRate = float64(st.Killed) / float64(len(st.Mutants))
	}
}

// WriteSelfTestJSON writes st as indented JSON.
func WriteSelfTestJSON(w io.Writer, st *SelfTest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(st); err != nil {
		return fmt.Errorf("write self-test: %w", err)
	}
	return nil
}

// WriteSelfTestMarkdown writes st as GitHub-flavoured Markdown: the kill
// rate, the kill table (each mutant, what it breaks, and the checks that
// caught it), and the control run.
func WriteSelfTestMarkdown(w io.Writer, st *SelfTest) error {
	b := bufio.NewWriter(w)
	title := "Directus conformance self-test: " + strings.TrimSpace(st.Target.Kind+" "+
		st.Target.Version)
	fmt.Fprintf(b, "# %s\n\n", mdText(title))
	if st.Problem != "" {
		fmt.Fprintf(b, "> **The self-test is inconclusive:** %s\n\n", mdText(st.Problem))
	}
	fmt.Fprintf(b, "Kill rate: **%d of %d mutants (%.0f %%)** in %s.\n\n", st.Killed,
		len(st.Mutants), 100*st.KillRate, duration(st.Finished.Sub(st.Started).Milliseconds()))
	if len(st.Mutants) > 0 {
		b.WriteString("| Mutant | What it breaks | Areas | Verdict | Caught by |\n" +
			"| --- | --- | --- | --- | --- |\n")
	}
	for _, m := range st.Mutants {
		ids := make([]string, len(m.CaughtBy))
		for i, c := range m.CaughtBy {
			ids[i] = c.ID
		}
		caught := strings.Join(ids, ", ")
		if m.Verdict != Killed {
			caught = "**gap**"
		}
		if len(m.Errors) > 0 {
			caught += fmt.Sprintf(" (%d harness errors)", len(m.Errors))
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", m.Name, mdCell(m.Breaks),
			mdCell(strings.Join(m.Areas, " ")), m.Verdict, mdCell(caught))
	}
	c := st.Control
	fmt.Fprintf(b, "\nControl run against the real server (`%s`): %d passed, %d failed, "+
		"%d errors, %d known defects, %d not applicable in %s.\n", mdText(c.Tags),
		c.Summary.Passed, c.Summary.Failed, c.Summary.Error, c.Summary.KnownDefect,
		c.Summary.NotApplicable, duration(c.DurationMS))
	for _, u := range c.Unclean {
		fmt.Fprintf(b, "- %s %s: %s\n", mdText(u.ID), mdText(u.Name), mdText(u.Message))
	}
	if len(st.Unproven) > 0 {
		fmt.Fprintf(b, "\nAssertion steps that no mutant made fail (%d):\n\n", len(st.Unproven))
		for _, p := range st.Unproven {
			fmt.Fprintf(b, "- `%s`\n", p)
		}
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write self-test markdown: %w", err)
	}
	return nil
}
