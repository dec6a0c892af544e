# ticketjobs — `make run` runs the demo job end to end on the bundled fixtures; `make test` runs every test.
SHELL := /bin/bash
APT_PACKAGES := libcsv-dev liblinear-dev libsqlite3-dev sqlite3
TEST_APT_PACKAGES := chromium
# The benchmark scripts time with /usr/bin/time and compute with bc.
BENCHMARK_APT_PACKAGES := time bc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_DIR := .demo
# The version the binary reports: the nearest tag and commit, "-dirty" with local changes.
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Where the build finds it. Written only when it changes: passed as a flag (-Xcc -D…), it changed every module's
# build settings, so each commit rebuilt the whole release (6-7 minutes) instead of one C file.
VERSION_HEADER := Sources/CBuildVersion/generated/version.h
PREFIX ?= /usr/local
DESTDIR ?=
DIST_NAME := ticketjobs-$(VERSION)-linux-$(shell uname -m)
RELEASE_BINARY := .build/release/ticketjobs

.PHONY: run test deps test-deps version-header build release fake-anthropic clean format benchmark report-png install install-into dist dist-check manual completions

# Installs those of the Debian packages $(1) that are missing.
define install_missing
@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
if [ -n "$$missing" ]; then \
  echo "installing: $$missing" >&2; \
  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
fi
endef

## Installs the Debian packages the build needs, only those missing.
deps:
	$(call install_missing,$(APT_PACKAGES))

## Also what the tests need: headless Chromium for the HTML report's browser check.
test-deps: deps
	$(call install_missing,$(TEST_APT_PACKAGES))
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema

version-header:
	@mkdir -p $(dir $(VERSION_HEADER))
	@line='#define TICKETJOBS_VERSION "$(VERSION)"'; \
	[ "$$(cat $(VERSION_HEADER) 2>/dev/null)" = "$$line" ] || echo "$$line" > $(VERSION_HEADER)

build: deps version-header
	swift build

## The release build carries the Swift runtime (--static-swift-stdlib): it runs without a toolchain, and starts
## in ~14 ms instead of ~22 (no dynamic linking of Swift's libraries), which every cron run and report pays.
## Only the shipped binary: the package's other products are test and benchmark tools (fake-anthropic below).
## Without colours: by default SwiftPM colours diagnostics on a terminal only, and the optimised build counts that
## flag as a change, so `make release` on a terminal after one piped (or the reverse) rebuilt it all (~7 minutes).
RELEASE_FLAGS := -c release --static-swift-stdlib --no-color-diagnostics
release: deps version-header
	swift build $(RELEASE_FLAGS) --product ticketjobs

## The loopback fake Messages API the classify and pacing benchmarks run against, built as the release is so
## that the two share their compiled modules.
fake-anthropic: deps version-header
	swift build $(RELEASE_FLAGS) --product fake-anthropic

## The man page, from the command's own help (swift-argument-parser's generate-manual plugin). The plugin's
## debug build shares the tests' flags, so it never rebuilds the versioned release.
manual: deps
	swift package generate-manual --configuration debug
	@mkdir -p .build/share/man/man1
	cp .build/plugins/GenerateManual/outputs/ticketjobs/ticketjobs.1 .build/share/man/man1/

## Shell completions, from the release binary itself.
completions:
	@mkdir -p .build/share/completions
	$(RELEASE_BINARY) --generate-completion-script bash > .build/share/completions/ticketjobs.bash
	$(RELEASE_BINARY) --generate-completion-script zsh > .build/share/completions/_ticketjobs
	$(RELEASE_BINARY) --generate-completion-script fish > .build/share/completions/ticketjobs.fish

## Installs the release binary, the man page and completions under $(DESTDIR)$(PREFIX).
install: release manual
	$(MAKE) --no-print-directory completions
	$(MAKE) --no-print-directory install-into ROOT=$(DESTDIR)$(PREFIX) BINARY=$(RELEASE_BINARY)

## A tarball whose binary carries the Swift runtime (--static-swift-stdlib) and its HTTP and TLS code
## (async-http-client, BoringSSL): a Debian 12 machine needs only libcsv3, liblinear4 and libsqlite3-0.
dist: release manual
	$(MAKE) --no-print-directory completions
	@rm -rf dist/$(DIST_NAME) && mkdir -p dist/$(DIST_NAME)
	$(MAKE) --no-print-directory install-into ROOT=dist/$(DIST_NAME) BINARY=$(RELEASE_BINARY)
	cp README.md dist/$(DIST_NAME)/
	# What the README links to beside it: the JSON schemas of reports, its picture, the benchmark log.
	install -D -m 644 -t dist/$(DIST_NAME)/Docs Docs/report.schema.json Docs/evaluation.schema.json \
		Docs/weekly-report.png Docs/benchmarks.md
	tar -C dist -czf dist/$(DIST_NAME).tar.gz $(DIST_NAME)
	@echo dist/$(DIST_NAME).tar.gz

## The installed binary is stripped of its symbol table and debug information (160 MB → 82 MB, as Debian
## ships binaries); Swift's runtime metadata lives in sections of its own and stays.
install-into:
	install -D -m 755 -s $(BINARY) $(ROOT)/bin/ticketjobs
	install -D -m 644 .build/share/man/man1/ticketjobs.1 $(ROOT)/share/man/man1/ticketjobs.1
	install -D -m 644 .build/share/completions/ticketjobs.bash $(ROOT)/share/bash-completion/completions/ticketjobs
	install -D -m 644 .build/share/completions/_ticketjobs $(ROOT)/share/zsh/site-functions/_ticketjobs
	install -D -m 644 .build/share/completions/ticketjobs.fish $(ROOT)/share/fish/vendor_completions.d/ticketjobs.fish

## Checks the tarball: only Debian's base libraries and libcsv, liblinear, libsqlite3 needed (ldd), the
## version set, an import that works.
dist-check: dist
	Tests/dist-check.sh dist/$(DIST_NAME).tar.gz $(VERSION)

## The main job, end to end, on the bundled fixtures, offline: import → classify → report.
run: release
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	TICKETJOBS_DB=$(DEMO_DIR)/tickets.sqlite .build/release/ticketjobs run jobs/demo.yml

test: test-deps
	swift test
	$(MAKE) --no-print-directory dist-check

benchmark: release
	$(call install_missing,$(BENCHMARK_APT_PACKAGES))
	Benchmarks/import.sh

# The README's picture of the fixtures' weekly report, drawn by headless Chromium.
report-png: release
	$(call install_missing,$(TEST_APT_PACKAGES))
	Docs/report-png.sh

format:
	swift format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build .build-static dist $(DEMO_DIR)
