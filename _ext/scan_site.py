"""Local Sphinx extension: the team scan ("Samenwerkingsscan") in the reader's browser.

``{team-scan}`` renders, in Dutch and English with a switch between them, the
questionnaire (per lesson the five rubric levels, "don't know" and a comment; the
respondent's name and role) and the team view (drop in every answers file, an
earlier team file to compare with, the report). It is hidden until JavaScript
runs. ``_static/samensterk-scan.js`` reads the page and the files the user picks
and hands them to :mod:`widgets.browser.scan_page`, in Python in a Web Worker on the site's own
Pyodide (the same worker and files as the live case pages, ``_ext/live_site.py``, reached
through ``_static/samensterk-worker-client.js``); it draws what Python returns. Nothing is
sent anywhere and nothing is stored.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes
from live_site import PYODIDE_DIR, PYTHON_DIR, WORKER_CLIENT, WORKER_CLIENT_PRIORITY  # the sibling extension
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from widgets import shared
from widgets.views.i18n import N_

__version__ = "1.0"

MARKER = shared.SCAN_MARKER
# Strings the page's script shows itself (everything else comes from Python in the worker).
SCRIPT_STRINGS = (
    N_("Starting Python in your browser…"),
    N_("The scan runs in your browser; nothing leaves it."),
    N_("The scan could not start: {problem}"),
    N_("Choose a level or \"don't know\" for: {lessons}"),
    N_("Please explain your answer on: {lessons}. Press the button again to download anyway."),
    N_("Answers saved as {name}."),
    N_("{name} is larger than {size} and was not read."),
    N_("Remove"),
    N_("Your answers are not saved yet. Leave the page anyway?"),
    N_("Would you like to explain this answer? It helps the team discuss it."),
    N_("Report saved as {name}."),
    N_("Team file saved as {name}."),
)


class TEXT:
    """The texts of the scan page, marked for the catalogue here: gettext cannot see into f-strings."""

    comment_optional = N_('Comment (optional)')
    fill_in = N_('1. Fill in the scan')
    about_you = N_('About you')
    the_cooperation = N_('The arrangement you score (one gemeenschappelijke regeling or shared service)')
    your_name_optional = N_('Your name (optional)')
    your_organisation = N_('The municipality or organisation you speak for')
    named = N_('Every respondent agreed to be named beside their answers (otherwise the team view, the report and '
               'the team file show role groups and organisations only)')
    partners = N_('The partners compared (medians; municipalities or organisations with two respondents or more)')
    your_role = N_('Your role')
    download_my_answers = N_('Download my answers')
    team_view = N_('2. The team view')
    answers_files = N_('Answers files')
    or_drop_the_files = N_('or drop the files here')
    an_earlier_team_file = N_('An earlier team file, to see what changed (optional)')
    where_the_team_stands = N_('Where the team stands')
    lesson = N_('Lesson')
    median = N_('Median')
    spread = N_('Spread')
    reading = N_('Reading')
    discuss_first = N_('Discuss first')
    what_the_model_expects = N_('What the model expects')
    three_levers = N_('Three levers')
    download_the_report = N_('Download the report')
    download_the_team_file = N_('Download the team file')


def both(key: str, **values: Any) -> str:
    """A string of the interface in both languages, each in a span the language switch shows or hides."""
    from widgets.views.i18n import LANGUAGES, translator

    return "".join(
        f'<span lang="{lang}">{html.escape(translator(lang)(key).format(**values))}</span>' for lang in LANGUAGES
    )


def strings() -> dict[str, dict[str, str]]:
    from widgets.views.i18n import LANGUAGES, translator

    return {lang: {key: translator(lang)(key) for key in SCRIPT_STRINGS} for lang in LANGUAGES}


def lesson_html(factor: Any) -> str:
    from widgets import scoring
    from widgets.records import responses

    key = factor.key
    options = []
    for level in range(1, 6):
        asks = ' data-asks-comment="1"' if responses.asks_for_comment(float(level), key) else ""
        lines = "".join(f'<span lang="{lang}">{html.escape(factor.rubric_in(lang)[level - 1])}</span>'
                        for lang in ("nl", "en"))
        options.append(f'<label class="{MARKER}-option"><input type="radio" name="{key}" value="{level}"{asks}>'
                       f'<span class="{MARKER}-level">{level}</span> {lines}</label>')
    dont_know = both("don't know")
    options.append(f'<label class="{MARKER}-option"><input type="radio" name="{key}" value="dont_know">'
                   f'<span class="{MARKER}-level">?</span> {dont_know}</label>')
    note = both("A high level here is bad: a strong push for a merger.") if key in scoring.NEGATIVE_FACTORS else ""
    titles = "".join(f'<span lang="{lang}">{html.escape(factor.title_in(lang))}</span>' for lang in ("nl", "en"))
    summaries = "".join(f'<span lang="{lang}">{html.escape(factor.summary_in(lang))}</span>' for lang in ("nl", "en"))
    return f"""
