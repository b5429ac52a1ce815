# story.mk: the story stage's benchmarks (issue 14). Included by the
# top-level Makefile (include mk/*.mk). BENCHMARKS.md has the figures.

# bench-story: signature and lookup per core (in-memory state, the
# >= 3,000 articles/s target), then the same with the state in a JetStream
# bucket of an in-process server (client and server in one process, so
# -cpuprofile shows both sides).
.PHONY: bench-story
bench-story: ## the story stage: BenchmarkAssign per core (target >= 3,000 articles/s) and BenchmarkAssignKV (state in a JetStream bucket)
	GOMAXPROCS=1 $(GO) test -run '^$$' -bench 'BenchmarkAssign$$' -benchtime 8000x -count 3 ./services/story/internal/cluster
	$(GO) test -run '^$$' -bench 'BenchmarkAssignKV$$' -benchtime 3000x -count 3 ./services/story

# bench-story-window: STORY_WINDOW_N articles (1,000,000), all in one
# 72-hour window, through the story stage's state (the JetStream bucket and
# the 64 MiB cache) with the bucket on a NATS server process of its own
# (test/faults' natsd, file storage in a throwaway directory), so the
# benchmark's peak RSS is the stage's alone; the server's is printed after.
STORY_WINDOW_N ?= 1000000
# Words per paragraph of the six-paragraph synthetic articles.
STORY_WINDOW_WORDS ?= 20
.PHONY: bench-story-window
bench-story-window: ## a STORY_WINDOW_N-article window (1,000,000) through the story stage's state: time, and peak RSS of the stage and of the NATS server
	@tmp=$$(mktemp -d); trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; rm -rf $$tmp' EXIT; \
	(cd test/faults && GOWORK=off $(GO) build -o $$tmp/natsd ./cmd/natsd) || exit 1; \
	port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	$$tmp/natsd -port $$port -store $$tmp/store 2> $$tmp/natsd.log & pid=$$!; \
	for i in $$(seq 100); do grep -q 'nats ready' $$tmp/natsd.log && break; sleep 0.1; done; \
	echo "NATS server pid $$pid on port $$port, store $$tmp/store; load: $$(cut -d' ' -f1-3 /proc/loadavg)"; \
	STORY_WINDOW_N=$(STORY_WINDOW_N) STORY_WINDOW_WORDS=$(STORY_WINDOW_WORDS) STORY_WINDOW_NATS_URL=nats://127.0.0.1:$$port \
		$(GO) test -run '^$$' -bench 'BenchmarkWindow$$' -benchtime 1x -timeout 0 ./services/story || exit 1; \
	echo "NATS server: peak RSS $$(awk '/VmHWM/ {printf "%.0f MB", $$2/1024}' /proc/$$pid/status), store $$(du -sh $$tmp/store | cut -f1); load: $$(cut -d' ' -f1-3 /proc/loadavg)"
