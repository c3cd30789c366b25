package steps_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// fakeAreas are the areas of the suite whose REST surface the fake
// serves. The others need endpoints it lacks (/graphql, /files, /assets,
// /flows, CORS); their checks are left out until it has them.
var fakeAreas = []string{"@area:access", "@area:auth", "@area:tokens"}

// fakeTags selects the scenarios of fakeAreas.
var fakeTags = strings.Join(fakeAreas, ",")

// unsupported reports whether fakeTags leaves the scenario out.
func unsupported(sc *reports.Scenario) bool {
	return !slices.ContainsFunc(sc.Tags, func(tag string) bool {
		return slices.Contains(fakeAreas, tag)
	})
}

// runSuite runs the built-in suite against a fake Directus that breaks
// the mutant's rule (fakedirectus.None for a healthy one).
func runSuite(t *testing.T, m fakedirectus.Mutant) []*reports.Scenario {
	t.Helper()
	fake := fakedirectus.New(t, fakedirectus.Options{Mutant: m})
	results, _, err := steps.Run(t.Context(), steps.Options{
		Target: fake, Tags: fakeTags, Concurrency: 4,
	})
	if err != nil {
		t.Fatalf("Run against the fake (mutant %q): %v", m, err)
	}
	if len(results) == 0 {
		t.Fatalf("Run against the fake (mutant %q) returned no results", m)
	}
	return results
}

// explain returns why a scenario ended as it did: its message and the
// step that went wrong.
func explain(sc *reports.Scenario) string {
	var b strings.Builder
	b.WriteString(sc.Message)
	for _, st := range sc.Steps {
		if st.Error != "" {
			fmt.Fprintf(&b, "\n  step %q (%s): %s", st.Text, st.Status, st.Error)
		}
	}
	return b.String()
}

// TestSuitePassesAgainstHealthyFake shows that the fake answers like
// Directus 11 wherever the suite looks: a check that fails here is a fault
// of the fake or of the check, not of a server.
func TestSuitePassesAgainstHealthyFake(t *testing.T) {
	for _, sc := range runSuite(t, fakedirectus.None) {
		if sc.Status == reports.Skipped && unsupported(sc) {
			continue
		}
		if sc.Status != reports.Passed {
			t.Errorf("%s %q: status = %s; want passed\n%s", sc.ID, sc.Name, sc.Status, explain(sc))
		}
	}
}

// mutantRun is the suite's results against one mutant, computed once
// and shared by the tests that judge them.
type mutantRun struct {
	once    sync.Once
	results []*reports.Scenario
}

var mutantRunsCache sync.Map // fakedirectus.Mutant → *mutantRun

// mutantResults runs the suite against the mutant, or returns the
// results of an earlier run in this process.
func mutantResults(t *testing.T, m fakedirectus.Mutant) []*reports.Scenario {
	t.Helper()
	v, _ := mutantRunsCache.LoadOrStore(m, &mutantRun{})
	r := v.(*mutantRun)
	r.once.Do(func() { r.results = runSuite(t, m) })
	if r.results == nil {
		t.Fatalf("an earlier run against mutant %q failed", m)
	}
	return r.results
}

// mutantRuns runs the suite against every mutant, one parallel subtest
// each, and returns the results by mutant once all have finished. check,
// when not nil, judges each mutant's results inside its subtest.
func mutantRuns(t *testing.T,
	check func(*testing.T, fakedirectus.Mutant, []*reports.Scenario),
) map[fakedirectus.Mutant][]*reports.Scenario {
	t.Helper()
	var mu sync.Mutex
	runs := map[fakedirectus.Mutant][]*reports.Scenario{}
	t.Run("mutant", func(t *testing.T) {
		for _, m := range fakedirectus.List() {
			t.Run(string(m), func(t *testing.T) {
				t.Parallel()
				results := mutantResults(t, m)
				if check != nil {
					check(t, m, results)
				}
				mu.Lock()
				runs[m] = results
				mu.Unlock()
			})
		}
	})
	return runs
}

// TestSuiteCatchesEveryMutant shows that every documented rule the fake
// can break makes at least one check fail, and that breaking it is
// reported as the server's failure, never as a harness error.
func TestSuiteCatchesEveryMutant(t *testing.T) {
	runs := mutantRuns(t, func(t *testing.T, m fakedirectus.Mutant, results []*reports.Scenario) {
		caught := 0
		for _, sc := range results {
			switch sc.Status {
			case reports.Failed:
				caught++
			case reports.Error:
				t.Errorf("%s %q: status = error; want passed or failed (the mutant must "+
					"not break setup)\n%s", sc.ID, sc.Name, explain(sc))
			}
		}
		if caught == 0 {
			t.Errorf("no check failed; want at least one to notice that the server breaks "+
				"the rule %q", m.Rule())
		}
	})

	var b strings.Builder
	for _, m := range fakedirectus.List() {
		var ids []string
		for _, sc := range runs[m] {
			if sc.Status == reports.Failed {
				ids = append(ids, sc.ID)
			}
		}
		if len(ids) == 0 {
			ids = []string{"SURVIVED"}
		}
		fmt.Fprintf(&b, "\n  %-28s %s", m, strings.Join(ids, " "))
	}
	t.Log("kill table (mutant: checks that failed):" + b.String())
}

