package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"github.com/directus-conformance/harness/fixtures/admin"
)

// grantee names who a grant is for: the public or a role made earlier.
const grantee = `(the public|role "[^"]+")`

func (s *scenario) registerAccess(sc *godog.ScenarioContext) {
	s.step(sc, `^a collection "([^"]+)" with fields "([^"]*)"$`, s.createCollection)
	s.step(sc, `^"([^"]+)" has items:$`, s.createItems)
	s.step(sc, `^a role "([^"]+)" with no permissions$`, s.createRole)
	s.step(sc, `^a user "([^"]+)" in role "([^"]+)" with a static token$`, s.createUser)
	s.step(sc, `^`+grantee+` may (read|create|update|delete) "([^"]+)"$`, s.grantAll)
	s.step(sc, `^`+grantee+` may read "([^"]+)" where "([^"]+)" is "([^"]*)"$`, s.grantWhere)
	s.step(sc, `^`+grantee+` may read only the fields "([^"]*)" of "([^"]+)"$`, s.grantFields)
}

// createCollection makes a collection whose fields are given as
// "title, status" (strings) or "title, views:integer".
func (s *scenario) createCollection(ctx context.Context, alias, list string) error {
	fields := parseFields(list)
	name, err := s.session.CreateCollection(withPhase(ctx, "setup"), alias, fields)
	if err != nil {
		return s.restricted(err)
	}
	s.mu.Lock()
	s.collections[alias] = name
	s.mu.Unlock()
	return nil
}

// createItems adds the table's rows to a collection; each row's first
// cell is its label for {collection#label} placeholders.
func (s *scenario) createItems(ctx context.Context, alias string, table *godog.Table) error {
	name, err := s.collection(alias)
	if err != nil {
		return err
	}
	if len(table.Rows) < 2 {
		return setup(fmt.Errorf("the items table of %q has no rows", alias))
	}
	head := table.Rows[0].Cells
	var items []map[string]any
	for _, row := range table.Rows[1:] {
		item := map[string]any{}
		for i, cell := range row.Cells {
			item[head[i].Value] = cell.Value
		}
		items = append(items, item)
	}
	ids, err := s.session.CreateItems(withPhase(ctx, "setup"), name, items)
	if err != nil {
		return s.restricted(err)
	}
	if len(ids) != len(items) {
		return setup(fmt.Errorf("created %d items in %q, the server returned %d", len(items), alias, len(ids)))
	}
	s.mu.Lock()
	for i, row := range table.Rows[1:] {
		s.items[alias+"#"+row.Cells[0].Value] = ids[i]
	}
	s.mu.Unlock()
	return nil
}

func (s *scenario) createRole(ctx context.Context, alias string) error {
	_, err := s.session.CreateRole(withPhase(ctx, "setup"), alias)
	return s.restricted(err)
}

func (s *scenario) createUser(ctx context.Context, alias, roleAlias string) error {
	role, ok := s.session.Role(roleAlias)
	if !ok {
		return setup(fmt.Errorf("no role %q was made in this scenario", roleAlias))
	}
	u := &user{
		email:    s.session.Email(alias),
		password: randomHex(12),
		token:    randomHex(20),
	}
	s.run.redact.Add(u.password, u.token)
	id, err := s.session.CreateUser(withPhase(ctx, "setup"), u.email, u.password, u.token, role)
	if err != nil {
		return s.restricted(err)
	}
	u.id = id
	s.mu.Lock()
	s.users[alias] = u
	s.mu.Unlock()
	return nil
}

func (s *scenario) grant(ctx context.Context, who string, g admin.Grant) error {
	name, err := s.collection(g.Collection)
	if err != nil {
		return err
	}
	g.Collection = name
	ctx = withPhase(ctx, "setup")
	if s.run.opts.Phase == PhaseSetup && who == "the public" && strings.HasPrefix(name, "directus_") {
		// Kept across an upgrade, such a grant would change what every
		// other carried check sees.
		return s.notApplicableBecause("grants the public access to " + name +
			", which every other check shares; it cannot be kept across an upgrade")
	}
	if who == "the public" {
		err = s.session.GrantPublic(ctx, g)
	} else {
		alias := quoted.FindStringSubmatch(who)[1]
		role, ok := s.session.Role(alias)
		if !ok {
			return setup(fmt.Errorf("no role %q was made in this scenario", alias))
		}
		err = s.session.GrantRole(ctx, role, g)
	}
	if err != nil {
		return s.restricted(err)
	}
	return nil
}

func (s *scenario) grantAll(ctx context.Context, who, action, coll string) error {
	return s.grant(ctx, who, admin.Grant{Collection: coll, Action: action})
}

func (s *scenario) grantWhere(ctx context.Context, who, coll, field, value string) error {
	return s.grant(ctx, who, admin.Grant{
		Collection: coll,
		Action:     "read",
		Filter:     map[string]any{field: map[string]any{"_eq": value}},
	})
}

func (s *scenario) grantFields(ctx context.Context, who, list, coll string) error {
	var fields []string
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f != "" {
			fields = append(fields, f)
		}
	}
	return s.grant(ctx, who, admin.Grant{Collection: coll, Action: "read", Fields: fields})
}
