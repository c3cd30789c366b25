package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/fixtures/faultproxy"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// cmdSelfTest proves that the suite notices broken servers: it runs the
// control and every selected mutant (see steps.SelfTest), writes
// selftest.json and selftest.md, and exits 0 when every mutant was
// killed, 1 when one survived, and 3 when the self-test is inconclusive.
func cmdSelfTest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("selftest", flag.ContinueOnError)
	cfg := targetFlags(fl)
	names := fl.String("mutants", "", "comma-separated mutants to inject (default: all)")
	out := fl.String("out", env("CONFORMANCE_OUT", "out"),
		"directory for selftest.json and selftest.md")
	concurrency := fl.Int("concurrency", 2, "scenarios run at once")
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	if _, err := fixtures.Choose(*cfg); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	mutants, err := pickMutants(*names)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	cfg.Log = logger(stderr)
	cfg.Output = io.Discard

	target, code := openTarget(ctx, *cfg, stderr)
	if target == nil {
		return code
	}
	defer target.Close()
	st, err := steps.SelfTest(ctx, target, steps.SelfTestOptions{
		Mutants: mutants, Concurrency: *concurrency, Progress: stdout,
	})
	if werr := writeSelfTest(*out, st); werr != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", werr)
		return exitHarness
	}
	fmt.Fprintf(stdout, "%d of %d mutants killed (%.0f %%) on %s %s; kill table in %s\n",
		st.Killed, len(st.Mutants), 100*st.KillRate, st.Target.Kind, st.Target.Version,
		filepath.Join(*out, "selftest.md"))
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitHarness
	case st.Killed < len(st.Mutants):
		for _, m := range st.Mutants {
			if m.Verdict != reports.Killed {
				fmt.Fprintf(stderr, "conformance: mutant %s %s: no check notices that it breaks %q\n",
					m.Name, m.Verdict, m.Breaks)
			}
		}
		return exitFail
	}
	return exitPass
}

// pickMutants returns the mutants a comma-separated list names, or all
// of them for an empty list.
func pickMutants(list string) ([]faultproxy.Mutant, error) {
	if strings.TrimSpace(list) == "" {
		return faultproxy.List(), nil
	}
	var out []faultproxy.Mutant
	for _, name := range strings.Split(list, ",") {
		m, ok := faultproxy.Lookup(strings.TrimSpace(name))
		if !ok {
			var known []string
			for _, m := range faultproxy.List() {
				known = append(known, m.Name)
			}
			return nil, fmt.Errorf("--mutants: unknown mutant %q (want some of %s)",
				strings.TrimSpace(name), strings.Join(known, ", "))
		}
		out = append(out, m)
	}
	return out, nil
}

// writeSelfTest writes selftest.json and selftest.md into dir.
func writeSelfTest(dir string, st *reports.SelfTest) error {
	return reports.WriteFiles(dir, st, map[string]func(io.Writer, *reports.SelfTest) error{
		"selftest.json": reports.WriteSelfTestJSON,
		"selftest.md":   reports.WriteSelfTestMarkdown,
	})
}
