# `make site` builds the site into site/; `make test` runs the tests; `make serve` previews.
# Both set up .venv first from the lock files (requirements.txt for the build,
# requirements-dev.txt for tests and lint), so a fresh clone needs only Python 3.11 and
# make. `make lock` compiles the lock files from pyproject.toml's dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: site test test-fast serve clean snapshots lint bench pdf audit

# Everything a build reads. When none of it is newer than the last build, `make site`
# returns at once, without starting Python.
SOURCES := mkdocs.yml pyproject.toml requirements.txt $(shell find generator docs -type f -not -name '*.pyc')

# A stamp in build/ marks what the last build made: the whole site, or a quick preview of
# some pages (make site PAGES=mlp: the lesson and the home pages). Each build removes the
# other stamps, so switching between the two builds again, as does deleting site/; building
# the same thing with no source changed returns at once. (Not in site/, which is what
# gets published.)
comma := ,
STAMP := build/.built$(if $(PAGES),-$(subst $(comma),-,$(PAGES)),)

site: $(STAMP)
	@echo "site/ is up to date with its sources"

$(STAMP): $(SOURCES) | $(RUNTIME)
	$(BIN)/python -m generator build $(if $(PAGES),--pages $(PAGES),)
	touch $@

ifeq ($(wildcard site/index.html),)
$(STAMP): FORCE  # site/ was deleted: build again
endif
FORCE:

# On TEST_JOBS processes (pytest-xdist), a test file to each in turn: a file's tests share
# one process, so the browser's walk of the site (tests/browser/test_every_page.py) is
# made once.
TEST_JOBS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile

test: $(DEV)
	$(PYTEST)

# The tests that need neither the browser, nor notebooks, nor builds of project copies.
test-fast: $(DEV)
	$(PYTEST) -m "not slow"

serve: $(RUNTIME)
	$(BIN)/python -m generator serve

# Re-record the rendered-page snapshots in tests/snapshots/ after an intended change.
snapshots: $(DEV)
	UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q tests/test_snapshots.py

lint: $(DEV)
	$(BIN)/ruff check generator tests benchmarks tools
	$(BIN)/ruff format --check generator tests benchmarks tools
	$(BIN)/mypy generator tests benchmarks tools

# Time the build against the same lesson as notebooks built by mkdocs-jupyter (installed
# once into benchmarks/.peer-venv); prints a table. BENCH_RUNS=3 for a shorter run.
BENCH_RUNS ?= 5
bench: $(DEV)
	$(BIN)/python -m benchmarks --runs $(BENCH_RUNS)

# The whole site as one PDF per language (Chromium through Playwright): build, print every
# page in the navigation's order, then build again, which publishes the PDFs as
# site/pdf/zh.pdf and site/en/pdf/en.pdf and links them from the home pages. They are
# kept in build/pdf/ until `make clean`; run `make pdf` again after editing. Honours
# SITE_URL, as the build does (the PDF's links to figures' CSV then lead to the site).
pdf: $(DEV)
	$(BIN)/python -m generator build
	$(BIN)/python -m tools.pdf
	$(BIN)/python -m generator build

# Independent validators on the HTML the project writes, each summed up in a table (see
# MAINTAINERS.md, "Print, PDF and audit"): the W3C Nu HTML Checker, LinkChecker (at a root and under a
# sub-path) and Lighthouse (six pages per language, desktop and mobile).
# Installs them first: npm packages pinned in tools/audit/package-lock.json (needs Node
# 20 and, for the Nu checker, Java), LinkChecker into tools/linkchecker/. Not part of
# `make test`: it takes several minutes. AUDIT_FLAGS=--no-lighthouse for a quicker run.
LINKCHECKER_VERSION := 10.6.0
audit: $(DEV) tools/audit/node_modules/.installed tools/linkchecker/bin/linkchecker
	$(BIN)/python -m tools.audit $(AUDIT_FLAGS)

tools/audit/node_modules/.installed: tools/audit/package.json tools/audit/package-lock.json
	cd tools/audit && npm ci --no-audit --no-fund
	touch $@

tools/linkchecker/bin/linkchecker:
	$(PYTHON) -m venv tools/linkchecker
	tools/linkchecker/bin/python -m pip --disable-pip-version-check -q install linkchecker==$(LINKCHECKER_VERSION)

clean:
	rm -rf site build .cache test-artifacts .pytest_cache .mypy_cache .ruff_cache

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The lock files pin every package, each with a note of what needs it (`# via`).
# requirements-dev.txt holds all of requirements.txt, at the same versions, plus the tools.
$(RUNTIME): requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PIP) install -r requirements-dev.txt
	touch $@

# Compile both lock files from pyproject.toml with pip-compile, which resolves with pip: run
# it after changing a dependency there. Versions already locked stay where they still fit;
# `make lock UPGRADE=1` moves every package to the newest release that fits. pip must find
# torch's CPU build (see MAINTAINERS.md, "Dependencies"), and the lock is refused if it holds a CUDA package.
.PHONY: lock
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --allow-unsafe \
	--strip-extras --no-emit-options $(if $(UPGRADE),--upgrade,)
lock: $(DEV)
	$(PIP_COMPILE) --output-file requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.txt \
		--output-file requirements-dev.txt pyproject.toml
	@if grep -iE '^(nvidia-|triton==|cuda-)' requirements.txt requirements-dev.txt; then \
		echo "make lock: these pins come with torch's CUDA build; lock its CPU build" \
			"(pip must see PyTorch's CPU wheel index, as in .github/workflows/pages.yml)"; \
		exit 1; \
	fi
