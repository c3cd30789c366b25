package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("diff", flag.ContinueOnError)
	out := fl.String("out", "", "also write diff.md and diff.html into this directory")
	if !parseFlags(fl, args, stderr) {
		return exitUsage
	}
	if fl.NArg() != 2 {
		fmt.Fprintln(stderr, "conformance: diff wants two results.json files: before and after")
		return exitUsage
	}
	a, err := readResults(fl.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	b, err := readResults(fl.Arg(1))
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	return report(reports.Compare(a, b), *out, stdout, stderr)
}

// report prints a diff, writes it into out when out is set, and exits 1
// when a check regressed.
func report(d *reports.Diff, out string, stdout, stderr io.Writer) int {
	if err := reports.WriteDiffMarkdown(stdout, d); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitHarness
	}
	if out != "" {
		if err := writeDiff(out, d); err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return exitHarness
		}
	}
	// A check that stops applying is a documented behaviour the new
	// version no longer offers (Directus 12's licence refusing item rules,
	// say): an upgrade gate must stop for it as for a regression.
	regressed, lost := d.Count(reports.Regressed), d.Count(reports.NewlyNotApplicable)
	if regressed+lost > 0 {
		fmt.Fprintf(stderr, "conformance: %d checks regressed and %d no longer apply\n", regressed, lost)
		return exitFail
	}
	return exitPass
}

func writeDiff(dir string, d *reports.Diff) error {
	return reports.WriteFiles(dir, d, map[string]func(io.Writer, *reports.Diff) error{
		"diff.md":   reports.WriteDiffMarkdown,
		"diff.html": reports.WriteDiffHTML,
	})
}

func cmdGate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("gate", flag.ContinueOnError)
	cfg := targetFlags(fl)
	var rf runFlags
	rf.register(fl)
	from := fl.String("from", "", "the version in use now")
	to := fl.String("to", "", "the version to upgrade to")
	inPlace := fl.Bool("in-place", false, "migrate the --from server's database to --to and check what held")
	out := fl.String("out", env("CONFORMANCE_OUT", "out"), "directory for both runs' reports and the diff")
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	if *from == "" || *to == "" {
		fmt.Fprintln(stderr, "conformance: gate needs --from and --to versions")
		return exitUsage
	}
	if cfg.Kind == "url" || cfg.URL != "" {
		fmt.Fprintln(stderr, "conformance: gate starts its own servers; it cannot use --url")
		return exitUsage
	}
	opts, base, err := rf.options(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	cfg.Log = logger(stderr)
	cfg.Output = io.Discard
	if *inPlace {
		return gateInPlace(ctx, *cfg, opts, base, *from, *to, *out, stdout, stderr)
	}

	// Both versions run at once, each on its own database.
	versions := []string{*from, *to}
	results := make([]*reports.Results, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, v := range versions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := *cfg
			c.Version = v
			results[i], errs[i] = execute(ctx, c, opts, base)
		}()
	}
	wg.Wait()
	for i, v := range versions {
		if err := reports.WriteDir(filepath.Join(*out, v), results[i]); err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return exitHarness
		}
		if errs[i] != nil {
			fmt.Fprintf(stderr, "conformance: %s: %s\n", v, firstLine(results[i].Problem))
			return exitHarness
		}
	}
	return report(reports.Compare(results[0], results[1]), *out, stdout, stderr)
}

// gateInPlace runs the setup half of the suite on --from, migrates that
// server's database and uploads to --to, and runs the assertions there.
func gateInPlace(ctx context.Context, cfg fixtures.Config, opts steps.Options,
	base reports.Baseline, from, to, out string, stdout, stderr io.Writer) int {
	cfg.Version = from
	res, err := steps.ExecuteInPlace(ctx, cfg, opts, to)
	if len(base) > 0 && err == nil {
		res.Stale = base.Apply(res, to, features.Compare)
	}
	dir := filepath.Join(out, "in-place")
	if werr := reports.WriteDir(dir, res); werr != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", werr)
		return exitHarness
	}
	s := res.Summary
	fmt.Fprintf(stdout, "across %s: %d held, %d broke, %d errors, %d known defects, "+
		"%d not applicable, %d skipped; report in %s\n", res.Target.Version, s.Passed, s.Failed,
		s.Error, s.KnownDefect, s.NotApplicable, s.Skipped, filepath.Join(dir, "results.json"))
	return exitCode(res, err, stderr)
}
