package conformance_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
	"github.com/directus-conformance/harness/steps"
)

// runLocal runs the whole suite once on a fresh local target and fails
// the benchmark on anything but a clean run.
func runLocal(b *testing.B, version string) *reports.Results {
	b.Helper()
	res, err := steps.Execute(context.Background(), fixtures.Config{
		Kind:     "local",
		Version:  version,
		CacheDir: os.Getenv("CONFORMANCE_CACHE_DIR"),
	}, steps.Options{Concurrency: 2})
	if err != nil {
		b.Fatalf("run on %s: %s", version, res.Problem)
	}
	if res.Summary.Failed+res.Summary.Error > 0 {
		b.Fatalf("run on %s: %+v", version, res.Summary)
	}
	return res
}

// BenchmarkLocalColdRun measures one run on a new local target with the
// npm cache warm: a new PostgreSQL cluster, bootstrap and start, then every
// check. It reports the two phases apart. Run it with
// `go test -run '^$' -bench LocalColdRun -benchtime 1x .`; the aim is under
// 60 s in all.
func BenchmarkLocalColdRun(b *testing.B) {
	var env, checks time.Duration
	n := 0
	for b.Loop() {
		n++
		res := runLocal(b, fixtures.DefaultVersion)
		env += time.Duration(res.Timing.EnvironmentMS) * time.Millisecond
		checks += time.Duration(res.Timing.ScenariosMS) * time.Millisecond
	}
	b.ReportMetric(env.Seconds()/float64(n), "environment-s/op")
	b.ReportMetric(checks.Seconds()/float64(n), "scenarios-s/op")
}

// BenchmarkVersionMatrix measures the wall time of the suite on the three
// supported versions, one after another on this machine; the aim is under
// five minutes.
func BenchmarkVersionMatrix(b *testing.B) {
	for b.Loop() {
		for _, v := range []string{"10.13.4", "11.17.4", "12.4.0"} {
			runLocal(b, v)
		}
	}
}