<fieldset class="{MARKER}-lesson" data-factor="{key}">
  <legend>{titles}</legend>
  <p class="{MARKER}-summary">{summaries} {note}</p>
  {''.join(options)}
  <label class="{MARKER}-comment-label" for="{MARKER}-{key}-comment">{both(TEXT.comment_optional)}</label>
  <textarea id="{MARKER}-{key}-comment" name="{key}-comment" rows="2" maxlength="5000"
            aria-describedby="{MARKER}-{key}-ask"></textarea>
  <p class="{MARKER}-ask" id="{MARKER}-{key}-ask" aria-live="polite"></p>
</fieldset>"""


def scan_html(prefix: str) -> str:
    from widgets.records import loading
    from widgets.views.i18n import LANGUAGES, translator
    from widgets.views.roles import ROLE_NAMES, ROLES

    roles = "".join(
        f'<option value="{role}">' + " / ".join(html.escape(translator(lang)(ROLE_NAMES[role]))
                                                for lang in ("nl", "en")) + "</option>"
        for role in ROLES)
    lessons = "".join(lesson_html(factor) for factor in loading.load_factors())
    switch = "".join(
        f'<button type="button" data-lang="{lang}" aria-pressed="{"true" if lang == "nl" else "false"}">'
        f"{html.escape(name)}</button>" for lang, name in (("nl", "Nederlands"), ("en", "English")))
    data = html.escape(json.dumps(strings(), ensure_ascii=False), quote=False)
    intro_fill = both("Every member of the team fills in the scan alone and downloads the answers as a file. "
                      "Choose for every lesson the description that fits your cooperation best, or \"don't know\".")
    intro_team = both("The facilitator adds every answers file (a team file of an earlier meeting too). Each file is "
                      "read here, in your browser; a file that cannot be used is named with the reason, and the "
                      "others count.")
    dont_know = both("Don't know")
    assert set(LANGUAGES) == {"nl", "en"}
    return f"""
<section class="{MARKER}" data-python="{prefix}_static/{PYTHON_DIR}/" data-pyodide="{prefix}{PYODIDE_DIR}/"
         data-lang="nl" lang="nl" hidden>
<script type="application/json" class="{MARKER}-strings">{data}</script>
<div class="{MARKER}-switch" role="group" aria-label="Taal / Language">{switch}</div>
<p class="{MARKER}-status" role="status" aria-live="polite"></p>

<h2 id="{MARKER}-fill">{both(TEXT.fill_in)}</h2>
<p>{intro_fill}</p>
<form class="{MARKER}-form" novalidate onsubmit="return false">
<fieldset class="{MARKER}-who">
  <legend>{both(TEXT.about_you)}</legend>
  <label for="{MARKER}-cooperation">{both(TEXT.the_cooperation)}</label>
  <input id="{MARKER}-cooperation" name="cooperation" type="text" maxlength="200" autocomplete="off">
  <label for="{MARKER}-respondent">{both(TEXT.your_name_optional)}</label>
  <input id="{MARKER}-respondent" name="respondent" type="text" maxlength="200" autocomplete="off">
  <label for="{MARKER}-organisation">{both(TEXT.your_organisation)}</label>
  <input id="{MARKER}-organisation" name="organisation" type="text" maxlength="200" autocomplete="off">
  <label for="{MARKER}-role">{both(TEXT.your_role)}</label>
  <select id="{MARKER}-role" name="role"><option value="">—</option>{roles}</select>
