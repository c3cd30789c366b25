package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/directus-conformance/harness/fixtures"
)

// TestInterruptRemovesEverythingDocker interrupts a run on the docker
// target in the middle of its checks, as Ctrl-C does, and checks that the
// engine holds no container, network or volume the run made. It uses the
// images the command's environment variables name and skips when there is
// no engine or one of them is not here: tests never pull.
func TestInterruptRemovesEverythingDocker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts containers; run without -short")
	}
	if err := exec.Command("docker", "info").Run(); err != nil {
		t.Skipf("no Docker engine answers: %v", err)
	}
	imgs := fixtures.ResolveImages(fixtures.Config{
		Version:       os.Getenv("DIRECTUS_VERSION"),
		DirectusImage: os.Getenv("CONFORMANCE_DIRECTUS_IMAGE"),
		PostgresImage: os.Getenv("CONFORMANCE_POSTGRES_IMAGE"),
		ImagePrefix:   os.Getenv("CONFORMANCE_IMAGE_PREFIX"),
	})
	for _, ref := range []string{imgs.Directus, imgs.Postgres} {
		if err := exec.Command("docker", "image", "inspect", ref).Run(); err != nil {
			t.Skipf("image %s is not here (make images)", ref)
		}
	}
	bin := buildHarness(t)
	before := engineObjects(t)
	interruptRun(t, bin, "--target", "docker")
	for _, o := range engineObjects(t) {
		if !slices.Contains(before, o) {
			t.Errorf("the interrupted run left %s behind", o)
		}
	}
}

// engineObjects lists the engine's containers, networks and volumes, less
// testcontainers' reaper, which outlives a run by a few seconds by design.
func engineObjects(t *testing.T) []string {
	t.Helper()
	var all []string
	for _, list := range [][]string{
		{"container", "ps", "-a", "--format",
			`{{.ID}} {{.Image}} {{.Label "org.testcontainers.reaper"}}`},
		{"network", "network", "ls", "--format", "{{.Name}}"},
		{"volume", "volume", "ls", "--format", "{{.Name}}"},
	} {
		out, err := exec.Command("docker", list[1:]...).Output()
		if err != nil {
			t.Fatalf("docker %s: %v", strings.Join(list[1:], " "), err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if line != "" && !strings.HasSuffix(line, " true") {
				all = append(all, list[0]+" "+strings.TrimSpace(line))
			}
		}
	}
	return all
}
