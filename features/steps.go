package features

import (
	"io/fs"
	"strings"

	messages "github.com/cucumber/messages/go/v34"
)

// Step is one step as written in a feature file.
type Step struct {
	// Keyword is the step's keyword as written, e.g. "And".
	Keyword string
	// Kind is what the step does, its And or But resolved to the step
	// before it: "Context" (Given), "Action" (When) or "Outcome" (Then).
	Kind    string
	Text    string
	Feature string
	Line    int
}

// Steps returns every step of fsys's feature files, backgrounds included,
// in file and line order.
func Steps(fsys fs.FS) ([]Step, error) {
	docs, err := parse(fsys, "read steps")
	if err != nil {
		return nil, err
	}
	var out []Step
	for _, d := range docs {
		file := d.file
		for _, steps := range stepLists(d.doc.Feature.Children) {
			kind := string(messages.StepKeywordType_CONTEXT)
			for _, st := range steps {
				switch st.KeywordType {
				case messages.StepKeywordType_CONTEXT, messages.StepKeywordType_ACTION,
					messages.StepKeywordType_OUTCOME:
					kind = string(st.KeywordType)
				}
				out = append(out, Step{
					Keyword: strings.TrimSpace(st.Keyword), Kind: kind, Text: st.Text,
					Feature: file, Line: int(st.Location.Line),
				})
			}
		}
	}
	return out, nil
}

// stepLists returns the step lists of a feature's or a rule's children:
// each background and each scenario.
func stepLists(children []*messages.FeatureChild) [][]*messages.Step {
	var out [][]*messages.Step
	for _, c := range children {
		switch {
		case c.Background != nil:
			out = append(out, c.Background.Steps)
		case c.Scenario != nil:
			out = append(out, c.Scenario.Steps)
		case c.Rule != nil:
			for _, rc := range c.Rule.Children {
				switch {
				case rc.Background != nil:
					out = append(out, rc.Background.Steps)
				case rc.Scenario != nil:
					out = append(out, rc.Scenario.Steps)
				}
			}
		}
	}
	return out
}
