package main

import (
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

func TestInterruptRemovesEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and Directus")
	}
	h := interruptRun(t, buildHarness(t), func(h *harnessCmd) {
		// Otherwise the check below could not fail.
		if len(h.leftBehind()) < 2 {
			t.Fatalf("PostgreSQL and Directus do not carry the run's mark: %v", h.leftBehind())
		}
	}, "--target", "local")
	for pid, c := range h.leftBehind() {
		t.Errorf("process %s is still running: %s", pid, c)
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "directus-conformance-*"))
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, "owner.pid")); err == nil &&
			strings.TrimSpace(string(b)) == strconv.Itoa(h.Process.Pid) {
			t.Errorf("the run's directory %s was left behind", d)
		}
	}
}

// interruptRun starts a run of the access checks with the given target
// flags, calls during once the first check has passed, sends the run
// SIGINT, and checks that it ends with exit 3 and a partial report.
func interruptRun(t *testing.T, bin string, during func(*harnessCmd),
	target ...string) *harnessCmd {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"run", "--tags", "@area:access", "--concurrency", "1",
		"--out", out}, target...)
	h := startHarness(t, bin, args...)
	for h.Out.Scan() {
		if strings.HasPrefix(h.Out.Text(), "PASSED") {
			break
		}
	}
	during(h)
	if err := h.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	go func() {
		for h.Out.Scan() {
		}
	}()
	err := waitExit(h.Cmd, 2*time.Minute)
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
	return h
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
