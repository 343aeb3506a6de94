"""The Dutch edition in Chromium: the switch leads to the same page in the other language and back,
the Dutch search finds Dutch words, and the Dutch student edition has no worked solutions.

Every Dutch page is also opened by ``test_site.py`` (it walks every built page, ``nl/``
included): loads cleanly, figures drawn, math typeset, axe without serious violations.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import ROOT, built_pages, site_root

DUTCH = "nl"
SWITCH_TO_DUTCH = "Lees deze pagina in het Nederlands"
SWITCH_TO_ENGLISH = "Read this page in English"


def english_pages() -> list[str]:
    root = site_root()
    return [page for page in built_pages(root)
            if not page.startswith(f"{DUTCH}/") and page not in ("index.html", "genindex.html", "search.html")]


@pytest.mark.parametrize("page", english_pages() or ["book/intro.html"])
def test_the_switch_leads_to_the_dutch_twin_and_back(site_dir: Path, site_url: str, open_page, page: str) -> None:
    visit = open_page(page, settle_ms=0)
    browser = visit.page
    assert browser.locator("html").get_attribute("lang") == "en"
    browser.get_by_role("link", name=SWITCH_TO_DUTCH).click()
    browser.wait_for_url(urljoin(site_url, f"{DUTCH}/{page}"))
    assert browser.locator("html").get_attribute("lang") == DUTCH
    english_title = (site_dir / page).read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    assert browser.title() and browser.title() != english_title, "the Dutch twin has the English title"
    browser.get_by_role("link", name=SWITCH_TO_ENGLISH).click()
    browser.wait_for_url(urljoin(site_url, page))
    assert browser.locator("html").get_attribute("lang") == "en"


def test_the_switch_works_from_files_too(site_dir: Path, browser_context) -> None:
    """Offline, from the file system: relative links, no server."""
    browser = browser_context.new_page()
    try:
        browser.goto((site_dir / "cases" / "beek.html").as_uri())
        browser.get_by_role("link", name=SWITCH_TO_DUTCH).click()
        browser.wait_for_url((site_dir / DUTCH / "cases" / "beek.html").as_uri())
        assert "knelpunten" in browser.locator("article h1").first.inner_text()
    finally:
        browser.close()


def _search(open_page, path: str) -> list[str]:
    """The result links of the site's own search page (Sphinx's searchtools)."""
    visit = open_page(path, settle_ms=0)
    summary = visit.page.locator("#search-results p.search-summary")
    visit.page.wait_for_function(
        "() => { const r = document.querySelector('#search-results');"
        " return r && (r.querySelector('ul.search li') || r.querySelector('p.search-summary')?.textContent); }",
        timeout=20_000)
    assert summary.count() == 1
    return visit.page.locator("#search-results ul.search li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_the_dutch_search_finds_dutch_words(open_page) -> None:
    dutch = _search(open_page, f"{DUTCH}/search.html?q=knelpunten")
    assert "cases/beek.html" in dutch and "book/beek.html" in dutch, dutch
    assert all(not link.startswith(("http", "/")) for link in dutch), dutch
    assert _search(open_page, "search.html?q=knelpunten") == [], "the English search found the Dutch word"


def student_root() -> Path:
    import os

    return Path(os.environ.get("STUDENT_SITE_DIR") or ROOT / "_build_student" / "html").resolve()


def test_the_dutch_student_edition_leaves_the_worked_solutions_out(site_dir: Path) -> None:
    student = student_root() / DUTCH
    assert (student / "index.html").is_file(), f"{student} is not built: make book-student"
    solution = re.compile(r'class="solution\b')  # sphinx-exercise's solution admonition
    full = [p for p in built_pages(site_dir / DUTCH) if solution.search((site_dir / DUTCH / p).read_text("utf-8"))]
    assert full, "no worked solution on the full Dutch edition's pages: the test would see nothing"
    left = [p for p in full if solution.search((student / p).read_text("utf-8"))]
    assert not left, f"worked solutions in the Dutch student edition: {left}"
    intro = (student / "book" / "intro.html").read_text("utf-8")
    assert 'lang="nl"' in intro and "Studenteneditie" in intro and "Student edition" not in intro


def test_the_live_model_on_a_dutch_page_answers_in_dutch(page_opener) -> None:
    """Move lessons on a Dutch case page: the page draws what the model says in Dutch, with Dutch status lines."""
    from catalogue import english_left
    from test_live_model import drawn, expected, set_level, wait_drawn

    from widgets.browser import model_page
    from widgets.records import export, loading

    model_page.load(json.dumps(export.case_bundle(loading.load_cases(), loading.factor_map())))
    visit = page_opener(f"{DUTCH}/cases/beek.html")
    page = visit.page
    try:
        page.evaluate("""() => document.querySelectorAll('section.samensterk-model').forEach(s => {
            s.dataset.draws = '0';
            s.addEventListener('samensterk:drawn', () => { s.dataset.draws = String(Number(s.dataset.draws) + 1); });
        })""")
        levels = dict(model_page.base_profile("beek", model_page.loaded())[0].levels)
        levels["leadership"], levels["trust"] = 4.0, 4.5
        set_level(page, "beek", "leadership", 4.0)
        set_level(page, "beek", "trust", 4.5)
        wait_drawn(page, "beek", 1)
        shown = drawn(page, "beek")
        want = model_page.respond({"kind": "change", "case": "beek", "levels": levels, "lang": DUTCH})
        assert shown["summary"] == want["summary"] and shown["levers"] == [lever["text"] for lever in want["levers"]]
        assert shown["summary"] != expected(model_page, "beek", levels)["summary"], "the summary is the English one"
        words = " ".join([shown["summary"], *shown["levers"],
                          page.locator("section.samensterk-model .samensterk-model-status").inner_text()])
        assert not english_left(words), english_left(words)
        assert not visit.problems, visit.report()
    finally:
        page.close()


def test_the_live_qca_table_on_the_dutch_page_is_recomputed_in_dutch(open_page) -> None:
    visit = open_page(f"{DUTCH}/book/qca.html")
    page = visit.page
    section = "section.samensterk-qca"
    assert page.locator(section).get_attribute("data-lang") == DUTCH
    page.select_option("#samensterk-qca-negate", "true")
    page.wait_for_function("(sel) => Number(document.querySelector(sel).dataset.updates || 0) >= 1",
                           arg=section, timeout=90_000)
    result = page.locator(f"{section} .samensterk-qca-result").inner_text()
    status = page.locator(".samensterk-qca-status").inner_text()
    assert "~HOLDS" in result and "Waarheidstabel" in result and "Truth table" not in result, result[:300]
    assert re.search(r"\d,\d\d", result) and not re.search(r"\b0\.\d\d\b", result), result[:600]
    assert "Opnieuw berekend" in status, status
    assert not visit.problems, visit.report()
