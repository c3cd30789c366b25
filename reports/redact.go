package reports

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Mask replaces every secret in a report.
const Mask = "[REDACTED]"

// secretHeaders are headers whose whole value is a credential.
var secretHeaders = map[string]bool{
	"authorization": true,
	"cookie":        true,
	"set-cookie":    true,
}

// secretKeys are JSON keys and query parameters whose value is a credential.
var secretKeys = []string{
	"access_token", "refresh_token", "token", "password", "secret",
	"admin_token", "admin_password",
}

var secretKeyValue = regexp.MustCompile(
	`("(?:` + strings.Join(secretKeys, "|") + `)"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// jwt matches a JSON Web Token, or the start of one, wherever it stands:
// Directus's access tokens are JWTs, and one quoted under an unusual name
// or cut short by someone else's truncation is masked all the same.
var jwt = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}`)

// Redactor removes credentials from text bound for a report or a log.
// It knows three kinds of secret: values registered with Add, which are
// masked wherever they appear, values that sit under a well-known name
// (an Authorization header, a "password" key, an access_token parameter),
// and anything shaped like a JSON Web Token.
// A Redactor is safe for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// Add registers secrets to be masked wherever they appear. Values shorter
// than four characters are ignored: masking them would garble the text.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) >= 4 {
			r.secrets = append(r.secrets, s)
		}
	}
	// Longest first, so that a secret containing another is masked whole.
	sort.Slice(r.secrets, func(i, j int) bool {
		return len(r.secrets[i]) > len(r.secrets[j])
	})
}

// String returns s with every known secret masked.
func (r *Redactor) String(s string) string {
	r.mu.RLock()
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, Mask)
	}
	r.mu.RUnlock()
	s = secretKeyValue.ReplaceAllString(s, `${1}"`+Mask+`"`)
	return jwt.ReplaceAllString(s, Mask)
}

// Header returns the value of header name, masked whole when the header
// carries credentials.
func (r *Redactor) Header(name, value string) string {
	if secretHeaders[strings.ToLower(name)] {
		return Mask
	}
	return r.String(value)
}

// URL returns a request target with credential parameters masked.
func (r *Redactor) URL(target string) string {
	path, query, ok := strings.Cut(target, "?")
	if !ok {
		return r.String(target)
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return r.String(target)
	}
	for key := range values {
		for _, k := range secretKeys {
			if strings.EqualFold(key, k) {
				values[key] = []string{Mask}
			}
		}
	}
	return r.String(path + "?" + values.Encode())
}
