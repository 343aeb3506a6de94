"""Browser tests of the built book (make book first; SITE_DIR overrides _build/html).

Every built page loads in chromium without console errors, page errors, failed
requests, responses >= 400 or any request outside 127.0.0.1; every plotly figure
has rendered; math has been typeset by the local MathJax; the JavaScript is local;
a chapter page passes an axe scan without critical or serious violations.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from conftest import LOCAL_HOST, built_pages, figure_pages

NOT_BUILT = "(site not built: run make book)"
PAGES = built_pages() or [NOT_BUILT]
AXE_PAGE = "book/lessons.html"

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


@dataclass
class PageResult:
    problems: dict
    report: str
    figures: list
    plotly_version: str | None
    math: dict


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
            finally:
                visit.page.close()
            cache[page] = PageResult(visit.problems, visit.report(), figures, version, math)
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
    page = pages[0] if pages else AXE_PAGE
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


def test_lessons_page_accessibility(site_dir, open_page):
    """axe-core finds no critical or serious violations on a chapter page."""
    from axe_playwright_python.sync_playwright import Axe

    assert (site_dir / AXE_PAGE).is_file(), f"{AXE_PAGE} is not built"
    visit = open_page(AXE_PAGE)
    violations = Axe().run(visit.page).response["violations"]
    severe = [v for v in violations if v["impact"] in ("critical", "serious")]
    if severe:
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n    "
            + "\n    ".join(str(node["target"]) for node in v["nodes"][:8])
            for v in severe
        )
        pytest.fail(f"axe violations on {AXE_PAGE}:\n{details}", pytrace=False)


@pytest.mark.parametrize("page", PAGES)
def test_no_dead_widgets(page, site_dir):
    """No ipywidgets in a static page: without a kernel, a control would move and change nothing."""
    if page == NOT_BUILT:
        pytest.fail(f"no pages found in {site_dir}: run make book", pytrace=False)
    text = (site_dir / page).read_text(encoding="utf8")
    assert "application/vnd.jupyter.widget-state+json" not in text, f"{page} embeds widget state"
    assert "application/vnd.jupyter.widget-view+json" not in text, f"{page} embeds a widget view"
