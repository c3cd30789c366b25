package steps

import "testing"

// TestHarnessCommitFromLinker shows that a build without a VCS stamp, as
// under go test, reports the commit the Makefile passes to the linker.
func TestHarnessCommitFromLinker(t *testing.T) {
	defer func(c string) { Commit = c }(Commit)
	Commit = "0123456789ab"
	if got := harness().Commit; got != "0123456789ab" {
		t.Errorf("harness().Commit = %q; want the linker's %q", got, Commit)
	}
}
