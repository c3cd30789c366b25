package steps

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/directus-conformance/harness/reports"
)

// maxEvidenceBody is how much of a body an exchange keeps.
const maxEvidenceBody = 4 << 10

type phaseKey struct{}

// PhaseHeader names the request header that tells whether a request sets
// up a check ("setup"), is the check ("check") or cleans up ("cleanup").
const PhaseHeader = "X-Conformance-Phase"

// withPhase marks the requests made under ctx as setup, check or cleanup.
func withPhase(ctx context.Context, phase string) context.Context {
	return context.WithValue(ctx, phaseKey{}, phase)
}

// recorder is an http.RoundTripper that keeps every exchange of one
// scenario, redacted as it is recorded, so that nothing secret is held.
type recorder struct {
	next   http.RoundTripper
	redact *reports.Redactor
	// observe, when set, sees every answer to a check-phase request.
	observe func(req *http.Request, status int, header http.Header, body []byte)

	mu        sync.Mutex
	exchanges []*reports.Exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	phase, _ := req.Context().Value(phaseKey{}).(string)
	if phase != "" {
		// Servers ignore it; the self-test's fault-injecting proxy uses it
		// to leave the harness's own setup and cleanup alone.
		req.Header.Set(PhaseHeader, phase)
	}
	ex := &reports.Exchange{
		Phase:   phase,
		Method:  req.Method,
		Path:    r.redact.URL(req.URL.RequestURI()),
		Request: r.headers(req.Header),
		Body:    r.body(reqBody),
	}
	start := time.Now()
	resp, err := r.next.RoundTrip(req)
	ex.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		ex.Err = r.redact.String(err.Error())
		r.add(ex)
		return nil, err
	}
	reply, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(reply))
	if r.observe != nil && phase == "check" {
		r.observe(req, resp.StatusCode, resp.Header, reply)
	}
	ex.Status = resp.StatusCode
	ex.Response = r.headers(resp.Header)
	ex.Reply = r.body(reply)
	if rerr != nil {
		ex.Err = r.redact.String(rerr.Error())
	}
	r.add(ex)
	return resp, rerr
}

func (r *recorder) add(ex *reports.Exchange) {
	r.mu.Lock()
	r.exchanges = append(r.exchanges, ex)
	r.mu.Unlock()
}

// Exchanges returns what was recorded so far.
func (r *recorder) Exchanges() []*reports.Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*reports.Exchange(nil), r.exchanges...)
}

func (r *recorder) headers(h http.Header) map[string]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			v = r.redact.Header(k, v)
			if prev, ok := out[k]; ok {
				v = prev + ", " + v
			}
			out[k] = v
		}
	}
	return out
}

func (r *recorder) body(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if !utf8.Valid(b) {
		return "(" + strconv.Itoa(len(b)) + " bytes of binary data)"
	}
	s := r.redact.String(string(b))
	if len(s) > maxEvidenceBody {
		s = s[:maxEvidenceBody] + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return s
}
