"""What the pages' code shows follows SAMENSTERK_LANGUAGE: Dutch words and decimal commas in the
Dutch edition, the English book unchanged otherwise."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from babel.messages.pofile import read_po

from widgets import scoring
from widgets.book import casepage, cell_strings, figures, language, tables, whatif
from widgets.calibration import validation
from widgets.records import history, loading
from widgets.views import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.locale_dir() / "nl" / "LC_MESSAGES" / "samensterk.po"
PAGES = sorted([*ROOT.glob("book/*.md"), *ROOT.glob("cases/*.md")])


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    """English message -> Dutch, for the messages that are not plurals."""
    return {m.id: m.string for m in read_po(PO.open("rb")) if m.id and isinstance(m.id, str)}


@pytest.fixture
def dutch(monkeypatch):
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "nl")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.delenv(language.LANGUAGE_VARIABLE, raising=False)


def layout_texts(figure) -> Iterator[str]:
    """Every text a reader sees in a figure's layout: title, axis and legend titles, annotations, menu
    labels and the titles they set; and the traces' names."""
    layout = figure.layout
    yield layout.title.text or ""
    for axis in (layout.xaxis, layout.yaxis):
        yield axis.title.text or ""
    yield layout.legend.title.text or ""
    for annotation in layout.annotations:
        yield annotation.text or ""
    for menu in layout.updatemenus:
        for button in menu.buttons:
            yield button.label or ""
            yield button.args[1].get("title.text", "") if len(button.args) > 1 else ""
    for trace in figure.data:
        yield trace.name or ""


def header(markdown: str) -> list[str]:
    """The header cells of the first Markdown table in ``markdown``."""
    line = next(line for line in markdown.splitlines() if line.startswith("| "))
    return [cell.strip() for cell in line.strip("|").split("|")]


def untranslated(texts, catalogue: dict[str, str]) -> list[str]:
    """The texts that are English messages with a different Dutch translation in the catalogue."""
    return [text for text in texts if text and catalogue.get(text, text) != text]


def case_figures(page: casepage.CasePage) -> list[Any]:
    return [page.trajectory().figure, page.probabilities().figure, page.contributions().figure,
            page.what_if().figure]


def test_the_language_defaults_to_english_and_reads_the_variable(monkeypatch):
    monkeypatch.delenv(language.LANGUAGE_VARIABLE, raising=False)
    assert language.book_language() == "en"
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, " NL ")
    assert language.book_language() == "nl"
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "")
    assert language.book_language() == "en"


def test_an_unknown_language_is_a_value_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "fr")
    with pytest.raises(ValueError, match=r"SAMENSTERK_LANGUAGE='fr'.*en, nl"):
        language.book_language()
    with pytest.raises(ValueError, match="SAMENSTERK_LANGUAGE"):
        casepage.CasePage("beek").facts()


def test_numbers_take_the_book_languages_decimal_sign(monkeypatch):
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "nl")
    assert language.decimal(2.5, 2) == "2,50"
    assert language.percent(0.125, 1) == "12,5%"
    assert language.percent(0.48) == "48%"
    assert language.signed(-0.25, 1) == "-0,2" and language.signed(1.25, 2) == "+1,25"
    assert language.general(2.5) == "2,5" and language.general(3.0) == "3"
    assert language.listing(['"A"', '"B"', '"C"']) == '"A", "B" en "C"'
    assert figures.trajectory_figure(whatif.mechanism_runs()[:1]).layout.separators == ",."
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "en")
    assert language.decimal(2.5, 2) == "2.50" and language.percent(0.125, 1) == "12.5%"
    assert language.signed(1.25, 2) == "+1.25" and language.general(2.5) == "2.5"
    assert language.listing(['"A"', '"B"', '"C"']) == '"A", "B" and "C"'
    assert figures.trajectory_figure(whatif.mechanism_runs()[:1]).layout.separators is None


def test_a_case_page_speaks_dutch(dutch, catalogue):
    page = casepage.CasePage("beek")
    facts = page.facts().text
    assert header(facts) == ["Gegeven", "Toelichting"]
    for word in ("Gemeenten", "Provincie", "Periode", "Beschreven afloop", "Verwacht voor 2007",
                 "uiteenvallen telt als gestrand", "kans op een goede afloop"):
        assert word in facts, word
    assert header(page.codings().text) == ["Les", "Niveau", "Lezing", "Zekerheid", "Paragraaf in het artikel",
                                           "Onderbouwing"]
    assert "1. Scherpe diagnose" in page.codings().text
    assert page.fate(page.evaluation).startswith("is in 2007 eerder wel dan niet uiteengevallen (")
    texts = page.lever_texts()
    assert re.fullmatch(r"\d+,\d", texts["top_gain"])
    assert "procentpunten" in texts["levers_breaking"] and re.search(r"\d,\d", texts["levers_breaking"])
    assert '"Duidelijke, doorleefde voordelen"' in texts["levers"]
    assert re.search(r"\d,\d → \d,\d", page.levers().text), "levels with a decimal comma"
    for markdown in (facts, page.codings().text, page.observations().text, page.scenarios().text,
                     page.levers().text):
        assert not untranslated(header(markdown), catalogue), header(markdown)
    probabilities = page.probabilities().figure
    assert probabilities.layout.title.text == "Kans op elke uitkomst"
    assert probabilities.layout.yaxis.title.text == "kans (%)"
    assert {trace.name for trace in probabilities.data} == {"bloeit", "loopt door", "stagneert", "gestrand",
                                                            "bestaat nog"}
    assert page.what_if().figure.layout.updatemenus[0].buttons[0].label == "Zoals beschreven"
    for figure in case_figures(page):
        assert figure.layout.separators == ",."
        assert not untranslated(layout_texts(figure), catalogue)
    assert page.trajectory().caption.startswith("Beek: in 2007, het laatste jaar dat het artikel dateert")


