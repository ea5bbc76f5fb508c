# srs-swift: `make run` builds ./objs/srs and runs it in the foreground; `make test` runs every test.
SWIFT ?= swift
CONF ?= conf/docker.conf
RELEASE_FLAGS ?= -c release --static-swift-stdlib
APT_PACKAGES = ffmpeg rtmpdump openssl curl gcc util-linux iproute2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# One command (so it composes with || and &&): apt-get update, then install the arguments.
APT_INSTALL = sh -c '$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq "$$@"' apt

.PHONY: all build build-deps run test unit integration test-tsan fuzz-smoke test-asan deps media check-paths bench bench-ratio bench-failover bench-hooks bench-dvr bench-metrics bench-ingest cluster-demo clean fuzz fuzz-long fuzz-seeds soak

all: build

## OpenSSL and zlib headers (the RTMP handshake and gzip link against them).
build-deps:
	@if [ ! -f /usr/include/openssl/evp.h ] || [ ! -f /usr/include/zlib.h ]; then \
		echo "installing libssl-dev zlib1g-dev"; $(APT_INSTALL) libssl-dev zlib1g-dev >/dev/null; \
	fi

## Build the release binary and put it where SRS keeps it: ./objs/srs
build: build-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product srs
	mkdir -p objs
	cp "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/srs" objs/srs.tmp && mv -f objs/srs.tmp objs/srs
	@echo "built ./objs/srs ($$(./objs/srs -v))"

## Run in the foreground with console logs (Ctrl-C quits).
run: build
	./objs/srs -c $(CONF)

## Install what the tests need when missing (ffmpeg, ffprobe, rtmpdump, pytest, prometheus_client, and
## for test_browser.py headless Chromium with its driver and selenium).
deps: build-deps
	@missing=""; \
	for tool in ffmpeg ffprobe rtmpdump openssl curl gcc taskset ss; do command -v $$tool >/dev/null 2>&1 || missing="yes"; done; \
	if [ -n "$$missing" ]; then echo "installing $(APT_PACKAGES)"; $(APT_INSTALL) $(APT_PACKAGES) >/dev/null; fi
	@python3 -c 'import pytest' 2>/dev/null || python3 -m pip install -q pytest 2>/dev/null \
		|| $(APT_INSTALL) python3-pytest >/dev/null
	@command -v kubernetes-validate >/dev/null 2>&1 || python3 -m pip install -q kubernetes-validate
	@python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install -q prometheus_client 2>/dev/null \
		|| $(APT_INSTALL) python3-prometheus-client >/dev/null
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
		echo "installing chromium chromium-driver"; $(APT_INSTALL) chromium chromium-driver >/dev/null; fi
	@python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium 2>/dev/null \
		|| $(APT_INSTALL) python3-selenium >/dev/null

## The FLV clips the tests and the benchmark use, generated with ffmpeg into objs/media (made once;
## a clip is remade only when missing or when its recipe in the script changed).
media: deps
	bash scripts/make-test-media.sh

## Fails if a tracked file refers to a path outside the repository (fast, so it runs first).
check-paths:
	bash scripts/check-no-outside-paths.sh

## Every test: unit tests (swift test) and integration tests with real clients (pytest).
test: check-paths deps build media unit test-tsan fuzz-smoke integration

unit: media
	$(SWIFT) test --parallel

## The threads the server starts under the thread sanitizer: the name resolver, and `workers N`
## (mailboxes between loops, a stream pulled from another worker's thread, the process's /proc samples).
test-tsan:
	$(SWIFT) test --scratch-path .build-tsan --sanitize=thread --filter 'ResolverTests|MailboxTests|WorkerStreamsTests|ProcessSamplesTests'

integration: media
	SRS_BINARY=$(CURDIR)/objs/srs python3 -m pytest -q Tests/integration

## The server built with AddressSanitizer (Swift and the C shim) and UndefinedBehaviorSanitizer (the
## C shim: Swift has no -sanitize=undefined on Linux, its overflow and bounds checks trap anyway) under
## the whole integration suite; fails on any sanitizer report (docs/reliability.md). Not in `make test`.
## First the unit tests under ASan (leak checks off there: the tests' own static fixtures count as leaks).
ASAN_BUILD = $(SWIFT) build -c release --scratch-path .build-asan --product srs \
	-Xswiftc -sanitize=address -Xcc -fsanitize=address,undefined -Xcc -fno-sanitize-recover=undefined \
	-Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined
