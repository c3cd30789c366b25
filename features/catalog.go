// Package features holds the Gherkin scenarios of the conformance suite and
// reads them into a catalog of checks.
//
// Every scenario carries tags:
//
//	@check:ACC-001     its stable check id (required, unique)
//	@doc:<page>        the documentation page that states the behaviour
//	@since:11.0        the first Directus version it applies to
//	@until:12.0        the first version it no longer applies to
//	@known-defect:<n>  the server is known to break it (issue or note)
package features

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// FS holds the suite's feature files.
//
//go:embed */*.feature
var FS embed.FS

// Check is one scenario of the suite.
type Check struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Feature string   `json:"feature"`
	Line    int      `json:"line"`
	Tags    []string `json:"tags"`
	Doc     string   `json:"doc,omitempty"`
	Since   string   `json:"since,omitempty"`
	Until   string   `json:"until,omitempty"`
}

// ErrMalformed reports a feature file that cannot be read as Gherkin or
// breaks the suite's tagging rules.
var ErrMalformed = errors.New("malformed feature file")

// document is one parsed feature file, with the id generator its pickles
// must be made with.
type document struct {
	file string
	doc  *messages.GherkinDocument
	ids  *messages.Incrementing
}

// parse reads and parses every .feature file of fsys, in path order, and
// leaves out files without a Feature. A file that is not Gherkin is
// ErrMalformed, named with its line; op starts any other error.
func parse(fsys fs.FS, op string) ([]document, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".feature") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	sort.Strings(files)
	var out []document
	for _, file := range files {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(b), ids.NewId)
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrMalformed, parseError(file, err))
		}
		if doc.Feature != nil {
			out = append(out, document{file: file, doc: doc, ids: ids})
		}
	}
	return out, nil
}

// Load reads every .feature file of fsys into checks, in file order.
func Load(fsys fs.FS) ([]Check, error) {
	docs, err := parse(fsys, "load features")
	if err != nil {
		return nil, err
	}
	var checks []Check
	seen := map[string]string{}
	for _, d := range docs {
		doc, file := d.doc, d.file
		for _, child := range doc.Feature.Children {
			sc := child.Scenario
			if sc == nil {
				continue
			}
			c := Check{Title: sc.Name, Feature: file, Line: int(sc.Location.Line)}
			for _, t := range append(doc.Feature.Tags, sc.Tags...) {
				c.Tags = append(c.Tags, t.Name)
				key, value, _ := strings.Cut(strings.TrimPrefix(t.Name, "@"), ":")
				switch key {
				case "check":
					c.ID = value
				case "doc":
					c.Doc = value
				case "since":
					c.Since = value
				case "until":
					c.Until = value
				}
			}
			where := fmt.Sprintf("%s:%d", file, c.Line)
			if c.ID == "" {
				return nil, fmt.Errorf("%w: %s: scenario %q has no @check: tag", ErrMalformed, where, c.Title)
			}
			if prev, dup := seen[c.ID]; dup {
				return nil, fmt.Errorf("%w: %s: check id %s is also used at %s", ErrMalformed, where, c.ID, prev)
			}
			seen[c.ID] = where
			checks = append(checks, c)
		}
	}
	return checks, nil
}

// gherkinPosition is the "(line:column): " that starts each of the
// Gherkin parser's messages.
var gherkinPosition = regexp.MustCompile(`^\((\d+):(\d+)\): `)

// parseError turns the Gherkin parser's error, one message per line after
// a heading, into one line that starts with file:line:column, as editors
// and CI annotations expect.
func parseError(file string, err error) string {
	var msgs []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if m := gherkinPosition.FindStringSubmatch(l); m != nil {
			msgs = append(msgs, fmt.Sprintf("%s:%s:%s: %s", file, m[1], m[2], l[len(m[0]):]))
		}
	}
	switch len(msgs) {
	case 0:
		return fmt.Sprintf("%s: %s", file, strings.Join(strings.Fields(err.Error()), " "))
	case 1:
		return msgs[0]
	default:
		return fmt.Sprintf("%s (and %d more errors)", msgs[0], len(msgs)-1)
	}
}

// AppliesTo reports whether the check applies to a server of version, and
// if not, why.
func (c Check) AppliesTo(version string) (bool, string) {
	if c.Since != "" && Compare(version, c.Since) < 0 {
		return false, fmt.Sprintf("applies from Directus %s; the server is %s", c.Since, version)
	}
	if c.Until != "" && Compare(version, c.Until) >= 0 {
		return false, fmt.Sprintf("applies before Directus %s; the server is %s", c.Until, version)
	}
	return true, ""
}

// Compare orders two dotted version numbers; missing parts count as 0 and
// a pre-release suffix ("-rc.1") is ignored.
func Compare(a, b string) int {
	pa, pb := parts(a), parts(b)
	for i := 0; i < 3; i++ {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func parts(v string) [3]int {
	var out [3]int
	v, _, _ = strings.Cut(strings.TrimPrefix(v, "v"), "-")
	for i, p := range strings.SplitN(v, ".", 3) {
		out[i], _ = strconv.Atoi(p)
	}
	return out
}

// Area returns the folder of a feature file, e.g. "access".
func (c Check) Area() string {
	return path.Dir(c.Feature)
}

// Assertions returns the text of every step of fsys's scenarios that
// checks an outcome (a Then, or an And or But after one), once each.
func Assertions(fsys fs.FS) ([]string, error) {
	docs, err := parse(fsys, "list assertions")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, pickle := range gherkin.Pickles(*d.doc, d.file, d.ids.NewId) {
			for _, st := range pickle.Steps {
				if st.Type == messages.PickleStepType_OUTCOME && !seen[st.Text] {
					seen[st.Text] = true
					out = append(out, st.Text)
				}
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
