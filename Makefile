# Orbis — see README.md. `make run` and `make test` are the quick start.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(if $(wildcard /opt/swift/usr/bin),/opt/swift/usr/bin:,)$(PATH)

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Build: libxlsxwriter, minizip, SQLite (the history database, through GRDB), pkg-config, zlib,
# iso-codes (the country table's source). Tests: Debian's Python with openpyxl and LibreOffice
# Calc, to open the published workbook as users will.
APT_PACKAGES := libxlsxwriter-dev libminizip-dev libsqlite3-dev pkg-config zlib1g-dev iso-codes \
  python3 python3-openpyxl python3-venv libreoffice-calc-nogui
# Debian's Python (the one python3-openpyxl installs into), whatever python3 is first on PATH.
PYTHON ?= /usr/bin/python3
BIN = $(shell $(SWIFT) build --show-bin-path)

.PHONY: deps build test run example bench lint format clean country-table golden release \
  install uninstall test-systemd soak

# $(call apt_install,PACKAGES,TARGET): installs the Debian packages that are missing.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make $(2): installing$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES),deps)

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
	$(PYTHON) Tests/scripts/check_real_files.py $(BIN)/orbis
	$(PYTHON) Tests/scripts/check_values.py $(BIN)/orbis
	$(PYTHON) Tests/scripts/check_trends.py $(BIN)/orbis
	$(PYTHON) Tests/scripts/check_config_doc.py Config/orbis.toml
	$(CRON_VENV)/bin/python Tests/scripts/check_cron.py $(BIN)/orbis
	$(PYTHON) Tests/scripts/check_serve.py $(BIN)/orbis Data
	$(PYTHON) Tests/scripts/check_reliability.py $(BIN)/orbis --cycles 20 --load 30 --runs 50

# The fault, hostile-input and load suites for longer: about DURATION seconds in all (default
# 1800): DURATION/5 kill -9 cycles (at least 200, about 1 s each), DURATION/3 seconds of a
# change every 2 s with a 1 s settle, DURATION quick runs (at least 1,000, about 0.4 s
# each), and one pass of every other fault. Prints the table the README's Reliability section
# shows, and the totals.
DURATION ?= 1800
soak: build
	$(PYTHON) Tests/scripts/check_reliability.py $(BIN)/orbis \
	  --cycles $$(( $(DURATION) / 5 > 200 ? $(DURATION) / 5 : 200 )) \
	  --load $$(( $(DURATION) / 3 )) \
	  --runs $$(( $(DURATION) > 1000 ? $(DURATION) : 1000 ))

# The main job on the sample data: `orbis serve` reads Data/ with Config/orbis.toml, publishes
# Reports/default/<UTC time>/ at once (latest: Reports/default/latest), logs the key figures,
# and keeps watching Data/ until Ctrl-C.
run: build
	$(BIN)/orbis --version
	$(BIN)/orbis serve --config Config/orbis.toml

# Installation: the binary (Swift's runtime linked in), the systemd units with ExecStart= on
# the installed binary, and /etc/orbis/orbis.toml unless one exists. Without DESTDIR on a
# machine running systemd it also creates the user and directories and reloads systemd.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
UNITDIR := $(PREFIX)/lib/systemd/system
SYSUSERSDIR := $(PREFIX)/lib/sysusers.d
TMPFILESDIR := $(PREFIX)/lib/tmpfiles.d
DOCDIR := $(PREFIX)/share/doc/orbis
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product orbis

install: release
	install -D -s -m 0755 $(RELEASE_BIN)/orbis $(DESTDIR)$(BINDIR)/orbis
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	sed 's#@BINDIR@#$(BINDIR)#' systemd/orbis.service > $(DESTDIR)$(UNITDIR)/orbis.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/orbis.service
	install -m 0644 systemd/orbis.sysusers $(DESTDIR)$(SYSUSERSDIR)/orbis.conf
	install -m 0644 systemd/orbis.tmpfiles $(DESTDIR)$(TMPFILESDIR)/orbis.conf
	install -D -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	@if [ -e $(DESTDIR)/etc/orbis/orbis.toml ]; then \
	  echo "make install: $(DESTDIR)/etc/orbis/orbis.toml exists; left as it is"; \
	else \
	  install -d -m 0755 $(DESTDIR)/etc/orbis; \
	  sed -e 's#^data = .*#data = "/var/lib/orbis/data"#' \
	      -e 's#^reports = .*#reports = "/var/lib/orbis/reports"#' \
	      -e 's#^state = .*#state = "/var/lib/orbis/state"#' \
	      -e 's#^\# Orbis configuration for a local run (`make run`).*#\# Orbis configuration, installed by `make install`.#' \
	      Config/orbis.toml > $(DESTDIR)/etc/orbis/orbis.toml; \
	  chmod 0644 $(DESTDIR)/etc/orbis/orbis.toml; \
	fi
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  systemd-sysusers $(SYSUSERSDIR)/orbis.conf; \
	  systemd-tmpfiles --create $(TMPFILESDIR)/orbis.conf; \
	  systemctl daemon-reload; \
	  echo "make install: now run: systemctl enable --now orbis"; \
	fi

