"""The what-if controls of every case page work in the static site, without a kernel."""

from __future__ import annotations

import math

import pytest

from widgets.book import whatif
from widgets.records import loading

CASES = list(loading.CASE_IDS)

VISIBLE_JS = """
(div) => div.data.map((trace, index) => ({
    index, visible: trace.visible !== false, meta: trace.meta || {}, y: Array.from(trace.y || []),
}))
"""


def whatif_div(page):
    """The plot that has a scenario menu."""
    for handle in page.query_selector_all(".js-plotly-plot"):
        if handle.evaluate("(div) => (div.layout.updatemenus || []).length > 0"):
            return handle
    raise AssertionError("no what-if figure with a menu on the page")


def visible_momentum(handle) -> dict:
    traces = handle.evaluate(VISIBLE_JS)
    shown = [t for t in traces if t["visible"] and t["meta"].get("role") == "momentum"]
    assert len(shown) == 1, f"expected one visible scenario, got {[t['meta'] for t in shown]}"
    return shown[0]


def choose(page, handle, index: int) -> None:
    """Open the scenario menu and click entry ``index``, as a reader would."""
    handle.query_selector(".updatemenu-header-group").click()
    buttons = handle.query_selector_all(".updatemenu-dropdown-button")
    assert buttons, "the menu did not open"
    buttons[index].click()
    page.wait_for_timeout(150)


@pytest.mark.parametrize("case_id", CASES)
def test_every_what_if_control_changes_the_visible_trajectory(case_id, open_page):
    case = loading.load_case(case_id)
    runs = whatif.runs(case, loading.factor_map())
    visit = open_page(f"cases/{case_id}.html")
    page = visit.page
    handle = whatif_div(page)
    assert visible_momentum(handle)["meta"]["scenario"] == runs[0].whatif.key
    seen = []
    for index, run in enumerate(runs):
        choose(page, handle, index)
        trace = visible_momentum(handle)
        expected = [point.momentum for point in run.evaluation.trajectory]
        assert trace["meta"]["scenario"] == run.whatif.key
        assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(trace["y"], expected))
        title = handle.evaluate("(div) => div.layout.title.text")
        assert run.whatif.short_label in title and run.evaluation.outcome in title
        seen.append(tuple(trace["y"]))
    assert len(set(seen)) > 1, "no scenario changed the trajectory"
    assert not visit.problems, visit.report()


def test_a_case_page_passes_an_axe_scan(open_page):
    from axe_playwright_python.sync_playwright import Axe

    visit = open_page("cases/beemster.html")
    results = Axe().run(visit.page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"critical", "serious"}]
    assert not serious, [(v["id"], v["help"], len(v["nodes"])) for v in serious]


def test_the_overview_shows_calibration_matrix_and_timeline(open_page):
    visit = open_page("cases/index.html")
    page = visit.page
    assert page.locator("table").count() >= 1
    assert page.locator(".js-plotly-plot").count() == 2
    text = page.inner_text("main")
    for case in loading.load_cases().values():
        assert case.name in text
    assert not visit.problems, visit.report()
