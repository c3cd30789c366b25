package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/directus-conformance/harness/fixtures/admin"
)

// flowSlots limits how many scenarios of this process hold flows at the
// same time. Directus 12's Core licence allows five active flows on the
// whole server; two slots of at most maxActiveFlows active flows each
// keep the harness at four. It is shared by the process, not kept per
// scenario, because the limit belongs to the server.
var flowSlots = make(chan struct{}, 2)

// maxActiveFlows is how many active flows one scenario may have, the
// sentinel of settleFlows included.
const maxActiveFlows = 2

// flowChanges keeps changes to flows away from the moments when other
// scenarios of this process trigger theirs. Directus reloads every flow
// after any change to a flow or an operation, and an event or webhook
// call that arrives during a reload finds no flow at all. Changes hold it
// alone; a scenario shares it from settleFlows until its first "within"
// step or its cleanup. Like flowSlots it is the server's state, not a
// scenario's.
var flowChanges sync.RWMutex

// settleInterval is how long settleFlows waits between two calls of its
// sentinel; a reload takes tens of milliseconds.
const settleInterval = 20 * time.Millisecond

// settleTimeout is how long the server may take to load a scenario's
// flows.
const settleTimeout = 10 * time.Second

// pollInterval is how long a check waits between two looks at an
// asynchronous effect.
const pollInterval = 100 * time.Millisecond

// windowSecs captures the length of a window, e.g. "2 seconds".
const windowSecs = `(\d+(?:\.\d+)?) seconds?`

// flow is a flow a scenario made.
type flow struct {
	id     string
	active bool
	// last is the last operation of the chain, "" while there is none.
	last string
	ops  int
}

func (s *scenario) registerFlows(sc *godog.ScenarioContext) {
	status := `^an? (active|inactive) `
	scope := `(items\.(?:create|update|delete))`
	s.step(sc, status+`(action|filter) flow "([^"]+)" on `+scope+` in "([^"]+)"$`, s.createEventFlow)
	s.step(sc, status+`webhook flow "([^"]+)" triggered by (GET|POST)$`, s.createWebhookFlow)
	s.step(sc, status+`schedule flow "([^"]+)" on cron "([^"]+)"$`, s.createScheduleFlow)
	s.step(sc, `^flow "([^"]+)" creates an item in "([^"]+)" with:$`, s.addItemCreate)
	s.step(sc, `^flow "([^"]+)" rejects payloads whose "([^"]+)" is "([^"]*)"$`, s.addCondition)
	s.step(sc, `^flow "([^"]+)" runs the script:$`, s.addScript)
	s.step(sc, `^a collection "([^"]+)" with fields "([^"]*)" and an upper-case name$`,
		s.createUpperCaseCollection)
	sc.StepContext().Before(s.settleBeforeChecks)

	s.step(sc, `^`+actor+` sends (GET|POST) to the webhook of flow "([^"]+)"$`, s.callWebhook)
	s.step(sc, `^`+actor+` sends (GET|POST) to the webhook of flow "([^"]+)" with:$`, s.callWebhookBody)

	s.step(sc, `^within `+windowSecs+` "([^"]+)" has an item where "([^"]+)" is "([^"]*)"`+because+`$`,
		s.eventuallyItem)
	s.step(sc, `^within `+windowSecs+` "([^"]+)" gets an item where "([^"]+)" is "([^"]*)" `+
		`and none where it is "([^"]*)"`+because+`$`, s.onlyItem)
	s.step(sc, `^within `+windowSecs+` the activity log shows a run of flow "([^"]+)"`+because+`$`,
		s.runLogged)
}

