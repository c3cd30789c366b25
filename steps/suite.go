// Package steps holds the godog step definitions of the conformance suite
// and runs the suite against one server.
package steps

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cucumber/godog"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/fixtures/admin"
	"github.com/directus-conformance/harness/reports"
)

// Options configure one run of the suite against one server.
type Options struct {
	// Target is the server under test.
	Target fixtures.Target
	// Open, when set, is how Execute and ExecuteInPlace obtain a target
	// from their configuration; nil means fixtures.Open.
	Open func(context.Context, fixtures.Config) (fixtures.Target, error)
	// Features holds the feature files; nil means the built-in suite.
	Features fs.FS
	// Tags is a godog tag expression selecting scenarios, e.g.
	// "@check:ACC-001" or "~@restart"; empty selects all.
	Tags string
	// Concurrency is how many scenarios run at once; 0 means 1.
	Concurrency int
	// Redactor masks secrets in evidence; nil makes one that knows the
	// target's credentials.
	Redactor *reports.Redactor
	// Progress receives one line per finished scenario; nil discards it.
	Progress io.Writer
	// Select, when set, runs only the checks it accepts; the others are
	// skipped with the reason it gives.
	Select func(features.Check) (bool, string)
	// Phase is empty for a whole run, or PhaseSetup or PhaseAssert for one
	// half of an in-place upgrade check, which pass state through Carry.
	Phase string
	Carry *Carry
	// Limits, when set, caps what the setups of an in-place upgrade keep
	// on the server at once; see ExecuteInPlace.
	Limits *features.Demand
}

// run is what every scenario of one run shares.
type run struct {
	opts      Options
	server    *fixtures.Server
	admin     *admin.Client
	redact    *reports.Redactor
	prefix    string
	seq       atomic.Int64
	transport http.RoundTripper
	spec      *specCheck
	checks    map[string]features.Check

	// public is held by a scenario that acts as or grants to the public.
	// The Public policy is shared by the whole server, and Directus may
	// cache a schema built while another scenario was changing it, so
	// such scenarios run one at a time.
	public sync.Mutex
	// exclusive is held for writing by a scenario tagged @restart, which
	// takes the server away from everyone else, and for reading by all
	// other scenarios.
	exclusive sync.RWMutex

	mu      sync.Mutex
	results map[string]*reports.Scenario
}

// Run runs the selected scenarios and returns one result per check of the
// suite, in suite order; checks the tags did not select are skipped. An
// error means the suite could not run at all (features.ErrMalformed for
// a bad feature file).
func Run(ctx context.Context, o Options) ([]*reports.Scenario, []reports.Finding, error) {
	if o.Features == nil {
		o.Features = features.FS
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	srv := o.Target.Server()
	if o.Redactor == nil {
		o.Redactor = &reports.Redactor{}
	}
	o.Redactor.Add(srv.AdminToken, srv.AdminPassword)
	checks, err := features.Load(o.Features)
	if err != nil {
		return nil, nil, err
	}
	r := &run{
		opts:    o,
		server:  srv,
		redact:  o.Redactor,
		prefix:  "cf_" + randomHex(3),
		checks:  map[string]features.Check{},
		results: map[string]*reports.Scenario{},
	}
	for _, c := range checks {
		r.checks[key(c.Feature, c.Title)] = c
	}
	// Idle connections are dropped before Node's five-second keep-alive
	// timeout can close them under a request that cannot be retried.
	r.transport = &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     3 * time.Second,
	}
	base := &http.Client{Timeout: 30 * time.Second, Transport: r.transport}
	r.admin = admin.New(srv.URL, srv.AdminToken, srv.Version, base)
	// Without the document the run goes on, and its findings say that
	// nothing was validated.
	spec, err := loadSpec(ctx, base, srv.URL, srv.AdminToken)
	if err != nil {
		spec = &specCheck{broken: err}
	}
	spec.redact = r.redact
	r.spec = spec

	suite := godog.TestSuite{
		Name:                "directus-conformance",
		ScenarioInitializer: r.initScenario,
		Options: &godog.Options{
			FS:             o.Features,
			Paths:          []string{"."},
			Format:         "progress",
			Output:         io.Discard,
			Tags:           o.Tags,
			Concurrency:    max(o.Concurrency, 1),
			Strict:         true,
			DefaultContext: ctx,
			NoColors:       true,
		},
	}
	suite.Run()

	out := make([]*reports.Scenario, 0, len(checks))
	for _, c := range checks {
		if res, ok := r.results[key(c.Feature, c.Title)]; ok {
			out = append(out, res)
			continue
		}
		out = append(out, &reports.Scenario{
			ID: c.ID, Name: c.Title, Feature: c.Feature, Tags: c.Tags,
			Status: reports.Skipped, Message: "not selected",
		})
	}
	return out, r.spec.Findings(), nil
}

