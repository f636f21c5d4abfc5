# The two Quick start commands (README) and the lint/bench helpers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test catalogs messages test-embeddings lint bench-cli bench-import bench-matching bench-reports bench-load bench-requests debian-packages vendor-js clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "growpath needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

# Translations: the .po files are kept in the repository; growpath reads the .mo files
# compiled from them here (and shipped in the package).
LOCALE_DIR := src/growpath/locale
CATALOGS := $(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/messages.po)
catalogs: $(CATALOGS:.po=.mo) ## compile the translations
$(LOCALE_DIR)/%/LC_MESSAGES/messages.mo: $(LOCALE_DIR)/%/LC_MESSAGES/messages.po $(BIN)/python
	$(BIN)/pybabel -q compile -l $* -i $< -o $@

messages: $(VENV)/.test-installed ## gather the marked strings into messages.pot and every locale's .po
	$(BIN)/pybabel -q extract -F babel.cfg -k tr -k plural:1,2 --no-location --sort-output \
		--project growpath -o $(LOCALE_DIR)/messages.pot src/growpath
	$(BIN)/pybabel -q update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) \
		--no-fuzzy-matching --ignore-obsolete

PORT ?= 8000
demo: $(VENV)/.demo-installed catalogs ## install, seed a demo organisation in SQLite, serve on :8000 (PORT=...)
	$(BIN)/growpath demo --port $(PORT)

# Programs the tests start: Chromium for the browser (a downloaded browser cannot be used
# here) and nginx as the proxy in front of growpath; xmlsec1, which pysaml2 signs and checks
# SAML messages with (growpath needs it at run time too). Only the missing ones are installed.
DEBIAN_PACKAGES := chromium nginx xmlsec1
debian-packages: ## Debian's chromium, nginx and xmlsec1 for the browser, proxy and SAML tests
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	[ -z "$$missing" ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; }

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# openapi-python-client caps typer below the CLI's own pin, so the generated-client test runs
# it, and the client it generates, in a venv of its own.
CLIENT_VENV := .venv-openapi-client
$(CLIENT_VENV)/.installed: Makefile
	test -x $(CLIENT_VENV)/bin/python || $(PYTHON) -m venv $(CLIENT_VENV)
	$(CLIENT_VENV)/bin/pip install --quiet openapi-python-client==0.29.1 python-dateutil==2.9.0.post0
	touch $@

test: $(VENV)/.test-installed $(CLIENT_VENV)/.installed debian-packages catalogs lint ## install what the tests need and run them all
	$(BIN)/pytest -n 2 --dist loadgroup --durations=30

# The embeddings extra pulls about 2 GB (torch, transformers), so it has its own venv and target.
EMB_VENV := .venv-embeddings
test-embeddings: ## install the embeddings extra in its own venv and run the tests that use it
	test -x $(EMB_VENV)/bin/python || $(PYTHON) -m venv $(EMB_VENV)
	$(EMB_VENV)/bin/pip install --quiet -e ".[test,embeddings]"
	$(EMB_VENV)/bin/pytest -q tests/integration/test_topics_by_meaning.py tests/unit/matching

bench-cli: $(VENV)/.test-installed ## `growpath --help` start-up and a 10,000-row import; PostgreSQL at 127.0.0.1:5432
	$(BIN)/python -m bench.cli

bench-import: $(VENV)/.test-installed
	$(BIN)/python -m bench.people_import

bench-matching: $(VENV)/.test-installed
	$(BIN)/python -m bench.matching

bench-reports: $(VENV)/.test-installed ## needs PostgreSQL at 127.0.0.1:5432 (user postgres)
	$(BIN)/python -m bench.reports

bench-load: $(VENV)/.test-installed ## needs PostgreSQL at 127.0.0.1:5432 (user postgres)
	$(BIN)/python -m bench.load

bench-requests: $(VENV)/.test-installed ## CPU per request in process; PostgreSQL at 127.0.0.1:5432
	$(BIN)/python -m bench.requests

HTMX_VERSION := 2.0.11
AXE_VERSION := 4.14.1
SWAGGER_UI_VERSION := 5.35.0
REDOC_VERSION := 2.5.4
USWDS_VERSION := 3.14.0
STATIC_VENDOR := src/growpath/entrypoints/web/static/vendor
USWDS := $(STATIC_VENDOR)/uswds-$(USWDS_VERSION)
vendor-js: ## re-fetch the vendored htmx, USWDS, Swagger UI, ReDoc (served) and axe-core (tests) from npm
	rm -rf .vendor-js && mkdir .vendor-js
	cd .vendor-js && npm pack --silent htmx.org@$(HTMX_VERSION) axe-core@$(AXE_VERSION) \
		swagger-ui-dist@$(SWAGGER_UI_VERSION) redoc@$(REDOC_VERSION) \
		@uswds/uswds@$(USWDS_VERSION) && \
		for f in *.tgz; do mkdir "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp .vendor-js/htmx.org-$(HTMX_VERSION)/package/dist/htmx.min.js \
		$(STATIC_VENDOR)/htmx-$(HTMX_VERSION).min.js
	cp .vendor-js/swagger-ui-dist-$(SWAGGER_UI_VERSION)/package/swagger-ui-bundle.js \
		$(STATIC_VENDOR)/swagger-ui-bundle-$(SWAGGER_UI_VERSION).js
	cp .vendor-js/swagger-ui-dist-$(SWAGGER_UI_VERSION)/package/swagger-ui.css \
		$(STATIC_VENDOR)/swagger-ui-$(SWAGGER_UI_VERSION).css
	cp .vendor-js/redoc-$(REDOC_VERSION)/package/bundles/redoc.standalone.js \
		$(STATIC_VENDOR)/redoc-$(REDOC_VERSION).standalone.js
	cp .vendor-js/axe-core-$(AXE_VERSION)/package/axe.min.js tests/e2e/vendor/axe-$(AXE_VERSION).min.js
	# USWDS: its stylesheet and only the fonts and images the stylesheet refers to (not its
	# 20 MB of icons and photos), kept in the dist layout so the ../fonts URLs resolve.
	rm -rf $(USWDS) && mkdir -p $(USWDS)/css
	cp .vendor-js/uswds-uswds-$(USWDS_VERSION)/package/dist/css/uswds.min.css $(USWDS)/css/
	cp .vendor-js/uswds-uswds-$(USWDS_VERSION)/package/LICENSE.md $(USWDS)/
	cd .vendor-js/uswds-uswds-$(USWDS_VERSION)/package/dist && \
		grep -o 'url([^)]*)' css/uswds.min.css | sed 's/url(//; s/)//; s/"//g' | \
		grep '^\.\./' | sed 's#^\.\./##' | sort -u | \
		while read f; do [ -f "$$f" ] && install -D -m 644 "$$f" "$(CURDIR)/$(USWDS)/$$f"; done
	rm -rf .vendor-js

clean:
	rm -rf $(VENV) $(EMB_VENV) $(CLIENT_VENV) growpath.db growpath.db-* growpath-mail
