package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// markdownMarks are the coloured marks GitHub renders beside each status.
var markdownMarks = map[Status]string{
	Passed:        "✅",
	Failed:        "❌",
	Error:         "⚠️",
	KnownDefect:   "🐞",
	NotApplicable: "➖",
	Skipped:       "⏭️",
}

// WriteMarkdown writes r as GitHub-flavoured Markdown fit for a GitHub
// Actions job summary: a title naming the target, a table of totals, and
// one table per area listing each check with its status and, for a check
// that failed, errored or hit a known defect, the first line of its message.
func WriteMarkdown(w io.Writer, r *Results) error {
	b := bufio.NewWriter(w)
	title := "Directus conformance: " + strings.TrimSpace(r.Target.Kind+" "+r.Target.Version)
	if r.Target.Database != "" {
		title += " on " + r.Target.Database
	}
	fmt.Fprintf(b, "# %s\n\n", mdText(title))
	if r.Problem != "" {
		fmt.Fprintf(b, "> **The run ended early:** %s\n\n", mdText(firstLine(r.Problem)))
	}

	for _, s := range statuses {
		fmt.Fprintf(b, "| %s %s ", markdownMarks[s], label(s))
	}
	b.WriteString("|\n")
	b.WriteString(strings.Repeat("| ---: ", len(statuses)) + "|\n")
	for _, s := range statuses {
		fmt.Fprintf(b, "| %d ", r.Summary.count(s))
	}
	b.WriteString("|\n")

	names, groups := byArea(r.Scenarios)
	for _, name := range names {
		fmt.Fprintf(b, "\n## %s\n\n", mdText(name))
		b.WriteString("| Check | Title | Status | Message |\n| --- | --- | --- | --- |\n")
		for _, s := range groups[name] {
			var msg string
			if s.Status == Failed || s.Status == Error || s.Status == KnownDefect {
				msg = mdCell(firstLine(s.Message))
			}
			fmt.Fprintf(b, "| %s | %s | %s %s | %s |\n",
				mdCell(s.ID), mdCell(s.Name), markdownMarks[s.Status], label(s.Status), msg)
		}
	}

	var harness []string
	if r.Harness.Version != "" {
		harness = append(harness, "harness "+r.Harness.Version)
	}
	if r.Harness.Commit != "" {
		harness = append(harness, "commit "+r.Harness.Commit)
	}
	if !r.Started.IsZero() {
		harness = append(harness, "started "+r.Started.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if len(harness) > 0 {
		fmt.Fprintf(b, "\n<sub>%s</sub>\n", mdText(strings.Join(harness, " · ")))
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

// mdReplacer keeps text from being read as Markdown table syntax or HTML.
var mdReplacer = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "", "\n", " ")

// mdText returns s safe to place in Markdown outside a table.
func mdText(s string) string { return mdReplacer.Replace(s) }

// mdCell returns s safe to place in a Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}
