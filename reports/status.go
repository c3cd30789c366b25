package reports

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// statuses lists every status in the order reports show them.
var statuses = []Status{Passed, Failed, Error, KnownDefect, NotApplicable, Skipped}

// label returns how reports name status s to a reader.
func label(s Status) string {
	return strings.ReplaceAll(string(s), "_", " ")
}

// symbol returns a one-character mark for status s.
func symbol(s Status) string {
	switch s {
	case Passed:
		return "✓"
	case Failed:
		return "✗"
	case Error:
		return "!"
	case KnownDefect:
		return "≈"
	case NotApplicable:
		return "–"
	case Skipped:
		return "»"
	}
	return "?"
}

// count returns how many scenarios of sum ended in status s.
func (sum Summary) count(s Status) int {
	switch s {
	case Passed:
		return sum.Passed
	case Failed:
		return sum.Failed
	case Error:
		return sum.Error
	case KnownDefect:
		return sum.KnownDefect
	case NotApplicable:
		return sum.NotApplicable
	case Skipped:
		return sum.Skipped
	}
	return 0
}

// area returns the area a scenario belongs to: the folder of its feature
// file, or the file's name when it sits at the top of the features tree.
func area(s *Scenario) string {
	if dir := path.Dir(s.Feature); dir != "." {
		return dir
	}
	return strings.TrimSuffix(s.Feature, ".feature")
}

// byArea groups scenarios by area, areas sorted by name and scenarios kept
// in run order within each.
func byArea(scenarios []*Scenario) (names []string, groups map[string][]*Scenario) {
	groups = map[string][]*Scenario{}
	for _, s := range scenarios {
		a := area(s)
		if _, ok := groups[a]; !ok {
			names = append(names, a)
		}
		groups[a] = append(groups[a], s)
	}
	sort.Strings(names)
	return names, groups
}

// docPages returns the documentation pages a scenario cites in its
// "@doc:<page>" tags.
func docPages(s *Scenario) []string {
	var pages []string
	for _, t := range s.Tags {
		if page, ok := strings.CutPrefix(t, "@doc:"); ok && page != "" {
			pages = append(pages, page)
		}
	}
	return pages
}

// duration renders milliseconds for a reader: "340 ms", "2.5 s", "3 m 05 s".
func duration(ms int64) string {
	switch {
	case ms < 1000:
		return fmt.Sprintf("%d ms", ms)
	case ms < 60_000:
		return fmt.Sprintf("%.1f s", float64(ms)/1000)
	}
	s := ms / 1000
	return fmt.Sprintf("%d m %02d s", s/60, s%60)
}
