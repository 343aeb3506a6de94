# Samen sterk: build, test and serve the book offline.
#
#   make book    build the HTML book into _build/html and its Dutch edition into _build/html/nl
#                (fails on any warning)
#   make test    check the prerequisites, lint, build the book and its student edition,
#                then run every test in tests/ (browser tests included)
#   make unit    the fast tests (tests/unit: model, data, team scan, command line), no book
#   make lint    ruff (lint and import order), mypy on widgets/ and its layers (import-linter), and
#                eslint on the page scripts (_ext/static; eslint as pinned in package-lock.json, by npm ci)
#   make calibrate  fit the model to the source's dated observations (about a minute; writes
#                widgets/model/fitted.json and data/calibration.json)
#   make i18n    extract the interface's strings, merge them into the Dutch catalogue, compile it
#   make translations  extract the book's messages and merge them into locale/nl (then translate
#                the new entries there: tests/catalogues.py lists what is missing)
#   make book-student   the student edition (no worked solutions) into _build_student/html
#   make assignments    the assignment zips: students' in .cache/assignments/,
#                       lecturers' (solutions, hidden checks) in .cache/assignments/lecturer/
#   make serve   serve _build/html on http://127.0.0.1:8000
#   make lab     JupyterLab with the chapters and cases as live notebooks (lab/)
#   make clean   remove build output (keeps .venv and the asset cache)
#
# Everything is installed by the recipes themselves: a fresh clone needs only
# GNU make, python3 (3.11+), npm (for the offline JavaScript and eslint; its Node.js also
# compiles the Python of "Try it live" for the browser, see lite/README.md) and,
# for the browser tests, Debian's chromium.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := book
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.samensterk-installed
ASSETS := .cache/assets
HTML   := _build/html
STUDENT_HTML := _build_student/html
ASSIGNMENTS  := .cache/assignments
PORT   ?= 8000

# npm: no update banner, no funding messages; the registry only, never a CDN.
export npm_config_update_notifier := false
export npm_config_fund := false
export npm_config_audit := false

.PHONY: help .venv venv assets book test unit lint calibrate i18n translations prerequisites serve lab clean distclean assignments book-student

help:
	@echo "make book | make test | make unit | make lint | make serve | make lab | make clean | make distclean"
	echo "make book-student | make assignments    (for lecturers)"
	echo "make calibrate                          (refit the model)"

# ----------------------------------------------------------------------- venv
# (Re)install when pyproject.toml is newer than the stamp file.
$(STAMP): pyproject.toml
	@if [ ! -x "$(PY)" ]; then
	  echo ">> creating $(VENV) with $$($(PYTHON) --version)"
	  $(PYTHON) -m venv $(VENV)
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

.venv venv: $(STAMP)