func key(feature, title string) string { return strings.TrimPrefix(feature, "./") + "\x00" + title }

func (r *run) initScenario(sc *godog.ScenarioContext) {
	rec := &recorder{next: r.transport, redact: r.redact}
	client := &http.Client{Transport: rec, Timeout: 30 * time.Second}
	s := &scenario{
		run:         r,
		client:      client,
		rec:         rec,
		collections: map[string]string{},
		items:       map[string]any{},
		users:       map[string]*user{},
		vars:        map[string]string{},
		folders:     map[string]string{},
		uploads:     map[string]*upload{},
	}
	prefix := fmt.Sprintf("%s%03d", r.prefix, r.seq.Add(1))
	s.session = admin.NewSession(r.admin.WithHTTP(client), prefix)
	var res *reports.Scenario
	var started time.Time
	// Which of the run's locks the scenario holds; see run.public and
	// run.exclusive.
	var holdsPublic, holdsServer, restarts bool
	// quiet is set for a check that gets no progress line: one that
	// Options.Select turned away, like one the tags leave out, and one
	// whose result came from the setup before an upgrade.
	var quiet bool

	rec.observe = func(req *http.Request, status int, header http.Header, body []byte) {
		if res != nil {
			r.spec.check(res.ID, req, status, header, body)
		}
	}

	sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		started = time.Now()
		c, ok := r.checks[key(p.Uri, p.Name)]
		if !ok {
			return ctx, setup(fmt.Errorf("scenario %q of %s is not in the catalog", p.Name, p.Uri))
		}
		res = &reports.Scenario{ID: c.ID, Name: c.Title, Feature: c.Feature, Tags: c.Tags,
			Version: r.server.Version}
		if r.opts.Select != nil {
			if ok, why := r.opts.Select(c); !ok {
				s.skipped = why
				quiet = true
				return ctx, godog.ErrSkip
			}
		}
		if ok, why := c.AppliesTo(r.server.Version); !ok {
			return ctx, s.notApplicableBecause(why)
		}
		// A check that will run waits for the server to be its to share,
		// or its alone, and for the Public policy when it uses it.
		for _, t := range p.Tags {
			restarts = restarts || t.Name == "@restart"
		}
		if restarts {
			r.exclusive.Lock()
		} else {
			r.exclusive.RLock()
		}
		holdsServer = true
		for _, st := range p.Steps {
			if strings.Contains(st.Text, "the public") {
				r.public.Lock()
				holdsPublic = true
				break
			}
		}
		started = time.Now()
		s.leading = true
		if r.opts.Phase == PhaseAssert {
			if !s.restore(c.ID) {
				s.skipped = "its setup did not run before the upgrade"
				quiet = true
				return ctx, godog.ErrSkip
			}
			if err := s.markCarriedRows(ctx); err != nil {
				return ctx, err
			}
		}
		return ctx, nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		if r.opts.Phase == "" || res == nil {
			return ctx, nil
		}
		return ctx, s.phaseStep(res.ID, st)
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step,
		status godog.StepResultStatus, err error) (context.Context, error) {
		step := reports.Step{Text: st.Text, Status: status.String()}
		if err != nil && !errors.Is(err, godog.ErrSkip) {
			step.Error = r.redact.String(err.Error())
		}
		if res != nil {
			res.Steps = append(res.Steps, step)
		}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, p *godog.Scenario, err error) (context.Context, error) {
		s.mu.Lock()
		s.ended = true
		s.mu.Unlock()
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		var cleanupErr error
		if s.keep {
			cleanupErr = s.session.Release(cctx)
		} else {
			cleanupErr = s.session.Cleanup(withPhase(cctx, "cleanup"))
		}
		if holdsPublic {
			r.public.Unlock()
		}
		switch {
		case holdsServer && restarts:
			r.exclusive.Unlock()
		case holdsServer:
			r.exclusive.RUnlock()
		}
		if res == nil {
			return ctx, nil
		}
		res.Status, res.Message = s.classify(ctx, err)
		knownDefect(res)
		if cleanupErr != nil && res.Status == reports.Passed {
			res.Status = reports.Error
			res.Message = "the check passed but its resources could not be removed: " +
				r.redact.String(cleanupErr.Error())
		}
		res.DurationMS = time.Since(started).Milliseconds()
		res.Evidence = s.rec.Exchanges()
		if res.Status == reports.Failed || res.Status == reports.Error {
			res.ServerLog = r.redact.String(r.opts.Target.LogTail())
		}
		r.finish(p, res, !quiet)
		return ctx, nil
	})
	s.register(sc)
}

