"""Browser tests of the built book (make book first; SITE_DIR overrides _build/html).

Every built page loads in chromium without console errors, page errors, failed
requests, responses >= 400 or any request outside 127.0.0.1; every plotly figure
has rendered; math has been typeset by the local MathJax; the JavaScript is local;
every page passes an axe scan without critical or serious violations; a chapter
page has exactly one visible search control at desktop width and a working one on
a phone.

Each page is opened once (``inspect_page``): its load problems are recorded first,
then axe-core runs on it (axe fetches ``@import``-ed stylesheets relative to the
page, a spurious 404 that must not count as a load problem).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from conftest import LOCAL_HOST, built_pages, figure_pages

NOT_BUILT = "(site not built: run make book)"
PAGES = built_pages() or [NOT_BUILT]
CHAPTER_PAGE = "book/lessons.html"
SEARCH_PAGE = CHAPTER_PAGE
AXE_IMPACTS = ("critical", "serious")  # what fails the accessibility test
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# State of every plotly figure div once the page has loaded.
FIGURES_JS = """
() => Array.from(document.querySelectorAll('.plotly-graph-div, .js-plotly-plot')).map(div => ({
    id: div.id,
    initialised: div.classList.contains('js-plotly-plot'),
    traces: Array.isArray(div._fullData) ? div._fullData.length : 0,
    svg: div.querySelector('svg.main-svg') !== null,
}))
"""

# How much of the page's math MathJax has typeset (after its startup promise).
MATH_JS = """
async () => {
    const math = document.querySelectorAll('.math');
    if (math.length === 0) return {math: 0};
    if (!window.MathJax || !window.MathJax.startup) return {math: math.length, mathjax: false};
    await window.MathJax.startup.promise;
    return {
        math: math.length,
        mathjax: true,
        typeset: Array.from(math).filter(el => el.querySelector('mjx-container')).length,
        errors: document.querySelectorAll('mjx-merror').length,
    };
}
"""


# Every search control of the theme (outside the search dialog it opens) that is
# shown: not hidden by CSS, not zero-sized, not in a drawer pushed off the side of
# the screen. A shown control may still be scrolled out of sight (e.g. within the
# sidebar): "on_screen" says whether it is inside the viewport as the page opens.
SEARCH_CONTROLS_JS = """
() => {
    const selector = '.search-button__button, .search-button-field, .search-button, '
        + 'input[type="search"], [role="search"], #searchbox, form.bd-search';
    const found = Array.from(document.querySelectorAll(selector))
        .filter(el => !el.closest('#pst-search-dialog'));
    const outermost = found.filter(el => !found.some(other => other !== el && other.contains(el)));
    return outermost.map(el => ({el, box: el.getBoundingClientRect()})).filter(({el, box}) =>
        el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
        && box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth
    ).map(({el, box}) => {
        const where = el.closest('.bd-header, .bd-sidebar-primary, .bd-header-article, .bd-sidebar-secondary, footer');
        return {
            tag: el.tagName.toLowerCase(),
            classes: el.className,
            label: el.getAttribute('aria-label') || el.getAttribute('placeholder') || el.textContent.trim(),
            in: where ? where.className.split(' ')[0] : 'page',
            on_screen: box.bottom > 0 && box.top < window.innerHeight,
        };
    });
}
"""


@dataclass
class PageResult:
    problems: dict
    report: str
    figures: list
    plotly_version: str | None
    math: dict
    axe_violations: list  # axe-core's violations with impact in AXE_IMPACTS
    axe_error: str | None = None  # axe could not run on the page


def run_axe(page) -> list[dict]:
    """axe-core's critical and serious violations on an open page."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v for v in violations if v.get("impact") in AXE_IMPACTS]


