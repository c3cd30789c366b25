package steps

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// actor is how a step names who sends a request: the public, the admin,
// user "alias", or the holder of "remembered token".
const actor = `(the public|the admin|user "[^"]+"|the holder of "[^"]+")`

// because is the optional end of an assertion that names the documented
// rule it checks; the rule is repeated in the failure message.
const because = `(?: because (.+))?`

func (s *scenario) registerHTTP(sc *godog.ScenarioContext) {
	s.step(sc, `^`+actor+` sends (GET|POST|PATCH|DELETE|SEARCH) "([^"]*)"$`, s.send)
	s.step(sc, `^`+actor+` sends (GET|POST|PATCH|DELETE|SEARCH) "([^"]*)" with:$`, s.sendBody)
	s.step(sc, `^`+actor+` sends (GET|POST|PATCH|DELETE) "([^"]*)" with the header "([^"]+)" set to "([^"]*)"$`,
		s.sendHeader)
	s.step(sc, `^the value at "([^"]+)" is remembered as "([^"]+)"$`, s.remember)
	s.step(sc, `^a value "([^"]*)" is remembered as "([^"]+)"$`, s.rememberValue)

	s.step(sc, `^the status is (\d{3})`+because+`$`, s.statusIs)
	s.step(sc, `^the error code is "([A-Z_]+)"`+because+`$`, s.errorCodeIs)
	s.step(sc, `^"([^"]+)" has (\d+) items?`+because+`$`, s.countIs)
	s.step(sc, `^"([^"]+)" is "([^"]*)"`+because+`$`, s.valueIs)
	s.step(sc, `^the values at "([^"]+)" are "([^"]*)"`+because+`$`, s.valuesAre)
	s.step(sc, `^"([^"]+)" is absent`+because+`$`, s.absent)
	s.step(sc, `^"([^"]+)" is present`+because+`$`, s.present)
	s.step(sc, `^"([^"]+)" is a non-empty string`+because+`$`, s.nonEmptyString)
	s.step(sc, `^"([^"]+)" is a positive number`+because+`$`, s.positiveNumber)
	s.step(sc, `^"([^"]+)" differs from the value remembered as "([^"]+)"`+because+`$`, s.differs)
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

// bearer returns the Authorization header value an actor sends, or "".
func (s *scenario) bearer(who string) (string, error) {
	switch {
	case who == "the public":
		return "", nil
	case who == "the admin":
		return "Bearer " + s.run.server.AdminToken, nil
	case strings.HasPrefix(who, "user "):
		u, err := s.user(quoted.FindStringSubmatch(who)[1])
		if err != nil {
			return "", err
		}
		return "Bearer " + u.token, nil
	default:
		v, err := s.lookup("var:" + quoted.FindStringSubmatch(who)[1])
		if err != nil {
			return "", err
		}
		return "Bearer " + v, nil
	}
}

func (s *scenario) send(ctx context.Context, who, method, path string) error {
	return s.do(ctx, who, method, path, "", nil)
}

func (s *scenario) sendBody(ctx context.Context, who, method, path string, body *godog.DocString) error {
	return s.do(ctx, who, method, path, body.Content, nil)
}

func (s *scenario) sendHeader(ctx context.Context, who, method, path, name, value string) error {
	v, err := s.expand(value)
	if err != nil {
		return err
	}
	return s.do(ctx, who, method, path, "", map[string]string{name: v})
}

// do sends one checked request with a JSON body (or none) and keeps the
// answer for the assertions.
func (s *scenario) do(ctx context.Context, who, method, path, body string,
	headers map[string]string) error {
	body, err := s.expand(body)
	if err != nil {
		return err
	}
	ctype := ""
	if body != "" {
		ctype = "application/json"
	}
	return s.doRequest(ctx, who, method, path, strings.NewReader(body), ctype, headers)
}

// doRaw sends a body of any content type.
func (s *scenario) doRaw(ctx context.Context, who, method, path string, body io.Reader,
	ctype string) error {
	return s.doRequest(ctx, who, method, path, body, ctype, nil)
}

func (s *scenario) doRequest(ctx context.Context, who, method, path string, body io.Reader,
	ctype string, headers map[string]string) error {
	path, err := s.expand(path)
	if err != nil {
		return err
	}
	auth, err := s.bearer(who)
	if err != nil {
		return err
	}
	if ctype == "" {
		body = nil
	}
	s.mu.Lock()
	base := cmp.Or(s.base, s.run.server.URL)
	s.mu.Unlock()
	req, err := http.NewRequestWithContext(withPhase(ctx, "check"), method, base+path, body)
	if err != nil {
		return setup(fmt.Errorf("build request: %w", err))
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, s.run.redact.URL(path), err)
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: read answer: %w", method, s.run.redact.URL(path), err)
	}
	s.mu.Lock()
	s.last = &response{method: method, path: path, status: resp.StatusCode,
		header: resp.Header, body: reply}
	s.mu.Unlock()
	return nil
}

// answer returns the last response, or a setup error when no request was
// sent before an assertion.
func (s *scenario) answer() (*response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		return nil, setup(fmt.Errorf("an assertion ran before any request"))
	}
	return s.last, nil
}

