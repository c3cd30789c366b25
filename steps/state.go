package steps

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/cucumber/godog"

	"github.com/directus-conformance/harness/fixtures/admin"
)

// errSetup marks a step that could not prepare what a check needs: a
// harness or environment problem, reported as an error, never as a
// conformance failure.
type errSetup struct{ err error }

func (e *errSetup) Error() string { return "setup: " + e.err.Error() }
func (e *errSetup) Unwrap() error { return e.err }

// setup wraps err as a setup failure.
func setup(err error) error {
	if err == nil {
		return nil
	}
	return &errSetup{err}
}

// user is a user a scenario made, with its credentials.
type user struct {
	id       string
	email    string
	password string
	token    string
}

// response is the last answer a check step received.
type response struct {
	method, path string
	status       int
	header       http.Header
	body         []byte
}

// scenario is the state of one running scenario. A new one is made for
// every scenario, so concurrent scenarios share nothing but the run.
type scenario struct {
	run     *run
	session *admin.Session
	client  *http.Client
	rec     *recorder

	mu          sync.Mutex
	collections map[string]string
	items       map[string]any
	users       map[string]*user
	folders     map[string]string
	uploads     map[string]*upload
	vars        map[string]string
	last        *response
	// base, when set, sends the scenario's checks to another server.
	base          string
	parity        *parity
	notApplicable string
	skipped       string
	// carriedRows holds, for a check carried across an upgrade, the
	// highest item id of each of its collections when its assertions
	// began: rows written before then, by a schedule flow on the old
	// server say, prove nothing about the new one.
	carriedRows map[string]int64
	// ended is set when the scenario's After hook begins. godog still
	// calls the step hooks of the steps it skips after a failure, and
	// those must not make or keep anything once cleanup has run.
	ended bool
	// leading is true until the scenario's first action step; replay
	// makes a step a no-op, and keep leaves what the scenario made in
	// place: see carry.go.
	leading, replay, keep bool
	// flows are the flows made in this scenario, by alias; flowSlot says
	// whether the scenario holds one of flowSlots, flowsSettled whether
	// its flows were seen loaded and flowsShared whether it still shares
	// flowChanges (see settleFlows).
	flows        map[string]*flow
	flowSlot     bool
	flowsSettled bool
	flowsShared  bool
}

func (s *scenario) collection(alias string) (string, error) {
	if strings.HasPrefix(alias, "directus_") {
		return alias, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name, ok := s.collections[alias]
	if !ok {
		return "", setup(fmt.Errorf("no collection %q was made in this scenario", alias))
	}
	return name, nil
}

func (s *scenario) user(alias string) (*user, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[alias]
	if !ok {
		return nil, setup(fmt.Errorf("no user %q was made in this scenario", alias))
	}
	return u, nil
}

// notApplicableBecause records why the scenario cannot be judged on this
// server and skips its remaining steps.
func (s *scenario) notApplicableBecause(reason string) error {
	s.mu.Lock()
	s.notApplicable = reason
	s.mu.Unlock()
	return godog.ErrSkip
}

// restricted turns a licence restriction met while preparing a check into
// "not applicable" with the server's answer; other errors are setup errors.
func (s *scenario) restricted(err error) error {
	var api *admin.APIError
	if errors.As(err, &api) && api.Code == "LIMIT_EXCEEDED" {
		// A limit is reached because of what else is on the server, not
		// because of its edition: the run cannot judge this check.
		return setup(fmt.Errorf("the server's licence limit was reached (%s): %s %s answered %d: %s",
			api.Code, api.Method, api.Path, api.Status, api.Message))
	}
	if errors.As(err, &api) && api.Code == "RESOURCE_RESTRICTED" {
		return s.notApplicableBecause(fmt.Sprintf(
			"the server's licence does not allow this setup: %s %s answered %d %s: %s",
			api.Method, api.Path, api.Status, api.Code, api.Message))
	}
	return setup(err)
}

var placeholder = regexp.MustCompile(`\{([A-Za-z0-9_][A-Za-z0-9_:#. -]*)\}`)

// expand replaces the placeholders of a path, header or body with this
// scenario's real names and values:
//
//	{articles}            the real name of collection "articles"
//	{articles#Draft}      the id of the item of "articles" labelled Draft
//	{id:reader}           the id of user "reader"
//	{token:reader}        the static token of user "reader" ({token:admin} too)
//	{email:reader}        the email of user "reader"
//	{password:reader}     the password of user "reader"
//	{var:name}            a value remembered earlier in the scenario
//	{folder:reports}      the id of folder "reports"
//	{file:probe.png}      the id of the uploaded file "probe.png"
//	{server:version}      the version the server under test reports
func (s *scenario) expand(text string) (string, error) {
	var bad error
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		v, err := s.lookup(m[1 : len(m)-1])
		if err != nil && bad == nil {
			bad = err
		}
		return v
	})
	return out, bad
}

func (s *scenario) lookup(key string) (string, error) {
	kind, name, ok := strings.Cut(key, ":")
	if !ok {
		if coll, label, ok := strings.Cut(key, "#"); ok {
			s.mu.Lock()
			id, found := s.items[coll+"#"+label]
			s.mu.Unlock()
			if !found {
				return "", setup(fmt.Errorf("no item %q was made in %q", label, coll))
			}
			return fmt.Sprint(id), nil
		}
		return s.collection(key)
	}
	srv := s.run.server
	s.mu.Lock()
	folder, isFolder := s.folders[name]
	value, isVar := s.vars[name]
	s.mu.Unlock()
	switch {
	case kind == "var" && isVar:
		return value, nil
	case kind == "var":
		return "", setup(fmt.Errorf("nothing was remembered as %q", name))
	case kind == "folder" && isFolder:
		return folder, nil
	case kind == "folder":
		return "", setup(fmt.Errorf("no folder %q was made in this scenario", name))
	case kind == "file":
		u, err := s.upload(name)
		if err != nil {
			return "", err
		}
		return u.id, nil
	case kind == "server" && name == "version":
		return srv.Version, nil
	case name == "admin" && kind == "token":
		return srv.AdminToken, nil
	case name == "admin" && kind == "email":
		return srv.AdminEmail, nil
	case name == "admin" && kind == "password":
		return srv.AdminPassword, nil
	}
	u, err := s.user(name)
	if err != nil {
		return "", err
	}
	switch kind {
	case "id":
		return u.id, nil
	case "token":
		return u.token, nil
	case "email":
		return u.email, nil
	case "password":
		return u.password, nil
	}
	return "", setup(fmt.Errorf("unknown placeholder {%s}", key))
}
