package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes r as JUnit XML: one testsuite per feature file and one
// testcase per scenario, with skipped and not-applicable scenarios marked
// skipped and their reason given.
func WriteJUnit(w io.Writer, r *Results) error {
	byFeature := map[string]*junitSuite{}
	var names []string
	for _, s := range r.Scenarios {
		suite, ok := byFeature[s.Feature]
		if !ok {
			suite = &junitSuite{Name: s.Feature}
			byFeature[s.Feature] = suite
			names = append(names, s.Feature)
		}
		c := junitCase{
			Name:      s.ID + " " + s.Name,
			Classname: strings.TrimSuffix(s.Feature, ".feature"),
			Time:      seconds(s.DurationMS),
		}
		first := firstLine(s.Message)
		switch s.Status {
		case Failed:
			c.Failure = &junitMessage{Message: first, Text: s.Message}
			suite.Failures++
		case Error:
			c.Error = &junitMessage{Message: first, Text: s.Message}
			suite.Errors++
		case Skipped, NotApplicable:
			c.Skipped = &junitMessage{Message: string(s.Status) + ": " + first}
			suite.Skipped++
		}
		if s.Status == Failed || s.Status == Error {
			c.SystemOut = &junitText{Text: evidenceText(s)}
		}
		suite.Tests++
		suite.Cases = append(suite.Cases, c)
	}
	sort.Strings(names)
	out := junitSuites{Name: "directus-conformance"}
	for _, n := range names {
		s := byFeature[n]
		var ms int64
		for _, c := range r.Scenarios {
			if c.Feature == n {
				ms += c.DurationMS
			}
		}
		s.Time = seconds(ms)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// evidenceText renders a scenario's steps and exchanges as plain text.
func evidenceText(s *Scenario) string {
	var b strings.Builder
	for _, st := range s.Steps {
		fmt.Fprintf(&b, "%-9s %s\n", st.Status, st.Text)
		if st.Error != "" {
			fmt.Fprintf(&b, "          %s\n", strings.ReplaceAll(st.Error, "\n", "\n          "))
		}
	}
	for _, ex := range s.Evidence {
		fmt.Fprintf(&b, "\n[%s] %s %s -> %d (%d ms)\n", ex.Phase, ex.Method, ex.Path, ex.Status, ex.DurationMS)
		if ex.Body != "" {
			fmt.Fprintf(&b, "  > %s\n", ex.Body)
		}
		if ex.Reply != "" {
			fmt.Fprintf(&b, "  < %s\n", ex.Reply)
		}
		if ex.Err != "" {
			fmt.Fprintf(&b, "  ! %s\n", ex.Err)
		}
	}
	if s.ServerLog != "" {
		fmt.Fprintf(&b, "\nserver log:\n%s\n", s.ServerLog)
	}
	return b.String()
}
