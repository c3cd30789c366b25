// Command conformance checks a Directus-compatible server against the
// documented behaviour and writes a report of what it found.
//
// Usage:
//
//	conformance run  [flags]   run the suite; exit 0 pass, 1 fail, 2 usage, 3 harness
//	conformance list [--format text|json]
//	conformance up   [flags]   start a target, print its address, wait for a signal
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// Exit codes, as documented in the README.
const (
	exitPass    = 0
	exitFail    = 1
	exitUsage   = 2
	exitHarness = 3
)

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "conformance: missing command (run, list or up)")
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], stdout, stderr)
	case "list":
		return cmdList(args[1:], stdout, stderr)
	case "up":
		return cmdUp(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, "usage: conformance run|list|up [flags]; conformance CMD -h for flags")
		return exitPass
	}
	fmt.Fprintf(stderr, "conformance: unknown command %q (want run, list or up)\n", args[0])
	return exitUsage
}

// targetFlags registers the flags that choose a target; environment
// variables give their defaults.
func targetFlags(fl *flag.FlagSet) *fixtures.Config {
	cfg := &fixtures.Config{}
	fl.StringVar(&cfg.Kind, "target", env("CONFORMANCE_TARGET", "auto"), "auto, local or url")
	fl.StringVar(&cfg.URL, "url", os.Getenv("DIRECTUS_URL"), "base URL of a running server (url target)")
	fl.StringVar(&cfg.AdminToken, "admin-token", os.Getenv("DIRECTUS_ADMIN_TOKEN"),
		"static token of an admin user (url target)")
	fl.StringVar(&cfg.AdminEmail, "admin-email", os.Getenv("DIRECTUS_ADMIN_EMAIL"),
		"admin email, optional (url target)")
	fl.StringVar(&cfg.AdminPassword, "admin-password", os.Getenv("DIRECTUS_ADMIN_PASSWORD"),
		"admin password, optional (url target)")
	fl.StringVar(&cfg.Version, "directus-version", env("DIRECTUS_VERSION", fixtures.DefaultVersion),
		"Directus version the local target installs")
	fl.StringVar(&cfg.CacheDir, "cache-dir", os.Getenv("CONFORMANCE_CACHE_DIR"),
		"where npm installs are kept (default: user cache dir)")
	return cfg
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func parse(fl *flag.FlagSet, args []string, stderr io.Writer) bool {
	fl.SetOutput(stderr)
	if err := fl.Parse(args); err != nil {
		return false
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance: unexpected argument %q\n", fl.Arg(0))
		return false
	}
	return true
}

func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg := targetFlags(fl)
	tags := fl.String("tags", os.Getenv("CONFORMANCE_TAGS"), "godog tag expression selecting checks")
	out := fl.String("out", env("CONFORMANCE_OUT", "out"), "directory for results.json and junit.xml")
	dir := fl.String("features", "", "directory of feature files (default: the built-in suite)")
	conc := fl.Int("concurrency", 2, "scenarios run at once")
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	if _, err := fixtures.Choose(*cfg); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	cfg.Log = logger(stderr)
	cfg.Output = io.Discard
	opts := steps.Options{Tags: *tags, Concurrency: *conc, Progress: stdout}
	if *dir != "" {
		opts.Features = os.DirFS(*dir)
	}

	res, err := steps.Execute(ctx, *cfg, opts)
	if werr := reports.WriteDir(*out, res); werr != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", werr)
		return exitHarness
	}
	s := res.Summary
	fmt.Fprintf(stdout, "%d passed, %d failed, %d errors, %d known defects, %d not applicable, "+
		"%d skipped on %s %s; report in %s\n", s.Passed, s.Failed, s.Error, s.KnownDefect,
		s.NotApplicable, s.Skipped, res.Target.Kind, res.Target.Version,
		filepath.Join(*out, "results.json"))
	switch {
	case errors.Is(err, fixtures.ErrUsage), errors.Is(err, features.ErrMalformed):
		fmt.Fprintf(stderr, "conformance: %s\n", firstLine(res.Problem))
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "conformance: %s\n", res.Problem)
		return exitHarness
	case s.Error > 0:
		return exitHarness
	case s.Failed > 0:
		return exitFail
	}
	return exitPass
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func cmdList(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("list", flag.ContinueOnError)
	format := fl.String("format", "text", "text or json")
	dir := fl.String("features", "", "directory of feature files (default: the built-in suite)")
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	var fsys fs.FS = features.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	checks, err := features.Load(fsys)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return exitUsage
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(checks); err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return exitHarness
		}
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, c := range checks {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.Title, c.Feature)
		}
		tw.Flush()
	default:
		fmt.Fprintf(stderr, "conformance: unknown format %q (want text or json)\n", *format)
		return exitUsage
	}
	return exitPass
}

func cmdUp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("up", flag.ContinueOnError)
	cfg := targetFlags(fl)
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	cfg.Log = logger(stderr)
	target, err := fixtures.Open(ctx, *cfg)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %s\n", firstLine(err.Error()))
		if errors.Is(err, fixtures.ErrUsage) {
			return exitUsage
		}
		return exitHarness
	}
	defer target.Close()
	srv := target.Server()
	line, _ := json.Marshal(map[string]string{
		"url":            srv.URL,
		"admin_token":    srv.AdminToken,
		"admin_email":    srv.AdminEmail,
		"admin_password": srv.AdminPassword,
		"version":        srv.Version,
		"target":         srv.Kind,
	})
	fmt.Fprintln(stdout, string(line))
	<-ctx.Done()
	cfg.Log.Info("stopping", "target", srv.Kind)
	return exitPass
}
