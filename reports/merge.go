package reports

import (
	"fmt"
	"time"
)

// Merge joins the results of shards of one run: for each check, the
// result of the shard that ran it. Every part must come from the same
// target and version, and each check may run in one part only.
func Merge(parts ...*Results) (*Results, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("merge: no results")
	}
	out := &Results{Harness: parts[0].Harness, Target: parts[0].Target, Config: parts[0].Config}
	byID := map[string]*Scenario{}
	var order []string
	for i, p := range parts {
		if p.Target.Kind != out.Target.Kind || p.Target.Version != out.Target.Version {
			return nil, fmt.Errorf("merge: part %d ran on %s %s, part 1 on %s %s", i+1,
				p.Target.Kind, p.Target.Version, out.Target.Kind, out.Target.Version)
		}
		if out.Started.IsZero() || p.Started.Before(out.Started) {
			out.Started = p.Started
		}
		if p.Finished.After(out.Finished) {
			out.Finished = p.Finished
		}
		out.Timing.EnvironmentMS += p.Timing.EnvironmentMS
		out.Timing.ScenariosMS += p.Timing.ScenariosMS
		out.Findings = append(out.Findings, p.Findings...)
		out.Stale = append(out.Stale, p.Stale...)
		if p.Problem != "" {
			out.Problem += p.Problem + "\n"
		}
		for _, s := range p.Scenarios {
			prev, seen := byID[s.ID]
			switch {
			case !seen:
				order = append(order, s.ID)
				byID[s.ID] = s
			case prev.Status == Skipped:
				byID[s.ID] = s
			case s.Status != Skipped:
				return nil, fmt.Errorf("merge: check %s ran in more than one part", s.ID)
			}
		}
	}
	for _, id := range order {
		out.Scenarios = append(out.Scenarios, byID[id])
	}
	if out.Finished.IsZero() {
		out.Finished = time.Now().UTC()
	}
	out.Tally()
	return out, nil
}
