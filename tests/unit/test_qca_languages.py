"""The live QCA table and the live pages' status lines in both editions' languages.

The Dutch edition shows the chapter's truth table, its form and the status lines of the live
sections in Dutch (the interface's catalogue, decimal commas); the English pages stay as they were.
``tests/data/qca-*-en.html`` hold the English HTML as it was before the pages had a second
language: the table of the chapter's request (as built, negated, negated with the unknown codings at
the crossover) and the whole section of ``{live-qca}``. They follow the data: when ``data/qca.toml``
or a case's coding changes, write them again from ``qca_page.render_request`` and ``qca_html("")``
(with SAMENSTERK_LANGUAGE unset) and read the difference.
"""

from __future__ import annotations

import html
import json
import re
import sys
import tokenize
import tomllib
from pathlib import Path

import pytest

from widgets.book.language import LANGUAGE_VARIABLE
from widgets.browser import qca_page
from widgets.records import export, loading
from widgets.views import i18n

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT / "_ext"))
try:
    import live_site
    import qca_site
finally:
    sys.path.pop(0)

CASES = qca_page.case_mappings(loading.load_cases())
ENGLISH_HEADERS = {"Row", "Cases", "Consistency", "Output"}
ADDED = re.compile(r' data-(?:lang|say-[a-z]+)="[^"]*"')  # what the section has gained since the golden file


def _request(**changes):
    document = tomllib.loads((loading.data_dir() / "qca.toml").read_text(encoding="utf-8"))
    return qca_page.default_request(document) | changes


def _golden(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _headers(table: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)]


@pytest.fixture
def english(monkeypatch):
    monkeypatch.delenv(LANGUAGE_VARIABLE, raising=False)


@pytest.fixture
def dutch(monkeypatch):
    monkeypatch.setenv(LANGUAGE_VARIABLE, "nl")


@pytest.fixture(scope="module")
def live_module():
    qca_page.load(json.dumps(export.case_bundle(loading.load_cases(), loading.factor_map())))
    return qca_page


# ------------------------------------------------------------------------------- the table
@pytest.mark.parametrize(("changes", "golden"), [
    ({}, "qca-table-en.html"),
    ({"negate": True}, "qca-table-negated-en.html"),
    ({"negate": True, "unknown": "crossover"}, "qca-table-negated-crossover-en.html"),
])
def test_the_english_table_is_as_it_was(changes, golden):
    want = _golden(golden)
    assert qca_page.render_request(CASES, _request(**changes)) == want  # no language: English
    assert qca_page.render_request(CASES, _request(lang="en", **changes)) == want
    assert qca_page.render_request(CASES, _request(lang="nl", **changes), "en") == want  # the build's language wins


@pytest.mark.parametrize("changes", [{}, {"negate": True}, {"negate": True, "unknown": "crossover"}])
def test_the_dutch_table_speaks_dutch_with_decimal_commas(changes):
    dutch = qca_page.render_request(CASES, _request(lang="nl", **changes))
    assert dutch == qca_page.render_request(CASES, _request(**changes), "nl")
    outcome = "~HOLDS" if changes.get("negate") else "HOLDS"
    assert (f"<caption>Waarheidstabel voor {outcome}: de waargenomen rijen (1 = in de verzameling); "
            "consistentiedrempel 0,80, PRI minstens 0,50</caption>") in dutch
    headers = _headers(dutch)
    assert headers[0] == "Rij" and headers[-5:] == ["n", "Casussen", "Consistentie", "PRI", "Uitkomst"]
    assert not ENGLISH_HEADERS & set(headers)
    cells = re.findall(r"<td>(\d[.,]\d\d)</td>", dutch)
    assert cells and all("," in cell for cell in cells)
    assert not re.search(r"\d\.\d", dutch)  # no decimal point anywhere, the notes' 0,5 included
    assert "9 van de 16 configuraties zijn logische resten" in dutch or "14 van de 16" in dutch
    words = html.unescape(re.sub(r"<[^>]+>", " ", dutch))  # the text the reader sees
    for english in ("Truth table", "solution", "consistency", "coverage", "remainders", "contradictory",
                    "no row reaches", "In no row", "observed rows"):
        assert english not in words


def test_the_dutch_solutions_and_notes():
    negated = qca_page.render_request(CASES, _request(negate=True), "nl")
    assert "<td>1 (contradictie)</td>" in negated
    assert "<strong>Conservatieve oplossing:</strong>" in negated
    assert "<strong>Spaarzame oplossing (even korte alternatieven):</strong>" in negated
    assert re.search(r"</code>: consistentie 0,\d\d, dekking 0,\d\d</li>", negated)
    unplaced = qca_page.render_request(CASES, _request(negate=True, unknown="crossover"), "nl")
    assert "In geen enkele rij, omdat een lidmaatschap precies 0,5 is: " in unplaced
    none = qca_page.render_request(CASES, _request(), "nl")
    assert ("<strong>Spaarzame oplossing:</strong> geen enkele rij haalt de drempel, dus er valt niets te "
            "minimaliseren") in none


def test_the_worker_answers_in_the_requests_language(live_module):
    english = json.loads(live_module.analyse(json.dumps(_request(negate=True))))
    dutch = json.loads(live_module.analyse(json.dumps(_request(negate=True, lang="nl"))))
    assert english["html"] == _golden("qca-table-negated-en.html")
    assert dutch["html"] == qca_page.render_request(CASES, _request(negate=True), "nl")
    assert dutch["result"] == english["result"]  # the analysis is the same; only its words change
    refused = json.loads(live_module.analyse(json.dumps(_request(lang="fr"))))
    assert refused["field"] == "lang" and "en, nl" in refused["error"]


