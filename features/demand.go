package features

import (
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
	docs, err := parse(fsys, "count demands")
	if err != nil {
		return nil, err
	}
	out := map[string]Demand{}
	for _, doc := range docs {
		for _, p := range gherkin.Pickles(*doc.doc, doc.file, doc.ids.NewId) {
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
