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

# test-faults runs the single-server fault run, the three-node JetStream
# cluster run (TestCluster), replays past the duplicate window, a sink
# stopped for FAULTS_SINK_STOP (5m) under a full-speed replay, and a full
# stream.
# FAULTS_TESTS names the fault tier (a regexp for go test -run and -skip):
# `make test-faults` runs these tests of the module's top package, and
# `make test` runs every other test of the module. A new fault test is
# named ...Faults (TestStoryFaults) or added here.
FAULTS_TESTS := Faults$$|TestCluster|TestReplayNextDay|TestBackpressure|TestStreamFull|TestPermissions
.PHONY: test-faults
test-faults: deps ## kill, restart, partition and starve the pipeline (one server, then a 3-node cluster) under 5,000 articles and hostile input; check nothing is lost or doubled
	$(FAULTS_GO) test -count=1 -timeout 45m -v -run '$(FAULTS_TESTS)' .

.PHONY: bench-chain
bench-chain: ## pkg/bus overhead: three-hop chain, bus vs bare nats.go, 8 KiB messages
	@out=$$(mktemp); trap 'rm -f $$out' EXIT; \
	(cd pkg && nice $(GO) test -run '^$$' -bench 'BenchmarkChain' -benchtime 10000x -count 3 ./bus) >$$out 2>&1; st=$$?; cat $$out; \
	awk '/^BenchmarkChain\/(bare|bus)/ { for (i = 2; i < NF; i++) if ($$(i+1) == "msgs/s") { k = ($$1 ~ /bare/) ? "bare" : "bus"; v[k, ++n[k]] = $$i } } \
	  function med(k,  i, j, t) { for (i = 1; i <= n[k]; i++) for (j = i + 1; j <= n[k]; j++) if (v[k, j] < v[k, i]) { t = v[k, i]; v[k, i] = v[k, j]; v[k, j] = t } return v[k, int((n[k] + 1) / 2)] } \
	  END { if (n["bare"] && n["bus"]) printf "pkg/bus msgs/s / bare nats.go msgs/s: %.2f (medians of %d runs: %.0f / %.0f)\n", med("bus") / med("bare"), n["bus"], med("bus"), med("bare") }' $$out; \
	exit $$st

# bench-peers runs the peers runnable here on the same input in the same
# run and prints ratios: the normalizer against Python's readability-lxml
# on the trafilatura-eval cache pages (CPU time, one core, process start
# included; PEERS_ROUNDS=5), then pkg/bus against a bare nats.go chain.
APT_PACKAGES += python3-readability

.PHONY: bench-peers
bench-peers: deps ## the normalizer vs readability-lxml and pkg/bus vs bare nats.go, same input, same run, as ratios
	@test -d "$(NEWSWIRE_CORPORA)/extraction/trafilatura-eval/cache" || { echo "trafilatura-eval pages not found under $(NEWSWIRE_CORPORA): set NEWSWIRE_CORPORA" >&2; exit 1; }
	$(FAULTS_GO) run ./cmd/benchpeers
	$(MAKE) bench-chain

# bench-pipeline replays the news-sample WARC repeated to BENCH_N articles
# (10,000) through every service, NATS and PostgreSQL, with 1 and then 2
# normalizers and taggers (BENCH_LAYOUTS=1x1,2x2; 1x1/3 runs on a three-node
# JetStream cluster with R3 streams); BENCH_N=500 is a quick run.
BENCH_N       ?= 10000
BENCH_LAYOUTS ?= 1x1,2x2

.PHONY: bench-pipeline
bench-pipeline: deps ## whole pipeline: articles/s, publish-to-sink latency, peak memory and CPU per article per stage, scaling (BENCH_N=10000)
	@test -f "$(NEWSWIRE_CORPORA)/warc/news-sample/news-sample.warc.gz" || { echo "news-sample WARC not found under $(NEWSWIRE_CORPORA): set NEWSWIRE_CORPORA" >&2; exit 1; }
	cd $(FAULTS_DIR) && BENCH_N=$(BENCH_N) BENCH_LAYOUTS=$(BENCH_LAYOUTS) GOWORK=off nice $(GO) run ./cmd/benchpipeline

