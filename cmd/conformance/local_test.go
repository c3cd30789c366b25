package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// harnessProcesses lists the PostgreSQL and Directus processes that local
// runs started, by pid.
func harnessProcesses(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil {
			continue
		}
		cmd := strings.ReplaceAll(string(b), "\x00", " ")
		if strings.Contains(cmd, "directus-conformance-") ||
			(strings.Contains(cmd, "directus-conformance") && strings.Contains(cmd, "run.js")) {
			out[filepath.Base(d)] = cmd
		}
	}
	return out
}

// buildHarness builds the conformance command into a temporary directory,
// so that tests can signal it as a user would.
func buildHarness(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "conformance")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v: %s", err, out)
	}
	return bin
}

func TestInterruptRemovesEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and Directus")
	}
	bin := buildHarness(t)
	before := harnessProcesses(t)
	pid := interruptRun(t, bin, "--target", "local")
	for p, c := range harnessProcesses(t) {
		if _, ok := before[p]; !ok {
			t.Errorf("process %s is still running: %s", p, c)
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "directus-conformance-*"))
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, "owner.pid")); err == nil &&
			strings.TrimSpace(string(b)) == strconv.Itoa(pid) {
			t.Errorf("the run's directory %s was left behind", d)
		}
	}
}

// startHarness starts the built command with args and returns it with a
// scanner of its standard output; the test's end kills it if it still
// runs.
func startHarness(t *testing.T, bin string, args ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, bufio.NewScanner(stdout)
}

// interruptRun starts a run of the access checks with the given target
// flags, sends it SIGINT once the first check has passed, and checks that
// it ends with exit 3 and a partial report. It returns the run's pid.
func interruptRun(t *testing.T, bin string, target ...string) int {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"run", "--tags", "@area:access", "--concurrency", "1",
		"--out", out}, target...)
	cmd, sc := startHarness(t, bin, args...)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "PASSED") {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	go func() {
		for sc.Scan() {
		}
	}()
	err := waitExit(cmd, 2*time.Minute)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitHarness {
		t.Errorf("run after SIGINT ended with %v; want exit code %d", err, exitHarness)
	}
	res, err := readResults(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatalf("no partial report: %v", err)
	}
	if res.Problem != "interrupted" || res.Summary.Passed == 0 {
		t.Errorf("problem %q, summary %+v; want an interrupted run with its first passes",
			res.Problem, res.Summary)
	}
	return cmd.Process.Pid
}

// killingWriter kills the local target's database once n checks have
// finished.
type killingWriter struct {
	mu     sync.Mutex
	lines  []string
	n      int
	target *fixtures.Local
}

func (w *killingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines = append(w.lines, string(p))
	if len(w.lines) == w.n {
		w.target.KillDatabase()
	}
	return len(p), nil
}

func TestDatabaseKilledUnderTheServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and Directus")
	}
	ctx := context.Background()
	target, err := fixtures.StartLocal(ctx, fixtures.Config{
		Version:  fixtures.DefaultVersion,
		CacheDir: os.Getenv("CONFORMANCE_CACHE_DIR"),
	}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { target.Close() })
	w := &killingWriter{n: 2, target: target}
	results, _, err := steps.Run(ctx, steps.Options{
		Target: target, Tags: "@area:access", Concurrency: 1, Progress: w,
	})
	if err != nil {
		t.Fatal(err)
	}
	if target.Alive() {
		t.Fatal("the target says it is alive after its database was killed")
	}
	if tail := target.LogTail(); !strings.Contains(tail, "postgresql stopped") {
		t.Errorf("log tail does not say the database stopped:\n%s", tail)
	}
	// With one check at a time, every check after the second started
	// with the database gone: none of them may pass.
	after := map[string]bool{}
	for _, line := range w.lines[w.n:] {
		if f := strings.Fields(line); len(f) > 1 {
			after[f[1]] = true
		}
	}
	for _, s := range results {
		if after[s.ID] && s.Status == reports.Passed {
			t.Errorf("%s passed with the database dead", s.ID)
		}
	}
	if len(after) == 0 {
		t.Error("no check ran after the database was killed")
	}
}
