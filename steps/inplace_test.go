package steps_test

import (
	"context"
	"strings"
	"testing"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/fixtures/fakedirectus"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// inPlace runs the fake's checks across an in-place upgrade of fake
// servers made with fo, one for each round, and returns the results, the
// progress lines and how many servers were made.
func inPlace(t *testing.T, fo fakedirectus.Options, limits *features.Demand) (
	*reports.Results, string, int) {
	t.Helper()
	var progress strings.Builder
	servers := 0
	res, err := steps.ExecuteInPlace(t.Context(), fixtures.Config{Kind: "fake"}, steps.Options{
		Tags: fakeTags, Concurrency: 4, Progress: &progress, Limits: limits,
		Open: func(context.Context, fixtures.Config) (fixtures.Target, error) {
			servers++
			return fakedirectus.New(t, fo), nil
		},
	}, fakedirectus.Version)
	if err != nil {
		t.Fatalf("ExecuteInPlace: %v (%s)", err, res.Problem)
	}
	return res, progress.String(), servers
}

// checkAllPassed fails the test for each check of the fake's areas that
// did not pass, and when fewer than 20 ran.
func checkAllPassed(t *testing.T, res *reports.Results) {
	t.Helper()
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

// TestInPlaceCarriesEveryCheck shows that an upgrade that keeps everything
// keeps every check passing: the setup made before the upgrade is what
// the assertions find after it, and nothing is set up twice.
func TestInPlaceCarriesEveryCheck(t *testing.T) {
	res, progress, servers := inPlace(t, fakedirectus.Options{}, nil)
	want := fakedirectus.Version + " → " + fakedirectus.Version
	if res.Target.Version != want {
		t.Errorf("target version = %q; want %q", res.Target.Version, want)
	}
	if servers != 1 {
		t.Errorf("%d servers were started; want 1 when nothing limits the setup", servers)
	}
	for _, line := range []string{"setting up the checks on", "SET UP         ACC-001",
		"upgraded " + fakedirectus.Version + " to", "PASSED         ACC-001"} {
		if !strings.Contains(progress, line) {
			t.Errorf("progress has no line with %q:\n%s", line, progress)
		}
	}
	checkAllPassed(t, res)
}

// TestInPlaceRoundsStayWithinLimits shows that setups that would not fit
// on one server together are upgraded in rounds, each on a new server
// that refuses more collections than the limit, and that every check
// still runs exactly once.
func TestInPlaceRoundsStayWithinLimits(t *testing.T) {
	const limit = 4
	res, progress, servers := inPlace(t, fakedirectus.Options{CollectionLimit: limit},
		&features.Demand{Collections: limit, ActiveFlows: 5})
	checkAllPassed(t, res)
	if servers < 3 {
		t.Errorf("%d servers were started; want a round for each %d collections", servers, limit)
	}
	if !strings.Contains(progress, "(round 2)") {
		t.Errorf("progress names no second round:\n%s", progress)
	}
	if strings.Contains(progress, "SKIPPED") {
		t.Errorf("progress shows checks skipped for another round:\n%s", progress)
	}
}

// TestInPlaceSeesLostPublicReads shows that a migration that drops the
// public policy's permissions fails the checks that granted them before
// the upgrade, as the server's failure: the assertions must not set the
// grant up again on the new version.
func TestInPlaceSeesLostPublicReads(t *testing.T) {
	res, _, _ := inPlace(t, fakedirectus.Options{UpgradeLosesPublic: true}, nil)
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
