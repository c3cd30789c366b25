package conformance_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// TestConformance runs the whole suite against the default target (see
// the README for the environment variables that choose it) and reports
// each check as a subtest: failed checks fail, harness errors fail with
// "harness error", and checks that do not apply to the server are skipped
// with the reason, never passed.
//
// The suite runs first and the subtests replay its results, rather than
// godog driving testing.T itself: godog reports a skipped scenario as a
// passing subtest, which would count a not-applicable check as a pass.
func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Directus server; run without -short")
	}
	cfg := fixtures.Config{
		Kind:          envOr("CONFORMANCE_TARGET", "auto"),
		URL:           os.Getenv("DIRECTUS_URL"),
		AdminToken:    os.Getenv("DIRECTUS_ADMIN_TOKEN"),
		AdminEmail:    os.Getenv("DIRECTUS_ADMIN_EMAIL"),
		AdminPassword: os.Getenv("DIRECTUS_ADMIN_PASSWORD"),
		Version:       os.Getenv("DIRECTUS_VERSION"),
		CacheDir:      os.Getenv("CONFORMANCE_CACHE_DIR"),
		DirectusImage: os.Getenv("CONFORMANCE_DIRECTUS_IMAGE"),
		PostgresImage: os.Getenv("CONFORMANCE_POSTGRES_IMAGE"),
		ImagePrefix:   os.Getenv("CONFORMANCE_IMAGE_PREFIX"),
		Log:           slog.New(slog.NewTextHandler(testWriter{t}, nil)),
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	res, err := steps.Execute(ctx, cfg, steps.Options{
		Tags:        os.Getenv("CONFORMANCE_TAGS"),
		Concurrency: 2,
	})
	if dir := os.Getenv("CONFORMANCE_OUT"); dir != "" {
		if err := reports.WriteDir(dir, res); err != nil {
			t.Error(err)
		}
	}
	// The published schema must describe what a real run writes, and its
	// JUnit must be what CI servers read.
	var doc bytes.Buffer
	if err := reports.WriteJSON(&doc, res); err != nil {
		t.Fatal(err)
	}
	if err := reports.ValidateJSON(doc.Bytes()); err != nil {
		t.Errorf("results.json of this run does not match reports/results.schema.json: %v", err)
	}
	var junit bytes.Buffer
	if err := reports.WriteJUnit(&junit, res); err != nil {
		t.Fatal(err)
	}
	if err := reports.ValidateJUnit(junit.Bytes()); err != nil {
		t.Errorf("junit.xml of this run: %v", err)
	}
	if errors.Is(err, fixtures.ErrNoTarget) {
		t.Skip(res.Problem)
	}
	if err != nil {
		t.Fatalf("conformance run: %s", res.Problem)
	}
	t.Logf("%s %s: %+v", res.Target.Kind, res.Target.Version, res.Summary)
	for _, s := range res.Scenarios {
		t.Run(s.ID+" "+s.Name, func(t *testing.T) {
			switch s.Status {
			case reports.Failed:
				t.Errorf("%s\n%s", s.Message, stepsText(s))
			case reports.Error:
				t.Errorf("harness error: %s\n%s", s.Message, stepsText(s))
			case reports.NotApplicable, reports.Skipped:
				t.Skipf("%s: %s", s.Status, s.Message)
			}
		})
	}
}

func stepsText(s *reports.Scenario) string {
	var b strings.Builder
	for _, st := range s.Steps {
		fmt.Fprintf(&b, "  %-8s %s\n", st.Status, st.Text)
	}
	return b.String()
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// testWriter sends the harness's progress log to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
