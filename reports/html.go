package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"
)

// DocsBase is the address the documentation pages named in "@doc:" tags
// are relative to.
const DocsBase = "https://directus.io/docs/"

//go:embed report.html.tmpl
var reportTemplate string

var reportHTML = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"ms": duration,
}).Parse(reportTemplate))

// htmlReport is what the report template renders.
type htmlReport struct {
	*Results
	Title                   string
	Started, Finished       string
	StartedISO, FinishedISO string
	Wall                    string
	Totals                  []htmlCount
	Areas                   []string
	Checks                  []htmlCheck
	Ledger                  []htmlClaim
}

// htmlCount is one status's total.
type htmlCount struct {
	Status Status
	Label  string
	N      int
}

// htmlCheck is one scenario as the report shows it.
type htmlCheck struct {
	*Scenario
	Anchor, Area, Label, Symbol, Duration string
	// Open unfolds the scenario when the page loads.
	Open bool
}

// htmlClaim is one row of the ledger of documented claims: a documentation
// page, a check that tests what it says, and whether that holds.
type htmlClaim struct {
	Page, URL string
	ID, Name  string
	Anchor    string
	Status    Status
	Verdict   string
}

// WriteHTML writes r as one self-contained HTML page: a header describing
// the run, the totals, filters by status and area, every scenario with its
// steps and evidence, and a ledger of the documented claims the checks
// test. The page loads nothing from elsewhere; its only outside links are
// to the documentation pages the ledger cites.
func WriteHTML(w io.Writer, r *Results) error {
	rep := htmlReport{
		Results:  r,
		Title:    "Directus conformance: " + strings.TrimSpace(r.Target.Kind+" "+r.Target.Version),
		Started:  clock(r.Started),
		Finished: clock(r.Finished),
	}
	if !r.Started.IsZero() {
		rep.StartedISO = r.Started.Format(time.RFC3339)
	}
	if !r.Finished.IsZero() {
		rep.FinishedISO = r.Finished.Format(time.RFC3339)
	}
	if !r.Started.IsZero() && r.Finished.After(r.Started) {
		rep.Wall = duration(r.Finished.Sub(r.Started).Milliseconds())
	}
	for _, s := range statuses {
		rep.Totals = append(rep.Totals, htmlCount{Status: s, Label: label(s), N: r.Summary.count(s)})
	}
	rep.Areas, _ = byArea(r.Scenarios)
	for i, s := range r.Scenarios {
		if s == nil {
			continue
		}
		c := htmlCheck{
			Scenario: s,
			Anchor:   "check-" + s.ID,
			Area:     area(s),
			Label:    label(s.Status),
			Symbol:   symbol(s.Status),
			Duration: duration(s.DurationMS),
			Open:     s.Status == Failed || s.Status == Error || s.Status == KnownDefect,
		}
		if s.ID == "" {
			c.Anchor = fmt.Sprintf("check-%d", i+1)
		}
		rep.Checks = append(rep.Checks, c)
		for _, page := range docPages(s) {
			rep.Ledger = append(rep.Ledger, htmlClaim{
				Page: page, URL: DocsBase + strings.TrimPrefix(page, "/"),
				ID: s.ID, Name: s.Name, Anchor: c.Anchor,
				Status: s.Status, Verdict: verdict(s.Status),
			})
		}
	}
	sort.SliceStable(rep.Ledger, func(i, j int) bool {
		return rep.Ledger[i].Page < rep.Ledger[j].Page
	})
	if err := reportHTML.Execute(w, rep); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return nil
}

// verdict says whether a documented claim holds, judged by the status of
// the check that tests it.
func verdict(s Status) string {
	switch s {
	case Passed:
		return "holds"
	case Failed:
		return "does not hold on this version"
	case KnownDefect:
		return "does not hold on this version (known defect)"
	}
	return label(s)
}

// clock renders t for a reader in UTC, or "—" when t is unset.
func clock(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
