package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompare(t *testing.T) {
	a := &Results{Scenarios: []*Scenario{
		{ID: "A", Status: Passed}, {ID: "B", Status: Failed}, {ID: "C", Status: Passed},
		{ID: "D", Status: Passed}, {ID: "E", Status: NotApplicable}, {ID: "F", Status: Passed},
		{ID: "G", Status: Passed},
	}}
	b := &Results{Scenarios: []*Scenario{
		{ID: "A", Status: Failed, Message: "status = 200; want 403"}, {ID: "B", Status: Passed},
		{ID: "C", Status: NotApplicable, Message: "licence"}, {ID: "D", Status: Passed},
		{ID: "E", Status: Passed}, {ID: "F", Status: Error}, {ID: "H", Status: Passed},
	}}
	want := map[string]Change{
		"A": Regressed, "B": Fixed, "C": NewlyNotApplicable, "D": Unchanged,
		"E": NewlyApplicable, "F": Regressed, "G": Removed, "H": Added,
	}
	d := Compare(a, b)
	require.Len(t, d.Deltas, len(want))
	for _, x := range d.Deltas {
		assert.Equalf(t, want[x.ID], x.Change, "change of %s", x.ID)
	}
	assert.Equal(t, Regressed, d.Deltas[0].Change, "regressions come first")
	var md bytes.Buffer
	require.NoError(t, WriteDiffMarkdown(&md, d))
	assert.Contains(t, md.String(), "status = 200; want 403", "the regression's message")
}

func TestCompareWithItselfChangesNothing(t *testing.T) {
	r := sample()
	d := Compare(r, r)
	for _, x := range d.Deltas {
		if x.Change != Unchanged {
			t.Errorf("%s: %s; want unchanged", x.ID, x.Change)
		}
	}
}

func TestBaseline(t *testing.T) {
	base, err := ReadBaseline(strings.NewReader(`
- check: ACC-002
  since: "11.0"
  reason: known upstream
- check: ACC-001
  reason: was broken once
- check: TOK-001
  until: "11.0"
  reason: only on 10
`))
	if err != nil {
		t.Fatal(err)
	}
	r := sample()
	cmp := func(a, b string) int { return strings.Compare(a, b) }
	stale := base.Apply(r, "11.17.4", cmp)
	if got := r.Scenarios[1].Status; got != KnownDefect {
		t.Errorf("ACC-002 is %s; want known_defect", got)
	}
	if len(stale) != 1 || stale[0].Check != "ACC-001" {
		t.Errorf("stale = %+v; want ACC-001, which passed", stale)
	}
	if got := r.Scenarios[3].Status; got != Error {
		t.Errorf("TOK-001 is %s; an entry for another version must not apply", got)
	}
	if _, err := ReadBaseline(strings.NewReader("- check: X\n")); err == nil {
		t.Error("an entry without a reason was accepted")
	}
}
