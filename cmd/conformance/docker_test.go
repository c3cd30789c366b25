package main

import (
	"os"
	"os/exec"
	"strconv"
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
	h := interruptRun(t, buildHarness(t), func(h *harnessCmd) {
		// Otherwise the check below could not fail.
		if got := engineObjects(t, h.Process.Pid); len(got) < 4 {
			t.Fatalf("while the run goes on, its objects are %v; want its containers, "+
				"network and volume", got)
		}
	}, "--target", "docker")
	for _, o := range engineObjects(t, h.Process.Pid) {
		t.Errorf("the interrupted run left %s behind", o)
	}
}

// engineObjects lists the engine's containers, networks and volumes that
// the harness process pid made, by the owner label the docker target puts
// on each: other tests run docker targets at the same time.
func engineObjects(t *testing.T, pid int) []string {
	t.Helper()
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	filter := "label=io.directus-conformance.owner=" + host + "/" + strconv.Itoa(pid)
	var all []string
	for _, list := range [][]string{
		{"container", "ps", "-a", "--filter", filter, "--format", "{{.ID}} {{.Image}}"},
		{"network", "network", "ls", "--filter", filter, "--format", "{{.Name}}"},
		{"volume", "volume", "ls", "--filter", filter, "--format", "{{.Name}}"},
	} {
		out, err := exec.Command("docker", list[1:]...).Output()
		if err != nil {
			t.Fatalf("docker %s: %v", strings.Join(list[1:], " "), err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if line != "" {
				all = append(all, list[0]+" "+line)
			}
		}
	}
	return all
}