// createFlow makes a flow. The scenario's first flow waits for one of
// flowSlots and gives it back when the scenario's resources are removed.
func (s *scenario) createFlow(ctx context.Context, alias string, f admin.Flow) error {
	s.mu.Lock()
	if s.flows == nil {
		s.flows = map[string]*flow{}
	}
	_, dup := s.flows[alias]
	active := 0
	for _, fl := range s.flows {
		if fl.active {
			active++
		}
	}
	holds, settled := s.flowSlot, s.flowsSettled
	s.mu.Unlock()
	switch {
	case settled:
		return setup(fmt.Errorf("flow %q is made after the scenario's first When or Then step; "+
			"flows must be made before it", alias))
	case dup:
		return setup(fmt.Errorf("flow %q was already made in this scenario", alias))
	case f.Active && active >= maxActiveFlows-1:
		return setup(fmt.Errorf("flow %q would be active flow number %d of this scenario; "+
			"at most %d may be, with the sentinel, so that the harness stays within "+
			"Directus 12's licence", alias, active+1, maxActiveFlows-1))
	}
	ctx = withPhase(ctx, "setup")
	if !holds {
		select {
		case flowSlots <- struct{}{}:
		case <-ctx.Done():
			return setup(fmt.Errorf("wait for a flow slot: %w", ctx.Err()))
		}
		s.session.OnRelease(func(context.Context) error {
			<-flowSlots
			return nil
		})
		s.mu.Lock()
		s.flowSlot = true
		s.mu.Unlock()
	}
	id, err := s.session.CreateFlow(ctx, alias, f, &flowChanges)
	if err != nil {
		return s.restricted(err)
	}
	s.mu.Lock()
	s.flows[alias] = &flow{id: id, active: f.Active}
	s.mu.Unlock()
	return nil
}

func (s *scenario) flow(alias string) (*flow, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[alias]
	if !ok {
		return nil, setup(fmt.Errorf("no flow %q was made in this scenario", alias))
	}
	return f, nil
}

// createEventFlow makes a flow that an event of one collection triggers:
// in filter mode before the change is saved, in action mode after.
func (s *scenario) createEventFlow(ctx context.Context, status, mode, alias, scope,
	coll string) error {
	name, err := s.collection(coll)
	if err != nil {
		return err
	}
	return s.createFlow(ctx, alias, admin.Flow{
		Trigger: "event",
		Active:  status == "active",
		Options: map[string]any{
			"type": mode, "scope": []string{scope}, "collections": []string{name},
		},
	})
}

// createWebhookFlow makes a flow that requests to /flows/trigger/<id>
// with one method trigger. Its response body is left at the default.
func (s *scenario) createWebhookFlow(ctx context.Context, status, alias, method string) error {
	return s.createFlow(ctx, alias, admin.Flow{
		Trigger: "webhook",
		Active:  status == "active",
		Options: map[string]any{"method": method},
	})
}

// createScheduleFlow makes a flow that a six-field cron expression,
// seconds first, triggers.
func (s *scenario) createScheduleFlow(ctx context.Context, status, alias, cron string) error {
	return s.createFlow(ctx, alias, admin.Flow{
		Trigger: "schedule",
		Active:  status == "active",
		Options: map[string]any{"cron": cron},
	})
}

// appendOperation adds an operation at the end of a flow's chain, on the
// success path of the operation before it.
func (s *scenario) appendOperation(ctx context.Context, alias, typ string,
	options map[string]any) error {
	f, err := s.flow(alias)
	if err != nil {
		return err
	}
	s.mu.Lock()
	after, n, settled := f.last, f.ops, s.flowsSettled
	s.mu.Unlock()
	if settled {
		return setup(fmt.Errorf("an operation is added to flow %q after the scenario's "+
			"first When or Then step; flows must be made before it", alias))
	}
	op := admin.Operation{
		Key:      fmt.Sprintf("%s_%d", strings.ReplaceAll(typ, "-", "_"), n+1),
		Type:     typ,
		Options:  options,
		Position: n,
	}
	id, err := s.session.AppendOperation(withPhase(ctx, "setup"), f.id, after, op, &flowChanges)
	if err != nil {
		return s.restricted(err)
	}
	s.mu.Lock()
	f.last, f.ops = id, n+1
	s.mu.Unlock()
	return nil
}

// addItemCreate adds a Create Data operation that writes the DocString's
// item with full permissions and without emitting events, so that what
// it writes triggers no other flow.
func (s *scenario) addItemCreate(ctx context.Context, alias, coll string,
	doc *godog.DocString) error {
	name, err := s.collection(coll)
	if err != nil {
		return err
	}
	text, err := s.expand(doc.Content)
	if err != nil {
		return err
	}
	var payload any
	if err := json.Unmarshal([]byte(text), &payload); err != nil {
		return setup(fmt.Errorf("the item flow %q creates in %q is not JSON: %w", alias, coll, err))
	}
	return s.appendOperation(ctx, alias, "item-create", map[string]any{
		"collection": name, "permissions": "$full", "emitEvents": false, "payload": payload,
	})
}

