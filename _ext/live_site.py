"""Local Sphinx extension: the model live in the reader's browser, on bare Pyodide.

A case page writes, under its trajectory figure,

    ```{live-model} kempen
    ```

(``blank`` on "Your region") and gets a control per lesson, a reset, a "compare
with" menu and the levers, hidden until JavaScript runs, so that the page reads as
it was built without it. The section's texts, and the status lines its script writes
(``data-say-*``), are in the edition's language. The first touch of a control (or the button "Make this
chart live") starts a Web Worker (``_static/samensterk-worker.mjs``) that loads the
Pyodide the site already serves for "Open as notebook" and, into it, the subpackages
of ``widgets`` that run there (:data:`PACKAGES`; :mod:`widgets.browser.model_page` answers
this page) and the case data exported here (``bundle.json``). Every
change is evaluated in Python and the page's existing plotly figures are redrawn
in place. ``_static/samensterk-live.js`` passes the controls' levels in and draws
what comes back; it holds no model logic.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from static_files import add_static

from widgets import shared
from widgets.views.i18n import N_

__version__ = "1.0"

MARKER = shared.MODEL_MARKER
PYTHON_DIR = "samensterk-py"  # inside _static: the model's modules and the case data
PYODIDE_DIR = "lite/static/pyodide"  # the Pyodide the JupyterLite build serves
# What the browser loads: the package's top (its version and the model's façade) and these
# subpackages, whole. They import the standard library and each other only (the contracts of
# `make lint`, tests/unit/test_layers.py); tomli-w, pure Python, is copied beside them.
TOP = ("__init__.py", "scoring.py", "shared.py")
PACKAGES = ("model", "records", "team", "views", "qca", "browser")
SUFFIXES = (".py", ".json")
CATALOGUES = ("locale/nl/LC_MESSAGES/samensterk.mo",)
THIRD_PARTY = {"tomli_w": ("__init__.py", "_writer.py")}  # pure Python, imported by widgets/records/
BLANK = shared.BLANK
# The page's side of the worker for the pages that call its modules by name (the scan, the QCA
# table): loaded before their own scripts (_ext/scan_site.py, _ext/qca_site.py).
WORKER_CLIENT = "samensterk-worker-client.js"
WORKER_CLIENT_PRIORITY = 790  # the pages' own scripts come at 800


def _widgets_dir() -> Path:
    import widgets

    return Path(widgets.__file__).resolve().parent


def browser_modules() -> list[str]:
    """The files of ``widgets/`` the browser loads, relative to it: :data:`TOP` and every module of
    :data:`PACKAGES`."""
    root = _widgets_dir()
    found = [*TOP]
    for package in PACKAGES:
        found += sorted(path.relative_to(root).as_posix() for path in (root / package).iterdir()
                        if path.is_file() and path.suffix in SUFFIXES)
    return found


def export_python(app: Sphinx, exception: Exception | None) -> None:
    """Copy the model's modules and the case data into ``_static/samensterk-py/``, with a manifest."""
    if exception is not None or app.builder.format != "html":
        return
    from widgets.records import export, loading

    out = Path(app.outdir) / "_static" / PYTHON_DIR
    shutil.rmtree(out, ignore_errors=True)
    files = []
    for name in (*browser_modules(), *CATALOGUES):
        target = out / "widgets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_widgets_dir() / name, target)
        files.append(f"widgets/{name}")
    for package, names in THIRD_PARTY.items():
        source = Path(importlib.import_module(package).__file__ or "").parent
        for name in names:
            (out / package).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, out / package / name)
            files.append(f"{package}/{name}")
    cases = loading.load_cases()
    # The scan's report quotes each lesson's example case in Dutch too (widgets/team/report.py).
    bundle = export.with_dutch_evidence(export.case_bundle(cases, loading.factor_map()), cases)
    (out / "bundle.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    digest = hashlib.sha256()
    for name in sorted(files) + ["bundle.json"]:
        digest.update(name.encode() + (out / name).read_bytes())
    (out / "manifest.json").write_text(json.dumps({"files": files, "bundle": "bundle.json",
                                                   "version": digest.hexdigest()[:16]}), encoding="utf-8")


LIVE_INTRO = N_(
    "Move any lesson and the chart above is recomputed by the model, in Python in your browser: nothing "
    "is installed and nothing you choose leaves this page. The address of the page keeps your choices, so "
    "you can send the scenario to a colleague; the back button undoes a change.")
# The section's other texts, marked here for the catalogue (pybabel does not look inside f-strings).
LABEL = N_("Move the lessons")
START = N_("Make this chart live")
RESET = N_("Reset to {what}")
COMPARE = N_("Compare with")
LEVERS_TITLE = N_("The three best levers (one level better; gain in the chance of a good outcome):")
# The lines the page's script writes in the status paragraph: data-say-<name> of the section.
STARTING_STEPS = (("python", N_("Loading Python (about 18 MB, once per visit)…")),  # the worker's steps
                  ("model", N_("Loading the model…")))
STATUS_TEXTS = (("starting", N_("Starting Python in your browser…")), *STARTING_STEPS,
                ("ready", N_("The model runs in your browser.")),
                ("failed", N_("The model could not start: {problem}")))


def status_attributes(texts: tuple[tuple[str, str], ...]) -> str:
    """The status lines of a live section as its ``data-say-<name>`` attributes (as lite_site.py has them), in
    the book's language (the page's script fills in a ``{problem}`` or ``{conditions}``)."""
    from widgets.book.language import _

    return "".join(f' data-say-{name}="{html.escape(_(text))}"' for name, text in texts)


def controls_html(target: str, prefix: str) -> str:
    """The controls of one live page: a range per lesson with its rubric line, reset, compare."""
    from widgets import scoring
    from widgets.book.language import _, book_language, decimal
    from widgets.records import loading

    lang = book_language()

    factors = loading.factor_map()
    cases = loading.load_cases()
    levels = cases[target].levels if target != BLANK else {k: scoring.NEUTRAL_LEVEL for k in scoring.FACTORS}
    rows = []
    for key, factor in factors.items():
        level = levels[key]
        control = f"{target}-{key}"
        rows.append(f"""
  <div class="{MARKER}-control" data-factor="{key}">
    <label for="{control}">{html.escape(factor.title_in(lang))}</label>
    <input type="range" id="{control}" name="{key}" min="{scoring.MIN_LEVEL:g}" max="{scoring.MAX_LEVEL:g}"
           step="0.5" value="{level:g}" aria-describedby="{control}-rubric">
    <output for="{control}" id="{control}-level">{decimal(level, 1).removesuffix(",0").removesuffix(".0")}</output>
    <p class="{MARKER}-rubric" id="{control}-rubric">{decimal(level, 1).removesuffix(",0").removesuffix(".0")}
       ({html.escape(_(scoring.reading(key, level)))}): {html.escape(factor.rubric_line(level, lang))}</p>
  </div>""")
    options = "".join(f'<option value="{c.id}">{html.escape(c.label)}</option>'
                      for c in cases.values() if c.id != target)
    what = _("the case as documented") if target != BLANK else _("every lesson at level 3")
    legend = html.escape(_("The eleven lessons (1 absent, 5 fully present; lesson 11: a stronger threat)"))
    nothing = html.escape(_("(no comparison)"))
    return f"""
<section class="{MARKER}" data-case="{target}" data-python="{prefix}_static/{PYTHON_DIR}/"
         data-pyodide="{prefix}{PYODIDE_DIR}/" data-lang="{lang}"{status_attributes(STATUS_TEXTS)} \
aria-label="{html.escape(_(LABEL))}" hidden>
<p class="{MARKER}-intro">{html.escape(_(LIVE_INTRO))}</p>
<p><button type="button" class="{MARKER}-start">{html.escape(_(START))}</button></p>
<p class="{MARKER}-status" role="status" aria-live="polite"></p>
<form class="{MARKER}-form" onsubmit="return false">
<fieldset><legend>{legend}</legend>
{''.join(rows)}
</fieldset>
<div class="{MARKER}-actions">
  <button type="button" class="{MARKER}-reset">{html.escape(_(RESET).format(what=what))}</button>
  <label>{html.escape(_(COMPARE))} <select class="{MARKER}-compare"><option value="">{nothing}</option>{options}
  </select></label>
</div>
</form>
<div class="{MARKER}-results">
  <p class="{MARKER}-summary" aria-live="polite"></p>
  <p class="{MARKER}-levers-title">{html.escape(_(LEVERS_TITLE))}</p>
  <ol class="{MARKER}-levers"></ol>
</div>
</section>
"""


class LiveModelDirective(SphinxDirective):
    """``{live-model} <case id>`` or ``{live-model} blank``: controls that drive the page's figures."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from widgets.records import loading

        target = self.arguments[0].strip()
        known = loading.case_ids()
        if target != BLANK and target not in known:
            raise self.error(f"live-model: unknown case {target!r}; use one of {', '.join(known)} or {BLANK}")
        # Rebuilt when the lessons' texts or the case's coding change.
        self.env.note_dependency(str(loading.data_dir() / "factors.toml"))
        if target != BLANK:
            self.env.note_dependency(str(loading.case_path(target)))
        prefix = "../" * self.env.docname.count("/")
        return [nodes.raw("", controls_html(target, prefix), format="html")]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if f'class="{MARKER}"' in (context.get("body") or ""):
        app.add_js_file("samensterk-live.js", priority=800, **shared.script_attributes(
            marker=MARKER, trajectory_id=shared.TRAJECTORY_ID, probabilities_id=shared.PROBABILITIES_ID))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_static)
    app.add_directive("live-model", LiveModelDirective)
    app.connect("html-page-context", page_context, priority=900)
    app.connect("build-finished", export_python)
    app.add_css_file("samensterk-live.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
