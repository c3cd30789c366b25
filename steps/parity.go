package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// Outcome kinds: REST and GraphQL shape their answers differently, so a
// parity check compares what each answer means, not how it looks.
const (
	allowed         = "allowed"
	denied          = "denied"
	notFound        = "not found"
	invalid         = "invalid"
	unauthenticated = "unauthenticated"
	serverError     = "a server error"
)

// outcome is the meaning of one answer: its kind and, for reads, the rows
// it returned with every value as a string (GraphQL sends ids as strings,
// REST as numbers).
type outcome struct {
	kind   string
	rows   []string
	detail string
}

func (o outcome) String() string {
	s := o.kind + " (" + o.detail + ")"
	if o.kind == allowed && o.rows != nil {
		s += " rows [" + strings.Join(o.rows, "; ") + "]"
	}
	return s
}

// parity is the pair of answers to one question asked both ways.
type parity struct {
	question  string
	rest, gql outcome
	// mutation answers differ in what they echo back, so only their kinds
	// are compared.
	mutation bool
}

func (s *scenario) registerParity(sc *godog.ScenarioContext) {
	both := ` over REST and GraphQL`
	s.step(sc, `^`+actor+` lists "([^"]+)" of "([^"]+)"`+both+`$`, s.parityList)
	s.step(sc, `^`+actor+` reads "([^"]+)" of item "([^"]+)" in "([^"]+)"`+both+`$`, s.parityRead)
	s.step(sc, `^`+actor+` creates an item in "([^"]+)"`+both+` with:$`, s.parityCreate)
	s.step(sc, `^`+actor+` updates item "([^"]+)" in "([^"]+)"`+both+` with:$`, s.parityUpdate)
	s.step(sc, `^`+actor+` deletes item "([^"]+)" over REST and item "([^"]+)" over GraphQL from "([^"]+)"$`,
		s.parityDelete)
	s.step(sc, `^REST and GraphQL agree that it is (allowed|denied|not found|invalid|unauthenticated)`+
		because+`$`, s.agree)
	s.step(sc, `^both return the values "([^"]*)" for "([^"]+)"$`, s.bothReturn)
}

func splitList(list string) []string {
	var out []string
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *scenario) parityList(ctx context.Context, who, fields, alias string) error {
	coll, err := s.collection(alias)
	if err != nil {
		return err
	}
	f := splitList(fields)
	rest := fmt.Sprintf("/items/%s?fields=%s&sort=id", coll, strings.Join(f, ","))
	query := fmt.Sprintf(`query { %s(sort: ["id"]) { %s } }`, coll, strings.Join(f, " "))
	return s.askBoth(ctx, who, "list "+alias, http.MethodGet, rest, "", coll, query)
}

func (s *scenario) parityRead(ctx context.Context, who, fields, label, alias string) error {
	coll, id, err := s.itemOf(alias, label)
	if err != nil {
		return err
	}
	f := splitList(fields)
	rest := fmt.Sprintf("/items/%s/%s?fields=%s", coll, id, strings.Join(f, ","))
	field := coll + "_by_id"
	query := fmt.Sprintf(`query { %s(id: %q) { %s } }`, field, id, strings.Join(f, " "))
	return s.askBoth(ctx, who, "read "+label, http.MethodGet, rest, "", field, query)
}

func (s *scenario) parityCreate(ctx context.Context, who, alias string, body *godog.DocString) error {
	coll, err := s.collection(alias)
	if err != nil {
		return err
	}
	data, err := s.graphqlObject(body.Content)
	if err != nil {
		return err
	}
	field := "create_" + coll + "_item"
	query := fmt.Sprintf(`mutation { %s(data: %s) { id } }`, field, data)
	return s.askBoth(ctx, who, "create in "+alias, http.MethodPost, "/items/"+coll,
		body.Content, field, query)
}