def test_no_english_message_is_left_in_the_dutch_figures_and_tables(monkeypatch, catalogue):
    """Each figure and table header of the English book, built again in Dutch: no text that the
    catalogue translates comes out in English."""
    def build() -> tuple[list[str], list[str]]:
        page = casepage.CasePage("lith-maasdonk")
        cases = loading.load_cases()
        factors = loading.factor_map()
        shown = case_figures(page) + [figures.coding_matrix_figure(cases, factors),
                                      figures.timeline_figure(cases, history.load_history()),
                                      figures.trajectory_figure(whatif.mechanism_runs())]
        region = casepage.RegionPage()
        shown += [region.trajectory().figure, region.probabilities().figure]
        markdown = [page.facts(), page.codings(), page.observations(), page.scenarios(), page.levers(),
                    tables.calibration_table(cases), tables.parameter_table(), tables.lever_table(page.case, factors),
                    validation.parameter_table(), validation.fixed_table(), validation.observation_table(cases),
                    validation.counterfactual_table(cases), validation.comparison_table(cases),
                    validation.uncertainty_table(cases), validation.lesson_effect_table(
                        {key: factor.title for key, factor in factors.items()})]
        return ([text for figure in shown for text in layout_texts(figure)],
                [cell for table in markdown for cell in header(table.text)])

    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "en")
    english_texts, english_headers = build()
    monkeypatch.setenv(language.LANGUAGE_VARIABLE, "nl")
    dutch_texts, dutch_headers = build()
    translatable = set(untranslated(english_texts + english_headers, catalogue))
    assert translatable, "the English figures and tables should hold catalogue messages"
    assert not untranslated(dutch_texts + dutch_headers, catalogue)
    assert not translatable & set(dutch_texts + dutch_headers)
    assert len(dutch_headers) == len(english_headers)


def test_the_rubric_and_the_parameters_use_the_dutch_fields_and_meanings(dutch, catalogue):
    factors = loading.load_factors()
    rubric = tables.rubric_table(factors).text
    assert factors[0].rubric_nl[0] in rubric and factors[0].summary_nl in rubric
    assert factors[0].rubric[0] not in rubric
    assert "| Niveau | Lezing | Wat u in de regio ziet |" in rubric
    fixed = validation.fixed_table().text
    for spec in scoring.Parameters.__dataclass_fields__.values():
        if spec.name == "posterior":  # the draws themselves: no table shows them
            continue
        doc = spec.metadata["doc"]
        assert catalogue.get(doc), f"the meaning of {spec.name} has no Dutch translation"
        if "prior" not in spec.metadata:
            assert tables.cell(catalogue[doc]) in fixed and tables.cell(doc) not in fixed


def test_whatifs_speak_dutch(dutch):
    page = casepage.CasePage("kempen")
    labels = {run.whatif.key: run.whatif for run in page.runs}
    assert labels["documented"].label == "Zoals beschreven"
    assert labels["apply-all"].label == "Alle elf lessen toegepast"
    assert labels["threat-removed"].short_label == "Dreiging weg"


def test_the_english_book_is_unchanged(english):
    page = casepage.CasePage("beek")
    assert header(page.facts().text) == ["Fact", "Detail"]
    assert page.probabilities().figure.layout.title.text == "Chance of each outcome"
    assert page.lever_texts()["top_gain"] == f"{page.in_hand_levers()[0].gain:.1f}"
    assert "(a break-up counts as collapsed); chance it still exists" in page.facts().text


def test_the_pages_code_cells_are_extracted_and_translated(catalogue):
    """make i18n reads the _() strings of the pages' code cells (widgets.book.cell_strings): each has a
    Dutch translation."""
    found: dict[str, str] = {}
    for path in PAGES:
        for _line, _function, message, _comments in cell_strings.extract(
                io.BytesIO(path.read_bytes()), {"_": None}, (), {}):
            found[message] = path.name
    assert {"none", "is flagged", "Condition"} <= set(found)
    missing = sorted(f"{page}: {message!r}" for message, page in found.items() if not catalogue.get(message))
    assert not missing, f"strings of the pages' code cells without a Dutch translation in {PO}: {missing}"


def test_code_cells_are_read_with_their_lines():
    text = "# Title\n\n```{code-cell}\n:tags: [remove-cell]\n\nx = _(\"one\")\n```\n\nprose _(\"not code\")\n"
    assert list(cell_strings.code_cells(text)) == [(4, "\n\nx = _(\"one\")\n")]
    found = list(cell_strings.extract(io.BytesIO(text.encode()), {"_": None}, (), {}))
    assert [(line, message) for line, _f, message, _c in found] == [(6, "one")]


def test_the_dutch_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = [m for m in read_po(PO.open("rb")) if m.id]
    empty = [m.id for m in entries if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert not empty, f"untranslated in {PO}: {empty}"
    assert not fuzzy, f"fuzzy in {PO}: {fuzzy}"
