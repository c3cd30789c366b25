package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// markEnv names the environment variable that marks the processes of one
// harness command a test starts. PostgreSQL and Directus inherit it, so
// what is left of them can be told apart from the servers that other
// tests run at the same time.
const markEnv = "CONFORMANCE_TEST_MARK"

// harnessCmd is a harness command started by a test.
type harnessCmd struct {
	*exec.Cmd
	// Out reads its standard output.
	Out  *bufio.Scanner
	mark string
}

// startHarness starts the built command with args; the test's end kills
// it if it still runs.
func startHarness(t *testing.T, bin string, args ...string) *harnessCmd {
	t.Helper()
	h := &harnessCmd{Cmd: exec.Command(bin, args...),
		mark: markEnv + "=" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	h.Env = append(os.Environ(), h.mark)
	stdout, err := h.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Process.Kill() })
	h.Out = bufio.NewScanner(stdout)
	return h
}

// leftBehind lists, by pid, the live processes that carry the command's
// mark: those it started and did not stop.
func (h *harnessCmd) leftBehind() map[string]string {
	out := map[string]string{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err != nil || !slices.Contains(strings.Split(string(env), "\x00"), h.mark) {
			continue
		}
		cmd, _ := os.ReadFile(filepath.Join(d, "cmdline"))
		out[filepath.Base(d)] = strings.ReplaceAll(string(cmd), "\x00", " ")
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

// waitExit waits for cmd to end, at most d.
func waitExit(cmd *exec.Cmd, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return fmt.Errorf("still running after %v", d)
	}
}
