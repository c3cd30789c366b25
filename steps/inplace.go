package steps

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/directus-conformance/harness/features"
	"github.com/directus-conformance/harness/fixtures"
	"github.com/directus-conformance/harness/reports"
)

// coreLimits are the limits Directus 12's Core licence sets on a whole
// server: 25 collections with a table and 5 active flows. A server over
// them after an upgrade is locked down: /items, /files and logins answer
// 403 RESOURCE_RESTRICTED.
var coreLimits = features.Demand{Collections: 25, ActiveFlows: 5}

// laterRound and earlierRound are why a check sits out a round of an
// in-place upgrade.
const (
	laterRound   = "waits for a later round of the in-place upgrade"
	earlierRound = "checked in an earlier round of the in-place upgrade"
)

// ExecuteInPlace checks what holds across an in-place upgrade: it starts
// the target at cfg.Version, runs the setup of every scenario there,
// upgrades the same database and uploads to version to, and runs the
// assertions on the upgraded server. A check whose setup did not get
// through on the old version keeps that result.
//
// Every setup is kept on the server until the upgrade, so together they
// must stay within the limits of the server's licence: o.Limits, or the
// Core licence's 25 collections and 5 active flows when either version is
// 12 or later. When they do not fit,
// the checks are set up and upgraded in rounds, each on a new target, as
// many as fit at a time.
func ExecuteInPlace(ctx context.Context, cfg fixtures.Config, o Options,
	to string) (*reports.Results, error) {
	limit := o.Limits
	if limit == nil && (features.Compare(to, "12.0") >= 0 ||
		features.Compare(cmp.Or(cfg.Version, fixtures.DefaultVersion), "12.0") >= 0) {
		limit = &coreLimits
	}
	if limit == nil {
		return inPlaceRound(ctx, cfg, o, to, "", nil)
	}
	fsys := o.Features
	if fsys == nil {
		fsys = features.FS
	}
	demands, err := features.Demands(fsys)
	if err != nil {
		res := begin(cfg, &o)
		res.Problem = err.Error()
		finish(res)
		return res, err
	}
	rs := &rounds{demands: demands, limit: roundLimit(*limit, o.Concurrency),
		sel: o.Select, done: map[string]bool{}}
	o.Select = rs.selectCheck
	var parts []*reports.Results
	for n := 1; ; n++ {
		rs.start()
		res, err := inPlaceRound(ctx, cfg, o, to, fmt.Sprintf(" (round %d)", n), rs.close)
		parts = append(parts, res)
		if err != nil || !rs.end() {
			merged, merr := reports.Merge(parts...)
			if merr != nil {
				return res, merr
			}
			merged.Config = append(merged.Config,
				reports.Setting{Name: "in-place-rounds", Value: strconv.Itoa(n)})
			return merged, err
		}
	}
}

// roundLimit is what one round's setups may keep: the licence's limit,
// less the sentinel flows that scenarios make after the upgrade, one per
// scenario running at once (see settleFlows).
func roundLimit(limit features.Demand, concurrency int) features.Demand {
	limit.ActiveFlows = max(limit.ActiveFlows-max(concurrency, 1), 1)
	return limit
}

// inPlaceRound is one in-place upgrade: a new target at cfg.Version, the
// setup of the checks o selects, the upgrade to version to, and their
// assertions. between, when not nil, is called after the setup.
func inPlaceRound(ctx context.Context, cfg fixtures.Config, o Options, to, round string,
	between func()) (*reports.Results, error) {
	res := begin(cfg, &o)
	defer finish(res)
	res.Config = append(res.Config, reports.Setting{Name: "in-place-to", Value: to})
	target, err := prepare(ctx, cfg, o, res)
	if err != nil {
		return res, err
	}
	defer target.Close()
	up, ok := target.(fixtures.Upgrader)
	if !ok {
		err := fmt.Errorf("%w: the %s target cannot upgrade in place", fixtures.ErrUsage,
			target.Server().Kind)
		res.Problem = err.Error()
		return res, err
	}
	from := target.Server().Version

	o.Target, o.Carry, o.Phase = target, NewCarry(), PhaseSetup
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "setting up the checks on %s%s\n", from, round)
	}
	start := time.Now()
	before, _, err := Run(ctx, o)
	if err != nil {
		res.Problem = o.Redactor.String(err.Error())
		return res, err
	}
	if between != nil {
		between()
	}
	upStart := time.Now()
	if err := up.Upgrade(ctx, to); err != nil {
		res.Problem = "upgrade from " + from + " to " + to + ": " + o.Redactor.String(err.Error())
		return res, err
	}
	upgrade := time.Since(upStart)
	res.Timing.EnvironmentMS += upgrade.Milliseconds()
	srv := target.Server()
	res.Target = reports.Target{Kind: srv.Kind, Version: from + " → " + srv.Version, URL: srv.URL,
		Database: srv.Database}
	o.Phase = PhaseAssert
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "upgraded %s to %s in place in %.1fs; checking what held\n",
			from, srv.Version, upgrade.Seconds())
	}
	after, findings, err := Run(ctx, o)
	res.Timing.ScenariosMS = (time.Since(start) - upgrade).Milliseconds()
	if err != nil {
		res.Problem = o.Redactor.String(err.Error())
		return res, err
	}
	setupOf := map[string]*reports.Scenario{}
	for _, s := range before {
		setupOf[s.ID] = s
	}
	for _, s := range after {
		if b := setupOf[s.ID]; b != nil && b.Status != reports.Skipped {
			b.Message = "on " + from + " before the upgrade: " + b.Message
			s = b
		}
		res.Scenarios = append(res.Scenarios, s)
	}
	res.Findings = findings
	return res, nil
}

// rounds hands out the checks of an in-place upgrade in rounds whose
// setups, kept on the server all at once, stay within a limit. A round
// takes checks as they come until the next one would not fit; a check too
// big for any round gets one of its own.
type rounds struct {
	demands map[string]features.Demand
	limit   features.Demand
	// sel is the run's own selection (a shard, say), applied first.
	sel func(features.Check) (bool, string)

	mu     sync.Mutex
	done   map[string]bool
	this   map[string]bool
	used   features.Demand
	later  int
	closed bool
}

// start opens a new round.
func (r *rounds) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.this, r.used, r.later, r.closed = map[string]bool{}, features.Demand{}, 0, false
}

// close ends the choosing: the round's assertions run only its own checks.
func (r *rounds) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
}

// end records the round's checks as done and reports whether any check
// waits for another round.
func (r *rounds) end() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id := range r.this {
		r.done[id] = true
	}
	return r.later > 0
}

// selectCheck is the Select of every phase of every round.
func (r *rounds) selectCheck(c features.Check) (bool, string) {
	if r.sel != nil {
		if ok, why := r.sel(c); !ok {
			return false, why
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.this[c.ID]:
		return true, ""
	case r.done[c.ID]:
		return false, earlierRound
	case r.closed:
		return false, laterRound
	}
	d := r.demands[c.ID]
	if len(r.this) > 0 && (r.used.Collections+d.Collections > r.limit.Collections ||
		r.used.ActiveFlows+d.ActiveFlows > r.limit.ActiveFlows) {
		r.later++
		return false, laterRound
	}
	r.this[c.ID] = true
	r.used.Collections += d.Collections
	r.used.ActiveFlows += d.ActiveFlows
	return true, ""
}
