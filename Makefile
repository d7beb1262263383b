# Dalil — one command for each thing. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
# Plain `make` lists the commands; it never starts anything.
.DEFAULT_GOAL := help

.PHONY: help serve test test-fast lint build check urls reports bench clean

## help: list these commands (plain `make` does the same)
help:
	@echo "Dalil: make <command>"
	@awk '/^## [a-z-]+:/ { name = $$2; sub(/:$$/, "", name); text = $$0; sub(/^## [a-z-]+: */, "", text); printf "  make %-10s %s\n", name, text }' $(MAKEFILE_LIST)

## serve: build and serve the site on http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## test: run the whole test suite (installs Chromium, Pango, Noto fonts, poppler, zbar, Java and the W3C HTML checker when missing)
test: $(STAMP)
	bash scripts/install_system_deps.sh test
	$(BIN)/python -m pytest

## test-fast: the unit tests only (data, messages, rendering, exports): no build, no browser, no PDF; well under a minute
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -q -p no:cacheprovider

## lint: ruff over hooks/, scripts/ and tests/ (ruff.toml; the test suite runs it too)
lint: $(STAMP)
	$(BIN)/ruff check hooks scripts tests

## build: strict build of the published site into site/
build: $(STAMP)
	bash scripts/install_system_deps.sh build
	$(BIN)/python scripts/build_site.py

## check: validate data/ and docs*/ without building (fast, for editors)
check: $(STAMP)
	$(BIN)/python scripts/check_data.py

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	@# A Debian python3 without python3-venv leaves a venv without pip: recreate it after installing the module.
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) 2>/dev/null && $(BIN)/python -m pip --version >/dev/null 2>&1; } \
		|| { bash scripts/install_system_deps.sh venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

## clean: delete what the build and the tests leave in the checkout (site/, .staging/, caches)
clean:
	rm -rf site .staging .site-* .pytest_cache

## urls: add newly published addresses to data/published-urls.txt (commit it with your change)
urls: $(STAMP)
	$(BIN)/python scripts/url_manifest.py --update

## reports: what is left to translate, to re-check and to verify (exit 1 when there is something to do)
reports: $(STAMP)
	$(BIN)/python scripts/reports.py all

## bench: page-weight budgets measured in Chromium (exit 1 when a budget is exceeded)
bench: $(STAMP)
	bash scripts/install_system_deps.sh test
	$(BIN)/python scripts/benchmark.py
