package steps

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/cucumber/godog"
)

func (s *scenario) registerServer(sc *godog.ScenarioContext) {
	s.step(sc, `^the body is "([^"]*)"`+because+`$`, s.bodyIs)
	s.step(sc, `^the body contains "([^"]*)"`+because+`$`, s.bodyContains)
	s.step(sc, `^the body does not contain "([^"]*)"`+because+`$`, s.bodyLacks)
	s.step(sc, `^the header "([^"]+)" is "([^"]*)"`+because+`$`, s.headerIs)
	s.step(sc, `^the header "([^"]+)" starts with "([^"]*)"`+because+`$`, s.headerStarts)
	s.step(sc, `^the header "([^"]+)" is absent`+because+`$`, s.headerAbsent)
	s.step(sc, `^the server was started with the CORS origins "([^"]+)"$`, s.corsConfigured)
	s.step(sc, `^a browser at "([^"]+)" sends a preflight for (GET|POST|PATCH|DELETE) "([^"]*)"$`,
		s.preflight)
	s.step(sc, `^a browser at "([^"]+)" sends GET "([^"]*)"$`, s.browserGet)
}

func (s *scenario) bodyIs(want, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if got := strings.TrimSpace(string(r.body)); got != want {
		return s.mismatch(r, fmt.Sprintf("body = %.80q", got), fmt.Sprintf("%q", want), rule)
	}
	return nil
}

func (s *scenario) bodyContains(want, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if want, err = s.expand(want); err != nil {
		return err
	}
	if !strings.Contains(string(r.body), want) {
		return s.mismatch(r, "the body lacks "+fmt.Sprintf("%q", want), "it to be there", rule)
	}
	return nil
}

func (s *scenario) bodyLacks(unwanted, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if unwanted, err = s.expand(unwanted); err != nil {
		return err
	}
	if strings.Contains(string(r.body), unwanted) {
		return s.mismatch(r, "the body contains "+fmt.Sprintf("%q", unwanted), "it to be absent", rule)
	}
	return nil
}

func (s *scenario) headerIs(name, want, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if want, err = s.expand(want); err != nil {
		return err
	}
	if got := r.header.Values(name); len(got) != 1 || got[0] != want {
		return s.mismatch(r, fmt.Sprintf("%s = %q", name, got), fmt.Sprintf("%q", want), rule)
	}
	return nil
}

func (s *scenario) headerStarts(name, prefix, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if got := r.header.Get(name); !strings.HasPrefix(got, prefix) {
		return s.mismatch(r, fmt.Sprintf("%s = %q", name, got), fmt.Sprintf("%q…", prefix), rule)
	}
	return nil
}

func (s *scenario) headerAbsent(name, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if got := r.header.Values(name); len(got) > 0 {
		return s.mismatch(r, fmt.Sprintf("%s = %q", name, got), "no such header", rule)
	}
	return nil
}

// corsConfigured makes the scenario not applicable unless the harness
// started the server with exactly these CORS origins.
func (s *scenario) corsConfigured(list string) error {
	srv := s.run.server
	if !srv.Configurable {
		return s.notApplicableBecause("the " + srv.Kind + " target does not choose the server's CORS settings")
	}
	want := strings.Join(splitList(list), ",")
	if got := strings.Join(srv.CORSOrigins, ","); got != want {
		return setup(fmt.Errorf("the server was started with CORS origins %q, not %q", got, want))
	}
	return nil
}

func (s *scenario) preflight(ctx context.Context, origin, method, path string) error {
	return s.do(ctx, "the public", http.MethodOptions, path, "", map[string]string{
		"Origin":                         origin,
		"Access-Control-Request-Method":  method,
		"Access-Control-Request-Headers": "authorization,content-type",
	})
}

func (s *scenario) browserGet(ctx context.Context, origin, path string) error {
	return s.do(ctx, "the public", http.MethodGet, path, "", map[string]string{"Origin": origin})
}
