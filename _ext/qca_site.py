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
"""

from __future__ import annotations

import html
import json
import tomllib
from typing import Any

from docutils import nodes
from live_site import PYODIDE_DIR, PYTHON_DIR, WORKER_CLIENT, WORKER_CLIENT_PRIORITY
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from static_files import add_static

from widgets import shared

__version__ = "1.0"

MARKER = shared.QCA_MARKER


def qca_html(prefix: str) -> str:
    """The form, the settings it starts from and the table as built."""
    from widgets import qca
    from widgets.browser import qca_page
    from widgets.records import loading

    path = loading.data_dir() / "qca.toml"
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    settings = qca.parse_settings(document)
    request = qca_page.default_request(document)
    static = qca_page.render_request(qca_page.case_mappings(loading.load_cases()), request)
    factors = loading.factor_map()
    boxes = []
    for choice in settings.conditions:
        checked = " checked" if choice.factor in settings.chosen else ""
        control = f"{MARKER}-c-{choice.factor}"
        boxes.append(f'<label for="{control}"><input type="checkbox" id="{control}" name="conditions" '
                     f'value="{choice.factor}"{checked}> <code>{html.escape(choice.name)}</code> '
                     f"{html.escape(factors[choice.factor].label_en)}</label>")
    a = settings.default_anchors
    anchors = "".join(
        f'<label for="{MARKER}-{name}">{label} <input type="number" id="{MARKER}-{name}" name="{name}" '
        f'min="1" max="5" step="0.25" value="{value:g}"></label>'
        for name, label, value in (("exclusion", "Fully out (0.05) at level", a.exclusion),
                                   ("crossover", "Crossover (0.5) at level", a.crossover),
                                   ("inclusion", "Fully in (0.95) at level", a.inclusion)))
    payload = json.dumps(request, ensure_ascii=False).replace("</", "<\\/")
    return f"""
<section class="{MARKER}" data-python="{prefix}_static/{PYTHON_DIR}/" data-pyodide="{prefix}{PYODIDE_DIR}/"
         aria-label="The truth table of the twelve cases">
<script type="application/json" class="{MARKER}-request">{payload}</script>
<form class="{MARKER}-form" onsubmit="return false" hidden>
<p class="{MARKER}-intro">Change a choice and the truth table and its solutions below are recomputed in
Python in your browser (nothing is installed and nothing leaves the page).</p>
<fieldset class="{MARKER}-conditions"><legend>Conditions (at most 8)</legend>
{''.join(boxes)}
</fieldset>
<fieldset class="{MARKER}-anchors"><legend>Anchors on the lesson scale from 1 to 5 (mirrored for the
threat of herindeling)</legend>
{anchors}
</fieldset>
<fieldset class="{MARKER}-cuts"><legend>Analysis</legend>
<label for="{MARKER}-threshold">Consistency threshold <input type="number" id="{MARKER}-threshold"
  name="threshold" min="0" max="1" step="0.05" value="{settings.threshold:g}"></label>
<label for="{MARKER}-negate">Outcome <select id="{MARKER}-negate" name="negate">
  <option value="false" selected>{html.escape(settings.outcome_name)}: the cooperation holds</option>
  <option value="true">~{html.escape(settings.outcome_name)}: it does not</option></select></label>
<label for="{MARKER}-unknown">Unknown codings <select id="{MARKER}-unknown" name="unknown">
  <option value="as-coded"{' selected' if settings.unknown == 'as-coded' else ''}>as coded (level 3)</option>
  <option value="crossover"{' selected' if settings.unknown == 'crossover' else ''}>at the crossover
  (0.5)</option></select></label>
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