// register defines every step of the suite on sc.
func (s *scenario) register(sc *godog.ScenarioContext) {
	s.registerHTTP(sc)
	s.registerAccess(sc)
	s.registerAuth(sc)
	s.registerParity(sc)
	s.registerFlows(sc)
	s.registerFiles(sc)
	s.registerServer(sc)
}

// classify turns how a scenario ended into a status: a setup problem, an
// undefined step or a dead server is the harness's error; anything else
// that went wrong is the server's failure.
func (s *scenario) classify(ctx context.Context, err error) (reports.Status, string) {
	s.mu.Lock()
	na := s.notApplicable
	s.mu.Unlock()
	redact := s.run.redact.String
	var se *errSetup
	var ne net.Error
	switch {
	case s.skipped != "":
		return reports.Skipped, s.skipped
	case na != "":
		return reports.NotApplicable, redact(na)
	case err == nil:
		return reports.Passed, ""
	case ctx.Err() != nil:
		return reports.Error, "interrupted: " + redact(err.Error())
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.As(err, &ne):
		return reports.Error, "the server could not be reached: " + redact(err.Error())
	case errors.As(err, &se):
		return reports.Error, redact(err.Error())
	case errors.Is(err, godog.ErrUndefined), errors.Is(err, godog.ErrPending),
		errors.Is(err, godog.ErrAmbiguous):
		return reports.Error, "the feature file uses a step the harness does not define: " +
			redact(err.Error())
	}
	return reports.Failed, redact(err.Error())
}

func (r *run) finish(p *godog.Scenario, res *reports.Scenario, progress bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results[key(p.Uri, p.Name)] = res
	if !progress {
		return
	}
	label := strings.ToUpper(string(res.Status))
	if r.opts.Phase == PhaseSetup && res.Status == reports.Skipped && res.Message == setupDone {
		// Its assertions come after the upgrade; it is not skipped.
		label = "SET UP"
	}
	fmt.Fprintf(r.opts.Progress, "%-14s %-9s %s (%.1fs)\n", label,
		res.ID, res.Name, float64(res.DurationMS)/1000)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// knownDefect marks a failure that the scenario's @known-defect tag
// expects, and notes when such a scenario unexpectedly holds.
func knownDefect(res *reports.Scenario) {
	var tag string
	for _, t := range res.Tags {
		if strings.HasPrefix(t, "@known-defect:") {
			tag = strings.TrimPrefix(t, "@known-defect:")
		}
	}
	switch {
	case tag == "":
	case res.Status == reports.Failed:
		res.Status = reports.KnownDefect
		res.Message = "known server defect (" + tag + "): " + res.Message
	case res.Status == reports.Passed:
		res.Message = "tagged as known defect " + tag + " but the behaviour held on this server"
	}
}
