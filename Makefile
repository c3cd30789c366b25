# The two commands the README promises:
#   make conformance   run the suite against the default target
#   make test          run the harness's tests, the conformance run included
GO            ?= go
DIRECTUS_VERSION ?= 11.17.4
OUT           ?= out
# Images `make images` builds without a registry, and the names the docker
# target is given for them (a Directus image without a tag gets the version).
IMAGE_VERSIONS ?= $(DIRECTUS_VERSION)
LOCAL_DIRECTUS_IMAGE ?= conformance/directus
LOCAL_POSTGRES_IMAGE ?= conformance/postgres:15

# The harness's commit, recorded in every report; go run and go test do
# not stamp it themselves.
COMMIT        ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell \
	git diff --quiet HEAD 2>/dev/null || echo -dirty)
LDFLAGS       := -ldflags "-X github.com/directus-conformance/harness/steps.Commit=$(COMMIT)"

.PHONY: conformance conformance-docker images test test-short vet bench

conformance:
	$(GO) run $(LDFLAGS) ./cmd/conformance run --directus-version $(DIRECTUS_VERSION) --out $(OUT)

# Builds conformance/debian-base:bookworm, conformance/postgres:15 and
# conformance/directus:<version> for each of IMAGE_VERSIONS, from Debian's
# packages and the local target's npm install; no registry is needed.
images:
	bash fixtures/images/build.sh $(IMAGE_VERSIONS)

# The suite on the docker target with the images `make images` built.
# Ryuk's image is not among them, so it is off; the harness removes its
# containers, network and volume itself.
conformance-docker:
	TESTCONTAINERS_RYUK_DISABLED=true $(GO) run $(LDFLAGS) ./cmd/conformance run --target docker \
		--directus-version $(DIRECTUS_VERSION) --directus-image $(LOCAL_DIRECTUS_IMAGE) \
		--postgres-image $(LOCAL_POSTGRES_IMAGE) --out $(OUT)/docker

# The first run installs Directus from npm (a few minutes); later runs
# reuse the cache, hence the generous timeout.
test:
	CONFORMANCE_OUT=$(abspath $(OUT)/test) $(GO) test $(LDFLAGS) -timeout 45m ./...

test-short:
	$(GO) test -short ./...

vet:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...
