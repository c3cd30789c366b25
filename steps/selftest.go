package steps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/fixtures/faultproxy"
	"github.com/directus-conformance/harness/reports"
)

// ErrInconclusive reports that a self-test could not judge the suite:
// the control run against the real server did not pass, or a run could
// not be made.
var ErrInconclusive = errors.New("self-test inconclusive")

// SelfTestOptions configure a self-test.
type SelfTestOptions struct {
	// Mutants are the faults to inject; nil means faultproxy.List().
	Mutants []faultproxy.Mutant
	// Concurrency is how many scenarios run at once; 0 means 2.
	Concurrency int
	// Progress receives one line for the control and one per mutant; nil
	// discards them.
	Progress io.Writer
}

// SelfTest proves that the suite notices a broken server. It first runs
// the checks of every mutant's areas against target itself, the control,
// which must pass (or not apply, or hit a known defect). Then, for each
// mutant, it puts a faultproxy in front of the server and runs the checks
// of the mutant's areas through it. A mutant is killed when at least one
// check fails; a harness error does not count.
//
// SelfTest returns the outcome so far with an error wrapping
// ErrInconclusive when the control is not clean or a run cannot be made.
func SelfTest(ctx context.Context, target fixtures.Target,
	o SelfTestOptions) (*reports.SelfTest, error) {
	if o.Mutants == nil {
		o.Mutants = faultproxy.List()
	}
	if o.Concurrency == 0 {
		o.Concurrency = 2
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	srv := target.Server()
	st := &reports.SelfTest{
		Harness: harness(),
		Target: reports.Target{Kind: srv.Kind, Version: srv.Version, URL: srv.URL,
			Database: srv.Database},
		Started: time.Now().UTC(),
	}
	defer func() {
		st.Finished = time.Now().UTC()
		st.Score()
	}()
	inconclusive := func(format string, args ...any) error {
		st.Problem = fmt.Sprintf(format, args...)
		return fmt.Errorf("%w: %s", ErrInconclusive, st.Problem)
	}

	var areas []string
	for _, m := range o.Mutants {
		areas = append(areas, m.Areas...)
	}
	slices.Sort(areas)
	st.Control.Tags = strings.Join(slices.Compact(areas), ",")
	start := time.Now()
	control, _, err := Run(ctx, Options{Target: target, Tags: st.Control.Tags,
		Concurrency: o.Concurrency})
	st.Control.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		return st, inconclusive("the control run could not be made: %v", err)
	}
	st.Control.Summary = reports.Count(control)
	for _, s := range control {
		if s.Status == reports.Failed || s.Status == reports.Error {
			st.Control.Unclean = append(st.Control.Unclean, reports.Outcome(s))
		}
	}
	fmt.Fprintf(o.Progress, "%-9s %-28s %d passed, %d failed, %d errors (%.1fs)\n", "control",
		"the real server", st.Control.Summary.Passed, st.Control.Summary.Failed,
		st.Control.Summary.Error, float64(st.Control.DurationMS)/1000)
	if ctx.Err() != nil {
		return st, inconclusive("interrupted")
	}
	if n := len(st.Control.Unclean); n > 0 {
		return st, inconclusive("%d checks failed or errored against the real server, so "+
			"a check that fails against a mutant proves nothing", n)
	}

	for _, m := range o.Mutants {
		out, err := runMutant(ctx, target, m, o.Concurrency)
		if err != nil {
			return st, inconclusive("mutant %s: %v", m.Name, err)
		}
		st.Mutants = append(st.Mutants, out)
		ids := make([]string, len(out.CaughtBy))
		for i, c := range out.CaughtBy {
			ids[i] = c.ID
		}
		fmt.Fprintf(o.Progress, "%-9s %-28s %s (%.1fs)\n", out.Verdict, m.Name,
			strings.Join(ids, " "), float64(out.DurationMS)/1000)
		if ctx.Err() != nil {
			return st, inconclusive("interrupted")
		}
	}
	st.Unproven = unproven(st.Mutants)
	return st, nil
}

// unproven returns the patterns of the suite's assertion steps that no
// step failing under a mutant matches.
func unproven(mutants []*reports.MutantOutcome) []string {
	texts, err := features.Assertions(features.FS)
	if err != nil {
		return nil
	}
	var failed []string
	for _, m := range mutants {
		failed = append(failed, m.FailedSteps...)
	}
	var out []string
	for _, p := range Patterns() {
		re, err := regexp.Compile(p)
		if err != nil || !slices.ContainsFunc(texts, re.MatchString) {
			continue
		}
		if !slices.ContainsFunc(failed, re.MatchString) {
			out = append(out, p)
		}
	}
	return out
}

// runMutant runs the checks of m's areas through a proxy that applies m.
func runMutant(ctx context.Context, target fixtures.Target, m faultproxy.Mutant,
	concurrency int) (*reports.MutantOutcome, error) {
	srv := target.Server()
	proxy, err := faultproxy.Start(ctx, faultproxy.Config{
		Backend: srv.URL, AdminToken: srv.AdminToken, Mutant: m,
	})
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	start := time.Now()
	results, _, err := Run(ctx, Options{Target: throughProxy(target, proxy.URL),
		Tags: m.Tags(), Concurrency: concurrency})
	if err != nil {
		return nil, err
	}
	out := &reports.MutantOutcome{
		Name: m.Name, Breaks: m.Breaks, Areas: m.Areas, Verdict: reports.Survived,
		Summary: reports.Count(results), DurationMS: time.Since(start).Milliseconds(),
	}
	for _, s := range results {
		switch s.Status {
		case reports.Failed:
			out.CaughtBy = append(out.CaughtBy, reports.Outcome(s))
			out.Verdict = reports.Killed
			for _, st := range s.Steps {
				if st.Status == "failed" {
					out.FailedSteps = append(out.FailedSteps, st.Text)
				}
			}
		case reports.Error:
			out.Errors = append(out.Errors, reports.Outcome(s))
		}
	}
	if sum := out.Summary; out.Verdict == reports.Survived && sum.Passed+sum.Error == 0 {
		out.Verdict = reports.Untested
	}
	return out, nil
}

// proxied is a target whose server is reached through a proxy; all else
// is the real target's.
type proxied struct {
	fixtures.Target
	server fixtures.Server
}

func (p *proxied) Server() *fixtures.Server { return &p.server }

// proxiedVariants is a proxied target that can start variant servers.
// Those are reached directly, without the proxy.
type proxiedVariants struct {
	*proxied
	fixtures.Variants
}

// throughProxy returns target with its server's URL replaced by url.
func throughProxy(target fixtures.Target, url string) fixtures.Target {
	p := &proxied{Target: target, server: *target.Server()}
	p.server.URL = url
	if v, ok := target.(fixtures.Variants); ok {
		return proxiedVariants{proxied: p, Variants: v}
	}
	return p
}