# Removes what `make install` installed, except /etc/orbis/orbis.toml and /var/lib/orbis
# (the office's configuration, data and reports).
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  systemctl disable --now orbis 2>/dev/null || true; fi
	rm -f $(DESTDIR)$(BINDIR)/orbis $(DESTDIR)$(UNITDIR)/orbis.service \
	  $(DESTDIR)$(SYSUSERSDIR)/orbis.conf $(DESTDIR)$(TMPFILESDIR)/orbis.conf
	rm -rf $(DESTDIR)$(DOCDIR)
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "make uninstall: /etc/orbis and /var/lib/orbis are kept; remove them by hand if wanted"

# The service under a real systemd: boots one with systemd-nspawn over an overlay of this
# machine's root, installs Orbis into it and checks it (root only; CI runs it).
test-systemd: deps
	systemd/test-systemd.sh

# The example program of the XLSX binding.
example: build
	@mkdir -p Reports
	$(BIN)/xlsxwriter-example Reports/xlsxwriter-example.xlsx

bench: deps
	Benchmarks/xlsxwriter-bench.sh
	Benchmarks/check-bench.sh
	Benchmarks/run-bench.sh
	@# Side by side at 10,000 and 1,000,000 staff: orbis run, the pandas and polars scripts,
	@# the C floor (run-bench.sh built the release binary and the 1,000,000-staff data set).
	test -f /tmp/orbis-bench-10k/.complete || { python3 Benchmarks/data/generate_dataset.py \
	  /tmp/orbis-bench-10k --seed 1 --staff 10000 --files 4 --defect-rate 0.001 \
	  --programmes 1000 --agreements 200 && touch /tmp/orbis-bench-10k/.complete; }
	Benchmarks/bench-table.sh /tmp/orbis-bench-10k "$$($(SWIFT) build -c release --show-bin-path)/orbis"
	Benchmarks/bench-table.sh /tmp/orbis-bench-run "$$($(SWIFT) build -c release --show-bin-path)/orbis"

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

# The Debian package, .build/deb/orbis_$(VERSION)_<arch>.deb (Packaging/make-deb.sh): the
# release binary, the man pages of swift-argument-parser's generate-manual tool and
# orbis.toml(5) made from Config/orbis.toml (after checking it documents every key), then
# lintian, failing on errors only. VERSION is Orbis's own; `make deb VERSION=0.1.9` makes
# another. dpkg-dev, binutils and lintian are installed when missing.
VERSION := $(shell sed -n 's/.*current = "\(.*\)".*/\1/p' Sources/OrbisCore/OrbisVersion.swift)
DEB_DIR := .build/deb
DEB_ARCH = $(shell dpkg --print-architecture)
DEB_TOOLS := dpkg-dev binutils lintian

deb: release
	$(call apt_install,$(DEB_TOOLS),deb)
	$(PYTHON) Tests/scripts/check_config_doc.py Config/orbis.toml
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/man
	install -m 0755 $(RELEASE_BIN)/orbis $(DEB_DIR)/orbis
	@# swift-argument-parser's own generator (what its generate-manual plugin runs), run on
	@# the static binary: the plugin would build orbis again, without the static runtime.
	$(SWIFT) build -c release --product generate-manual
	$(RELEASE_BIN)/generate-manual $(DEB_DIR)/orbis --multi-page --authors "Orbis developers" \
	  --output-directory $(DEB_DIR)/man
	$(PYTHON) Tools/make-orbis-toml-man.py --version $(VERSION) Config/orbis.toml \
	  $(DEB_DIR)/man/orbis.toml.5
	Packaging/make-deb.sh $(VERSION) $(DEB_DIR)/orbis $(DEB_DIR)/man $(DEB_DIR)
	lintian --fail-on error $(DEB_DIR)/orbis_$(VERSION)_$(DEB_ARCH).deb

# The package under a real systemd (root only; CI runs it): a package of version 0.1.9 made
# from the same binary is installed, upgraded to this one, removed and purged, in a
# systemd-nspawn container over an overlay of this machine's root (Packaging/test-deb.sh).
test-deb: deb
	Packaging/make-deb.sh 0.1.9 $(DEB_DIR)/orbis $(DEB_DIR)/man $(DEB_DIR)/old
	Packaging/test-deb.sh $(DEB_DIR)/orbis_$(VERSION)_$(DEB_ARCH).deb \
	  $(DEB_DIR)/old/orbis_0.1.9_$(DEB_ARCH).deb

.PHONY: deb test-deb
