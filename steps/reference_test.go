package steps_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/steps"
)

var update = flag.Bool("update", false, "rewrite features/STEPS.md from the step definitions")

// TestStepReference keeps features/STEPS.md equal to what the step
// definitions and the built-in suite make of it.
func TestStepReference(t *testing.T) {
	var b bytes.Buffer
	undefined, err := steps.WriteReference(&b, features.FS)
	if err != nil {
		t.Fatal(err)
	}
	if undefined > 0 {
		t.Errorf("%d steps of the built-in suite match no definition", undefined)
	}
	const path = "../features/STEPS.md"
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, b.Bytes()) {
		t.Errorf("features/STEPS.md is out of date; run " +
			"`go test ./steps -run TestStepReference -update`")
	}
	for _, p := range steps.Patterns() {
		if !strings.Contains(b.String(), p) {
			t.Errorf("the reference leaves out %s", p)
		}
	}
	if strings.Contains(b.String(), "## Not used") {
		t.Errorf("a step definition is used by no built-in check; remove it or use it")
	}
}

func TestStepReferenceListsUndefinedSteps(t *testing.T) {
	fsys := fstest.MapFS{"mine/x.feature": {Data: []byte("Feature: x\n" +
		"  @check:X-1\n  Scenario: y\n" +
		"    Given a collection \"notes\" with fields \"body\"\n" +
		"    When the moon is full\n")}}
	var b bytes.Buffer
	undefined, err := steps.WriteReference(&b, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if undefined != 1 {
		t.Errorf("undefined = %d; want 1", undefined)
	}
	if !strings.Contains(b.String(), "- mine/x.feature:5: `When the moon is full`") {
		t.Errorf("the reference does not name the undefined step:\n%s", b.String())
	}
	want := "`Given a collection \"notes\" with fields \"body\"` (mine/x.feature:4)"
	if !strings.Contains(b.String(), want) {
		t.Errorf("the reference does not show the file's own step %s:\n%s", want, b.String())
	}
}
