package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = realMain(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "x.feature"),
		[]byte("Feature: x\n  Scenario: untagged\n    Given a step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	undefined := t.TempDir()
	if err := os.WriteFile(filepath.Join(undefined, "x.feature"), []byte("Feature: x\n"+
		"  @check:X-1\n  Scenario: y\n    When the moon is full\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "missing command"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"unknown flag", []string{"run", "--bogus"}, "bogus"},
		{"unknown flag of diff", []string{"diff", "--bogus"}, "bogus"},
		{"unexpected argument", []string{"list", "extra"}, "extra"},
		{"url without token", []string{"run", "--target", "url", "--url", "http://127.0.0.1:1"}, "admin-token"},
		{"unknown target", []string{"run", "--target", "moon"}, "unknown target"},
		{"docker with a url", []string{"run", "--target", "docker", "--url", "http://127.0.0.1:1"},
			"only for the url target"},
		{"unknown list format", []string{"list", "--format", "yaml"}, "unknown format"},
		{"malformed feature file", []string{"list", "--features", bad}, "x.feature:2"},
		{"malformed feature file before any start", []string{"run", "--features", bad,
			"--out", t.TempDir()}, "x.feature:2"},
		{"undefined step before any start", []string{"run", "--features", undefined,
			"--target", "url", "--url", "http://127.0.0.1:1", "--admin-token", "x",
			"--out", t.TempDir()}, `x.feature:4: no step definition matches "When the moon is full"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit code = %d; want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q; want it to mention %q", stderr, tt.want)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("stderr = %q; want one line", stderr)
			}
		})
	}
}

func TestListStepsNamesUndefinedSteps(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.feature"), []byte("Feature: x\n"+
		"  @check:X-1\n  Scenario: y\n    When the moon is full\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "list", "--steps", "--features", dir)
	if code != exitUsage {
		t.Errorf("exit code = %d; want %d", code, exitUsage)
	}
	if !strings.Contains(stdout, "x.feature:4: `When the moon is full`") {
		t.Errorf("stdout does not name the undefined step:\n%s", stdout)
	}
	if strings.TrimSpace(stderr) != "conformance: 1 step matches no step definition; "+
		"they are listed last" {
		t.Errorf("stderr = %q; want one line counting the undefined step", stderr)
	}

	code, stdout, _ = run(t, "list", "--steps")
	if code != exitPass || !strings.HasPrefix(stdout, "# Step reference") {
		t.Errorf("list --steps of the built-in suite: exit %d, output %.40q", code, stdout)
	}
}

func TestListJSON(t *testing.T) {
	code, stdout, stderr := run(t, "list", "--format", "json")
	if code != exitPass {
		t.Fatalf("exit code = %d; stderr %q", code, stderr)
	}
	var checks []struct {
		ID, Title, Feature string
		Tags               []string
	}
	if err := json.Unmarshal([]byte(stdout), &checks); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range checks {
		if c.ID == "" || c.Title == "" || c.Feature == "" || len(c.Tags) == 0 {
			t.Errorf("incomplete check %+v", c)
		}
		if seen[c.ID] {
			t.Errorf("duplicate check id %s", c.ID)
		}
		seen[c.ID] = true
	}
	if len(checks) < 14 {
		t.Errorf("list shows %d checks; want at least 14", len(checks))
	}
}

func TestUnreachableURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	out := t.TempDir()
	start := time.Now()
	code, _, stderr := run(t, "run", "--url", url, "--admin-token", "x", "--out", out)
	if code != exitHarness {
		t.Errorf("exit code = %d; want %d", code, exitHarness)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v; want an answer within 10s", d)
	}
	if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; lines != 1 ||
		!strings.Contains(stderr, url) {
		t.Errorf("stderr = %q; want one line naming %s", stderr, url)
	}
	if _, err := os.Stat(filepath.Join(out, "results.json")); err != nil {
		t.Errorf("no partial report: %v", err)
	}
}

func TestRejectedAdminToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/server/ping" {
			w.Write([]byte("pong"))
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"errors":[{"message":"Invalid user credentials.",` +
			`"extensions":{"code":"INVALID_CREDENTIALS"}}]}`))
	}))
	defer srv.Close()
	out := t.TempDir()
	code, _, stderr := run(t, "run", "--url", srv.URL, "--admin-token", "secret-admin-token",
		"--out", out)
	if code != exitHarness {
		t.Errorf("exit code = %d; want %d", code, exitHarness)
	}
	if !strings.Contains(stderr, "admin token rejected") || strings.Contains(stderr, "secret-admin") {
		t.Errorf("stderr = %q; want it to say the admin token was rejected, without the token", stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "results.json"))
	if bytes.Contains(b, []byte("secret-admin-token")) {
		t.Errorf("results.json contains the admin token")
	}
}

func TestUnknownVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("asks the npm registry")
	}
	code, _, stderr := run(t, "run", "--target", "local", "--directus-version", "0.0.404",
		"--out", t.TempDir(), "--cache-dir", t.TempDir())
	if code != exitUsage || !strings.Contains(stderr, "no such directus version") {
		t.Errorf("exit %d, stderr %q; want %d and a line saying npm has no such version",
			code, stderr, exitUsage)
	}
}
