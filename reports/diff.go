package reports

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

// Change says how one check moved between two runs.
type Change string

// The ways a check can change between a run A and a later run B.
const (
	// Regressed: the documented behaviour held in A and does not in B.
	Regressed Change = "regressed"
	// Fixed: the behaviour did not hold in A and holds in B.
	Fixed Change = "fixed"
	// NewlyNotApplicable: the check applied to A's server but not to B's.
	NewlyNotApplicable Change = "newly_not_applicable"
	// NewlyApplicable: the check did not apply to A's server but does to B's.
	NewlyApplicable Change = "newly_applicable"
	// Added: the check is only in B.
	Added Change = "new"
	// Removed: the check is only in A.
	Removed Change = "removed"
	// Unchanged: the same status in both runs.
	Unchanged Change = "unchanged"
	// Other: any other change of status, such as a harness error in one run.
	Other Change = "changed"
)

// Delta is one check compared across two runs.
type Delta struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Change Change    `json:"change"`
	From   Status    `json:"from,omitempty"`
	To     Status    `json:"to,omitempty"`
	A      *Scenario `json:"-"`
	B      *Scenario `json:"-"`
}

// Diff is the comparison of two runs.
type Diff struct {
	A, B   Target
	Deltas []Delta
}

// Count returns how many checks changed in the given way.
func (d *Diff) Count(c Change) int {
	n := 0
	for _, x := range d.Deltas {
		if x.Change == c {
			n++
		}
	}
	return n
}

// holds reports whether a status means the documented behaviour held.
func holds(s Status) bool { return s == Passed }

// broken reports whether a status means the server broke the behaviour.
func broken(s Status) bool { return s == Failed || s == KnownDefect }

// Compare compares every check of a with the same check of b.
func Compare(a, b *Results) *Diff {
	d := &Diff{A: a.Target, B: b.Target}
	inA := map[string]*Scenario{}
	for _, s := range a.Scenarios {
		inA[s.ID] = s
	}
	seen := map[string]bool{}
	for _, sb := range b.Scenarios {
		seen[sb.ID] = true
		sa, ok := inA[sb.ID]
		if !ok {
			d.Deltas = append(d.Deltas, Delta{ID: sb.ID, Name: sb.Name, Change: Added, To: sb.Status, B: sb})
			continue
		}
		d.Deltas = append(d.Deltas, Delta{
			ID: sb.ID, Name: sb.Name, Change: classify(sa.Status, sb.Status),
			From: sa.Status, To: sb.Status, A: sa, B: sb,
		})
	}
	for _, sa := range a.Scenarios {
		if !seen[sa.ID] {
			d.Deltas = append(d.Deltas, Delta{ID: sa.ID, Name: sa.Name, Change: Removed, From: sa.Status, A: sa})
		}
	}
	sort.SliceStable(d.Deltas, func(i, j int) bool {
		ri, rj := changeRank[d.Deltas[i].Change], changeRank[d.Deltas[j].Change]
		if ri != rj {
			return ri < rj
		}
		return d.Deltas[i].ID < d.Deltas[j].ID
	})
	return d
}

var changeRank = map[Change]int{
	Regressed: 0, Fixed: 1, NewlyNotApplicable: 2, NewlyApplicable: 3, Other: 4,
	Added: 5, Removed: 6, Unchanged: 7,
}

func classify(a, b Status) Change {
	switch {
	case a == b:
		return Unchanged
	case holds(a) && broken(b), holds(a) && b == Error:
		return Regressed
	case (broken(a) || a == Error) && holds(b):
		return Fixed
	case b == NotApplicable && a != Skipped:
		return NewlyNotApplicable
	case a == NotApplicable && b != Skipped:
		return NewlyApplicable
	}
	return Other
}

// WriteDiffMarkdown renders d as Markdown: a count of each change, then a
// table of every check that changed, with the first line of the later
// run's message for regressions and checks that stopped applying.
func WriteDiffMarkdown(w io.Writer, d *Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Conformance changes: %s %s → %s %s\n\n", d.A.Kind, d.A.Version, d.B.Kind, d.B.Version)
	b.WriteString("| change | checks |\n| --- | ---: |\n")
	for _, c := range []Change{Regressed, Fixed, NewlyNotApplicable, NewlyApplicable, Other,
		Added, Removed, Unchanged} {
		fmt.Fprintf(&b, "| %s | %d |\n", c, d.Count(c))
	}
	b.WriteString("\n| check | change | before | after | detail |\n| --- | --- | --- | --- | --- |\n")
	for _, x := range d.Deltas {
		if x.Change == Unchanged {
			continue
		}
		detail := ""
		if (x.Change == Regressed || x.Change == NewlyNotApplicable) && x.B != nil {
			detail = firstLine(x.B.Message)
		}
		fmt.Fprintf(&b, "| %s %s | %s | %s | %s | %s |\n", x.ID, cell(x.Name), x.Change,
			x.From, x.To, cell(detail))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

var diffPage = template.Must(template.New("diff").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance changes</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328}
table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
.regressed{background:#ffebe9}.fixed{background:#dafbe1}
pre{white-space:pre-wrap;max-width:40rem;margin:0}
</style></head><body>
<h1>Conformance changes: {{.A.Kind}} {{.A.Version}} → {{.B.Kind}} {{.B.Version}}</h1>
<table><tr><th>check</th><th>change</th><th>before</th><th>after</th></tr>
{{range .Deltas}}{{if ne .Change "unchanged"}}
<tr class="{{.Change}}"><td>{{.ID}} {{.Name}}</td><td>{{.Change}}</td>
<td>{{.From}}</td><td>{{.To}}</td></tr>
{{if eq .Change "regressed"}}<tr class="regressed"><td colspan="4"><table>
<tr><th>before</th><th>after</th></tr>
<tr><td><pre>{{if .A}}{{.A.Message}}{{end}}</pre></td>
<td><pre>{{if .B}}{{.B.Message}}{{end}}</pre></td></tr></table></td></tr>{{end}}
{{end}}{{end}}</table></body></html>
`))

// WriteDiffHTML renders d as one self-contained HTML page, with each
// regression's messages from both runs side by side.
func WriteDiffHTML(w io.Writer, d *Diff) error {
	if err := diffPage.Execute(w, d); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}