// mismatch formats a failed assertion: what was seen, what was expected,
// the rule it breaks, and an excerpt of the answer.
func (s *scenario) mismatch(r *response, got, want, rule string) error {
	msg := fmt.Sprintf("%s; want %s", got, want)
	if rule != "" {
		msg += " (" + rule + ")"
	}
	body := strings.TrimSpace(string(r.body))
	if utf8.ValidString(body) {
		// Masked first, then cut, so that no secret is cut in half.
		body = clip(s.run.redact.String(body), 300)
	} else {
		body = fmt.Sprintf("(%d bytes of binary data)", len(r.body))
	}
	return fmt.Errorf("%s\n%s %s answered %d: %s", msg, r.method,
		s.run.redact.URL(r.path), r.status, body)
}

func (s *scenario) statusIs(want int, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if r.status != want {
		return s.mismatch(r, fmt.Sprintf("status = %d", r.status), strconv.Itoa(want), rule)
	}
	return nil
}

func (s *scenario) errorCodeIs(want, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, "errors.0.extensions.code")
	if got.String() != want {
		return s.mismatch(r, fmt.Sprintf("errors[0].extensions.code = %s", s.describe(got)),
			strconv.Quote(want), rule)
	}
	return nil
}

func (s *scenario) countIs(path string, want int, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, path)
	if !got.IsArray() {
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)),
			fmt.Sprintf("an array of %d", want), rule)
	}
	if n := len(got.Array()); n != want {
		return s.mismatch(r, fmt.Sprintf("%s has %d items", path, n), strconv.Itoa(want), rule)
	}
	return nil
}

func (s *scenario) valueIs(path, want, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if want, err = s.expand(want); err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, path)
	if !got.Exists() || got.IsObject() || got.IsArray() || got.String() != want {
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)), strconv.Quote(want), rule)
	}
	return nil
}

// valuesAre compares the values at a multi-value path (data.#.title) with a
// comma-separated list, ignoring order.
func (s *scenario) valuesAre(path, list, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if list, err = s.expand(list); err != nil {
		return err
	}
	var want []string
	for _, v := range strings.Split(list, ",") {
		if v = strings.TrimSpace(v); v != "" {
			want = append(want, v)
		}
	}
	got := gjson.GetBytes(r.body, path)
	var have []string
	for _, v := range got.Array() {
		have = append(have, v.String())
	}
	sort.Strings(want)
	sort.Strings(have)
	if !got.IsArray() || strings.Join(have, "\x00") != strings.Join(want, "\x00") {
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)),
			"["+strings.Join(want, ", ")+"] in any order", rule)
	}
	return nil
}

func (s *scenario) absent(path, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if got := gjson.GetBytes(r.body, path); got.Exists() {
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)), "no such member", rule)
	}
	return nil
}

func (s *scenario) present(path, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	if got := gjson.GetBytes(r.body, path); !got.Exists() {
		return s.mismatch(r, path+" is missing", "it to be present", rule)
	}
	return nil
}

func (s *scenario) nonEmptyString(path, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, path)
	if got.Type != gjson.String || got.String() == "" {
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)), "a non-empty string", rule)
	}
	return nil
}

func (s *scenario) positiveNumber(path, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, path)
	if got.Type != gjson.Number || got.Float() <= 0 {
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)), "a positive number", rule)
	}
	return nil
}

func (s *scenario) remember(path, name string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, path)
	if !got.Exists() {
		return s.mismatch(r, path+" is missing", "a value to remember", "")
	}
	if strings.Contains(strings.ToLower(path), "token") {
		s.run.redact.Add(got.String())
	}
	s.mu.Lock()
	s.vars[name] = got.String()
	s.mu.Unlock()
	return nil
}

func (s *scenario) rememberValue(value, name string) error {
	s.mu.Lock()
	s.vars[name] = value
	s.mu.Unlock()
	return nil
}

func (s *scenario) differs(path, name, rule string) error {
	r, err := s.answer()
	if err != nil {
		return err
	}
	old, err := s.lookup("var:" + name)
	if err != nil {
		return err
	}
	got := gjson.GetBytes(r.body, path)
	switch {
	case !got.Exists() || got.Type == gjson.Null || got.String() == "":
		// No value at all is not a new one: a refresh that answers a null
		// token has rotated nothing.
		return s.mismatch(r, fmt.Sprintf("%s = %s", path, s.describe(got)),
			fmt.Sprintf("a value other than the one remembered as %q", name), rule)
	case got.String() == old:
		return s.mismatch(r, fmt.Sprintf("%s = the value remembered as %q", path, name),
			"a different value", rule)
	}
	return nil
}

// describe renders a gjson result for a failure message. Secrets are
// masked before the value is cut short: a token cut in half would match
// no known secret.
func (s *scenario) describe(r gjson.Result) string {
	if !r.Exists() {
		return "(missing)"
	}
	return clip(s.run.redact.String(r.Raw), 120)
}

// clip cuts text to at most n bytes, on a rune boundary, marking the cut.
func clip(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n] + "…"
}