test-asan: build-deps media
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --scratch-path .build-asan-unit --sanitize=address
	$(ASAN_BUILD)
	rm -rf objs/sanitizer-logs && mkdir -p objs/sanitizer-logs
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(CURDIR)/objs/sanitizer-logs/asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/objs/sanitizer-logs/ubsan \
	SRS_BINARY="$$($(ASAN_BUILD) --show-bin-path)/srs" TEST_SANITIZED=1 \
		python3 -m pytest -q Tests/integration $(PYTEST_ARGS)
	bash scripts/check-sanitizer-logs.sh objs/sanitizer-logs

## The fuzz targets for a few seconds each over their seed corpora (part of `make test`).
fuzz-smoke: build-deps
	FUZZ_SECONDS=$${FUZZ_SMOKE_SECONDS:-3} bash scripts/fuzz.sh

## libFuzzer + AddressSanitizer on every parser of outside bytes, FUZZ_SECONDS each (default 15); fails on
## a crash, leak, hang or broken invariant. Not part of `make test` (docs/reliability.md).
fuzz: build-deps
	bash scripts/fuzz.sh $(FUZZ_TARGETS)

## The long run recorded in docs/reliability.md: 10 million executions per target, one target at a time.
fuzz-long: build-deps
	FUZZ_SECONDS=0 FUZZ_RUNS=$${FUZZ_RUNS:-10000000} bash scripts/fuzz.sh $(FUZZ_TARGETS)

## Rewrites the committed seed corpora (Fuzz/corpus) from the test clips and hand-made cases.
fuzz-seeds: media
	python3 scripts/fuzz-seeds.py

## Soak run: MINUTES (default 60) of publishers, players, API polling and reloads on one server, then a
## verdict on RSS slope, fds, log lines and players (docs/reliability.md "Soak"). Not part of `make test`.
MINUTES ?= 60
soak: build media
	SRS_BINARY=$(CURDIR)/objs/srs python3 scripts/soak.py --minutes $(MINUTES)

## Benchmark against nginx-rtmp (see docs/benchmarks.md).
bench: build media
	bash bench/run.sh

## The ratio to the bare fan-out at N = 5000 (performance issue target 1): RTMP, HTTP-FLV and bare in turn, 3 rounds.
bench-ratio: build media
	BENCH_PARTS=ratio bash bench/run.sh

## What a Prometheus scrape of /metrics every second costs with 1000 players (see docs/benchmarks.md).
bench-metrics: build media
	BENCH_PARTS=metrics bash bench/run.sh

## Ingest alone (100 and 1000 publishers) and 1000 streams x 2 players, from bench/rtmp_publish (see docs/benchmarks.md).
bench-ingest: build media
	BENCH_PARTS="ingest streams" bash bench/run.sh

## HTTP hooks under 100 play sessions per second (see docs/benchmarks.md).
bench-hooks: build media
	SRS_BINARY=$(CURDIR)/objs/srs python3 bench/hooks.py

## DVR cost for one 1.5 Mbps stream, FLV and MP4 (see docs/benchmarks.md).
bench-dvr: build media
	SRS_BINARY=$(CURDIR)/objs/srs python3 bench/dvr.py

## Edge failover gap over 10 origin kills (see docs/benchmarks.md).
bench-failover: build media
	SRS_BINARY=$(CURDIR)/objs/srs python3 bench/failover.py

## The seed's edge and origin-cluster topologies (deploy/k8s/03, 04) as processes on 127.0.0.1, with
## players, publishers and a rolling update of the edges; prints gaps and counts (docs/cluster.md).
## Not part of `make test`. DEMO_ARGS passes options, e.g. DEMO_ARGS="--drain leave --only edge".
cluster-demo: build media
	python3 scripts/cluster-demo.py $(DEMO_ARGS)

clean:
	rm -rf .build .build-tsan .build-asan .build-asan-unit .build-fuzz .build-fuzz.build.log objs/srs objs/media objs/sanitizer-logs bench/out

.PHONY: docker-check
## Prove the Docker runtime stage without Docker: debootstrap + chroot (root, network; first run ~1 min).
docker-check: deps build media
	bash scripts/docker-rootfs-check.sh