# --------------------------------------------------------------------- assets
# Offline JavaScript, fetched from the npm registry with `npm pack`:
#  - plotly.js-basic-dist-min at exactly the plotly.js version that the
#    installed Python plotly was made for (scatter + bar are all the book uses);
#  - mathjax@3, keeping es5/tex-chtml.js, its CHTML woff-v2 fonts and the
#    TeX extensions that tex-chtml autoloads for less common macros.
# Idempotent: each part is skipped when it is already present.
assets: $(STAMP)
	@command -v npm >/dev/null || { echo "ERROR: npm is needed for 'make assets'" >&2; exit 1; }
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT
	ver=$$($(PY) -c 'import plotly.offline as o; print(o.get_plotlyjs_version())')
	dest="$(ASSETS)/plotly.js-basic-dist-min@$$ver"
	if [ -s "$$dest/plotly-basic.min.js" ]; then
	  echo ">> plotly.js-basic-dist-min@$$ver already in $$dest"
	else
	  mkdir -p "$$tmp/plotly"
	  (cd "$$tmp/plotly" && npm pack --silent "plotly.js-basic-dist-min@$$ver" >/dev/null)
	  tar -xzf "$$tmp"/plotly/plotly.js-basic-dist-min-*.tgz -C "$$tmp/plotly"
	  pkg="$$tmp/plotly/package"
	  head -c 300 "$$pkg/plotly-basic.min.js" | grep -q "v$$ver" \
	    || { echo "ERROR: plotly-basic.min.js is not plotly.js v$$ver" >&2; exit 1; }
	  mkdir -p "$$dest"
	  cp "$$pkg/plotly-basic.min.js" "$$pkg/LICENSE" "$$dest/"
	  echo ">> plotly.js-basic-dist-min@$$ver -> $$dest"
	fi
	fa="$(ASSETS)/fontawesome"
	if [ -s "$$fa/css/all.min.css" ] && [ -d "$$fa/webfonts" ]; then
	  echo ">> fontawesome $$(cat "$$fa/VERSION") already in $$fa"
	else
	  # The icons the theme uses, as a CSS web font instead of its 1.45 MB of JavaScript,
	  # at the version the theme vendors (_ext/offline_site.py swaps them).
	  ver=$$($(PY) -c 'import re, pydata_sphinx_theme as t, pathlib as p; f = p.Path(t.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js.LICENSE.txt"; print(re.search(r"Font Awesome Free ([0-9.]+)", f.read_text()).group(1))')
	  mkdir -p "$$tmp/fa"
	  (cd "$$tmp/fa" && npm pack --silent "@fortawesome/fontawesome-free@$$ver" >/dev/null)
	  tar -xzf "$$tmp"/fa/fortawesome-fontawesome-free-*.tgz -C "$$tmp/fa" package/css/all.min.css package/webfonts package/LICENSE.txt
	  rm -rf "$$fa"; mkdir -p "$$fa/css"
	  cp "$$tmp/fa/package/css/all.min.css" "$$fa/css/"
	  cp -r "$$tmp/fa/package/webfonts" "$$fa/"
	  rm -f "$$fa"/webfonts/*.ttf
	  cp "$$tmp/fa/package/LICENSE.txt" "$$fa/"
	  echo "$$ver" > "$$fa/VERSION"
	  echo ">> fontawesome $$ver -> $$fa"
	fi
	mj="$(ASSETS)/mathjax"
	if [ -s "$$mj/es5/tex-chtml.js" ] && [ -d "$$mj/es5/output/chtml/fonts/woff-v2" ]; then
	  echo ">> mathjax $$(cat "$$mj/VERSION") already in $$mj"
	else
	  mkdir -p "$$tmp/mathjax"
	  (cd "$$tmp/mathjax" && npm pack --silent "mathjax@3" >/dev/null)
	  tar -xzf "$$tmp"/mathjax/mathjax-*.tgz -C "$$tmp/mathjax" \
	    package/package.json package/LICENSE package/es5/tex-chtml.js \
	    package/es5/output/chtml/fonts/woff-v2 package/es5/input/tex/extensions
	  pkg="$$tmp/mathjax/package"
	  rm -rf "$$mj"; mkdir -p "$$mj"
	  rm -f "$$pkg/es5/input/tex/extensions/all-packages.js"  # not autoloaded
	  cp -r "$$pkg/es5" "$$pkg/LICENSE" "$$mj/"
	  $(PY) -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
	    "$$pkg/package.json" > "$$mj/VERSION"
	  echo ">> mathjax $$(cat "$$mj/VERSION") -> $$mj"
	fi

# ---------------------------------------------------------------- assignments
# Generate each assignment (assignments/<name>/assignment.md) into a student zip and a
# lecturer zip, and run every solution against its checks. The book links the student
# zips (book/lecturers.md), so book and book-student build them first.
assignments: $(STAMP)
	@echo ">> assignments -> $(ASSIGNMENTS)"
	$(PY) assignments/build.py --out $(ASSIGNMENTS)

# ----------------------------------------------------------------------- book
book: $(STAMP) assets assignments
	@start=$$(date +%s)
	echo ">> jupyter-book build . -W -n --keep-going"
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	english=$$(date +%s)
	$(PY) _ext/build_edition.py full --language nl
	echo
	echo "Built in $$(( $$(date +%s) - start )) s (English $$(( english - start )) s, Dutch $$(( $$(date +%s) - english )) s). Open the book:"
	echo "  file://$(CURDIR)/$(HTML)/index.html    (Nederlands: $(HTML)/nl/index.html)"
	echo "or serve it (then browse http://127.0.0.1:$(PORT)/):"
	echo "  make serve    # = $(PY) -m http.server -d $(HTML) -b 127.0.0.1 $(PORT)"

# --------------------------------------------------------------- book-student
# The same book without any worked solution (SAMENSTERK_EDITION=student, read by
# _ext/editions.py), straight into $(STUDENT_HTML).
book-student: $(STAMP) assets assignments
	@start=$$(date +%s)
	$(PY) _ext/build_edition.py student --out $(STUDENT_HTML)
	$(PY) _ext/build_edition.py student --language nl --out $(STUDENT_HTML)/nl
	echo "Student edition (English and Dutch) built in $$(( $$(date +%s) - start )) s: file://$(CURDIR)/$(STUDENT_HTML)/index.html"

# ----------------------------------------------------------------------- test
# What the browser tests need and the venv cannot provide: Debian's chromium. Checked
# before anything is built; installed with apt-get where that is possible (as root),
# otherwise the command to run is printed and make stops.
CHROMIUM ?= chromium
prerequisites:
	@if ! command -v $(CHROMIUM) >/dev/null; then
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
	    echo ">> installing Debian's chromium for the browser tests (apt-get install -y chromium)"
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	  else
	    echo "ERROR: the browser tests need Debian's chromium, which is not installed. Run:" >&2
	    echo "    sudo apt-get install -y chromium" >&2
	    echo "(the tests never download a browser of their own)" >&2
	    exit 1
	  fi
	fi
	command -v $(CHROMIUM) >/dev/null || { echo "ERROR: $(CHROMIUM) is still missing" >&2; exit 1; }
	echo ">> $$($(CHROMIUM) --version 2>/dev/null || echo chromium)"

# The fast tests (tests/unit/): the model, the data, the team scan and the QCA, the command line,
# the fit's bookkeeping, the assignments' checks, the layers; no book, no browser. Seconds, for
# contributors. tests/book/ checks what the build made, tests/browser/ opens it in chromium.
unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

# eslint for the page scripts, exactly as package-lock.json pins it, into node_modules/
# (npm ci, from the npm registry; reinstalled when package.json or the lock changes).
NODE_STAMP := node_modules/.samensterk-installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "ERROR: npm is needed for 'make lint' (eslint)" >&2; exit 1; }
	npm ci --silent --ignore-scripts
	touch $@

lint: $(STAMP) $(NODE_STAMP)
	$(PY) -m ruff check widgets assignments _ext lite tests benchmarks
	$(PY) -m mypy
	node_modules/.bin/eslint --max-warnings 0 .
	$(VENV)/bin/lint-imports --no-cache

# TEST_WORKERS=auto spreads the test files over the cores (pytest-xdist; each file stays on
# one worker, so that its browser, site server and module fixtures start once). The default,
# 0, runs them in one process: on two cores, the app's kernel tests (test_app.py) timed out
# now and then while the other browser tests ran beside them.
TEST_WORKERS ?= 0
test: prerequisites $(STAMP) lint book book-student
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# ----------------------------------------------------------------------- i18n
# The interface's strings: extract every _() and N_() of widgets/ (and both() of the book's
# extensions, the _() of the code cells in book/ and cases/, and the meanings of the model's
# parameters in widgets/model/mechanisms.py) into the template, merge
# new ones into the Dutch catalogue (translate them there), compile it for gettext.
LOCALE := widgets/locale
i18n: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k both -k _fitted:4 -k _fixed:2 \
	  --no-location --sort-output --omit-header \
	  -o $(LOCALE)/samensterk.pot widgets _ext book cases
	$(VENV)/bin/pybabel update -i $(LOCALE)/samensterk.pot -d $(LOCALE) -D samensterk -l nl \
	  --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -d $(LOCALE) -D samensterk --statistics

# --------------------------------------------------------------- translations
# The Dutch edition's catalogues, one per page (locale/nl/LC_MESSAGES/<page>.po): the book's
# messages extracted with notebook execution off, merged in (new entries empty, gone ones dropped).
translations: $(STAMP)
	$(PY) _ext/translations.py update
	$(PY) tests/catalogues.py || echo ">> translate the entries listed above in locale/nl/LC_MESSAGES"

# ------------------------------------------------------------------ calibrate
calibrate: $(STAMP)
	$(PY) -m widgets calibrate

# ---------------------------------------------------------------------- serve
serve:
	@[ -f "$(HTML)/index.html" ] || { echo "ERROR: $(HTML) is not built: run make book" >&2; exit 1; }
	echo "Serving $(HTML) on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(or $(wildcard $(PY)),$(PYTHON)) -m http.server -d $(HTML) -b 127.0.0.1 $(PORT)

# ------------------------------------------------------------------------ lab
# The text notebooks run live: JupyterLab on 127.0.0.1 opens cases/index.md; every
# .md of book/ and cases/ opens as a notebook (lab/jupyter_lab_config.py).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --config=lab/jupyter_lab_config.py $(if $(filter 0,$(shell id -u)),--allow-root)

# ---------------------------------------------------------------------- clean
clean:
	rm -rf _build _build_student .pytest_cache .hypothesis $(ASSIGNMENTS)

distclean: clean
	rm -rf $(VENV) .cache node_modules
