"""The model live in the page: controls on every case page and "Your region", the model in a Web
Worker on the site's own Pyodide, the figures redrawn with the model's numbers, the scenario in
the address (make book first; SITE_DIR overrides _build/html)."""

from __future__ import annotations

import json
import math
import random
from urllib.parse import urljoin

import pytest

from widgets import scoring
from widgets.browser import model_page
from widgets.records import export, loading

CASES = list(loading.CASE_IDS)
PAGES = {case_id: f"cases/{case_id}.html" for case_id in CASES} | {model_page.BLANK: "book/your-region.html"}
READY_TIMEOUT = 60_000  # ms: Python's first start on a loaded machine
LEVELS = [1 + 0.5 * step for step in range(9)]


@pytest.fixture(scope="module")
def model():
    """The live module in CPython, loaded with the same case data the book exported."""
    model_page.load(json.dumps(export.case_bundle(loading.load_cases(), loading.factor_map())))
    return model_page


def section(page, case_id: str):
    return page.locator(f"section.samensterk-model[data-case='{case_id}']")


def set_level(page, case_id: str, factor: str, level: float) -> None:
    """Move one control as a reader would: focus it and press keys until it shows the level."""
    control = page.locator(f"#{case_id}-{factor}")
    control.focus()
    current = float(control.input_value())
    key = "ArrowRight" if level > current else "ArrowLeft"
    for _ in range(int(round(abs(level - current) / 0.5))):
        control.press(key)


def wait_drawn(page, case_id: str, count: int) -> None:
    """Wait until the page has drawn at least ``count`` times and no update is in flight or queued."""
    page.wait_for_function(
        "([id, n]) => { const s = document.querySelector(`section[data-case='${id}']`);"
        " return s && Number(s.dataset.draws || 0) >= n && !s.dataset.busy; }", arg=[case_id, count],
        timeout=READY_TIMEOUT)


def drawn(page, case_id: str) -> dict:
    """What the page shows now: its trajectory and probability traces, summary and address."""
    return page.evaluate(
        """(id) => {
            const trace = document.getElementById(`samensterk-trajectory-${id}`);
            const chances = document.getElementById(`samensterk-probabilities-${id}`);
            const s = document.querySelector(`section[data-case='${id}']`);
            return {
                traces: trace.data.map(t => ({role: (t.meta || {}).role, y: Array.from(t.y), x: Array.from(t.x)})),
                chances: chances.data.map(t => ({outcome: (t.meta || {}).outcome || (t.meta || {}).role,
                                                 y: Array.from(t.y)})),
                summary: s.querySelector('.samensterk-model-summary').textContent,
                levers: Array.from(s.querySelectorAll('.samensterk-model-levers li')).map(li => li.textContent),
                hash: window.location.hash,
            };
        }""", case_id)


def expected(model, case_id: str, levels: dict, compare: str = "") -> dict:
    return model.respond({"kind": "change", "case": case_id, "levels": levels, "compare": compare})


