package steps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
)

// Execute obtains the target cfg selects, runs the suite against it and
// removes the target. It always returns results, partial when err is not
// nil, with Problem saying what went wrong.
func Execute(ctx context.Context, cfg fixtures.Config, o Options) (*reports.Results, error) {
	res := begin(cfg, &o)
	defer finish(res)
	target, err := prepare(ctx, cfg, o, res)
	if err != nil {
		return res, err
	}
	defer target.Close()

	start := time.Now()
	o.Target = target
	scenarios, findings, err := Run(ctx, o)
	res.Timing.ScenariosMS = time.Since(start).Milliseconds()
	res.Scenarios = scenarios
	res.Findings = findings
	if err != nil {
		res.Problem = o.Redactor.String(err.Error())
		return res, err
	}
	if ctx.Err() != nil {
		res.Problem = "interrupted"
		return res, ctx.Err()
	}
	if a, ok := target.(interface{ Alive() bool }); ok && !a.Alive() {
		res.Problem = "the server stopped during the run:\n" + o.Redactor.String(target.LogTail())
		return res, errors.New("the server stopped during the run")
	}
	return res, nil
}

// prepare checks the feature files, so that a bad one is found before
// anything is started, then starts the target and records it and the time
// it took in res.
func prepare(ctx context.Context, cfg fixtures.Config, o Options,
	res *reports.Results) (fixtures.Target, error) {
	fsys := o.Features
	if fsys == nil {
		fsys = features.FS
	}
	if _, err := features.Load(fsys); err != nil {
		res.Problem = err.Error()
		return nil, err
	}
	undefined, err := Undefined(fsys)
	if err == nil && len(undefined) > 0 {
		st := undefined[0]
		err = fmt.Errorf("%w: %s:%d: no step definition matches %q (conformance list --steps "+
			"--features DIR lists them all)", features.ErrMalformed, st.Feature, st.Line,
			st.Keyword+" "+st.Text)
	}
	if err != nil {
		res.Problem = err.Error()
		return nil, err
	}
	open := fixtures.Open
	if o.Open != nil {
		open = o.Open
	}
	start := time.Now()
	target, err := open(ctx, cfg)
	res.Timing.EnvironmentMS = time.Since(start).Milliseconds()
	if err != nil {
		res.Problem = o.Redactor.String(err.Error())
		return nil, err
	}
	srv := target.Server()
	res.Target = reports.Target{Kind: srv.Kind, Version: srv.Version, URL: srv.URL,
		Database: srv.Database}
	return target, nil
}

// begin starts the results of a run and gives o a redactor that knows the
// configured credentials.
func begin(cfg fixtures.Config, o *Options) *reports.Results {
	if o.Redactor == nil {
		o.Redactor = &reports.Redactor{}
	}
	o.Redactor.Add(cfg.AdminToken, cfg.AdminPassword)
	return &reports.Results{
		Started: time.Now().UTC(),
		Harness: harness(),
		Target:  reports.Target{Kind: cfg.Kind},
		Config:  settings(cfg, *o),
	}
}

// finish stamps the end of the run and counts its results.
func finish(r *reports.Results) {
	r.Finished = time.Now().UTC()
	r.Tally()
}

// Commit names the harness's commit when the build carries no VCS stamp,
// as under go run and go test. The Makefile sets it with
// -ldflags "-X github.com/directus-conformance/harness/steps.Commit=…".
var Commit string

// harness identifies this build from the module and VCS information Go
// embeds in binaries, or from Commit.
func harness() reports.Harness {
	h := reports.Harness{Version: "devel", Commit: Commit}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return h
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		h.Version = v
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision != "" {
		h.Commit = revision
		if modified == "true" {
			h.Commit += "-dirty"
		}
	}
	return h
}

// settings lists the effective configuration of a run. Credentials are
// shown only as set or not set.
func settings(cfg fixtures.Config, o Options) []reports.Setting {
	set := func(v string) string {
		if v == "" {
			return "(not set)"
		}
		return "(set)"
	}
	return []reports.Setting{
		{Name: "target", Value: cfg.Kind},
		{Name: "directus-version", Value: cmp.Or(cfg.Version, fixtures.DefaultVersion)},
		{Name: "url", Value: cfg.URL},
		{Name: "admin-token", Value: set(cfg.AdminToken)},
		{Name: "admin-password", Value: set(cfg.AdminPassword)},
		{Name: "tags", Value: o.Tags},
		{Name: "concurrency", Value: strconv.Itoa(max(o.Concurrency, 1))},
		{Name: "directus-image", Value: cfg.DirectusImage},
		{Name: "postgres-image", Value: cfg.PostgresImage},
		{Name: "image-prefix", Value: cfg.ImagePrefix},
	}
}
