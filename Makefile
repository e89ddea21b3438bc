# Orbis — see README.md. `make run` and `make test` are the quick start.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(if $(wildcard /opt/swift/usr/bin),/opt/swift/usr/bin:,)$(PATH)

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Build: libxlsxwriter, pkg-config, zlib, iso-codes (the country table's source). Tests: Debian's
# Python with openpyxl and LibreOffice Calc, to open the published workbook as users will.
APT_PACKAGES := libxlsxwriter-dev pkg-config zlib1g-dev iso-codes python3 python3-openpyxl \
  python3-venv libreoffice-calc-nogui
# Debian's Python (the one python3-openpyxl installs into), whatever python3 is first on PATH.
PYTHON ?= /usr/bin/python3
BIN = $(shell $(SWIFT) build --show-bin-path)

.PHONY: deps build test run example bench lint format clean country-table golden

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Fails on any compiler warning in this project's code (Swift 6 language mode, strict concurrency).
build: deps
	@mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee .build/build.log
	@if grep -E "^/.*(Sources|Tests|Benchmarks)/.*: warning:" .build/build.log; then \
	  echo "make build: the warnings above must be fixed"; exit 1; fi

# PyPI's croniter (Debian's 1.3 has DST bugs of its own), in a venv of the build directory.
CRON_VENV := .build/venv-croniter
$(CRON_VENV)/bin/python:
	$(PYTHON) -m venv $(CRON_VENV)
	$(CRON_VENV)/bin/pip install --quiet 'croniter>=6'

test: build $(CRON_VENV)/bin/python
	$(SWIFT) test --skip-build
	$(PYTHON) Tests/scripts/check_generated.py $(BIN)/orbis
	$(PYTHON) Tests/scripts/check_stats.py $(BIN)/orbis
	$(CRON_VENV)/bin/python Tests/scripts/check_cron.py $(BIN)/orbis
	$(PYTHON) Tests/scripts/check_serve.py $(BIN)/orbis Data

# The main job on the sample data: `orbis run` reads Data/ with Config/orbis.toml and publishes
# Reports/default/<UTC time>/ (latest: Reports/default/latest).
run: build
	$(BIN)/orbis --version
	$(BIN)/orbis run --config Config/orbis.toml

# The example program of the XLSX binding.
example: build
	@mkdir -p Reports
	$(BIN)/xlsxwriter-example Reports/xlsxwriter-example.xlsx

bench: deps
	Benchmarks/xlsxwriter-bench.sh
	Benchmarks/check-bench.sh
	Benchmarks/run-bench.sh

# Rewrites the golden text reports of Tests/OrbisReportsTests/Golden; read `git diff` before
# committing them.
golden: build
	ORBIS_UPDATE_GOLDEN=1 $(SWIFT) test --skip-build --filter GoldenTests
	git diff --stat -- Tests/OrbisReportsTests/Golden

lint:
	$(SWIFT) format lint --strict -r Sources Tests Benchmarks Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Benchmarks Package.swift

clean:
	rm -rf .build Reports/*.xlsx

# Regenerates the country reference from Debian iso-codes and Foundation's CLDR data.
country-table: deps
	$(SWIFT) run country-table-generator Sources/OrbisCore/Countries/CountryTable+Generated.swift
