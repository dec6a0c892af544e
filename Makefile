# ticketjobs — `make run` runs the demo job end to end on the bundled fixtures; `make test` runs every test.
SHELL := /bin/bash
APT_PACKAGES := libcsv-dev libsqlite3-dev sqlite3
TEST_APT_PACKAGES := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_DIR := .demo

.PHONY: run test deps test-deps build release clean format benchmark

## Installs the Debian packages the build needs, only those missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing" >&2; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## Also what the tests need: headless Chromium for the HTML report's browser check.
test-deps: deps
	@missing=$$(for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing" >&2; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema

build: deps
	swift build

release: deps
	swift build -c release

## The main job, end to end, on the bundled fixtures, offline: import → classify → report.
run: release
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	TICKETJOBS_DB=$(DEMO_DIR)/tickets.sqlite .build/release/ticketjobs run jobs/demo.yml

test: test-deps
	swift test

benchmark: release
	Benchmarks/import.sh

format:
	swift format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build $(DEMO_DIR)
