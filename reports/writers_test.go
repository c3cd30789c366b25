package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// rawSecrets are credentials richSample's evidence held before the
// recorder's Redactor masked them; no report may contain any of them.
var rawSecrets = []string{
	"static-token-8f2c91d4",
	"hunter2-Correct-Horse",
	"eyJhbGciOiJIUzI1NiJ9",
	"rt-5b0e7c3a9d",
	"sessid-77aa01",
}

// richSample extends sample with everything a report can show: harness and
// target details, configuration, timing, documentation tags, headers and
// bodies redacted the way the recorder redacts them, a transport error, a
// server log, a known defect, and text that needs escaping.
func richSample() *Results {
	var red Redactor
	red.Add("static-token-8f2c91d4")

	r := sample()
	r.Harness = Harness{Version: "v0.4.0", Commit: "ba3f412"}
	r.Target.URL = "http://127.0.0.1:8055"
	r.Target.Database = "sqlite3"
	r.Config = []Setting{{Name: "target", Value: "local"}, {Name: "admin_token", Value: Mask}}
	r.Timing = Timing{EnvironmentMS: 21_400, ScenariosMS: 38_600}
	r.Scenarios[0].Tags = []string{"@check:ACC-001", "@doc:guides/auth/access-control"}
	r.Scenarios[1].Tags = []string{"@check:ACC-002", "@doc:reference/items"}
	r.Scenarios[3].ServerLog = "[12:00:01] ERROR: insert into directus_roles failed\n" +
		"[12:00:01] WARN: request took 2 s"
	r.Scenarios = append(r.Scenarios,
		&Scenario{
			ID: "AUTH-004", Name: "A refresh | rotates the token", Feature: "auth/login.feature",
			Tags:   []string{"@check:AUTH-004", "@doc:reference/authentication"},
			Status: Failed, DurationMS: 1_250,
			Message: "body.data.refresh_token = <nil>; want a new token | not the old one\n" +
				"POST /auth/refresh answered 200",
			Steps: []Step{
				{Text: `I log in as "editor"`, Status: "passed"},
				{Text: `I refresh the session`, Status: "passed"},
				{Text: `the refresh token has changed`, Status: "failed",
					Error: "body.data.refresh_token = <nil>"},
				{Text: `the old refresh token is refused`, Status: "skipped"},
			},
			Evidence: []*Exchange{
				{
					Phase: "setup", Method: "POST", Path: "/auth/login",
					Request: map[string]string{
						"Content-Type": red.Header("Content-Type", "application/json"),
					},
					Body: red.String(
						`{"email":"editor@example.com","password":"hunter2-Correct-Horse"}`),
					Status: 200,
					Response: map[string]string{
						"Content-Type": red.Header("Content-Type", "application/json"),
						"Set-Cookie":   red.Header("Set-Cookie", "directus_session=sessid-77aa01"),
					},
					Reply: red.String(`{"data":{"access_token":"eyJhbGciOiJIUzI1NiJ9.e30.x",` +
						`"refresh_token":"rt-5b0e7c3a9d","expires":900000}}`),
					DurationMS: 41,
				},
				{
					Phase: "check", Method: "POST",
					Path: red.URL("/auth/refresh?mode=json&access_token=eyJhbGciOiJIUzI1NiJ9.e30.y"),
					Request: map[string]string{
						"Authorization": red.Header("Authorization", "Bearer static-token-8f2c91d4"),
					},
					Status:     200,
					Reply:      `{"data":{"expires":900000}}`,
					DurationMS: 18,
				},
				{
					Phase: "cleanup", Method: "DELETE", Path: "/users/9",
					Err: "dial tcp 127.0.0.1:8055: connect: connection refused", DurationMS: 1,
				},
			},
			ServerLog: "[12:00:03] WARN: refresh token reused",
		},
		&Scenario{
			ID: "PAR-009", Name: "GraphQL refuses a mutation outside the schema",
			Feature: "parity/rest-graphql.feature",
			Tags: []string{"@check:PAR-009", "@doc:guides/auth/access-control",
				"@known-defect:graphql-mutation-without-schema"},
			Status: KnownDefect, DurationMS: 95,
			Message: "errors[0].extensions.code = INTERNAL_SERVER_ERROR; want FORBIDDEN",
		},
	)
	r.Findings = []Finding{{Operation: "POST /auth/refresh", Status: 200,
		Problem: "response body lacks refresh_token", Count: 2, Checks: []string{"AUTH-004"}}}
	r.Tally()
	return r
}