# fuzz runs every Fuzz target of the workspace for FUZZTIME each, one at a
# time (go test -fuzz takes one target per package), found by grepping the
# test files, and lists each as it goes.
# A target that starts PostgreSQL (postgrestest.Start) does so in every fuzz
# worker before the first input, and go test counts that start-up against
# -fuzztime: at 10s its workers sometimes were not ready in time and the run
# failed with "context deadline exceeded" and no input. Such targets run with
# one worker for FUZZSERVERTIME.
# Go 1.26's fuzz coordinator can also report "context deadline exceeded" at
# the very end of -fuzztime on a loaded machine, with no failing input
# (golang/go#75804, a race between the -fuzztime context and its child,
# fixed in Go 1.27; seen in CI on FuzzAppendJSON at 10.09 s, and on
# FuzzCollapse twice in a row). A target that fails so, writing no input
# under testdata/fuzz, runs again, up to FUZZTRIES runs; if every run ends
# in that race, its corpus (seeds and testdata) is replayed without -fuzz
# and the replay decides, with a line that says so. A real finding always
# writes its input first, so a target that writes a failing input fails at
# once.
# The go-dateparser fork keeps upstream's go.mod out of go.work: its
# targets run in its own module (GOWORK=off, go -C).
FUZZSERVERTIME ?= 30s
FUZZTRIES ?= 3
.PHONY: fuzz
fuzz: ## run every Fuzz target for a bounded time (FUZZTIME=10s each)
	@targets=$$(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' pkg services cmd $(FAULTS_DIR) 2>/dev/null | sort); \
	n=0; failed=""; \
	for f in $$targets; do \
		dir=$$(dirname $$f); \
		gowork=; mod=.; pkg=./$$dir; \
		case "$$dir/" in $(DATEPARSER_DIR)/*) gowork=off; mod=$(DATEPARSER_DIR); pkg=.$${dir#$(DATEPARSER_DIR)};; esac; \
		for fn in $$(grep -oE '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
			t=$(FUZZTIME); par=""; \
			if grep -q 'postgrestest.Start(' $$f; then t=$(FUZZSERVERTIME); par="-parallel 1"; fi; \
			n=$$((n+1)); echo "fuzz $$n: ./$$dir $$fn ($$t)"; \
			try=0; \
			while :; do \
				try=$$((try+1)); \
				before=$$(find $$dir/testdata/fuzz/$$fn -type f 2>/dev/null | wc -l || true); \
				rc=0; out=$$(GOWORK=$$gowork $(GO) -C $$mod test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $$t $$par -fuzzminimizetime $(FUZZMINTIME) $$pkg 2>&1) || rc=$$?; \
				echo "$$out"; \
				[ $$rc -eq 0 ] && break; \
				after=$$(find $$dir/testdata/fuzz/$$fn -type f 2>/dev/null | wc -l || true); \
				if [ "$$after" -ne "$$before" ] || ! echo "$$out" | grep -q 'context deadline exceeded'; then \
					failed="$$failed $$dir:$$fn"; break; \
				fi; \
				if [ $$try -lt $(FUZZTRIES) ]; then \
					echo "fuzz $$n: $$fn stopped with 'context deadline exceeded' and no failing input (golang/go#75804): run $$((try+1)) of $(FUZZTRIES)"; \
					continue; \
				fi; \
				echo "fuzz $$n: $$fn ended $(FUZZTRIES) runs in golang/go#75804's race, no failing input: its corpus replayed decides"; \
				GOWORK=$$gowork $(GO) -C $$mod test -count=1 -run "^$$fn\$$" $$pkg || failed="$$failed $$dir:$$fn"; \
				break; \
			done; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz failures:$$failed"; exit 1; fi; \
	echo "fuzz: $$n targets passed"
