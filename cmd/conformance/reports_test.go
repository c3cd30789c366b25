package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/reports"
)

// fakeTags selects the checks the in-process fake can serve.
const fakeTags = "@area:access,@area:auth,@area:tokens"

func runAgainstFake(t *testing.T, fake *fakedirectus.Server, out string, extra ...string) int {
	t.Helper()
	srv := fake.Server()
	args := append([]string{"run", "--url", srv.URL, "--admin-token", srv.AdminToken,
		"--admin-email", srv.AdminEmail, "--admin-password", srv.AdminPassword,
		"--tags", fakeTags, "--out", out}, extra...)
	code, _, stderr := run(t, args...)
	if code != exitPass {
		t.Fatalf("run %v: exit %d: %s", extra, code, stderr)
	}
	return code
}

func statuses(t *testing.T, path string) map[string]reports.Status {
	t.Helper()
	res, err := readResults(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]reports.Status{}
	for _, s := range res.Scenarios {
		out[s.ID] = s.Status
	}
	return out
}

func TestShardsMergeIntoTheFullRun(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{})
	dir := t.TempDir()
	full, one, two, merged := filepath.Join(dir, "full"), filepath.Join(dir, "1"),
		filepath.Join(dir, "2"), filepath.Join(dir, "merged")
	runAgainstFake(t, fake, full)
	runAgainstFake(t, fake, one, "--shard", "1/2")
	runAgainstFake(t, fake, two, "--shard", "2/2")
	code, _, stderr := run(t, "merge", "--out", merged,
		filepath.Join(one, "results.json"), filepath.Join(two, "results.json"))
	if code != exitPass {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}

	want, got := statuses(t, filepath.Join(full, "results.json")),
		statuses(t, filepath.Join(merged, "results.json"))
	if len(got) != len(want) {
		t.Fatalf("merged run has %d checks; the full run %d", len(got), len(want))
	}
	ran := 0
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: merged %s; full run %s", id, got[id], w)
		}
		if w == reports.Passed {
			ran++
		}
	}
	if ran == 0 {
		t.Error("no check passed in the full run; the comparison proves nothing")
	}
	a, b := statuses(t, filepath.Join(one, "results.json")), statuses(t, filepath.Join(two, "results.json"))
	for id, w := range want {
		if w == reports.Skipped {
			continue // not selected by fakeTags
		}
		if (a[id] == reports.Skipped) == (b[id] == reports.Skipped) {
			where := "no"
			if a[id] != reports.Skipped {
				where = "both"
			}
			t.Errorf("%s ran in %s shards; want exactly one", id, where)
		}
	}
}

func TestNoSecretReachesTheReports(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{})
	out := t.TempDir()
	runAgainstFake(t, fake, out)

	secrets := append(fake.Secrets(), fake.Server().AdminToken, fake.Server().AdminPassword)
	if len(secrets) < 10 {
		t.Fatalf("only %d secrets were used; the run should have made users and logged in", len(secrets))
	}
	files := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if s != "" && strings.Contains(string(b), s) {
				t.Errorf("%s contains the secret %.6s…", filepath.Base(path), s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < len(reports.Files) {
		t.Errorf("found %d report files; want %d", files, len(reports.Files))
	}
}

func TestDiffWithItselfIsClean(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{})
	out := t.TempDir()
	runAgainstFake(t, fake, out)
	results := filepath.Join(out, "results.json")
	code, stdout, stderr := run(t, "diff", results, results)
	if code != exitPass {
		t.Errorf("diff with itself: exit %d; want 0 (stderr %q)", code, stderr)
	}
	if !strings.Contains(stdout, "| regressed | 0 |") {
		t.Errorf("diff with itself reports changes:\n%s", stdout)
	}
}

func TestStaleBaselineFailsTheRun(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{})
	base := filepath.Join(t.TempDir(), "baseline.yaml")
	if err := os.WriteFile(base, []byte("- check: ACC-001\n  reason: once broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := fake.Server()
	code, _, stderr := run(t, "run", "--url", srv.URL, "--admin-token", srv.AdminToken,
		"--tags", "@check:ACC-001", "--baseline", base, "--out", t.TempDir())
	if code != exitFail || !strings.Contains(stderr, "stale baseline entry: ACC-001") {
		t.Errorf("exit %d, stderr %q; want 1 and the stale entry named", code, stderr)
	}
}