// addCondition adds a Condition operation that takes its reject path when
// the trigger's payload has field set to value.
func (s *scenario) addCondition(ctx context.Context, alias, field, value string) error {
	rule := map[string]any{"$trigger": map[string]any{
		"payload": map[string]any{field: map[string]any{"_neq": value}},
	}}
	return s.appendOperation(ctx, alias, "condition", map[string]any{"filter": rule})
}

// addScript adds a Run Script operation. Its code is sent as written:
// placeholders are not replaced, since JavaScript braces look like them.
func (s *scenario) addScript(ctx context.Context, alias string, code *godog.DocString) error {
	return s.appendOperation(ctx, alias, "exec", map[string]any{"code": code.Content})
}

// createUpperCaseCollection makes a collection whose name is the name
// the scenario would give alias, in upper case: for alias "ARTICLES" it
// differs from collection "articles" in case only.
func (s *scenario) createUpperCaseCollection(ctx context.Context, alias, list string) error {
	name := strings.ToUpper(s.session.Name(alias))
	if err := s.session.CreateCollectionNamed(withPhase(ctx, "setup"), name,
		parseFields(list)); err != nil {
		return s.restricted(err)
	}
	s.mu.Lock()
	s.collections[alias] = name
	s.mu.Unlock()
	return nil
}

// parseFields reads a field list such as "title, views:integer"; a field
// without a type is a string.
func parseFields(list string) []admin.Field {
	var fields []admin.Field
	for _, f := range splitList(list) {
		name, typ, ok := strings.Cut(f, ":")
		if !ok {
			typ = "string"
		}
		fields = append(fields, admin.Field{Name: name, Type: typ})
	}
	return fields
}

// settleBeforeChecks settles the scenario's flows before its first When
// or Then step, so that every trigger meets them loaded, and lets other
// scenarios change flows again from its first "within" step on: a run
// that has begun is not disturbed by a reload.
func (s *scenario) settleBeforeChecks(ctx context.Context, st *godog.Step) (context.Context,
	error) {
	if strings.HasPrefix(st.Text, "within ") {
		defer s.unshareFlowChanges()
	}
	if st.Type == "Context" || s.run.opts.Phase == PhaseSetup {
		// The setup half of an upgrade check stops here; its flows are
		// settled on the upgraded server.
		return ctx, nil
	}
	s.mu.Lock()
	// Once the scenario has ended (a step failed and cleanup ran), a
	// sentinel made now would outlive it and hold flowChanges for good.
	due := !s.ended && len(s.flows) > 0 && !s.flowsSettled
	s.flowsSettled = s.flowsSettled || due
	s.mu.Unlock()
	if !due {
		return ctx, nil
	}
	return ctx, s.settleFlows(ctx)
}

// settleFlows waits until the server has loaded the scenario's flows and
// keeps other scenarios from changing flows until this one stops sharing
// flowChanges.
//
// Directus gives no sign that a reload is over, so a sentinel tells: an
// untracked webhook flow without operations, made after every other flow
// of the scenario. Directus reloads one change at a time, and each reload
// first drops every flow, so once the sentinel answers, no reload that
// began before it was made is still pending, and while this scenario
// shares flowChanges no other one begins.
func (s *scenario) settleFlows(ctx context.Context) error {
	ctx = withPhase(ctx, "setup")
	id, err := s.session.CreateFlow(ctx, "flow loading sentinel", admin.Flow{
		Trigger:   "webhook",
		Active:    true,
		Options:   map[string]any{"method": "GET", "cacheEnabled": false},
		Untracked: true,
	}, &flowChanges)
	if err != nil {
		return s.restricted(err)
	}
	flowChanges.RLock()
	s.mu.Lock()
	s.flowsShared = true
	s.mu.Unlock()
	s.session.OnRelease(func(context.Context) error {
		s.unshareFlowChanges()
		return nil
	})
	var last error
	loaded, err := pollEvery(ctx, settleInterval, settleTimeout, func() (bool, error) {
		last = s.session.Client().Do(ctx, "GET", "/flows/trigger/"+id, nil, nil)
		var api *admin.APIError
		if errors.As(last, &api) && api.Status == 403 {
			return false, nil
		}
		return last == nil, last
	})
	switch {
	case err != nil:
		return setup(fmt.Errorf("wait for the scenario's flows to load: %w", err))
	case !loaded:
		return setup(fmt.Errorf("the scenario's flows were not loaded after %s: "+
			"the sentinel flow still answers %v", settleTimeout, last))
	}
	return nil
}

