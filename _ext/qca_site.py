"""The chapter's live truth table: the directive ``{live-qca}``.

The directive writes the truth table and the solutions of the chapter's own analysis as
built (:func:`widgets.browser.qca_page.render_request`), and above them a form, hidden until the
page's script (``_ext/static/samensterk-qca.js``) shows it, with which the reader chooses
the conditions, the calibration anchors, the consistency threshold, the outcome or its
negation and the treatment of unknown codings. The script recomputes the table with
``widgets/browser/qca_page.py`` in the live model's Pyodide Web Worker
(``_ext/static/samensterk-worker.mjs``, reached through ``samensterk-worker-client.js``; the
modules are exported by ``_ext/live_site.py``).
Without JavaScript the page shows the table as built.

Everything the section shows is in the edition's language (``widgets.book.language``): its
texts through the interface's catalogue, the lessons' names, the table as built, and the status
lines the script writes, which the section carries as ``data-say-*`` attributes (with
``{problem}`` or ``{conditions}`` for the script to fill in). The section's ``data-lang`` goes
with every request, so that Python in the browser answers in the same language.
"""

from __future__ import annotations

import html
import json
import tomllib
from typing import Any

from docutils import nodes
from live_site import PYODIDE_DIR, PYTHON_DIR, STARTING_STEPS, WORKER_CLIENT, WORKER_CLIENT_PRIORITY, status_attributes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from static_files import add_static

from widgets import shared
from widgets.views.i18n import N_

__version__ = "1.0"

MARKER = shared.QCA_MARKER

# The section's texts, for the catalogue: marked here, because pybabel does not look inside
# f-strings (the line breaks are those the English page has always had, so that it stays as it was).
LABEL = N_("The truth table of the twelve cases")
CONDITIONS_LEGEND = N_("Conditions (at most 8)")
ANALYSIS_LEGEND = N_("Analysis")
THRESHOLD = N_("Consistency threshold")
OUTCOME = N_("Outcome")
HOLDS_OPTION = N_("{outcome}: the cooperation holds")
FAILS_OPTION = N_("~{outcome}: it does not")
UNKNOWN = N_("Unknown codings")
AS_CODED_OPTION = N_("as coded (level 3)")
INTRO = N_("Change a choice and the truth table and its solutions below are recomputed in\n"
           "Python in your browser (nothing is installed and nothing leaves the page).")
ANCHORS_LEGEND = N_("Anchors on the lesson scale from 1 to 5 (mirrored for the\nthreat of herindeling)")
CROSSOVER_OPTION = N_("at the crossover\n  (0.5)")  # unknown codings at 0.5
ANCHOR_LABELS = (("exclusion", N_("Fully out (0.05) at level")), ("crossover", N_("Crossover (0.5) at level")),
                 ("inclusion", N_("Fully in (0.95) at level")))
# The lines the script writes in the status paragraph: data-say-<name> of the section.
STATUS_TEXTS = (("starting", N_("Starting Python in your browser…")), *STARTING_STEPS,
                ("failed", N_("The live table could not start: {problem}. The table as built stays.")),
                ("refused", N_("Not recomputed: {problem}")),
                ("recomputed", N_("Recomputed in your browser for {conditions}.")))


def qca_html(prefix: str) -> str:
    """The form, the settings it starts from and the table as built, in the book's language."""
    from widgets import qca
    from widgets.book.language import _, book_language
    from widgets.browser import qca_page
    from widgets.records import loading

    lang = book_language()
    e = html.escape
    path = loading.data_dir() / "qca.toml"
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    settings = qca.parse_settings(document)
    request = qca_page.default_request(document)
    static = qca_page.render_request(qca_page.case_mappings(loading.load_cases()), request, lang)
    factors = loading.factor_map()
    boxes = []
    for choice in settings.conditions:
        checked = " checked" if choice.factor in settings.chosen else ""
        control = f"{MARKER}-c-{choice.factor}"
        boxes.append(f'<label for="{control}"><input type="checkbox" id="{control}" name="conditions" '
                     f'value="{choice.factor}"{checked}> <code>{e(choice.name)}</code> '
                     f"{e(factors[choice.factor].label(lang))}</label>")
    a = settings.default_anchors
    values = {"exclusion": a.exclusion, "crossover": a.crossover, "inclusion": a.inclusion}
    anchors = "".join(
        f'<label for="{MARKER}-{name}">{e(_(label))} <input type="number" id="{MARKER}-{name}" name="{name}" '
        f'min="1" max="5" step="0.25" value="{values[name]:g}"></label>'
        for name, label in ANCHOR_LABELS)
    unknown = settings.unknown
    holds, fails = (e(_(option).format(outcome=settings.outcome_name)) for option in (HOLDS_OPTION, FAILS_OPTION))
    payload = json.dumps(request, ensure_ascii=False).replace("</", "<\\/")
    return f"""
<section class="{MARKER}" data-python="{prefix}_static/{PYTHON_DIR}/" data-pyodide="{prefix}{PYODIDE_DIR}/" \
data-lang="{lang}"{status_attributes(STATUS_TEXTS)}
         aria-label="{e(_(LABEL))}">
<script type="application/json" class="{MARKER}-request">{payload}</script>
<form class="{MARKER}-form" onsubmit="return false" hidden>
<p class="{MARKER}-intro">{e(_(INTRO))}</p>
<fieldset class="{MARKER}-conditions"><legend>{e(_(CONDITIONS_LEGEND))}</legend>
{''.join(boxes)}
</fieldset>
<fieldset class="{MARKER}-anchors"><legend>{e(_(ANCHORS_LEGEND))}</legend>
{anchors}
</fieldset>
<fieldset class="{MARKER}-cuts"><legend>{e(_(ANALYSIS_LEGEND))}</legend>
<label for="{MARKER}-threshold">{e(_(THRESHOLD))} <input type="number" id="{MARKER}-threshold"
  name="threshold" min="0" max="1" step="0.05" value="{settings.threshold:g}"></label>
<label for="{MARKER}-negate">{e(_(OUTCOME))} <select id="{MARKER}-negate" name="negate">
  <option value="false" selected>{holds}</option>
  <option value="true">{fails}</option></select></label>
<label for="{MARKER}-unknown">{e(_(UNKNOWN))} <select id="{MARKER}-unknown" name="unknown">
  <option value="as-coded"{' selected' if unknown == 'as-coded' else ''}>{e(_(AS_CODED_OPTION))}</option>
  <option value="crossover"{' selected' if unknown == 'crossover' else ''}>{e(_(CROSSOVER_OPTION))}\
</option></select></label>
</fieldset>
</form>
<p class="{MARKER}-status" role="status" aria-live="polite"></p>
<div class="{MARKER}-result">
{static}
</div>
</section>
"""


class LiveQcaDirective(SphinxDirective):
    """``{live-qca}``: the chapter's truth table, as built and recomputable in the page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from widgets.records import loading

        self.env.note_dependency(str(loading.data_dir() / "qca.toml"))
        for case_id in loading.case_ids():
            self.env.note_dependency(str(loading.case_path(case_id)))
        prefix = "../" * self.env.docname.count("/")
        return [nodes.raw("", qca_html(prefix), format="html")]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if f'class="{MARKER}"' in (context.get("body") or ""):
        app.add_js_file(WORKER_CLIENT, priority=WORKER_CLIENT_PRIORITY)
        app.add_js_file("samensterk-qca.js", priority=800, **shared.script_attributes(marker=MARKER))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_static)
    app.add_directive("live-qca", LiveQcaDirective)
    app.connect("html-page-context", page_context, priority=900)
    app.add_css_file("samensterk-qca.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