</fieldset>
{lessons}
<p class="{MARKER}-download-row"><button type="button" class="{MARKER}-download"
   aria-describedby="{MARKER}-download-status">{both(TEXT.download_my_answers)}</button></p>
<p class="{MARKER}-download-status" id="{MARKER}-download-status" role="status" aria-live="polite"></p>
</form>

<h2 id="{MARKER}-team">{both(TEXT.team_view)}</h2>
<p>{intro_team}</p>
<div class="{MARKER}-files">
  <label for="{MARKER}-answers">{both(TEXT.answers_files)}</label>
  <input id="{MARKER}-answers" type="file" accept=".toml,text/plain" multiple>
  <div class="{MARKER}-drop" tabindex="0" role="button" aria-describedby="{MARKER}-drop-help">
    <span id="{MARKER}-drop-help">{both(TEXT.or_drop_the_files)}</span></div>
  <ul class="{MARKER}-file-list" aria-live="polite"></ul>
  <label for="{MARKER}-previous">{both(TEXT.an_earlier_team_file)}</label>
  <input id="{MARKER}-previous" type="file" accept=".toml,text/plain">
  <p class="{MARKER}-consent"><input id="{MARKER}-named" type="checkbox">
     <label for="{MARKER}-named">{both(TEXT.named)}</label></p>
</div>
<div class="{MARKER}-view" hidden>
  <h3>{both(TEXT.where_the_team_stands)}</h3>
  <div class="{MARKER}-table-wrap"><table class="{MARKER}-lessons">
    <thead><tr><th scope="col">{both(TEXT.lesson)}</th><th scope="col">{both(TEXT.median)}</th>
      <th scope="col">{both(TEXT.spread)}</th><th scope="col">{dont_know}</th>
      <th scope="col">{both(TEXT.reading)}</th><th scope="col">{both(TEXT.discuss_first)}</th></tr></thead>
    <tbody></tbody></table></div>
  <div id="{MARKER}-dots" class="{MARKER}-plot"></div>
  <div class="{MARKER}-partners-part" hidden>
    <h3>{both(TEXT.partners)}</h3>
    <div class="{MARKER}-table-wrap"><table class="{MARKER}-partners"><thead></thead><tbody></tbody></table></div>
  </div>
  <h3>{both(TEXT.discuss_first)}</h3>
  <ul class="{MARKER}-discuss"></ul>
  <h3>{both(TEXT.what_the_model_expects)}</h3>
  <p class="{MARKER}-result" aria-live="polite"></p>
  <div id="{MARKER}-trajectory" class="{MARKER}-plot"></div>
  <div id="{MARKER}-probabilities" class="{MARKER}-plot"></div>
  <h3>{both(TEXT.three_levers)}</h3>
  <ul class="{MARKER}-levers"></ul>
  <p class="{MARKER}-nearest"></p>
  <p><button type="button" class="{MARKER}-report">{both(TEXT.download_the_report)}</button>
     <button type="button" class="{MARKER}-team-file">{both(TEXT.download_the_team_file)}</button></p>
</div>
</section>
"""


class TeamScanDirective(SphinxDirective):
    """``{team-scan}``: the questionnaire and the team view."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from widgets.records import loading
        from widgets.views import i18n

        # Rebuilt when the lessons' texts or the catalogue change, as the page shows both.
        self.env.note_dependency(str(loading.data_dir() / "factors.toml"))
        self.env.note_dependency(str(i18n.locale_dir() / "nl" / "LC_MESSAGES" / "samensterk.mo"))
        prefix = "../" * self.env.docname.count("/")
        return [nodes.raw("", scan_html(prefix), format="html")]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if f'class="{MARKER}"' in (context.get("body") or ""):
        from offline_site import PLOTLY_STATIC

        app.add_js_file(PLOTLY_STATIC, priority=450)
        app.add_js_file(WORKER_CLIENT, priority=WORKER_CLIENT_PRIORITY)
        app.add_js_file("samensterk-scan.js", priority=800, **shared.script_attributes(
            marker=MARKER, max_bytes=shared.MAX_FILE_BYTES, max_size=shared.MAX_FILE_SIZE))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("team-scan", TeamScanDirective)
    app.connect("html-page-context", page_context, priority=900)
    app.add_css_file("samensterk-scan.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
