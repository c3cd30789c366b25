package steps

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/directus-conformance/harness/reports"
)

// specCheck validates the REST answers a run receives against the
// server's own OpenAPI document. The Directus document is known to be
// wrong in places (its error schema, for one), so a mismatch is a finding
// of its own kind, never a check failure.
type specCheck struct {
	router routers.Router
	redact *reports.Redactor
	// broken says why the document could not be used; the run then has
	// one finding saying that nothing was validated.
	broken error

	mu       sync.Mutex
	findings map[string]*reports.Finding
}

// loadSpec fetches the admin's view of /server/specs/oas, which covers
// every collection, and prepares it for matching requests.
func loadSpec(ctx context.Context, client *http.Client, base, token string) (*specCheck, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/server/specs/oas", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("load openapi document: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("load openapi document: status %d: %v", resp.StatusCode, err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		return nil, fmt.Errorf("load openapi document: %w", err)
	}
	// Match requests by path alone, whatever PUBLIC_URL the document names.
	doc.Servers = openapi3.Servers{{URL: base}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi document: %w", err)
	}
	return &specCheck{router: router, findings: map[string]*reports.Finding{}}, nil
}

// check validates one answer and records what does not match.
func (c *specCheck) check(checkID string, req *http.Request, status int, header http.Header,
	body []byte) {
	if c == nil || c.broken != nil || strings.HasPrefix(req.URL.Path, "/graphql") {
		return
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return // Not every route is documented; that is not a schema mismatch.
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
		},
		Status:  status,
		Header:  header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	input.SetBodyBytes(body)
	err = openapi3filter.ValidateResponse(req.Context(), input)
	if err == nil {
		return
	}
	// kin-openapi quotes the offending value, a token among them: mask
	// it before cutting the message short.
	problem := clip(c.redact.String(err.Error()), 400)
	op := route.Method + " " + route.Path
	key := fmt.Sprintf("%s|%d|%s", op, status, problem)
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.findings[key]
	if !ok {
		f = &reports.Finding{Operation: op, Status: status, Problem: problem}
		c.findings[key] = f
	}
	f.Count++
	if len(f.Checks) < 5 && !contains(f.Checks, checkID) {
		f.Checks = append(f.Checks, checkID)
	}
}

// Findings returns what did not match, most frequent first.
func (c *specCheck) Findings() []reports.Finding {
	if c == nil {
		return nil
	}
	if c.broken != nil {
		return []reports.Finding{{
			Operation: "GET /server/specs/oas", Count: 1, Checks: []string{},
			Problem: "no answer was validated: " + clip(c.redact.String(c.broken.Error()), 400),
		}}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]reports.Finding, 0, len(c.findings))
	for _, f := range c.findings {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Operation+out[i].Problem < out[j].Operation+out[j].Problem
	})
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
