# The two commands the README promises:
#   make conformance   run the suite against the default target
#   make test          run the harness's tests, the conformance run included
GO            ?= go
DIRECTUS_VERSION ?= 11.17.4
OUT           ?= out

.PHONY: conformance test test-short vet bench

conformance:
	$(GO) run ./cmd/conformance run --directus-version $(DIRECTUS_VERSION) --out $(OUT)

# The first run installs Directus from npm (a few minutes); later runs
# reuse the cache, hence the generous timeout.
test:
	CONFORMANCE_OUT=$(abspath $(OUT)/test) $(GO) test -timeout 45m ./...

test-short:
	$(GO) test -short ./...

vet:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...
