package reports

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of a Chromium binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the headless browser under -short")
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("skipping: neither chromium nor chromium-browser is on PATH " +
		"(apt-get install chromium to run this test)")
	return ""
}

// dumpDOM loads url in headless Chromium, with networking features off,
// and returns the DOM after the page's scripts have run.
func dumpDOM(t *testing.T, browser, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--dump-dom", url)
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom %s: %v\n%s", url, err, stderr.String())
	}
	return string(out)
}

func TestReportHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	r := sample()
	page := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	err = WriteHTML(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(page)

	t.Run("totals", func(t *testing.T) {
		dom := dumpDOM(t, browser, url)
		_, section, ok := strings.Cut(dom, `id="totals"`)
		if !ok {
			t.Fatalf("the DOM has no element with id=\"totals\":\n%s", dom)
		}
		section, _, _ = strings.Cut(section, "</section>")
		got := map[Status]int{}
		count := regexp.MustCompile(`data-status="([a-z_]+)"[^>]*>\s*<span class="n">(\d+)</span>`)
		for _, m := range count.FindAllStringSubmatch(section, -1) {
			n, _ := strconv.Atoi(m[2])
			got[Status(m[1])] = n
		}
		for _, s := range statuses {
			if n, ok := got[s]; !ok || n != r.Summary.count(s) {
				t.Errorf("totals show %s = %d (shown: %t); want %d", s, n, ok, r.Summary.count(s))
			}
		}
		if !strings.Contains(dom, "5 of 5 checks shown") {
			t.Errorf("the page's script did not run: no \"5 of 5 checks shown\" in the DOM")
		}
	})

	t.Run("filter from the address", func(t *testing.T) {
		dom := dumpDOM(t, browser, url+"#status=failed")
		for _, tt := range []struct {
			id     string
			hidden bool
		}{
			{"ACC-001", true}, {"ACC-002", false}, {"TOK-001", true},
		} {
			tag := regexp.MustCompile(`<details[^>]*id="check-` + tt.id + `"[^>]*>`).FindString(dom)
			if tag == "" {
				t.Fatalf("the DOM has no check %s", tt.id)
			}
			if got := strings.Contains(tag, " hidden"); got != tt.hidden {
				t.Errorf("check %s hidden = %t; want %t (%s)", tt.id, got, tt.hidden, tag)
			}
		}
		if !strings.Contains(dom, "1 of 5 checks shown") {
			t.Errorf("the filter did not count \"1 of 5 checks shown\"")
		}
	})
}
