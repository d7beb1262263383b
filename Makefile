# Dalil — one command for each thing. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check urls clean

## serve: build and serve the site on http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## test: run the whole test suite (installs Chromium and Arabic fonts when missing)
test: $(STAMP)
	bash scripts/install_system_deps.sh
	$(BIN)/python -m pytest

## build: strict build of the published site into site/
build: $(STAMP)
	$(BIN)/python scripts/build_site.py

## check: validate data/ and docs*/ without building (fast, for editors)
check: $(STAMP)
	$(BIN)/python scripts/check_data.py

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || bash scripts/install_system_deps.sh venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

clean:
	rm -rf site .staging .site-* .pytest_cache

## urls: add newly published addresses to data/published-urls.txt (commit it with your change)
urls: $(STAMP)
	$(BIN)/python scripts/url_manifest.py --update
