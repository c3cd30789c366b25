package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/reports"
)

func TestSelfTestUsageErrors(t *testing.T) {
	code, _, stderr := run(t, "selftest", "--target", "url", "--url", "http://127.0.0.1:1",
		"--admin-token", "x", "--mutants", "public-reads-leak,no-such-mutant")
	if code != exitUsage || !strings.Contains(stderr, `"no-such-mutant"`) {
		t.Errorf("exit code = %d, stderr %q; want %d naming the unknown mutant", code, stderr,
			exitUsage)
	}
}

// selfTestFake runs the selftest command against a fake Directus with
// two mutants of the areas it serves, and returns the exit code and what
// selftest.json holds.
func selfTestFake(t *testing.T, broken fakedirectus.Mutant) (int, *reports.SelfTest, string) {
	t.Helper()
	fake := fakedirectus.New(t, fakedirectus.Options{Mutant: broken})
	out := t.TempDir()
	code, _, stderr := run(t, "selftest", "--target", "url", "--url", fake.URL(),
		"--admin-token", fake.AdminToken(), "--mutants", "bearer-optional, refresh-always-rejected",
		"--out", out)
	b, err := os.ReadFile(filepath.Join(out, "selftest.json"))
	if err != nil {
		t.Fatalf("exit code %d, stderr %q: %v", code, stderr, err)
	}
	var st reports.SelfTest
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("selftest.json: %v", err)
	}
	md, err := os.ReadFile(filepath.Join(out, "selftest.md"))
	if err != nil {
		t.Fatal(err)
	}
	return code, &st, string(md)
}

func TestSelfTestKillsEveryMutant(t *testing.T) {
	code, st, md := selfTestFake(t, fakedirectus.None)
	if code != exitPass {
		t.Errorf("exit code = %d; want %d", code, exitPass)
	}
	if len(st.Mutants) != 2 || st.KillRate != 1 {
		t.Errorf("%d mutants, kill rate %.2f; want 2 killed", len(st.Mutants), st.KillRate)
	}
	for _, want := range []string{"| `bearer-optional` |", "TOK-007", "AUTH-004", "2 of 2"} {
		if !strings.Contains(md, want) {
			t.Errorf("selftest.md lacks %q:\n%s", want, md)
		}
	}
}

func TestSelfTestInconclusiveControl(t *testing.T) {
	code, st, md := selfTestFake(t, fakedirectus.BearerOptional)
	if code != exitHarness {
		t.Errorf("exit code = %d; want %d", code, exitHarness)
	}
	if st.Problem == "" || len(st.Mutants) != 0 || !strings.Contains(md, "inconclusive") {
		t.Errorf("problem %q, %d mutants run; want a problem, none run, and the Markdown to "+
			"say inconclusive", st.Problem, len(st.Mutants))
	}
}
