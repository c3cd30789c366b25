package steps_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/fixtures/faultproxy"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// mutantsOf returns the fault-proxy mutants whose areas all lie in areas.
func mutantsOf(areas []string) []faultproxy.Mutant {
	var out []faultproxy.Mutant
	for _, m := range faultproxy.List() {
		if !slices.ContainsFunc(m.Areas, func(a string) bool { return !slices.Contains(areas, a) }) {
			out = append(out, m)
		}
	}
	return out
}

// killTable renders a self-test's verdicts for a test log.
func killTable(st *reports.SelfTest) string {
	var b strings.Builder
	for _, m := range st.Mutants {
		var ids []string
		for _, c := range m.CaughtBy {
			ids = append(ids, c.ID)
		}
		b.WriteString("\n  " + m.Verdict + " " + m.Name + " " + strings.Join(ids, " "))
	}
	return b.String()
}

// TestSelfTestAgainstFake runs the self-test's proxied mutants against
// the in-process fake, which serves the access, auth and tokens areas:
// its control passes and every mutant of those areas is killed.
func TestSelfTestAgainstFake(t *testing.T) {
	mutants := mutantsOf(fakeAreas)
	if len(mutants) < 5 {
		t.Fatalf("%d mutants of %v; want at least 5", len(mutants), fakeAreas)
	}
	fake := fakedirectus.New(t, fakedirectus.Options{})
	st, err := steps.SelfTest(t.Context(), fake, steps.SelfTestOptions{Mutants: mutants})
	if err != nil {
		t.Fatalf("SelfTest: %v", err)
	}
	t.Log("kill table:" + killTable(st))
	if st.Control.Summary.Passed == 0 || len(st.Control.Unclean) > 0 {
		t.Errorf("control = %+v, unclean %v; want passed checks only", st.Control.Summary,
			st.Control.Unclean)
	}
	if len(st.Mutants) != len(mutants) || st.Killed != len(mutants) || st.KillRate != 1 {
		t.Errorf("killed %d of %d mutants (rate %.2f); want all %d", st.Killed, len(st.Mutants),
			st.KillRate, len(mutants))
	}
	for _, m := range st.Mutants {
		if len(m.Errors) > 0 {
			t.Errorf("mutant %s: harness errors %v; want the mutant to break assertions only",
				m.Name, m.Errors)
		}
	}
}

// TestSelfTestInconclusiveOnBrokenControl shows that a server that fails
// the control makes the self-test inconclusive rather than a success:
// the kills of its mutants would prove nothing.
func TestSelfTestInconclusiveOnBrokenControl(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{Mutant: fakedirectus.BearerOptional})
	m, _ := faultproxy.Lookup("bearer-optional")
	st, err := steps.SelfTest(t.Context(), fake, steps.SelfTestOptions{
		Mutants: []faultproxy.Mutant{m},
	})
	if !errors.Is(err, steps.ErrInconclusive) {
		t.Fatalf("SelfTest error = %v; want ErrInconclusive", err)
	}
	if len(st.Control.Unclean) == 0 || len(st.Mutants) != 0 || st.Problem == "" {
		t.Errorf("unclean = %v, %d mutants run, problem %q; want the failed control named, "+
			"no mutant run, a problem", st.Control.Unclean, len(st.Mutants), st.Problem)
	}
}

// TestSelfTestLocal runs every mutant against a Directus the local target
// starts and requires each to be killed.
func TestSelfTestLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Directus server; run without -short")
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	target, err := fixtures.Open(ctx, fixtures.Config{
		Kind:     "local",
		Version:  os.Getenv("DIRECTUS_VERSION"),
		CacheDir: os.Getenv("CONFORMANCE_CACHE_DIR"),
		Log:      slog.New(slog.NewTextHandler(t.Output(), nil)),
	})
	if errors.Is(err, fixtures.ErrNoTarget) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatalf("start local target: %v", err)
	}
	t.Cleanup(func() { target.Close() })
	st, err := steps.SelfTest(ctx, target, steps.SelfTestOptions{Progress: t.Output()})
	if err != nil {
		t.Fatalf("SelfTest: %v", err)
	}
	for _, m := range st.Mutants {
		if m.Verdict != reports.Killed {
			t.Errorf("mutant %s %s: no check noticed that the server breaks %q",
				m.Name, m.Verdict, m.Breaks)
		}
	}
	if st.KillRate != 1 {
		t.Errorf("kill rate = %.2f; want 1", st.KillRate)
	}
	// Every kind of assertion must be seen to fail against some mutant,
	// or it has never been shown to catch anything.
	for _, p := range st.Unproven {
		t.Errorf("no mutant made a step of pattern %s fail", p)
	}
}