def axe_report(page: str, violations: list[dict], max_nodes: int = 10) -> str:
    """Readable: rule id, impact, what it checks, its help URL and the failing elements."""
    lines = [f"axe found {len(violations)} critical/serious violation(s) on {page}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  [{v.get('helpUrl', '')}]")
        for node in v["nodes"][:max_nodes]:
            target = " >> ".join(" ".join(t) if isinstance(t, list) else str(t) for t in node["target"])
            reasons = [line.strip() for line in (node.get("failureSummary") or "").splitlines()]
            summary = "; ".join(r for r in reasons if r and not r.startswith("Fix "))
            lines.append(f"    {target}")
            lines.append(f"      {node.get('html', '')[:160]}")
            if summary:
                lines.append(f"      -> {summary[:240]}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    ... and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def inspect_page(site_dir, page_opener):
    """Load each page once (cached) and collect what the tests below check."""
    cache: dict[str, PageResult] = {}

    def _inspect(page: str) -> PageResult:
        if page == NOT_BUILT:
            pytest.fail(f"no pages found in {site_dir}: run make book", pytrace=False)
        if page not in cache:
            visit = page_opener(page)
            try:
                figures = visit.page.evaluate(FIGURES_JS)
                version = visit.page.evaluate("() => window.Plotly ? window.Plotly.version : null")
                math = visit.page.evaluate(MATH_JS)
                # Snapshot the load problems before axe adds its own requests.
                problems = {name: list(items) for name, items in visit.problems.items()}
                report = visit.report()
                violations, axe_error = [], None
                try:
                    violations = run_axe(visit.page)
                except Exception as exc:  # reported by test_page_accessibility
                    axe_error = f"{type(exc).__name__}: {exc}"
            finally:
                visit.page.close()
            cache[page] = PageResult(problems, report, figures, version, math, violations, axe_error)
        return cache[page]

    return _inspect


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly(page, inspect_page):
    """No console/page errors, failed or >= 400 responses, or requests off 127.0.0.1."""
    result = inspect_page(page)
    if result.problems:
        pytest.fail(result.report, pytrace=False)


@pytest.mark.parametrize("page", PAGES)
def test_plotly_figures_render(page, inspect_page):
    """Every plotly figure on the page has traces and an SVG (pages without pass)."""
    result = inspect_page(page)
    broken = [f for f in result.figures if not (f["initialised"] and f["traces"] and f["svg"])]
    if broken:
        pytest.fail(
            f"{page}: {len(broken)} of {len(result.figures)} plotly figures did not render: "
            f"{broken}\n{result.report}",
            pytrace=False,
        )
    if result.figures:
        import plotly.offline

        # The bundle from make assets must be the plotly.js that plotly.py targets.
        assert result.plotly_version == plotly.offline.get_plotlyjs_version()


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset(page, inspect_page):
    """All math on the page is typeset by the local MathJax, without TeX errors."""
    state = inspect_page(page).math
    if state["math"]:
        assert state["mathjax"], f"{page} has math but MathJax is not loaded"
        assert state["typeset"] == state["math"], f"{page}: not all math typeset: {state}"
        assert state["errors"] == 0, f"{page}: MathJax reported TeX errors: {state}"


class _AssetLinks(HTMLParser):
    """Collects the URLs a page loads by itself (scripts, styles, images, frames)."""

    LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "embed", "audio", "video"}:
            if attrs.get("src"):
                self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            if self.LOADING_RELS.intersection((attrs.get("rel") or "").lower().split()):
                self.urls.append(attrs["href"])


@pytest.mark.parametrize("page", PAGES)
def test_page_assets_are_local(page, site_dir):
    """Static check of the HTML: no script, style, image or frame from another host."""
    if page == NOT_BUILT:
        pytest.fail(f"no pages found in {site_dir}: run make book", pytrace=False)
    parser = _AssetLinks()
    parser.feed((site_dir / page).read_text(encoding="utf8"))
    outside = [
        url
        for url in parser.urls
        if urlparse(url).scheme not in ("", "data") and urlparse(url).hostname != LOCAL_HOST
    ]
    assert not outside, f"{page} loads assets from outside the site: {outside}"


