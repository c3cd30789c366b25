// Command conformance checks a Directus-compatible server against the
// documented behaviour and writes a report of what it found.
//
// Usage:
//
//	conformance run  [flags]   run the suite; exit 0 pass, 1 fail, 2 usage, 3 harness
//	conformance list [--format text|json] [--steps]
//	conformance up   [flags]   start a target, print its address, wait for a signal
//	conformance diff A/results.json B/results.json   what changed; exit 1 on a regression
//	conformance gate --from V1 --to V2 [--in-place]  run two versions and diff them
//	conformance report --from results.json --out DIR  render every report again
//	conformance merge --out DIR shard1/results.json shard2/results.json
//	conformance selftest [flags]   break a real server on purpose; print the kill table
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
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
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
		fmt.Fprintln(stderr, "conformance: missing command (run, list, up, diff, gate, report,"+
			" merge or selftest)")
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
	case "diff":
		return cmdDiff(args[1:], stdout, stderr)
	case "gate":
		return cmdGate(ctx, args[1:], stdout, stderr)
	case "report":
		return cmdReport(args[1:], stdout, stderr)
	case "merge":
		return cmdMerge(args[1:], stdout, stderr)
	case "selftest":
		return cmdSelfTest(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, "usage: conformance run|list|up|diff|gate|report|merge|selftest"+
			" [flags]; conformance CMD -h for flags")
		return exitPass
	}
	fmt.Fprintf(stderr, "conformance: unknown command %q (want run, list, up, diff, gate,"+
		" report, merge or selftest)\n", args[0])
	return exitUsage
}

// targetFlags registers the flags that choose a target; environment
// variables give their defaults.
func targetFlags(fl *flag.FlagSet) *fixtures.Config {
	cfg := &fixtures.Config{}
	fl.StringVar(&cfg.Kind, "target", env("CONFORMANCE_TARGET", "auto"),
		"auto, docker, local or url")
	fl.StringVar(&cfg.URL, "url", os.Getenv("DIRECTUS_URL"), "base URL of a running server (url target)")
	fl.StringVar(&cfg.AdminToken, "admin-token", os.Getenv("DIRECTUS_ADMIN_TOKEN"),
		"static token of an admin user (url target)")
	fl.StringVar(&cfg.AdminEmail, "admin-email", os.Getenv("DIRECTUS_ADMIN_EMAIL"),
		"admin email, optional (url target)")
	fl.StringVar(&cfg.AdminPassword, "admin-password", os.Getenv("DIRECTUS_ADMIN_PASSWORD"),
		"admin password, optional (url target)")
	fl.StringVar(&cfg.Version, "directus-version", env("DIRECTUS_VERSION", fixtures.DefaultVersion),
		"Directus version the local or docker target starts")
	fl.StringVar(&cfg.CacheDir, "cache-dir", os.Getenv("CONFORMANCE_CACHE_DIR"),
		"where npm installs are kept (default: user cache dir)")
	fl.StringVar(&cfg.DirectusImage, "directus-image", os.Getenv("CONFORMANCE_DIRECTUS_IMAGE"),
		"Directus image of the docker target; without a tag, the version is the tag "+
			"(default "+fixtures.DefaultDirectusImage+")")
	fl.StringVar(&cfg.PostgresImage, "postgres-image", os.Getenv("CONFORMANCE_POSTGRES_IMAGE"),
		"PostgreSQL image of the docker target (default "+fixtures.DefaultPostgresImage+")")
	fl.StringVar(&cfg.ImagePrefix, "image-prefix", os.Getenv("CONFORMANCE_IMAGE_PREFIX"),
		"registry or mirror the docker target pulls Docker Hub images from")
	return cfg
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// parse parses a command's flags and refuses positional arguments.
func parse(fl *flag.FlagSet, args []string, stderr io.Writer) bool {
	if !parseFlags(fl, args, stderr) {
		return false
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance %s: unexpected argument %q\n", fl.Name(), fl.Arg(0))
		return false
	}
	return true
}

// parseFlags parses a command's flags. A bad flag gets one line; only -h
// prints every flag.
func parseFlags(fl *flag.FlagSet, args []string, stderr io.Writer) bool {
	fl.SetOutput(io.Discard)
	err := fl.Parse(args)
	if err == nil {
		return true
	}
	if errors.Is(err, flag.ErrHelp) {
		fl.SetOutput(stderr)
		fmt.Fprintf(stderr, "usage of conformance %s:\n", fl.Name())
		fl.PrintDefaults()
		return false
	}
	fmt.Fprintf(stderr, "conformance %s: %v (conformance %s -h lists the flags)\n",
		fl.Name(), err, fl.Name())
	return false
}

func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func cmdList(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("list", flag.ContinueOnError)
	format := fl.String("format", "text", "text or json")
	dir := fl.String("features", "", "directory of feature files (default: the built-in suite)")
	stepRef := fl.Bool("steps", false, "print the step reference (Markdown) and every step "+
		"of the feature files that no definition matches")
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
	if *stepRef {
		undefined, err := steps.WriteReference(stdout, fsys)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return exitUsage
		}
		if undefined > 0 {
			what := fmt.Sprintf("%d steps match", undefined)
			if undefined == 1 {
				what = "1 step matches"
			}
			fmt.Fprintf(stderr, "conformance: %s no step definition; they are listed last\n", what)
			return exitUsage
		}
		return exitPass
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

// openTarget starts the target cfg selects; on failure it prints one line
// and returns a nil target with the exit code to end with.
func openTarget(ctx context.Context, cfg fixtures.Config, stderr io.Writer) (fixtures.Target, int) {
	target, err := fixtures.Open(ctx, cfg)
	if err == nil {
		return target, exitPass
	}
	fmt.Fprintf(stderr, "conformance: %s\n", firstLine(err.Error()))
	if errors.Is(err, fixtures.ErrUsage) {
		return nil, exitUsage
	}
	return nil, exitHarness
}

func cmdUp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("up", flag.ContinueOnError)
	cfg := targetFlags(fl)
	if !parse(fl, args, stderr) {
		return exitUsage
	}
	cfg.Log = logger(stderr)
	target, code := openTarget(ctx, *cfg, stderr)
	if target == nil {
		return code
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