def same_number(a: float | None, b: float | None) -> bool:
    """Equal to rounding, where None (a gap in a line, e.g. after a break-up) matches only None."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def assert_same(shown: dict, want: dict) -> None:
    assert shown["hash"] == want["address"]
    roles = {t["role"]: t for t in shown["traces"]}
    for spec in want["trajectory"]["data"]:
        got = roles[spec["meta"]["role"]]
        assert got["x"] == spec["x"]
        assert len(got["y"]) == len(spec["y"]), spec["meta"]
        assert all(same_number(a, b) for a, b in zip(got["y"], spec["y"])), spec["meta"]
    chances = {t["outcome"]: t["y"] for t in shown["chances"]}  # the classes, and the survival curve ("alive")
    assert set(chances) == {spec["meta"].get("outcome", spec["meta"]["role"]) for spec in want["probabilities"]["data"]}
    for spec in want["probabilities"]["data"]:
        assert chances[spec["meta"].get("outcome", spec["meta"]["role"])] == spec["y"]
    assert shown["summary"] == want["summary"]
    assert shown["levers"] == [lever["text"] for lever in want["levers"]]
    assert shown["hash"] == want["address"]


@pytest.fixture
def counted(page_opener):
    """Open a page and count every drawing of its live model in section.dataset.draws."""
    opened = []

    def _open(path: str):
        visit = page_opener(path)
        visit.page.evaluate("""() => document.querySelectorAll('section.samensterk-model').forEach(s => {
            s.dataset.draws = '0';
            s.addEventListener('samensterk:drawn', () => { s.dataset.draws = String(Number(s.dataset.draws) + 1); });
        })""")
        opened.append(visit)
        return visit

    yield _open
    for visit in opened:
        visit.page.close()


@pytest.mark.parametrize("case_id", list(PAGES))
def test_random_profiles_set_through_the_controls_show_the_models_numbers(case_id, counted, model):
    visit = counted(PAGES[case_id])
    page = visit.page
    assert section(page, case_id).is_visible()
    base, _horizon, _last, _label = model.base_profile(case_id, model.loaded())
    rng = random.Random(f"live-{case_id}")
    levels = dict(base.levels)
    for round_ in range(2):
        for factor in rng.sample(scoring.FACTORS, 3):
            levels[factor] = rng.choice(LEVELS)
            set_level(page, case_id, factor, levels[factor])
        wait_drawn(page, case_id, round_ + 1)
        assert_same(drawn(page, case_id), expected(model, case_id, levels))
    assert not visit.problems, visit.report()


def test_a_scenario_is_a_link_and_the_back_button_undoes_a_change(counted, model, site_url):
    case_id = "beemster"
    visit = counted(PAGES[case_id] + "#leadership=4&continuous_management=4&compare=kempen")
    page = visit.page
    wait_drawn(page, case_id, 1)
    want = expected(model, case_id, {**model.base_profile(case_id, model.loaded())[0].levels, "leadership": 4.0,
                                     "continuous_management": 4.0}, "kempen")
    assert_same(drawn(page, case_id), want)
    assert page.locator(f"#{case_id}-leadership").input_value() == "4"
    set_level(page, case_id, "trust", 2.5)  # one step: one change
    wait_drawn(page, case_id, 2)
    assert "trust=2.5" in page.evaluate("() => window.location.hash")
    set_level(page, case_id, "formalisation", 2.0)  # and another step
    wait_drawn(page, case_id, 3)
    page.go_back()
    wait_drawn(page, case_id, 4)
    assert "trust=2.5" in page.evaluate("() => window.location.hash")
    assert page.locator(f"#{case_id}-formalisation").input_value() == "1.5"
    page.go_back()
    wait_drawn(page, case_id, 5)
    assert_same(drawn(page, case_id), want)
    assert page.locator(f"#{case_id}-trust").input_value() == "2"
    assert not visit.problems, visit.report()


def test_a_bad_address_is_named_and_the_documented_case_shown(counted, model):
    visit = counted("cases/kempen.html#trust=9")
    wait_drawn(visit.page, "kempen", 1)
    summary = drawn(visit.page, "kempen")["summary"]
    assert "trust" in summary and "1 to 5" in summary
    assert not visit.problems, visit.report()


def test_without_javascript_the_static_figure_tells_the_story(browser_context, site_url):
    """Scripts off (DevTools' Emulation.setScriptExecutionDisabled): the trajectory is there as a
    drawing, and the controls, which would be dead, are not shown."""
    page = browser_context.new_page()
    try:
        page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
        session = browser_context.new_cdp_session(page)
        session.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto(urljoin(site_url, "cases/beek.html"))
        drawing = page.locator("figure:has(#samensterk-trajectory-beek) svg[role=img]")
        assert drawing.count() == 1 and drawing.is_visible()
        assert "Predicted momentum" in drawing.get_attribute("aria-label")
        assert not page.locator("section.samensterk-model").is_visible()
        assert page.locator("table").count() > 3  # the coding, observations and the other tables
    finally:
        page.close()


def test_a_live_page_passes_axe(counted):
    from axe_playwright_python.sync_playwright import Axe

    visit = counted(PAGES["helden"])
    page = visit.page
    set_level(page, "helden", "trust", 2.0)
    wait_drawn(page, "helden", 1)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
    assert not bad, [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]


def test_the_controls_are_labelled_and_the_outcome_is_announced(counted):
    visit = counted(PAGES["reik"])
    page = visit.page
    for factor in scoring.FACTORS:
        control = page.locator(f"#reik-{factor}")
        assert page.locator(f"label[for='reik-{factor}']").inner_text().strip()
        assert control.get_attribute("aria-describedby")
    assert page.locator("section[data-case='reik'] [role=status]").count() == 1
    assert page.locator("section[data-case='reik'] .samensterk-model-summary[aria-live]").count() == 1