// unshareFlowChanges stops sharing flowChanges, if the scenario does.
func (s *scenario) unshareFlowChanges() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flowsShared {
		flowChanges.RUnlock()
		s.flowsShared = false
	}
}

func (s *scenario) callWebhook(ctx context.Context, who, method, alias string) error {
	return s.callWebhookBody(ctx, who, method, alias, &godog.DocString{})
}

func (s *scenario) callWebhookBody(ctx context.Context, who, method, alias string,
	body *godog.DocString) error {
	f, err := s.flow(alias)
	if err != nil {
		return err
	}
	return s.do(ctx, who, method, "/flows/trigger/"+f.id, body.Content, nil)
}

// pollWindow calls look every pollInterval until it reports done or
// fails, or until window has passed; it reports whether look was done in
// time.
func pollWindow(ctx context.Context, window time.Duration,
	look func() (bool, error)) (bool, error) {
	return pollEvery(ctx, pollInterval, window, look)
}

// pollEvery calls look every interval until it reports done or fails, or
// until window has passed; it reports whether look was done in time. look
// always runs at least once, and once more at the end of the window, so
// the last look sees the whole window.
func pollEvery(ctx context.Context, interval, window time.Duration,
	look func() (bool, error)) (bool, error) {
	deadline := time.Now().Add(window)
	for {
		done, err := look()
		if err != nil || done {
			return done, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false, nil
		}
		wait := time.NewTimer(min(interval, left))
		select {
		case <-ctx.Done():
			wait.Stop()
			return false, ctx.Err()
		case <-wait.C:
		}
	}
}

func span(secs float64) time.Duration {
	return time.Duration(secs * float64(time.Second))
}

// adminGet reads path as the admin and returns the answer, which must be a
// 200: the admin may read every collection.
func (s *scenario) adminGet(ctx context.Context, path string) (*response, error) {
	if err := s.do(ctx, "the admin", "GET", path, "", nil); err != nil {
		return nil, err
	}
	r, err := s.answer()
	if err != nil {
		return nil, err
	}
	if r.status != 200 {
		return r, s.mismatch(r, fmt.Sprintf("status = %d", r.status), "200",
			"admin access bypasses permission checks")
	}
	return r, nil
}

// markCarriedRows records the highest item id of each collection a
// carried check made, so that its "within" steps count only the items
// written after the upgrade.
func (s *scenario) markCarriedRows(ctx context.Context) error {
	s.mu.Lock()
	names := maps.Clone(s.collections)
	s.mu.Unlock()
	marks := map[string]int64{}
	for alias, name := range names {
		var out []struct {
			Max struct {
				ID any `json:"id"`
			} `json:"max"`
		}
		err := s.session.Client().Do(withPhase(ctx, "setup"), "GET",
			"/items/"+name+"?aggregate[max]=id", nil, &out)
		if err != nil {
			return setup(fmt.Errorf("read the last id of %q after the upgrade: %w", alias, err))
		}
		if len(out) > 0 && out[0].Max.ID != nil {
			id, err := strconv.ParseInt(fmt.Sprint(out[0].Max.ID), 10, 64)
			if err != nil {
				return setup(fmt.Errorf("read the last id of %q after the upgrade: %w", alias, err))
			}
			marks[alias] = id
		}
	}
	s.mu.Lock()
	s.carriedRows = marks
	s.mu.Unlock()
	return nil
}

