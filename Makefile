# Printable curriculum packs. `make help` lists the targets.
# Set-up runs once: stamp files in .make/ record what is installed.
# The package runs from the checkout (python -m generator), so it is not pip-installed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMPS := .make
PAPER  ?= letter
JOBS   ?=
FORMAT ?= pdf
VERSIONS ?=
GRADE  ?=
LEVEL  ?=
LARGE  ?=
FONT   ?=
EXPORT_LESSON ?= origins
EXPORT_LEVELS ?= elementary middle high source
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Debian packages the build relies on: Pango for WeasyPrint's text layout,
# HarfBuzz subsetting (several times faster font embedding), fonts that cover
# every letter of the bundled article (Cyrillic, Czech, Turkish, Azerbaijani),
# and poppler-utils for reading PDFs back (pdffonts, pdftotext, pdftoppm).
# wamerican: the English word list the audit uses to tell a name from a word
# that only opens a sentence ("Afterward" is a word, "Stalin" a name).
# LibreOffice Writer (no GUI) opens the .docx exports in the tests and turns them
# back into PDF, which proves Word-compatible files a teacher can edit.
# fonts-opendyslexic: the face of the dyslexia-friendly print (FONT=dyslexic).
# wordnet-base is the WordNet 3.0 dictionary's data files (/usr/share/wordnet):
# `new-lesson` reads its draft definitions from them, offline.
# Chromium and its driver run the web page's browser test headless (selenium drives
# this installed browser; nothing is downloaded at test time).
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
                fonts-dejavu-core fonts-sil-andika poppler-utils libreoffice-writer-nogui \
                wamerican fonts-opendyslexic wordnet-base chromium chromium-driver

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

pdfs: $(STAMPS)/bytecode ## Build every lesson at every level into output/ (GRADE=7 LEVEL=middle PAPER=a4 JOBS=2 VERSIONS=2 FORMAT=html LARGE=1 FONT=dyslexic)
	$(PY) -m generator build --paper $(PAPER) --format $(FORMAT) $(if $(JOBS),-j $(JOBS)) \
	  $(if $(VERSIONS),--versions $(VERSIONS)) $(if $(LARGE),--large-print) $(if $(FONT),--font $(FONT)) \
	  $(if $(GRADE),--grade $(GRADE)) $(if $(LEVEL),--level $(LEVEL))

exports: $(STAMPS)/bytecode ## Every export of one lesson at each level into output/exports/ (EXPORT_LESSON=origins PAPER=a4)
	@for level in $(EXPORT_LEVELS); do \
	  $(PY) -m generator export $(EXPORT_LESSON) --level $$level --to all --paper $(PAPER) || exit 1; \
	done

serve: $(STAMPS)/bytecode ## Run the web page for teachers on this computer (HOST=127.0.0.1 PORT=8000)
	$(PY) -m generator serve --host $(HOST) --port $(PORT) $(if $(JOBS),-j $(JOBS))

# The quick suite runs on every core (pytest-xdist; shared builds are made once per run);
# the slow tests (a wheel in a fresh venv, a real browser, LibreOffice, every document
# kind rendered and rasterized) run in `make test-slow`, which CI runs after it.
# pytest keeps each test module's rewritten bytecode (assertion rewriting) in __pycache__, as
# Python does by default, even where PYTHONDONTWRITEBYTECODE is set: rewriting every module
# again costs each worker about two seconds. `worksteal` lets an idle worker take tests
# queued for the other, so that neither waits at the end.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -q -n auto --dist worksteal

test: $(STAMPS)/bytecode ## Run the quick tests, on every core (they build real PDFs into temporary folders)
	$(PYTEST) -m "not slow"

test-slow: $(STAMPS)/bytecode ## Run the slow tests (wheel install, browser, LibreOffice, every document kind)
	$(PYTEST) -m slow

test-all: test test-slow ## Run every test

golden: $(STAMPS)/venv ## Rewrite tests/golden/*.html (composed HTML per document kind) after an intended change
	$(PY) -m tests.update_golden

check: pdfs ## Fail when a passage leaves its range, a printed fact is not the article's, or a built PDF breaks a layout or tagging rule
	$(PY) -m generator check
	$(PY) -m generator audit
	$(PY) -m generator check-layout output
	$(PY) -m generator check-pdf output

bench: $(STAMPS)/bytecode ## Measure the build against the bare renderer; writes output/bench.json
	$(PY) bench/bench.py

docs: $(STAMPS)/venv ## Regenerate the lesson format's JSON Schema and docs/lesson-format.md
	$(PY) -m generator schema

lint: $(STAMPS)/venv ## Check style with ruff and types with mypy (strict)
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench
	$(VENV)/bin/mypy

lock: $(STAMPS)/venv ## Re-pin requirements.lock from the current virtual environment
	{ echo "# Exact versions installed by 'make' (pip freeze of a working venv). Regenerate with 'make lock'."; \
	  $(PY) -m pip freeze --exclude-editable; } > requirements.lock

clean: ## Remove built documents (keeps the virtual environment)
	find output -mindepth 1 ! -name .gitkeep -delete

distclean: clean ## Remove built documents, the virtual environment and set-up stamps
	rm -rf $(VENV) $(STAMPS)

$(STAMPS)/deb: Makefile  # re-checked when the package list changes
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "warning: missing Debian packages:" $$missing; \
	  echo "         install them with: sudo apt-get install" $$missing; \
	fi
	@touch $@

$(STAMPS)/venv: requirements.lock pyproject.toml | $(STAMPS)/deb
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	@touch $@

# The package's bytecode, compiled as pip compiles an installed package's, so that each run
# reads it instead of compiling every module again (when PYTHONDONTWRITEBYTECODE is set,
# Python never writes it itself). Python checks each module's date, so an edited module is
# compiled afresh, never run stale; this step writes the new bytecode when a module changes.
GENERATOR_SOURCES := $(shell find generator -name '*.py')
$(STAMPS)/bytecode: $(STAMPS)/venv $(GENERATOR_SOURCES)
	$(PY) -m compileall -q generator
	@touch $@

.PHONY: help pdfs exports serve test golden check bench docs lint lock clean distclean