func TestWritersGolden(t *testing.T) {
	tests := []struct {
		file    string
		write   func(io.Writer, *Results) error
		results *Results
	}{
		{"summary.md", WriteMarkdown, richSample()},
		{"report.html", WriteHTML, richSample()},
		{"report-plain.html", WriteHTML, sample()},
		{"badge.json", WriteBadge, sample()},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, tt.results); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

func TestWriteMarkdownEscapesCells(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, richSample()); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.Contains(line, "AUTH-004") {
			continue
		}
		// An unescaped pipe would start a new column.
		if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 5 {
			t.Errorf("row %q has %d column separators; want 5", line, n)
		}
		if strings.Contains(line, "<nil>") {
			t.Errorf("row %q keeps <nil> unescaped; GitHub would drop it as a tag", line)
		}
		return
	}
	t.Fatalf("no row for AUTH-004 in:\n%s", buf.String())
}

func TestWriteBadge(t *testing.T) {
	tests := []struct {
		name        string
		sum         Summary
		version     string
		wantMessage string
		wantColor   string
	}{
		{"all passed", Summary{Passed: 28, Skipped: 3}, "11.17.4",
			"28/28 passed · 11.17.4", "brightgreen"},
		{"one failed", Summary{Passed: 27, Failed: 1}, "11.17.4",
			"27/28 passed · 11.17.4", "red"},
		{"failed and errored", Summary{Passed: 26, Failed: 1, Error: 1}, "11.17.4",
			"26/28 passed · 11.17.4", "red"},
		{"only errors", Summary{Passed: 27, Error: 1}, "11.17.4",
			"27/28 passed · 11.17.4", "orange"},
		{"known defects count as not passed", Summary{Passed: 27, KnownDefect: 1}, "11.17.4",
			"27/28 passed · 11.17.4", "brightgreen"},
		{"nothing ran", Summary{Skipped: 4, NotApplicable: 1}, "11.17.4",
			"0/0 passed · 11.17.4", "lightgrey"},
		{"no version", Summary{Passed: 2}, "", "2/2 passed", "brightgreen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := &Results{Summary: tt.sum, Target: Target{Version: tt.version}}
			if err := WriteBadge(&buf, r); err != nil {
				t.Fatal(err)
			}
			var got badge
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("badge does not parse: %v\n%s", err, buf.Bytes())
			}
			want := badge{SchemaVersion: 1, Label: "directus conformance",
				Message: tt.wantMessage, Color: tt.wantColor}
			if got != want {
				t.Errorf("badge = %+v; want %+v", got, want)
			}
		})
	}
}

func TestWriteHTMLLedger(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, richSample()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	tests := []struct {
		page, check, verdict string
	}{
		{"guides/auth/access-control", "ACC-001", "holds"},
		{"reference/items", "ACC-002", "does not hold on this version"},
		{"reference/authentication", "AUTH-004", "does not hold on this version"},
		{"guides/auth/access-control", "PAR-009",
			"does not hold on this version (known defect)"},
	}
	for _, tt := range tests {
		row := regexp.MustCompile(`<tr[^>]*>\s*<td><a href="` +
			regexp.QuoteMeta(DocsBase+tt.page) + `">[^<]*</a></td>\s*<td><a href="#check-` +
			tt.check + `">` + tt.check + `</a>[^<]*</td>\s*<td class="verdict">` +
			regexp.QuoteMeta(tt.verdict) + `</td>\s*</tr>`)
		if !row.MatchString(page) {
			t.Errorf("ledger has no row linking %s to %s with verdict %q", tt.check, tt.page, tt.verdict)
		}
	}
	if n := strings.Count(page, `<td class="verdict">`); n != len(tests) {
		t.Errorf("ledger has %d rows; want %d (one per @doc tag)", n, len(tests))
	}
}

func TestWriteHTMLIsSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, richSample()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, banned := range []string{"<link", " src=", "url(", "@import", "<iframe", "<img"} {
		if strings.Contains(page, banned) {
			t.Errorf("report.html contains %q; it must load nothing from elsewhere", banned)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "#") && !strings.HasPrefix(m[1], DocsBase) {
			t.Errorf("report.html links to %q; want only anchors and documentation pages", m[1])
		}
	}
}

func TestWriteHTMLEscapesScript(t *testing.T) {
	const attack = `<script>alert("pwned")</script>`
	tests := []struct {
		name  string
		plant func(r *Results)
	}{
		{"response body", func(r *Results) { r.Scenarios[1].Evidence[0].Reply = attack }},
		{"request body", func(r *Results) { r.Scenarios[1].Evidence[0].Body = attack }},
		{"response header", func(r *Results) {
			r.Scenarios[1].Evidence[0].Response = map[string]string{"X-Note": attack}
		}},
		{"path", func(r *Results) { r.Scenarios[1].Evidence[0].Path = "/items/" + attack }},
		{"message", func(r *Results) { r.Scenarios[1].Message = attack }},
		{"step", func(r *Results) { r.Scenarios[1].Steps[0].Error = attack }},
		{"server log", func(r *Results) { r.Scenarios[1].ServerLog = attack }},
		{"scenario name", func(r *Results) { r.Scenarios[0].Name = attack }},
		{"area", func(r *Results) { r.Scenarios[0].Feature = attack + "/x.feature" }},
		{"doc page", func(r *Results) {
			r.Scenarios[0].Tags = []string{`@doc:x"><script>alert("pwned")</script>`}
		}},
		{"target version", func(r *Results) { r.Target.Version = attack }},
		{"problem", func(r *Results) { r.Problem = attack }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample()
			tt.plant(r)
			var buf bytes.Buffer
			if err := WriteHTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			if strings.Contains(page, `alert("pwned")`) || strings.Contains(page, "<script>alert") {
				t.Errorf("report.html carries the planted script unescaped")
			}
			if n := strings.Count(page, "<script"); n != 1 {
				t.Errorf("report.html has %d script elements; want only its own", n)
			}
			if !strings.Contains(page, "alert(") {
				t.Errorf("report.html dropped the planted text; want it shown, escaped")
			}
		})
	}
}

// TestReportsHoldNoSecrets checks that no report reintroduces a credential
// the results do not hold: the evidence was redacted as the recorder
// redacts it, so every secret must stay masked in every file WriteDir
// writes.
func TestReportsHoldNoSecrets(t *testing.T) {
	r := richSample()
	var raw bytes.Buffer
	if err := json.NewEncoder(&raw).Encode(r); err != nil {
		t.Fatal(err)
	}
	for _, secret := range rawSecrets {
		if strings.Contains(raw.String(), secret) {
			t.Fatalf("the sample itself holds %q; the test needs results without it", secret)
		}
	}

	names := make([]string, 0, len(Files))
	for name := range Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Files[name](&buf, r); err != nil {
				t.Fatal(err)
			}
			for _, secret := range rawSecrets {
				if strings.Contains(buf.String(), secret) {
					t.Errorf("%s contains the secret %q", name, secret)
				}
			}
		})
	}
	// The reports that show evidence must show it masked, not leave it out.
	for _, name := range []string{"results.json", "report.html"} {
		var buf bytes.Buffer
		if err := Files[name](&buf, r); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(buf.String(), Mask); n < 5 {
			t.Errorf("%s shows %s %d times; want at least 5 (the masked evidence)", name, Mask, n)
		}
	}
}
