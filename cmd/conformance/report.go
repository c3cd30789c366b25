package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/directus-conformance/harness/reports"
)

func cmdReport(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("report", flag.ContinueOnError)
	from := fl.String("from", "out/results.json", "the results.json to render")
	out := fl.String("out", "out", "directory for the reports")
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	res, err := readResults(*from)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	if err := reports.WriteDir(*out, res); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitHarness
	}
	fmt.Fprintf(stdout, "reports for %d checks written to %s\n", len(res.Scenarios), *out)
	return exitPass
}

func cmdMerge(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("merge", flag.ContinueOnError)
	out := fl.String("out", "out", "directory for the merged reports")
	if !parseFlags(fl, args, stderr) {
		return exitUsage
	}
	if fl.NArg() < 2 {
		fmt.Fprintln(stderr, "conformance: merge wants at least two results.json files")
		return exitUsage
	}
	var parts []*reports.Results
	for _, p := range fl.Args() {
		r, err := readResults(p)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return exitUsage
		}
		parts = append(parts, r)
	}
	merged, err := reports.Merge(parts...)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	if err := reports.WriteDir(*out, merged); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitHarness
	}
	s := merged.Summary
	fmt.Fprintf(stdout, "merged %d runs: %d passed, %d failed, %d errors into %s\n",
		len(parts), s.Passed, s.Failed, s.Error, *out)
	return exitPass
}
