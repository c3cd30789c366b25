package steps

import (
	"context"
	"encoding/json"

	"github.com/cucumber/godog"
)

func (s *scenario) registerAuth(sc *godog.ScenarioContext) {
	s.step(sc, `^user "([^"]+)" logs in with their password$`, s.logIn)
	s.step(sc, `^user "([^"]+)" logs in with a wrong password$`, s.logInWrong)
}

func (s *scenario) logIn(ctx context.Context, alias string) error {
	u, err := s.user(alias)
	if err != nil {
		return err
	}
	return s.postLogin(ctx, u.email, u.password)
}

func (s *scenario) logInWrong(ctx context.Context, alias string) error {
	u, err := s.user(alias)
	if err != nil {
		return err
	}
	return s.postLogin(ctx, u.email, u.password+"-wrong")
}

func (s *scenario) postLogin(ctx context.Context, email, password string) error {
	body, err := json.Marshal(map[string]string{"email": email, "password": password})
	if err != nil {
		return setup(err)
	}
	return s.do(ctx, "the public", "POST", "/auth/login", string(body), nil)
}
