package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// runFlags are the flags that shape a suite run, shared by run and gate.
type runFlags struct {
	tags, dir, baseline, shard, rerun string
	concurrency                       int
}

func (f *runFlags) register(fl *flag.FlagSet) {
	fl.StringVar(&f.tags, "tags", os.Getenv("CONFORMANCE_TAGS"), "godog tag expression selecting checks")
	fl.StringVar(&f.dir, "features", "", "directory of feature files (default: the built-in suite)")
	fl.IntVar(&f.concurrency, "concurrency", 2, "scenarios run at once")
	fl.StringVar(&f.baseline, "baseline", os.Getenv("CONFORMANCE_BASELINE"),
		"YAML file of expected failures")
	fl.StringVar(&f.shard, "shard", "", "run only slice i of n of the checks, as i/n")
	fl.StringVar(&f.rerun, "rerun-failed", "", "run only the checks that failed or errored in this results.json")
}

// options turns the flags into suite options, reading the files they name.
func (f *runFlags) options(stdout io.Writer) (steps.Options, reports.Baseline, error) {
	opts := steps.Options{Tags: f.tags, Concurrency: f.concurrency, Progress: stdout}
	if f.dir != "" {
		opts.Features = os.DirFS(f.dir)
	}
	var selects []func(features.Check) (bool, string)
	if f.shard != "" {
		sel, err := shard(f.shard)
		if err != nil {
			return opts, nil, err
		}
		selects = append(selects, sel)
	}
	if f.rerun != "" {
		sel, err := rerun(f.rerun)
		if err != nil {
			return opts, nil, err
		}
		selects = append(selects, sel)
	}
	if len(selects) > 0 {
		opts.Select = func(c features.Check) (bool, string) {
			for _, sel := range selects {
				if ok, why := sel(c); !ok {
					return false, why
				}
			}
			return true, ""
		}
	}
	var base reports.Baseline
	if f.baseline != "" {
		file, err := os.Open(f.baseline)
		if err != nil {
			return opts, nil, fmt.Errorf("read baseline: %w", err)
		}
		defer file.Close()
		if base, err = reports.ReadBaseline(file); err != nil {
			return opts, nil, err
		}
	}
	return opts, base, nil
}

// shard parses "i/n" and selects the checks whose id hashes to slice i, a
// split that stays stable as checks are added and removed.
func shard(spec string) (func(features.Check) (bool, string), error) {
	is, ns, ok := strings.Cut(spec, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return nil, fmt.Errorf("--shard %q: want i/n with 1 <= i <= n", spec)
	}
	return func(c features.Check) (bool, string) {
		h := fnv.New32a()
		h.Write([]byte(c.ID))
		if int(h.Sum32()%uint32(n)) == i-1 {
			return true, ""
		}
		return false, "in another shard than " + spec
	}, nil
}

// rerun selects the checks that failed or errored in an earlier run.
func rerun(path string) (func(features.Check) (bool, string), error) {
	prev, err := readResults(path)
	if err != nil {
		return nil, err
	}
	again := map[string]bool{}
	for _, s := range prev.Scenarios {
		if s.Status == reports.Failed || s.Status == reports.Error {
			again[s.ID] = true
		}
	}
	return func(c features.Check) (bool, string) {
		if again[c.ID] {
			return true, ""
		}
		return false, "did not fail in " + path
	}, nil
}

func readResults(path string) (*reports.Results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read results: %w", err)
	}
	defer f.Close()
	return reports.ReadJSON(f)
}

// execute runs the suite once on the target cfg selects and applies the
// baseline to what it found.
func execute(ctx context.Context, cfg fixtures.Config, opts steps.Options,
	base reports.Baseline) (*reports.Results, error) {
	res, err := steps.Execute(ctx, cfg, opts)
	if len(base) > 0 && res.Target.Version != "" {
		res.Stale = base.Apply(res, res.Target.Version, features.Compare)
	}
	return res, err
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg := targetFlags(fl)
	var rf runFlags
	rf.register(fl)
	out := fl.String("out", env("CONFORMANCE_OUT", "out"), "directory for the reports")
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	if _, err := fixtures.Choose(*cfg); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	opts, base, err := rf.options(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	cfg.Log = logger(stderr)
	cfg.Output = io.Discard

	versions := strings.Split(cfg.Version, ",")
	if len(versions) == 1 {
		return runVersion(ctx, *cfg, opts, base, *out, stdout, stderr)
	}
	// A version matrix: one run per version, each in its own directory,
	// and the worst exit code of them.
	worst := exitPass
	for _, v := range versions {
		c := *cfg
		c.Version = strings.TrimSpace(v)
		code := runVersion(ctx, c, opts, base, filepath.Join(*out, c.Version), stdout, stderr)
		worst = max(worst, code)
	}
	return worst
}

// runVersion runs the suite once, writes its reports into out and returns
// the documented exit code.
func runVersion(ctx context.Context, cfg fixtures.Config, opts steps.Options,
	base reports.Baseline, out string, stdout, stderr io.Writer) int {
	res, err := execute(ctx, cfg, opts, base)
	if werr := reports.WriteDir(out, res); werr != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", werr)
		return exitHarness
	}
	s := res.Summary
	fmt.Fprintf(stdout, "%d passed, %d failed, %d errors, %d known defects, %d not applicable, "+
		"%d skipped on %s; report in %s\n", s.Passed, s.Failed, s.Error, s.KnownDefect,
		s.NotApplicable, s.Skipped, strings.TrimSpace(res.Target.Kind+" "+res.Target.Version),
		filepath.Join(out, "results.json"))
	for _, st := range res.Stale {
		fmt.Fprintf(stderr, "conformance: stale baseline entry: %s now %s (%s)\n",
			st.Check, st.Status, st.Reason)
	}
	return exitCode(res, err, stderr)
}

// exitCode maps a run's outcome to the documented exit codes.
func exitCode(res *reports.Results, err error, stderr io.Writer) int {
	switch {
	case errors.Is(err, fixtures.ErrUsage), errors.Is(err, features.ErrMalformed):
		fmt.Fprintf(stderr, "conformance: %s\n", firstLine(res.Problem))
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "conformance: %s\n", res.Problem)
		return exitHarness
	case res.Summary.Error > 0:
		return exitHarness
	case res.Summary.Failed > 0, len(res.Stale) > 0:
		return exitFail
	}
	return exitPass
}
