package main

import (
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/directus-conformance/harness/reports"
)

// upTags selects the checks that mean the same on every target: CORS
// needs a server the harness configured, and the persistence checks one it
// can restart, so those areas are left out.
const upTags = "@area:access,@area:tokens,@area:auth,@area:parity,@area:input"

// TestUpThenURLMatchesLocal shows that a server started with up and tested
// through the url target gets the same result, check by check, as a run
// of the local target, and that up removes what it made when it is
// interrupted.
func TestUpThenURLMatchesLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and Directus twice")
	}
	bin := buildHarness(t)

	up := startHarness(t, bin, "up", "--target", "local")
	line := make(chan string, 1)
	go func() {
		up.Out.Scan()
		line <- up.Out.Text()
		for up.Out.Scan() {
		}
	}()
	var srv struct {
		URL           string `json:"url"`
		AdminToken    string `json:"admin_token"`
		AdminEmail    string `json:"admin_email"`
		AdminPassword string `json:"admin_password"`
		Version       string `json:"version"`
		Target        string `json:"target"`
	}
	select {
	case l := <-line:
		if err := json.Unmarshal([]byte(l), &srv); err != nil || srv.URL == "" {
			t.Fatalf("up printed %q; want one JSON line with the server's url (%v)", l, err)
		}
	case <-time.After(10 * time.Minute):
		t.Fatal("up printed nothing within 10 minutes")
	}
	if srv.Target != "local" || srv.AdminToken == "" || srv.AdminPassword == "" {
		t.Errorf("up described %+v; want a local server with its admin's credentials", srv)
	}

	viaURL := runChecks(t, bin, "--target", "url", "--url", srv.URL,
		"--admin-token", srv.AdminToken, "--admin-email", srv.AdminEmail,
		"--admin-password", srv.AdminPassword)
	if err := up.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(up.Cmd, 2*time.Minute); err != nil {
		t.Errorf("up after SIGINT: %v; want exit 0", err)
	}
	for pid, c := range up.leftBehind() {
		t.Errorf("up left process %s running: %s", pid, c)
	}
	local := runChecks(t, bin, "--target", "local")

	if viaURL.Target.Version != local.Target.Version {
		t.Errorf("url target ran on %s, local on %s", viaURL.Target.Version, local.Target.Version)
	}
	want := map[string]reports.Status{}
	for _, s := range local.Scenarios {
		want[s.ID] = s.Status
	}
	if len(viaURL.Scenarios) != len(want) || len(want) < 30 {
		t.Errorf("url target ran %d checks, local %d; want the same, at least 30",
			len(viaURL.Scenarios), len(want))
	}
	for _, s := range viaURL.Scenarios {
		if s.Status != want[s.ID] {
			t.Errorf("%s %s: %s through up and the url target, %s on the local target (%s)",
				s.ID, s.Name, s.Status, want[s.ID], firstLine(s.Message))
		}
	}
}

// runChecks runs the checks upTags selects with the given target flags and
// returns what results.json says. A conformance failure (exit 1) is a
// result to compare; a usage or harness error ends the test.
func runChecks(t *testing.T, bin string, target ...string) *reports.Results {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"run", "--tags", upTags, "--out", out}, target...)
	b, err := exec.Command(bin, args...).CombinedOutput()
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != exitFail) {
		t.Fatalf("run %s: %v\n%s", strings.Join(target[:2], " "), err, tail(string(b), 20))
	}
	res, err := readResults(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
