# newswire: the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
BIN       := bin
SERVICES  := fetcher normalizer tagger story sink search notify
# The public suites, beside the project; override with NEWSWIRE_CORPORA=...
NEWSWIRE_CORPORA ?= $(abspath ../shared/corpora)
export NEWSWIRE_CORPORA

# Fragments: deploy (images, kube-apiserver, test-deploy), faults (test-faults,
# fuzz, pipeline benchmarks), monitoring (promtool), search (chromium).
include mk/*.mk

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: build
build: ## build the services and the newswire CLI into bin/
	@mkdir -p $(BIN)
	@for s in $(SERVICES); do $(GO) build -o $(BIN)/$$s ./services/$$s; done
	$(GO) build -o $(BIN)/newswire ./cmd/newswire

.PHONY: run
run: build ## run the whole pipeline locally until Ctrl-C (embedded NATS, file sink, sample articles, example watch list)
	@mkdir -p data; [ -e data/watchlist.yaml ] || cp docs/watchlist.example.yaml data/watchlist.yaml
	TAGGER_ENTITIES_FILE="$${TAGGER_ENTITIES_FILE-data/watchlist.yaml}" $(BIN)/newswire run -bin $(BIN) -data data -samples samples

# Debian packages the tests need: PostgreSQL's server for the sink's tests
# (fragments in mk/ add theirs). scripts/apt-install is the build's one apt
# helper: it installs what is missing and does nothing otherwise.
APT_PACKAGES += postgresql
.PHONY: deps
deps: ## install the Debian packages the tests need (when missing)
	@./scripts/apt-install $(sort $(APT_PACKAGES))

.PHONY: top
top: build ## a live terminal view of the pipeline started by make run
	$(BIN)/newswire top

# The modules outside go.work (deploy, test/faults, tools, and the
# normalizer's go-dateparser fork) are vetted and tested with GOWORK=off. The
# fork keeps upstream's go.mod (go 1.20, its code generator's requirements),
# so it stays out of go.work; its whole suite runs without the race detector
# (about 25 CPU s; with it, about 240), and with it the tests of what the fork
# changed (locale and timezone tables built lazily, by goroutines at once).
# Code tested with -race is vetted with -race: vet then compiles the
# dependencies as the tests do, once (on an empty build
# cache, go test -race after go vet -race compiled 24 packages for
# pkg/article's test, after a plain go vet 128). Two tiers run elsewhere, named once each:
# DEPLOY_TESTS (mk/deploy.mk: kube-apiserver dry run, images) under
# `make test-deploy`, FAULTS_TESTS (mk/faults.mk: the fault run) under
# `make test-faults`; every other test of every module runs here.
DATEPARSER_DIR := services/normalizer/third_party/go-dateparser
.PHONY: test
test: deps ## vet, then every Go test of every module (race detector; real NATS, PostgreSQL, Prometheus, chromium); not the deploy or fault tiers
	$(GO) vet -race work
	cd deploy && GOWORK=off $(GO) vet ./...
	cd $(FAULTS_DIR) && GOWORK=off $(GO) vet -race ./...
	cd tools && GOWORK=off $(GO) vet ./...
	cd $(DATEPARSER_DIR) && GOWORK=off $(GO) vet -race ./...
	@./scripts/gotest -race -count=1 -timeout 30m work
	@cd $(DATEPARSER_DIR) && GOWORK=off $(CURDIR)/scripts/gotest -count=1 -timeout 20m ./...
	@cd $(DATEPARSER_DIR) && GOWORK=off $(CURDIR)/scripts/gotest -race -count=1 -timeout 20m -run '^(TestLocaleDates|TestLocaleData|TestPopTzOffset.*)$$' . ./internal/data ./internal/timezone
	@cd deploy && GOWORK=off ../scripts/gotest -count=1 -timeout 20m -skip '$(DEPLOY_TESTS)' ./...
	@cd $(FAULTS_DIR) && GOWORK=off ../../scripts/gotest -race -count=1 -timeout 30m -skip '$(FAULTS_TESTS)' ./...
	@echo "make test: done; the deploy tier ($(DEPLOY_TESTS)) runs under make test-deploy, the fault tier under make test-faults"

# Per-core throughput targets are measured with GOMAXPROCS=1; the stores,
# the replay publisher and the bus chain with the whole machine.
BENCH_PER_CORE := ./services/tagger/internal/tag ./services/tagger/internal/money \
	./services/tagger/internal/figure ./services/tagger/internal/ner \
	./services/normalizer/internal/normalize ./services/normalizer/internal/extract \
	./services/fetcher/internal/warc ./services/story/internal/cluster \
	./services/story/internal/syndication
BENCH_SYSTEM := ./services/sink/internal/jsonl ./services/sink/internal/postgres \
	./services/fetcher/internal/replay
.PHONY: bench
bench: deps ## run the benchmarks; BENCHMARKS.md has the figures and how they were taken
	GOMAXPROCS=1 $(GO) test -run '^$$' -bench . -benchmem $(BENCH_PER_CORE)
	$(GO) test -run '^$$' -bench . -benchmem $(BENCH_SYSTEM)
	$(MAKE) bench-chain
	$(MAKE) bench-pipeline

# The eval-tagged tests: the same measurements as Go tests (per-case
# detail with -v), run here because they need the corpora.
EVAL_TEST_PKGS := ./services/tagger/internal/eval ./services/normalizer/internal/eval

.PHONY: eval
eval: ## measure quality against the public suites in $NEWSWIRE_CORPORA; fails when any row is below its target
	@test -d "$(NEWSWIRE_CORPORA)" || { echo "corpora not found at $(NEWSWIRE_CORPORA): set NEWSWIRE_CORPORA" >&2; exit 1; }
	@rc=0; \
	echo '$(GO) run ./services/tagger eval'; $(GO) run ./services/tagger eval -corpora "$(NEWSWIRE_CORPORA)" || rc=1; \
	echo '$(GO) run ./services/normalizer eval'; $(GO) run ./services/normalizer eval -corpora "$(NEWSWIRE_CORPORA)" || rc=1; \
	echo 'story eval (its syndication suite is built from the news-sample pages as the normalizer extracts them)'; \
	tmp=$$(mktemp -d); \
	{ $(GO) build -o $$tmp/ ./services/story ./services/normalizer && \
	  $$tmp/story eval -bodies -corpora "$(NEWSWIRE_CORPORA)" > $$tmp/bodies.jsonl && \
	  $$tmp/normalizer normalize -jsonl < $$tmp/bodies.jsonl > $$tmp/texts.jsonl && \
	  $$tmp/story eval -corpora "$(NEWSWIRE_CORPORA)" -texts $$tmp/texts.jsonl; } || rc=1; \
	rm -rf $$tmp; \
	echo '$(GO) test -tags eval $(EVAL_TEST_PKGS)'; $(GO) test -count=1 -tags eval $(EVAL_TEST_PKGS) || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make eval: failed: a row below its target (BELOW) or an error, above" >&2; fi; \
	exit $$rc

.PHONY: model
model: ## retrain the tagger's entity model from the shipped training data (reproducible: same bytes)
	cd services/tagger && $(GO) run ./tools/trainner -data data -out internal/ner/model

.PHONY: fmt
fmt: ## format the code
	gofmt -w $$(git ls-files '*.go')

.PHONY: clean
clean: ## remove built binaries (not data/)
	rm -rf $(BIN)
