package features

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// Demand is what a check's setup leaves on a server while the check is
// set up but not yet asserted: the collections and active flows it makes.
// An in-place upgrade keeps every check's setup at once, and Directus 12's
// Core licence limits both on the whole server.
type Demand struct {
	Collections int
	ActiveFlows int
}

var (
	makesCollection = regexp.MustCompile(`^a collection "`)
	makesActiveFlow = regexp.MustCompile(`^an? active \w+ flow "`)
)

// Demands returns the demand of each check of fsys, by check id, counted
// from the Given steps of its scenario and background.
func Demands(fsys fs.FS) (map[string]Demand, error) {
	files, err := featureFiles(fsys)
	if err != nil {
		return nil, fmt.Errorf("count demands: %w", err)
	}
	out := map[string]Demand{}
	for _, file := range files {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("count demands: %w", err)
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(b), ids.NewId)
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrMalformed, parseError(file, err))
		}
		for _, p := range gherkin.Pickles(*doc, file, ids.NewId) {
			var d Demand
			for _, st := range p.Steps {
				if st.Type != messages.PickleStepType_CONTEXT {
					continue
				}
				if makesCollection.MatchString(st.Text) {
					d.Collections++
				}
				if makesActiveFlow.MatchString(st.Text) {
					d.ActiveFlows++
				}
			}
			for _, t := range p.Tags {
				if id, ok := strings.CutPrefix(t.Name, "@check:"); ok {
					out[id] = d
				}
			}
		}
	}
	return out, nil
}