func (s *scenario) parityUpdate(ctx context.Context, who, label, alias string,
	body *godog.DocString) error {
	coll, id, err := s.itemOf(alias, label)
	if err != nil {
		return err
	}
	data, err := s.graphqlObject(body.Content)
	if err != nil {
		return err
	}
	field := "update_" + coll + "_item"
	query := fmt.Sprintf(`mutation { %s(id: %q, data: %s) { id } }`, field, id, data)
	return s.askBoth(ctx, who, "update "+label, http.MethodPatch, "/items/"+coll+"/"+id,
		body.Content, field, query)
}

func (s *scenario) parityDelete(ctx context.Context, who, restLabel, gqlLabel, alias string) error {
	coll, restID, err := s.itemOf(alias, restLabel)
	if err != nil {
		return err
	}
	_, gqlID, err := s.itemOf(alias, gqlLabel)
	if err != nil {
		return err
	}
	field := "delete_" + coll + "_item"
	query := fmt.Sprintf(`mutation { %s(id: %q) { id } }`, field, gqlID)
	return s.askBoth(ctx, who, "delete from "+alias, http.MethodDelete,
		"/items/"+coll+"/"+restID, "", field, query)
}

// itemOf returns the real name of a collection and the id of its item
// labelled label.
func (s *scenario) itemOf(alias, label string) (coll, id string, err error) {
	if coll, err = s.collection(alias); err != nil {
		return "", "", err
	}
	id, err = s.lookup(alias + "#" + label)
	return coll, id, err
}

// graphqlObject turns a step's JSON object into a GraphQL input literal.
// A literal rather than a variable keeps the mutation free of input type
// names, which exist only in the schema of a caller allowed to mutate: a
// caller without the permission then meets the same "Cannot query field"
// answer as for reads.
func (s *scenario) graphqlObject(text string) (string, error) {
	text, err := s.expand(text)
	if err != nil {
		return "", err
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(text), &data); err != nil {
		return "", setup(fmt.Errorf("the step's body is not a JSON object: %w", err))
	}
	return graphqlLiteral(data), nil
}

