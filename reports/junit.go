package reports

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
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
// skipped and their reason given. A known defect passes, with its message
// and evidence in system-out.
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
		switch s.Status {
		case Failed, Error:
			c.SystemOut = &junitText{Text: evidenceText(s)}
		case KnownDefect:
			// It does not fail the build, but it is not hidden either.
			c.SystemOut = &junitText{Text: "known defect: " + s.Message + "\n\n" + evidenceText(s)}
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

// ValidateJUnit reports whether b is JUnit XML of the shape CI servers
// read: a testsuites element whose counts add up over its testsuite
// elements, each of which counts its own testcases, and testcases with a
// name, a classname, a time in seconds and at most one of failure, error
// and skipped. When it is not, the error names every problem.
func ValidateJUnit(b []byte) error {
	var doc junitSuites
	if err := xml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("validate junit: %w", err)
	}
	var errs []error
	var tests, failures, errored, skipped int
	for _, s := range doc.Suites {
		var f, e, sk int
		for i, c := range s.Cases {
			where := fmt.Sprintf("testsuite %q, testcase %d", s.Name, i+1)
			if c.Name == "" || c.Classname == "" {
				errs = append(errs, fmt.Errorf("%s: no name or classname", where))
			}
			if _, err := strconv.ParseFloat(c.Time, 64); err != nil {
				errs = append(errs, fmt.Errorf("%s: time %q is not in seconds", where, c.Time))
			}
			outcomes := 0
			for _, m := range []*junitMessage{c.Failure, c.Error, c.Skipped} {
				if m != nil {
					outcomes++
				}
			}
			if outcomes > 1 {
				errs = append(errs, fmt.Errorf("%s: more than one of failure, error and skipped",
					where))
			}
			f, e, sk = f+count(c.Failure), e+count(c.Error), sk+count(c.Skipped)
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			errs = append(errs, fmt.Errorf("testsuite %q counts %d tests, %d failures, %d errors, "+
				"%d skipped; its testcases hold %d, %d, %d, %d", s.Name, s.Tests, s.Failures,
				s.Errors, s.Skipped, len(s.Cases), f, e, sk))
		}
		tests, failures, errored, skipped = tests+s.Tests, failures+f, errored+e, skipped+sk
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errored ||
		doc.Skipped != skipped {
		errs = append(errs, fmt.Errorf("testsuites counts %d tests, %d failures, %d errors, "+
			"%d skipped; its testsuites hold %d, %d, %d, %d", doc.Tests, doc.Failures,
			doc.Errors, doc.Skipped, tests, failures, errored, skipped))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("validate junit: %w", err)
	}
	return nil
}

func count(m *junitMessage) int {
	if m == nil {
		return 0
	}
	return 1
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