def test_fits_keep_their_two_decimals():
    assert i18n.number(0.8, "en", 2, trim=False) == "0.80" and i18n.number(0.8, "nl", 2, trim=False) == "0,80"
    assert i18n.number(0.8, "nl", 2) == "0,8"  # the default still trims


# ----------------------------------------------------------------------------- the section
def test_the_english_section_is_as_it_was_but_for_its_language_and_status_lines(english):
    section = qca_site.qca_html("")
    assert ADDED.sub("", section) == _golden("qca-section-en.html")
    opening = section.split(">", 1)[0]
    assert ' data-lang="en"' in opening
    assert ' data-say-starting="Starting Python in your browser…"' in opening
    assert ' data-say-failed="The live table could not start: {problem}. The table as built stays."' in opening
    assert ' data-say-refused="Not recomputed: {problem}"' in opening
    assert ' data-say-model="Loading the model…"' in opening
    assert ' data-say-recomputed="Recomputed in your browser for {conditions}."' in opening


def test_the_dutch_section_speaks_dutch(dutch):
    section = qca_site.qca_html("../")
    opening = section.split(">", 1)[0]
    assert ' data-lang="nl"' in opening and 'aria-label="De waarheidstabel van de twaalf casussen"' in section
    factors = loading.factor_map()
    for key, factor in factors.items():
        if f'value="{key}"' in section:
            assert f"{html.escape(factor.label('nl'))}</label>" in section
            if factor.label("nl") != factor.label_en:
                assert f"{html.escape(factor.label_en)}</label>" not in section
    texts = [qca_site.LABEL, qca_site.CONDITIONS_LEGEND, qca_site.ANALYSIS_LEGEND, qca_site.THRESHOLD,
             qca_site.OUTCOME, qca_site.HOLDS_OPTION, qca_site.FAILS_OPTION, qca_site.UNKNOWN,
             qca_site.AS_CODED_OPTION, qca_site.INTRO, qca_site.ANCHORS_LEGEND, qca_site.CROSSOVER_OPTION,
             *(message for _name, message in (*qca_site.ANCHOR_LABELS, *qca_site.STATUS_TEXTS))]
    for message in texts:
        shown = html.escape(message.format(outcome="HOLDS") if "{outcome}" in message else message)
        assert shown not in section, message
    assert "Volledig uit (0,05) bij niveau" in section and "op het omslagpunt\n  (0,5)</option>" in section
    assert ' data-say-recomputed="Opnieuw berekend in uw browser voor {conditions}."' in opening
    assert ' data-say-failed="De live tabel kon niet starten: {problem}. De tabel uit het boek blijft staan."' in opening
    assert "<caption>Waarheidstabel voor HOLDS" in section and not ENGLISH_HEADERS & set(_headers(section))


@pytest.mark.parametrize(("lang", "starting", "steps", "ready", "failed"), [
    ("en", "Starting Python in your browser…", ("Loading Python (about 18 MB, once per visit)…", "Loading the model…"),
     "The model runs in your browser.", "The model could not start: {problem}"),
    ("nl", "Python wordt in uw browser gestart…",
     ("Python wordt geladen (ongeveer 18 MB, één keer per bezoek)…", "Het model wordt geladen…"),
     "Het model draait in uw browser.", "Het model kon niet starten: {problem}"),
])
def test_the_live_models_status_lines_are_the_editions(monkeypatch, lang, starting, steps, ready, failed):
    monkeypatch.setenv(LANGUAGE_VARIABLE, lang)
    opening = live_site.controls_html("kempen", "").split(">", 1)[0].split("<section", 1)[1]
    assert (f' data-lang="{lang}" data-say-starting="{starting}" data-say-python="{steps[0]}" '
            f'data-say-model="{steps[1]}" data-say-ready="{ready}" data-say-failed="{failed}"') in opening
    qca_opening = qca_site.qca_html("").split(">", 1)[0]
    assert f' data-say-python="{steps[0]}" data-say-model="{steps[1]}"' in qca_opening


def test_the_worker_names_the_steps_the_pages_say():
    """The worker posts its progress with a step name; each is a data-say-* of the live sections."""
    worker = (ROOT / "_ext" / "static" / "samensterk-worker.mjs").read_text(encoding="utf-8")
    steps = re.findall(r'type: "progress", step: "(\w+)", text: "([^"]*)"', worker)
    assert steps == [(name, text) for name, text in live_site.STARTING_STEPS]


@pytest.mark.parametrize("script", ["samensterk-qca.js", "samensterk-live.js"])
def test_the_scripts_take_their_status_lines_from_the_page(script):
    source = (ROOT / "_ext" / "static" / script).read_text(encoding="utf-8")
    for _name, message in (*qca_site.STATUS_TEXTS, *live_site.STATUS_TEXTS):
        assert message.split("{")[0].strip() not in source
    assert 'dataset["say" + ' in source
    if script == "samensterk-qca.js":
        assert "request.lang = this.lang" in source and "section.dataset.lang" in source


def test_no_marked_string_hides_in_an_f_string():
    """pybabel does not look inside f-strings (Python 3.11): a _("...") there never reaches the
    catalogue, and the Dutch page shows it in English."""
    marked = re.compile(r"""\b(?:_|N_|both|ngettext)\(\s*(?:"|')""")
    hidden = []
    for folder in ("widgets", "_ext"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            with path.open("rb") as file:
                for token in tokenize.tokenize(file.readline):
                    if (token.type == tokenize.STRING and re.match(r"(?i)[rb]*f", token.string)
                            and marked.search(token.string)):
                        hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert not hidden
