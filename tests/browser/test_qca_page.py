"""The QCA chapter's live truth table in Chromium (make book first; SITE_DIR overrides _build/html).

A change of a control recomputes the truth table with widgets/browser/qca_page.py in the live model's
Web Worker on the site's own Pyodide; the page shows what the same module computes in CPython;
a refused choice is named; without JavaScript the table as built is there; axe finds nothing
critical or serious.
"""

from __future__ import annotations

import json
import tomllib
from urllib.parse import urljoin

import pytest

from widgets.browser import qca_page
from widgets.records import loading

PAGE = "book/qca.html"
READY_TIMEOUT = 90_000  # ms: Python's first start on a loaded machine
SECTION = "section.samensterk-qca"


def expected(**changes) -> dict:
    document = tomllib.loads((loading.data_dir() / "qca.toml").read_text(encoding="utf-8"))
    request = qca_page.default_request(document) | changes
    return qca_page.analyse_cases(qca_page.case_mappings(loading.load_cases()), request)


def rows(page) -> list[str]:
    return page.locator(f"{SECTION} .samensterk-qca-table tbody tr").all_inner_texts()


def wait_updates(page, count: int) -> None:
    page.wait_for_function(
        "([sel, n]) => Number(document.querySelector(sel).dataset.updates || 0) >= n",
        arg=[SECTION, count], timeout=READY_TIMEOUT)


def test_the_table_as_built_is_the_chapters_analysis(open_page):
    visit = open_page(PAGE)
    page = visit.page
    html = page.locator(f"{SECTION} .samensterk-qca-result").inner_html()
    assert "<table" in html and "Truth table for HOLDS" in html
    assert page.locator(f"{SECTION} .samensterk-qca-form").is_visible()  # the script showed the form
    shown = rows(page)
    want = expected()
    assert len(shown) == len(want["rows"]) > 0
    assert all(", ".join(row["cases"]) in text for text, row in zip(shown, want["rows"]))
    assert not visit.problems, visit.report()


def test_changing_a_control_recomputes_the_table_in_python(open_page):
    visit = open_page(PAGE)
    page = visit.page
    before = rows(page)
    page.select_option("#samensterk-qca-negate", "true")  # analyse the failure of a cooperation
    wait_updates(page, 1)
    after_negate = page.locator(f"{SECTION} .samensterk-qca-result").inner_text()
    assert "~HOLDS" in after_negate and rows(page) != before
    # The page shows what the same module computes in CPython: its rows, cases and solutions.
    want = expected(negate=True)
    shown = rows(page)
    assert len(shown) == len(want["rows"])
    for text, row in zip(shown, want["rows"]):
        assert text.split("\t")[0].strip() == str(row["number"])
        assert ", ".join(row["cases"]) in text and f"{row['consistency']:.2f}" in text
    for solution in want["solutions"]["parsimonious"]:
        assert solution["expression"] in after_negate
    # Add a condition: the table gets a column.
    page.check("#samensterk-qca-c-trust")
    wait_updates(page, 2)
    headers = page.locator(f"{SECTION} .samensterk-qca-table thead th").all_inner_texts()
    assert "TRUST" in headers
    status = page.locator(".samensterk-qca-status").inner_text()
    assert "Recomputed" in status and "TRUST" in status
    assert not visit.problems, visit.report()


def test_a_refused_choice_is_named_and_the_table_kept(open_page):
    visit = open_page(PAGE)
    page = visit.page
    page.select_option("#samensterk-qca-negate", "true")
    wait_updates(page, 1)
    shown = rows(page)
    page.fill("#samensterk-qca-crossover", "5")  # crossover above full membership: not monotone
    page.dispatch_event("#samensterk-qca-crossover", "change")
    page.wait_for_function("() => document.querySelector('.samensterk-qca-status').textContent.includes('anchors')",
                           timeout=READY_TIMEOUT)
    assert "monotone" in page.locator(".samensterk-qca-status").inner_text()
    assert page.get_attribute("#samensterk-qca-crossover", "aria-invalid") == "true"
    assert rows(page) == shown
    page.fill("#samensterk-qca-crossover", "3.25")
    page.dispatch_event("#samensterk-qca-crossover", "change")
    wait_updates(page, 2)
    assert page.get_attribute("#samensterk-qca-crossover", "aria-invalid") is None
    assert not visit.problems, visit.report()


def test_without_javascript_the_table_as_built_shows(browser_context, site_url):
    page = browser_context.new_page()
    try:
        page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
        session = browser_context.new_cdp_session(page)
        session.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto(urljoin(site_url, PAGE))
        assert page.locator(f"{SECTION} .samensterk-qca-table").is_visible()
        assert not page.locator(f"{SECTION} .samensterk-qca-form").is_visible()
        assert rows(page)
    finally:
        page.close()


def test_the_live_table_passes_axe(open_page):
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page(PAGE)
    page = visit.page
    page.check("#samensterk-qca-c-gideon_band")
    wait_updates(page, 1)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
    assert not bad, [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]
    assert json.loads(page.locator(f"{SECTION} script.samensterk-qca-request").text_content())["conditions"]


@pytest.mark.parametrize("control", ["conditions", "exclusion", "crossover", "inclusion", "threshold",
                                     "negate", "unknown"])
def test_every_control_has_a_label(open_page, control):
    page = open_page(PAGE).page
    for element in page.locator(f"{SECTION} [name='{control}']").all():
        ident = element.get_attribute("id")
        assert page.locator(f"label[for='{ident}']").inner_text().strip()
