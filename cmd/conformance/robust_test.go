package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/reports"
)

// dyingWriter stops the fake server once n scenarios have finished.
type dyingWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	n     int
	fake  *fakedirectus.Server
	fired bool
}

func (w *dyingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.fired && strings.Count(w.buf.String(), "\n") >= w.n {
		w.fired = true
		w.fake.Close()
	}
	return len(p), nil
}

func TestServerDiesMidRun(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{})
	srv := fake.Server()
	out := t.TempDir()
	stdout := &dyingWriter{n: 3, fake: fake}
	var stderr bytes.Buffer
	code := realMain([]string{"run", "--url", srv.URL, "--admin-token", srv.AdminToken,
		"--tags", fakeTags, "--out", out}, stdout, &stderr)
	if code != exitHarness {
		t.Errorf("exit code = %d; want %d (stderr %q)", code, exitHarness, stderr.String())
	}
	res, err := readResults(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatalf("no report after the server died: %v", err)
	}
	if res.Summary.Passed < 3 || res.Summary.Error == 0 {
		t.Errorf("summary %+v; want the first checks passed and the rest errors", res.Summary)
	}
	if res.Summary.Failed != 0 {
		t.Errorf("%d checks failed; a dead server is the harness's error, not a conformance failure",
			res.Summary.Failed)
	}
	for _, s := range res.Scenarios {
		if s.Status == reports.Error && !strings.Contains(s.Message, "could not be reached") {
			t.Errorf("%s: message %q does not say the server could not be reached", s.ID, s.Message)
		}
	}
}

func TestLicenceLimitIsNamed(t *testing.T) {
	fake := fakedirectus.New(t, fakedirectus.Options{CollectionLimit: 1})
	srv := fake.Server()
	out := t.TempDir()
	code, _, stderr := run(t, "run", "--url", srv.URL, "--admin-token", srv.AdminToken,
		"--tags", "@area:access", "--concurrency", "1", "--out", out)
	if code != exitHarness {
		t.Errorf("exit code = %d; want %d (stderr %q)", code, exitHarness, stderr)
	}
	res, err := readResults(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, s := range res.Scenarios {
		if s.Status == reports.Error && strings.Contains(s.Message, "licence limit was reached") &&
			strings.Contains(s.Message, "collections limit exceeded") {
			named++
		}
		if s.Status == reports.Failed {
			t.Errorf("%s failed; a reached limit must not be reported as the server's failure", s.ID)
		}
	}
	if named == 0 {
		t.Errorf("no check names the limit; summary %+v", res.Summary)
	}
}
