package reports

import (
	"strings"
	"testing"
)

func TestRedactorMasksSecrets(t *testing.T) {
	var r Redactor
	r.Add("static-token-1234", "pw-hunter2", "ab")
	tests := []struct {
		name, in, want string
	}{
		{"registered secret", "token is static-token-1234.", "token is [REDACTED]."},
		{"json password key", `{"email":"a@b.c","password":"x y"}`, `{"email":"a@b.c","password":"[REDACTED]"}`},
		{"json refresh token", `{"refresh_token": "eyJ.abc"}`, `{"refresh_token": "[REDACTED]"}`},
		{"escaped quote in value", `{"access_token":"a\"b"}`, `{"access_token":"[REDACTED]"}`},
		{"short values are left alone", "ab cd", "ab cd"},
		{"a jwt under any name", `{"session":"eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2ln"}`,
			`{"session":"[REDACTED]"}`},
		{"a jwt cut short", `"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJpZCI6…`,
			`"access_token":"[REDACTED]…`},
		{"other keys are left alone", `{"title":"pw"}`, `{"title":"pw"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactorHeadersAndURLs(t *testing.T) {
	var r Redactor
	for _, h := range []string{"Authorization", "cookie", "Set-Cookie"} {
		if got := r.Header(h, "Bearer abc"); got != Mask {
			t.Errorf("Header(%q) = %q; want %q", h, got, Mask)
		}
	}
	if got := r.Header("Content-Type", "application/json"); got != "application/json" {
		t.Errorf("Header(Content-Type) = %q; want it unchanged", got)
	}
	got := r.URL("/items/a?fields=*&access_token=s3cr3t-value")
	if strings.Contains(got, "s3cr3t") || !strings.Contains(got, "fields=") {
		t.Errorf("URL() = %q; want access_token masked and fields kept", got)
	}
}

func TestRedactorLongestSecretFirst(t *testing.T) {
	var r Redactor
	r.Add("abcd", "abcdefgh")
	if got := r.String("abcdefgh"); got != Mask {
		t.Errorf("String = %q; want the longer secret masked whole", got)
	}
}
