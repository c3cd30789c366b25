package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// badge is the shields.io endpoint format; see https://shields.io/badges/endpoint-badge.
type badge struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
}

// WriteBadge writes r as a shields.io endpoint badge. Its message counts the
// checks that passed out of those that ran to a verdict (passed, failed,
// errored or hit a known defect) and names the server version; checks that
// were skipped or do not apply are left out. The badge is bright green when
// nothing failed or errored, red when a check failed, orange when checks
// only errored, and light grey when no check ran at all.
func WriteBadge(w io.Writer, r *Results) error {
	sum := r.Summary
	ran := sum.Passed + sum.Failed + sum.Error + sum.KnownDefect
	b := badge{
		SchemaVersion: 1,
		Label:         "directus conformance",
		Message:       strconv.Itoa(sum.Passed) + "/" + strconv.Itoa(ran) + " passed",
	}
	if r.Target.Version != "" {
		b.Message += " · " + r.Target.Version
	}
	switch {
	case sum.Failed > 0:
		b.Color = "red"
	case sum.Error > 0:
		b.Color = "orange"
	case ran == 0:
		b.Color = "lightgrey"
	default:
		b.Color = "brightgreen"
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("write badge: %w", err)
	}
	return nil
}