def test_javascript_is_local(site_dir, open_page, capsys):
    """All JS a figure page loads comes from the site itself; prints its total size."""
    pages = figure_pages(site_dir)
    page = pages[0] if pages else CHAPTER_PAGE
    visit = open_page(page)
    sizes = visit.script_sizes()
    assert sizes, f"{page} loaded no JavaScript at all?"
    outside = [url for url, _ in sizes if urlparse(url).hostname != LOCAL_HOST]
    assert not outside and not visit.outside_requests, visit.report()
    total = sum(size for _, size in sizes)
    with capsys.disabled():
        what = "figure page" if pages else "page (no figure page built yet)"
        print(f"\n[JS size] {what} {page}: {len(sizes)} scripts, {total / 1024:.0f} KiB total")
        for url, size in sorted(sizes, key=lambda item: -item[1])[:4]:
            print(f"[JS size]   {size / 1024:8.0f} KiB  {urlparse(url).path}")


@pytest.mark.parametrize("page", PAGES)
def test_page_accessibility(page, inspect_page):
    """axe-core finds no critical or serious violations on the page."""
    result = inspect_page(page)
    if result.axe_error:
        pytest.fail(f"axe could not scan {page}: {result.axe_error}", pytrace=False)
    if result.axe_violations:
        pytest.fail(axe_report(page, result.axe_violations), pytrace=False)


def _visible_search_controls(page, viewport: dict) -> list[dict]:
    page.set_viewport_size(viewport)
    page.reload(wait_until="load")
    page.wait_for_timeout(200)
    return page.evaluate(SEARCH_CONTROLS_JS)


def test_one_search_control_on_desktop_and_a_working_one_on_a_phone(site_dir, open_page):
    """A chapter page has exactly one visible search control at 1280x900; at 390x844 it
    has one on screen, and it opens the search dialog, which searches the book."""
    assert (site_dir / SEARCH_PAGE).is_file(), f"{SEARCH_PAGE} is not built"
    visit = open_page(SEARCH_PAGE)
    page = visit.page
    desktop = _visible_search_controls(page, DESKTOP)
    assert len(desktop) == 1, f"{SEARCH_PAGE} at 1280x900: {len(desktop)} search controls shown: {desktop}"
    assert desktop[0]["on_screen"], f"{SEARCH_PAGE} at 1280x900: the search control is out of sight: {desktop}"

    phone = _visible_search_controls(page, PHONE)
    assert len(phone) == 1, f"{SEARCH_PAGE} at 390x844: {len(phone)} search controls shown: {phone}"
    assert phone[0]["on_screen"], f"{SEARCH_PAGE} at 390x844: the search control is out of sight: {phone}"
    control = page.locator(".search-button__button:visible").first
    control.click()
    field = page.locator("#pst-search-dialog input[name='q']")
    field.wait_for(state="visible", timeout=5000)
    box = field.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (
        f"the search field does not fit a 390px screen: {box}"
    )
    field.fill("Beek")
    with page.expect_navigation(wait_until="load"):
        field.press("Enter")
    assert "search.html" in page.url and "q=Beek" in page.url, page.url
    # Sphinx's search lists the pages one by one (fetching each for its summary), then
    # says it has finished; wait for that, so no request is cut off when the page closes.
    page.locator("#search-results .search-summary").filter(has_text="Search finished").wait_for(timeout=15000)
    assert page.locator("#search-results li").count() > 0, "searching the book for Beek found nothing"


@pytest.mark.parametrize("page", PAGES)
def test_no_dead_widgets(page, site_dir):
    """No ipywidgets in a static page: without a kernel, a control would move and change nothing."""
    if page == NOT_BUILT:
        pytest.fail(f"no pages found in {site_dir}: run make book", pytrace=False)
    text = (site_dir / page).read_text(encoding="utf8")
    assert "application/vnd.jupyter.widget-state+json" not in text, f"{page} embeds widget state"
    assert "application/vnd.jupyter.widget-view+json" not in text, f"{page} embeds a widget view"
