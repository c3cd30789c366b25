package steps_test

import (
	"strings"
	"testing"

	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// inPlace runs the fake's checks across an in-place upgrade of a fake
// server made with o.
func inPlace(t *testing.T, o fakedirectus.Options) (*reports.Results, string) {
	t.Helper()
	fake := fakedirectus.New(t, o)
	var progress strings.Builder
	res, err := steps.ExecuteInPlace(t.Context(), fixtures.Config{Kind: "fake"},
		steps.Options{Target: fake, Tags: fakeTags, Concurrency: 4, Progress: &progress},
		fakedirectus.Version)
	if err != nil {
		t.Fatalf("ExecuteInPlace: %v (%s)", err, res.Problem)
	}
	return res, progress.String()
}

// TestInPlaceCarriesEveryCheck shows that an upgrade that keeps everything
// keeps every check passing: the setup made before the upgrade is what
// the assertions find after it, and nothing is set up twice.
func TestInPlaceCarriesEveryCheck(t *testing.T) {
	res, progress := inPlace(t, fakedirectus.Options{})
	want := fakedirectus.Version + " → " + fakedirectus.Version
	if res.Target.Version != want {
		t.Errorf("target version = %q; want %q", res.Target.Version, want)
	}
	for _, line := range []string{"setting up every check on", "SET UP         ACC-001",
		"upgraded " + fakedirectus.Version + " to", "PASSED         ACC-001"} {
		if !strings.Contains(progress, line) {
			t.Errorf("progress has no line with %q:\n%s", line, progress)
		}
	}
	ran := 0
	for _, sc := range res.Scenarios {
		if sc.Status == reports.Skipped && unsupported(sc) {
			continue
		}
		ran++
		if sc.Status != reports.Passed {
			t.Errorf("%s %q: status = %s across the upgrade; want passed\n%s",
				sc.ID, sc.Name, sc.Status, explain(sc))
		}
	}
	if ran < 20 {
		t.Errorf("%d checks ran across the upgrade; want every check of %s", ran, fakeTags)
	}
}

// TestInPlaceSeesLostPublicReads shows that a migration that drops the
// public policy's permissions fails the checks that granted them before
// the upgrade, as the server's failure: the assertions must not set the
// grant up again on the new version.
func TestInPlaceSeesLostPublicReads(t *testing.T) {
	res, _ := inPlace(t, fakedirectus.Options{UpgradeLosesPublic: true})
	for _, sc := range res.Scenarios {
		if sc.ID == "ACC-003" {
			if sc.Status != reports.Failed {
				t.Errorf("ACC-003 after an upgrade that lost the public's read: status = %s;"+
					" want failed\n%s", sc.Status, explain(sc))
			}
			return
		}
	}
	t.Fatal("ACC-003 is not in the results")
}
