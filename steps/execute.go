package steps

import (
	"context"
	"errors"
	"time"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
)

// Execute obtains the target cfg selects, runs the suite against it and
// removes the target. It always returns results, partial when err is not
// nil, with Problem saying what went wrong.
func Execute(ctx context.Context, cfg fixtures.Config, o Options) (*reports.Results, error) {
	res := &reports.Results{Started: time.Now().UTC(), Target: reports.Target{Kind: cfg.Kind}}
	defer func() {
		res.Finished = time.Now().UTC()
		res.Tally()
	}()
	if o.Redactor == nil {
		o.Redactor = &reports.Redactor{}
	}
	o.Redactor.Add(cfg.AdminToken, cfg.AdminPassword)
	fsys := o.Features
	if fsys == nil {
		fsys = features.FS
	}
	// A bad feature file is found before anything is started.
	if _, err := features.Load(fsys); err != nil {
		res.Problem = err.Error()
		return res, err
	}

	start := time.Now()
	target, err := fixtures.Open(ctx, cfg)
	res.Timing.EnvironmentMS = time.Since(start).Milliseconds()
	if err != nil {
		res.Problem = o.Redactor.String(err.Error())
		return res, err
	}
	defer target.Close()
	srv := target.Server()
	res.Target = reports.Target{Kind: srv.Kind, Version: srv.Version, URL: srv.URL}

	start = time.Now()
	o.Target = target
	scenarios, err := Run(ctx, o)
	res.Timing.ScenariosMS = time.Since(start).Milliseconds()
	res.Scenarios = scenarios
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