// newRows returns the filter that keeps only the items of coll written
// since its check's assertions began; it is empty outside an upgrade.
func (s *scenario) newRows(coll string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.carriedRows[coll]
	if !ok {
		return ""
	}
	return fmt.Sprintf("&filter[id][_gt]=%d", id)
}

// awaitRows reads path as the admin until the answer's data lists a row
// or the window ends, and returns the last answer and whether it did.
func (s *scenario) awaitRows(ctx context.Context, secs float64,
	path string) (*response, bool, error) {
	var r *response
	found, err := pollWindow(ctx, span(secs), func() (bool, error) {
		var err error
		r, err = s.adminGet(ctx, path)
		return err == nil && len(gjson.GetBytes(r.body, "data").Array()) > 0, err
	})
	return r, found, err
}

// eventuallyItem polls a collection until an item has field set to value.
func (s *scenario) eventuallyItem(ctx context.Context, secs float64, coll, field, value,
	rule string) error {
	name, err := s.collection(coll)
	if err != nil {
		return err
	}
	if value, err = s.expand(value); err != nil {
		return err
	}
	path := fmt.Sprintf("/items/%s?filter[%s][_eq]=%s", name, url.QueryEscape(field),
		url.QueryEscape(value)) + s.newRows(coll)
	r, found, err := s.awaitRows(ctx, secs, path)
	if err != nil {
		return err
	}
	if !found {
		return s.mismatch(r, fmt.Sprintf("after %s no item of %q has %s = %q",
			span(secs), coll, field, value), "one within that time", rule)
	}
	return nil
}

// errUnwanted stops a window as soon as an item that must not appear does.
var errUnwanted = errors.New("an unwanted item appeared")

// onlyItem watches a collection for the whole window: it fails as soon as
// an item with field set to unwanted appears, and at the end unless an
// item with field set to want appeared. The wanted item is the positive
// control: it shows that the window was long enough for the unwanted one
// to appear had the server written it.
func (s *scenario) onlyItem(ctx context.Context, secs float64, coll, field, want, unwanted,
	rule string) error {
	name, err := s.collection(coll)
	if err != nil {
		return err
	}
	if want, err = s.expand(want); err != nil {
		return err
	}
	if unwanted, err = s.expand(unwanted); err != nil {
		return err
	}
	f := url.QueryEscape(field)
	path := fmt.Sprintf("/items/%s?fields=%s&filter[_or][0][%s][_eq]=%s&filter[_or][1][%s][_eq]=%s",
		name, f, f, url.QueryEscape(want), f, url.QueryEscape(unwanted)) + s.newRows(coll)
	start := time.Now()
	var r *response
	var seen bool
	_, err = pollWindow(ctx, span(secs), func() (bool, error) {
		var err error
		if r, err = s.adminGet(ctx, path); err != nil {
			return false, err
		}
		for _, v := range gjson.GetBytes(r.body, "data.#."+field).Array() {
			switch v.String() {
			case unwanted:
				return false, errUnwanted
			case want:
				seen = true
			}
		}
		return false, nil
	})
	switch {
	case errors.Is(err, errUnwanted):
		return s.mismatch(r, fmt.Sprintf("%s after the window opened %q has an item where %s = %q",
			time.Since(start).Round(10*time.Millisecond), coll, field, unwanted),
			fmt.Sprintf("none within %s", span(secs)), rule)
	case err != nil:
		return err
	case !seen:
		return s.mismatch(r, fmt.Sprintf("after %s no item of %q has %s = %q either",
			span(secs), coll, field, want),
			"that item, written by the control, to show the window was long enough", rule)
	}
	return nil
}

// runLogged polls the activity log until it records a run of the flow.
func (s *scenario) runLogged(ctx context.Context, secs float64, alias, rule string) error {
	f, err := s.flow(alias)
	if err != nil {
		return err
	}
	path := "/activity?filter[collection][_eq]=directus_flows&filter[action][_eq]=run" +
		"&filter[item][_eq]=" + f.id
	r, found, err := s.awaitRows(ctx, secs, path)
	if err != nil {
		return err
	}
	if !found {
		return s.mismatch(r, fmt.Sprintf("after %s the activity log has no run of flow %q",
			span(secs), alias), "one row with action run", rule)
	}
	return nil
}