func graphqlLiteral(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + graphqlLiteral(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = graphqlLiteral(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case nil:
		return "null"
	default:
		// JSON strings, numbers and booleans are written the same way in
		// GraphQL.
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// askBoth sends the REST request and the GraphQL operation as who, and
// keeps both outcomes for the parity assertions.
func (s *scenario) askBoth(ctx context.Context, who, question, method, restPath, restBody,
	field, query string) error {
	if err := s.do(ctx, who, method, restPath, restBody, nil); err != nil {
		return err
	}
	r, err := s.answer()
	if err != nil {
		return err
	}
	rest := restOutcome(r)
	payload, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		return setup(err)
	}
	if err := s.do(ctx, who, http.MethodPost, "/graphql", string(payload), nil); err != nil {
		return err
	}
	if r, err = s.answer(); err != nil {
		return err
	}
	gql := graphqlOutcome(r, field)
	s.mu.Lock()
	s.parity = &parity{question: question, rest: rest, gql: gql,
		mutation: method != http.MethodGet}
	s.mu.Unlock()
	return nil
}

// restOutcome reads the meaning of a REST answer.
func restOutcome(r *response) outcome {
	code := gjson.GetBytes(r.body, "errors.0.extensions.code").String()
	detail := fmt.Sprintf("%d %s", r.status, code)
	switch {
	case r.status/100 == 2:
		return outcome{kind: allowed, rows: rows(gjson.GetBytes(r.body, "data")), detail: detail}
	case r.status == http.StatusUnauthorized:
		return outcome{kind: unauthenticated, detail: detail}
	case r.status == http.StatusForbidden:
		return outcome{kind: denied, detail: detail}
	case r.status == http.StatusNotFound:
		return outcome{kind: notFound, detail: detail}
	case r.status == http.StatusBadRequest:
		return outcome{kind: invalid, detail: detail}
	}
	return outcome{kind: serverError, detail: detail}
}

// graphqlOutcome reads the meaning of a GraphQL answer for field. The
// mapping is the one documented for Directus: a collection or field absent
// from the caller's schema (400 GRAPHQL_VALIDATION "Cannot query field")
// means denied, as does a FORBIDDEN error or a null row.
func graphqlOutcome(r *response, field string) outcome {
	code := gjson.GetBytes(r.body, "errors.0.extensions.code").String()
	detail := fmt.Sprintf("%d %s", r.status, code)
	switch {
	case r.status == http.StatusUnauthorized:
		return outcome{kind: unauthenticated, detail: detail}
	case r.status == http.StatusBadRequest && code == "GRAPHQL_VALIDATION":
		msg := gjson.GetBytes(r.body, "errors.0.extensions.errors.0.message").String()
		detail += ": " + msg
		if strings.HasPrefix(msg, "Cannot query field") {
			return outcome{kind: denied, detail: detail}
		}
		return outcome{kind: invalid, detail: detail}
	case r.status == http.StatusBadRequest:
		return outcome{kind: invalid, detail: detail}
	case r.status != http.StatusOK:
		return outcome{kind: serverError, detail: detail}
	}
	switch code {
	case "":
	case "FORBIDDEN":
		return outcome{kind: denied, detail: detail}
	case "INVALID_CREDENTIALS", "TOKEN_EXPIRED", "INVALID_TOKEN":
		return outcome{kind: unauthenticated, detail: detail}
	case "INVALID_PAYLOAD", "INVALID_QUERY", "FAILED_VALIDATION", "RECORD_NOT_UNIQUE":
		return outcome{kind: invalid, detail: detail}
	default:
		msg := gjson.GetBytes(r.body, "errors.0.message").String()
		return outcome{kind: serverError, detail: detail + ": " + msg}
	}
	data := gjson.GetBytes(r.body, "data."+gjson.Escape(field))
	if !data.Exists() || data.Type == gjson.Null {
		return outcome{kind: denied, detail: detail + " with a null " + field}
	}
	return outcome{kind: allowed, rows: rows(data), detail: detail}
}

// rows renders a data member as sorted "field=value" rows.
func rows(data gjson.Result) []string {
	var list []gjson.Result
	switch {
	case data.IsArray():
		list = data.Array()
	case data.IsObject():
		list = []gjson.Result{data}
	default:
		return nil
	}
	out := make([]string, 0, len(list))
	for _, row := range list {
		var cells []string
		row.ForEach(func(k, v gjson.Result) bool {
			cells = append(cells, k.String()+"="+v.String())
			return true
		})
		sort.Strings(cells)
		out = append(out, strings.Join(cells, ","))
	}
	sort.Strings(out)
	return out
}

func (s *scenario) lastParity() (*parity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.parity == nil {
		return nil, setup(fmt.Errorf("a parity assertion ran before a question was asked both ways"))
	}
	return s.parity, nil
}

// agree checks that both answers mean want and, for reads, returned the
// same rows.
func (s *scenario) agree(want, rule string) error {
	p, err := s.lastParity()
	if err != nil {
		return err
	}
	sameRows := p.mutation || strings.Join(p.rest.rows, "\n") == strings.Join(p.gql.rows, "\n")
	if p.rest.kind == want && p.gql.kind == want && sameRows {
		return nil
	}
	msg := fmt.Sprintf("to %s: REST says %s, GraphQL says %s; want both %s", p.question,
		p.rest, p.gql, want)
	if rule != "" {
		msg += " (" + rule + ")"
	}
	return fmt.Errorf("%s", s.run.redact.String(msg))
}

// bothReturn checks the values of one field across the rows both ways.
func (s *scenario) bothReturn(list, field string) error {
	p, err := s.lastParity()
	if err != nil {
		return err
	}
	want := splitList(list)
	sort.Strings(want)
	for _, side := range []struct {
		name string
		o    outcome
	}{{"REST", p.rest}, {"GraphQL", p.gql}} {
		var got []string
		for _, row := range side.o.rows {
			for _, cell := range strings.Split(row, ",") {
				if k, v, _ := strings.Cut(cell, "="); k == field {
					got = append(got, v)
				}
			}
		}
		sort.Strings(got)
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			return fmt.Errorf("%s returned %s = [%s]; want [%s]", side.name, field,
				strings.Join(got, ", "), strings.Join(want, ", "))
		}
	}
	return nil
}
