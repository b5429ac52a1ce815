# faults.mk: the fault and load harness (test/faults, issue 8) and the
# bounded fuzz run. Included by the top-level Makefile (include mk/*.mk).
#
# test/faults is a module of its own; until go.work lists it, its targets
# run with GOWORK=off (its go.mod replaces the pkg module with ../../pkg,
# and it builds the services itself through go.work).

FAULTS_DIR   := test/faults
FAULTS_GO    := cd $(FAULTS_DIR) && GOWORK=off nice $(GO)
FUZZTIME     ?= 10s
FUZZMINTIME  ?= 2s

# The fault run needs PostgreSQL's server binaries (initdb, postgres).
APT_PACKAGES += postgresql

.PHONY: test-faults
test-faults: deps ## kill, restart and starve the pipeline under 5,000 articles and hostile input; check nothing is lost or doubled
	$(FAULTS_GO) test -count=1 -timeout 20m -v -run 'TestFaults|TestPermissions' .

.PHONY: bench-chain
bench-chain: ## pkg/bus overhead: three-hop chain, bus vs bare nats.go, 8 KiB messages
	cd pkg && nice $(GO) test -run '^$$' -bench 'BenchmarkChain' -benchtime 10000x -count 3 ./bus

# fuzz runs every Fuzz target of the workspace for FUZZTIME each, one at a
# time (go test -fuzz takes one target per package), found by grepping the
# test files, and lists each as it goes.
.PHONY: fuzz
fuzz: ## run every Fuzz target for a bounded time (FUZZTIME=10s each)
	@targets=$$(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' pkg services cmd $(FAULTS_DIR) 2>/dev/null | sort); \
	n=0; failed=""; \
	for f in $$targets; do \
		dir=$$(dirname $$f); \
		for fn in $$(grep -oE '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
			n=$$((n+1)); echo "fuzz $$n: ./$$dir $$fn ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) ./$$dir \
				|| failed="$$failed $$dir:$$fn"; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz failures:$$failed"; exit 1; fi; \
	echo "fuzz: $$n targets passed"
