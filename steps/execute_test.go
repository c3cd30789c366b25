package steps

import (
	"context"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/tidwall/gjson"

	"github.com/directus-conformance/harness/reports"
)

// TestHarnessCommitFromLinker shows that a build without a VCS stamp, as
// under go test, reports the commit the Makefile passes to the linker.
func TestHarnessCommitFromLinker(t *testing.T) {
	defer func(c string) { Commit = c }(Commit)
	Commit = "0123456789ab"
	if got := harness().Commit; got != "0123456789ab" {
		t.Errorf("harness().Commit = %q; want the linker's %q", got, Commit)
	}
}

// TestStepHooksAfterTheEnd shows that the step hooks godog calls for the
// steps it skips after a failure neither settle flows (which would make a
// sentinel flow and hold flowChanges after cleanup) nor carry a failed
// setup into an upgrade. The scenario has no session: a hook that went on
// would panic.
func TestStepHooksAfterTheEnd(t *testing.T) {
	for _, phase := range []string{"", PhaseSetup} {
		s := &scenario{
			run:   &run{opts: Options{Phase: phase}},
			flows: map[string]*flow{"audit": {id: "f1", active: true}},
			ended: true,
		}
		when := &godog.Step{Text: `the public sends GET "/items/x"`,
			Type: messages.PickleStepType_ACTION}
		if _, err := s.settleBeforeChecks(context.Background(), when); err != nil {
			t.Errorf("phase %q: settleBeforeChecks = %v; want nil", phase, err)
		}
		if s.flowsSettled || s.flowsShared {
			t.Errorf("phase %q: flows settled after the scenario ended", phase)
		}
		if err := s.phaseStep("FLOW-002", when); err != nil || s.keep {
			t.Errorf("phase %q: phaseStep = %v, keep = %v; want nil, false", phase, err, s.keep)
		}
	}
}

// TestNewRowsAfterAnUpgrade shows that a carried check's "within" steps
// look only past the items its collections held when its assertions
// began, and that a check run without an upgrade looks at every item.
func TestNewRowsAfterAnUpgrade(t *testing.T) {
	s := &scenario{carriedRows: map[string]int64{"log": 2}}
	if got, want := s.newRows("log"), "&filter[id][_gt]=2"; got != want {
		t.Errorf("newRows(log) = %q; want %q", got, want)
	}
	if got := s.newRows("articles"); got != "" {
		t.Errorf("newRows(articles) = %q; want no filter for a collection that was empty", got)
	}
	if got := (&scenario{}).newRows("log"); got != "" {
		t.Errorf("newRows outside an upgrade = %q; want no filter", got)
	}
}

// TestMismatchMasksBeforeItCuts shows that a secret straddling the point
// where a failure message cuts the body short is masked, not half shown.
func TestMismatchMasksBeforeItCuts(t *testing.T) {
	secret := "static-token-0123456789abcdef"
	s := &scenario{run: &run{redact: &reports.Redactor{}}}
	s.run.redact.Add(secret)
	r := &response{method: "GET", path: "/users/me", status: 200,
		body: []byte(`{"data":{"note":"` + strings.Repeat("x", 270) + secret + `"}}`)}
	err := s.mismatch(r, "status = 200", "403", "")
	if strings.Contains(err.Error(), secret[:10]) {
		t.Errorf("mismatch shows part of a secret:\n%s", err)
	}
	got := s.describe(gjson.GetBytes(r.body, "data.note"))
	if strings.Contains(got, secret[:10]) {
		t.Errorf("describe shows part of a secret: %s", got)
	}
}

// TestDiffersWantsAValue shows that a member that is missing, null or
// empty does not count as differing from a remembered value: a refresh
// that answers a null token has rotated nothing.
func TestDiffersWantsAValue(t *testing.T) {
	for _, body := range []string{
		`{"data":{"refresh_token":null}}`,
		`{"data":{"refresh_token":""}}`,
		`{"data":{}}`,
		`{"data":{"refresh_token":"old-refresh-token"}}`,
	} {
		s := &scenario{run: &run{redact: &reports.Redactor{}},
			vars: map[string]string{"first refresh": "old-refresh-token"},
			last: &response{method: "POST", path: "/auth/refresh", status: 200, body: []byte(body)}}
		if err := s.differs("data.refresh_token", "first refresh", ""); err == nil {
			t.Errorf("differs passed on %s", body)
		}
	}
	s := &scenario{run: &run{redact: &reports.Redactor{}},
		vars: map[string]string{"first refresh": "old-refresh-token"},
		last: &response{status: 200, body: []byte(`{"data":{"refresh_token":"new-one"}}`)}}
	if err := s.differs("data.refresh_token", "first refresh", ""); err != nil {
		t.Errorf("differs failed on a new token: %v", err)
	}
}
