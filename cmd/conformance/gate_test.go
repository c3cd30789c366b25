package main

import (
	"path/filepath"
	"testing"

	"github.com/directus-conformance/harness/reports"
)

// TestGateTo12 runs both gates from the default version to Directus 12 on
// the local target. Side by side, 12 must stop the gate for what its Core
// licence and its health endpoint change. In place, the setups must be
// upgraded in rounds within the Core limits, with no harness error, and
// the item rules stored on 11 must be seen to stop working on 12.
func TestGateTo12(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and starts Directus 11 and 12")
	}
	const from, to = "11.17.4", "12.4.0"
	out := t.TempDir()
	code, _, stderr := run(t, "gate", "--target", "local", "--from", from, "--to", to,
		"--out", out)
	if code != exitFail {
		t.Fatalf("gate --from %s --to %s: exit %d; want %d\n%s", from, to, code, exitFail, stderr)
	}
	a, err := readResults(filepath.Join(out, from, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := readResults(filepath.Join(out, to, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	changes := map[string]reports.Change{}
	for _, d := range reports.Compare(a, b).Deltas {
		changes[d.ID] = d.Change
	}
	for id, want := range map[string]reports.Change{
		"ACC-010": reports.NewlyNotApplicable, // the licence refuses item rules
		"SRV-004": reports.NewlyNotApplicable, // anonymous health is no longer answered
		"SRV-005": reports.NewlyApplicable,
		"ACC-001": reports.Unchanged,
	} {
		if changes[id] != want {
			t.Errorf("side by side, %s changed %q; want %q", id, changes[id], want)
		}
	}

	out = t.TempDir()
	code, _, stderr = run(t, "gate", "--in-place", "--target", "local", "--from", from,
		"--to", to, "--out", out)
	if code != exitFail {
		t.Fatalf("gate --in-place: exit %d; want %d\n%s", code, exitFail, stderr)
	}
	res, err := readResults(filepath.Join(out, "in-place", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Error > 0 || res.Summary.Passed < 60 {
		t.Errorf("in place: %+v; want no harness errors and most checks held", res.Summary)
	}
	rounds := ""
	for _, s := range res.Config {
		if s.Name == "in-place-rounds" {
			rounds = s.Value
		}
	}
	if rounds == "" || rounds == "1" {
		t.Errorf("in-place-rounds = %q; want the setups split within the Core limits", rounds)
	}
	for _, s := range res.Scenarios {
		want := map[string]reports.Status{"ACC-010": reports.Failed,
			"ACC-001": reports.Passed, "FLOW-001": reports.Passed}[s.ID]
		if want != "" && s.Status != want {
			t.Errorf("in place, %s is %s; want %s: %s", s.ID, s.Status, want, s.Message)
		}
	}
}
