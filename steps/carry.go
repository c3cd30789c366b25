package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"sync"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/directus-conformance/harness/fixtures/admin"
)

// Phases of an in-place upgrade check. A scenario's leading Given steps
// (its Background and the Givens before its first When) are its setup;
// everything after is its assertion.
const (
	// PhaseSetup runs only the setup of each scenario, keeps what it made
	// and records it in the Carry.
	PhaseSetup = "setup"
	// PhaseAssert restores what the setup made from the Carry and runs
	// only the rest of each scenario.
	PhaseAssert = "assert"
)

// Carry holds what the setup phase of each check made, so that the
// assertions can run against the same data on another server version.
// It is written to and read from a file between the phases.
type Carry struct {
	mu     sync.Mutex
	Checks map[string]*Carried `json:"checks"`
}

// Carried is the state one check's setup left behind.
type Carried struct {
	Prefix      string                 `json:"prefix"`
	Collections map[string]string      `json:"collections"`
	Items       map[string]any         `json:"items"`
	Users       map[string]CarriedUser `json:"users"`
	Roles       map[string]admin.Role  `json:"roles"`
	Vars        map[string]string      `json:"vars"`
	Folders     map[string]string      `json:"folders"`
	Uploads     map[string]CarriedFile `json:"uploads"`
	Flows       map[string]CarriedFlow `json:"flows"`
}

// CarriedFlow is a flow and the end of its chain of operations.
type CarriedFlow struct {
	ID     string `json:"id"`
	Active bool   `json:"active"`
	Last   string `json:"last"`
	Ops    int    `json:"ops"`
}

// CarriedUser is a user with its credentials. A carry file holds secrets
// and must be kept like one.
type CarriedUser struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Token    string `json:"token"`
}

// CarriedFile is an uploaded file and the bytes that were sent.
type CarriedFile struct {
	ID   string `json:"id"`
	Data []byte `json:"data"`
}

// NewCarry returns an empty carry.
func NewCarry() *Carry { return &Carry{Checks: map[string]*Carried{}} }

// ReadCarry reads a carry written by Write.
func ReadCarry(r io.Reader) (*Carry, error) {
	c := NewCarry()
	if err := json.NewDecoder(r).Decode(c); err != nil {
		return nil, fmt.Errorf("read carry: %w", err)
	}
	return c, nil
}

// Write writes the carry as JSON.
func (c *Carry) Write(w io.Writer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := json.NewEncoder(w).Encode(c); err != nil {
		return fmt.Errorf("write carry: %w", err)
	}
	return nil
}

func (c *Carry) put(id string, st *Carried) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Checks[id] = st
}

func (c *Carry) get(id string) (*Carried, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.Checks[id]
	return st, ok
}

// save records what the scenario's setup made.
func (s *scenario) save(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &Carried{
		Prefix:      s.session.Prefix(),
		Collections: s.collections,
		Items:       s.items,
		Users:       map[string]CarriedUser{},
		Roles:       s.session.Roles(),
		Vars:        s.vars,
		Folders:     s.folders,
		Uploads:     map[string]CarriedFile{},
		Flows:       map[string]CarriedFlow{},
	}
	for alias, f := range s.flows {
		st.Flows[alias] = CarriedFlow{ID: f.id, Active: f.active, Last: f.last, Ops: f.ops}
	}
	for alias, u := range s.users {
		st.Users[alias] = CarriedUser{ID: u.id, Email: u.email, Password: u.password, Token: u.token}
	}
	for name, u := range s.uploads {
		st.Uploads[name] = CarriedFile{ID: u.id, Data: u.data}
	}
	s.run.opts.Carry.put(id, st)
}

// restore puts back what a check's setup made, on a session that carries
// on with the same names. It reports false when nothing was carried.
func (s *scenario) restore(id string) bool {
	st, ok := s.run.opts.Carry.get(id)
	if !ok {
		return false
	}
	s.session = admin.NewSession(s.session.Client(), st.Prefix)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range st.Collections {
		s.collections[k] = v
	}
	for k, v := range st.Items {
		s.items[k] = v
	}
	for k, v := range st.Vars {
		s.vars[k] = v
	}
	for k, v := range st.Folders {
		s.folders[k] = v
	}
	for alias, u := range st.Users {
		s.users[alias] = &user{id: u.ID, email: u.Email, password: u.Password, token: u.Token}
		s.run.redact.Add(u.Password, u.Token)
	}
	for name, f := range st.Uploads {
		s.uploads[name] = &upload{id: f.ID, data: f.Data}
	}
	for alias, r := range st.Roles {
		s.session.AdoptRole(alias, r)
	}
	if len(st.Flows) > 0 && s.flows == nil {
		s.flows = map[string]*flow{}
	}
	for alias, f := range st.Flows {
		s.flows[alias] = &flow{id: f.ID, active: f.Active, last: f.Last, ops: f.Ops}
	}
	return true
}

var contextType = reflect.TypeOf((*context.Context)(nil)).Elem()

// patterns holds every step pattern registered so far.
var patterns sync.Map

// defineOnce defines the suite's steps once without running anything, so
// that Patterns knows them before any suite has run.
var defineOnce sync.Once

// Patterns returns the pattern of every step definition, sorted. The
// self-test uses it to show that each step can fail, and the step
// reference (features/STEPS.md) is made from it.
func Patterns() []string {
	defineOnce.Do(func() {
		// godog calls the initializer once to list the definitions, and
		// stops there.
		godog.TestSuite{
			ScenarioInitializer: func(sc *godog.ScenarioContext) {
				(&scenario{run: &run{}}).register(sc)
			},
			Options: &godog.Options{ShowStepDefinitions: true, Format: "progress",
				Output: io.Discard},
		}.Run()
	})
	var out []string
	patterns.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}

// step registers a step definition through which the assert phase can
// replay a setup step without running it: the setup already ran on the
// server before the upgrade.
func (s *scenario) step(sc *godog.ScenarioContext, expr string, fn any) {
	patterns.Store(expr, true)
	v := reflect.ValueOf(fn)
	t := v.Type()
	wrapped := reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		if !s.replaying() {
			return v.Call(args)
		}
		out := make([]reflect.Value, t.NumOut())
		for i := range out {
			out[i] = reflect.Zero(t.Out(i))
			if t.Out(i) == contextType && len(args) > 0 && args[0].Type() == contextType {
				out[i] = args[0]
			}
		}
		return out
	})
	sc.Step(expr, wrapped.Interface())
}

func (s *scenario) replaying() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replay
}

// setupDone is why a check ends the setup phase skipped: its assertions
// run after the upgrade.
const setupDone = "setup done; its assertions run after the upgrade"

// phaseStep is the before-step hook of an upgrade phase. In the setup
// phase it stops the scenario at its first action, keeping what was
// made; in the assert phase it has the leading setup steps replayed.
func (s *scenario) phaseStep(id string, st *godog.Step) error {
	phase := s.run.opts.Phase
	s.mu.Lock()
	if s.ended || s.notApplicable != "" || s.skipped != "" {
		// godog runs step hooks for the steps it skips after a failure or
		// a skip; such a scenario has nothing to carry.
		s.mu.Unlock()
		return nil
	}
	if st.Type != messages.PickleStepType_CONTEXT {
		s.leading = false
	}
	leading := s.leading
	s.replay = phase == PhaseAssert && leading
	s.mu.Unlock()
	if phase == PhaseSetup && !leading {
		s.save(id)
		s.mu.Lock()
		s.skipped = setupDone
		s.keep = true
		s.mu.Unlock()
		return godog.ErrSkip
	}
	return nil
}