// stepKind is one step definition of the suite, told by its text.
type stepKind struct {
	name string
	re   *regexp.Regexp
	// assertion marks the steps that judge an answer; each must be seen to
	// fail against some mutant.
	assertion bool
}

// stepKinds mirrors the step definitions registered in http.go, access.go
// and auth.go; an assertion added there should be added here. The parity
// steps are missing: fakeTags leaves their scenarios out.
var stepKinds = []stepKind{
	{"the status is", regexp.MustCompile(`^the status is \d{3}`), true},
	{"the error code is", regexp.MustCompile(`^the error code is "`), true},
	{"has N items", regexp.MustCompile(`^"[^"]+" has \d+ items?\b`), true},
	{`is "…"`, regexp.MustCompile(`^"[^"]+" is "`), true},
	{"the values at", regexp.MustCompile(`^the values at "[^"]+" are "`), true},
	{"is absent", regexp.MustCompile(`^"[^"]+" is absent\b`), true},
	{"is present", regexp.MustCompile(`^"[^"]+" is present\b`), true},
	{"is a non-empty string", regexp.MustCompile(`^"[^"]+" is a non-empty string\b`), true},
	{"is a positive number", regexp.MustCompile(`^"[^"]+" is a positive number\b`), true},
	{"differs from", regexp.MustCompile(`^"[^"]+" differs from the value remembered as "`), true},
	{"is remembered as", regexp.MustCompile(`^the value at "[^"]+" is remembered as "`), false},
	{"a value is remembered", regexp.MustCompile(`^a value "[^"]*" is remembered as "`), false},
	{"sends", regexp.MustCompile(
		`^(the public|the admin|(user|the holder of) "[^"]+") sends `), false},
	{"logs in", regexp.MustCompile(`^user "[^"]+" logs in with `), false},
	{"may", regexp.MustCompile(`^(the public|role "[^"]+") may `), false},
	{"a collection", regexp.MustCompile(`^a collection "`), false},
	{"has items", regexp.MustCompile(`^"[^"]+" has items:$`), false},
	{"a role", regexp.MustCompile(`^a role "`), false},
	{"a user", regexp.MustCompile(`^a user "`), false},
}

// kindOf returns the name of the step kind a step text belongs to.
func kindOf(text string) string {
	for _, k := range stepKinds {
		if k.re.MatchString(text) {
			return k.name
		}
	}
	return unknownStep
}

// unknownStep is the kind of a step text that no step kind matches.
const unknownStep = "(unknown step)"

func TestKindOf(t *testing.T) {
	tests := []struct{ text, want string }{
		{`the status is 403 because all public permissions are off by default`, "the status is"},
		{`the error code is "FORBIDDEN"`, "the error code is"},
		{`"data" has 1 item because admin access ignores other roles' item rules`, "has N items"},
		{`"data" has items:`, "has items"},
		{`"data.title" is "Hello"`, `is "…"`},
		{`"data.0.secret" is absent because it is not permitted`, "is absent"},
		{`"data.0.title" is present`, "is present"},
		{`"data.expires" is a positive number`, "is a positive number"},
		{`the public sends GET "/items/{articles}"`, "sends"},
		{`role "readers" may read "articles"`, "may"},
		{`the sky is blue`, unknownStep},
	}
	for _, tt := range tests {
		if got := kindOf(tt.text); got != tt.want {
			t.Errorf("kindOf(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

// TestEveryAssertionFailsUnderSomeMutant shows that no assertion step is
// dead: each kind of assertion is the step that fails in some check
// against some mutant. It logs, per step kind, the mutants that made a
// step of that kind fail.
func TestEveryAssertionFailsUnderSomeMutant(t *testing.T) {
	runs := mutantRuns(t, nil)

	failedBy := map[string]map[fakedirectus.Mutant]bool{}
	for m, results := range runs {
		for _, sc := range results {
			if sc.Status != reports.Failed {
				continue
			}
			for _, st := range sc.Steps {
				if st.Status != "failed" {
					continue
				}
				k := kindOf(st.Text)
				if failedBy[k] == nil {
					failedBy[k] = map[fakedirectus.Mutant]bool{}
				}
				failedBy[k][m] = true
			}
		}
	}

	var b strings.Builder
	for _, k := range append(stepKinds, stepKind{name: unknownStep}) {
		var ms []string
		for m := range failedBy[k.name] {
			ms = append(ms, string(m))
		}
		sort.Strings(ms)
		fmt.Fprintf(&b, "\n  %-22s %s", k.name, strings.Join(ms, " "))
	}
	t.Log("step kinds and the mutants that made one fail:" + b.String())

	for _, k := range stepKinds {
		if k.assertion && len(failedBy[k.name]) == 0 {
			t.Errorf("no mutant made a %q step fail; want at least one (the assertion "+
				"cannot be seen to catch anything)", k.name)
		}
	}
	if len(failedBy[unknownStep]) > 0 {
		t.Errorf("a failed step matches no step kind; add its definition to stepKinds")
	}
}
