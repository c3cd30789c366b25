package steps

import (
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/directus-conformance/harness/features"
)

// referenceKinds are the sections of the step reference, in order, with
// the keyword its examples are shown with.
var referenceKinds = []struct{ kind, keyword, title string }{
	{"Context", "Given", "Setting up (Given)"},
	{"Action", "When", "Acting (When)"},
	{"Outcome", "Then", "Checking (Then)"},
}

// WriteReference writes the step reference as Markdown: every step
// pattern the suite defines, under what it is used for, each with the
// first step of fsys's feature files that it matches, and then every step
// of those files that no definition matches. It returns how many of
// those there are: a scenario with one would end in an error.
func WriteReference(w io.Writer, fsys fs.FS) (undefined int, err error) {
	written, err := features.Steps(fsys)
	if err != nil {
		return 0, fmt.Errorf("write step reference: %w", err)
	}
	defs, err := definitions()
	if err != nil {
		return 0, fmt.Errorf("write step reference: %w", err)
	}
	sections := map[string][]string{}
	for _, re := range defs {
		kind, entry := "", "- "+code(re.String())
		for _, st := range written {
			if re.MatchString(st.Text) {
				kind = st.Kind
				entry += fmt.Sprintf("\n\n  %s (%s:%d)", code(keyword(kind)+" "+st.Text),
					st.Feature, st.Line)
				break
			}
		}
		sections[kind] = append(sections[kind], entry)
	}
	var unmatched []string
	for _, st := range undefinedSteps(written, defs) {
		unmatched = append(unmatched, fmt.Sprintf("- %s:%d: %s", st.Feature, st.Line,
			code(st.Keyword+" "+st.Text)))
	}

	fmt.Fprintf(w, "# Step reference\n\n"+
		"Every step the suite defines, as the regular expression godog matches,\n"+
		"with the first step of the built-in suite that uses it. Written by\n"+
		"`go test ./steps -run TestStepReference -update`; do not edit by hand.\n"+
		"`conformance list --steps --features DIR` shows the same for your own\n"+
		"feature files.\n\n"+
		"Names in quotes are aliases that the harness makes unique per scenario;\n"+
		"a trailing `because …` on a check is the documented rule it stands for,\n"+
		"repeated in the failure message.\n")
	for _, k := range referenceKinds {
		writeSection(w, k.title, sections[k.kind])
	}
	writeSection(w, "Not used by these feature files", sections[""])
	writeSection(w, "Steps that no definition matches", unmatched)
	return len(unmatched), nil
}

// Undefined returns the steps of fsys's feature files that no step
// definition matches.
func Undefined(fsys fs.FS) ([]features.Step, error) {
	written, err := features.Steps(fsys)
	if err != nil {
		return nil, err
	}
	defs, err := definitions()
	if err != nil {
		return nil, err
	}
	return undefinedSteps(written, defs), nil
}

// definitions returns the suite's step patterns, compiled.
func definitions() ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range Patterns() {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("step pattern %s: %w", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

func undefinedSteps(written []features.Step, defs []*regexp.Regexp) []features.Step {
	var out []features.Step
	for _, st := range written {
		if !slices.ContainsFunc(defs, func(re *regexp.Regexp) bool { return re.MatchString(st.Text) }) {
			out = append(out, st)
		}
	}
	return out
}

func writeSection(w io.Writer, title string, entries []string) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## %s\n\n%s\n", title, strings.Join(entries, "\n\n"))
}

func keyword(kind string) string {
	for _, k := range referenceKinds {
		if k.kind == kind {
			return k.keyword
		}
	}
	return "*"
}

// code returns s as a Markdown code span, whatever backticks it holds.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
