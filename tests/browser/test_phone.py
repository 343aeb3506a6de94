"""Every figure of the book fits a phone (390 x 844 in chromium): nothing cut off, nothing on top
of anything else (make book first; SITE_DIR overrides _build/html)."""

from __future__ import annotations

import pytest
from conftest import figure_pages

PHONE = {"width": 390, "height": 844}
PAGES = figure_pages() or ["(site not built: run make book)"]
SLACK = 1.0  # pixels of rounding

MEASURE_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(div => {
    const box = (selector) => Array.from(div.querySelectorAll(selector)).map(e => {
        const r = e.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};
    }).filter(r => r.width > 0 && r.height > 0);
    const svg = div.querySelector('svg.main-svg').getBoundingClientRect();
    return {
        id: div.id, name: (div.layout && div.layout.title && div.layout.title.text || div.id).replace(/<[^>]*>/g, ''),
        svg: {left: svg.left, right: svg.right, width: svg.width},
        title: box('.gtitle'), menu: box('.updatemenu-header-group'), legend: box('.legend'),
        xtitle: box('.xtitle'), ticks: box('.xtick text'),
    };
})
"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - SLACK and b["left"] < a["right"] - SLACK and \
        a["top"] < b["bottom"] - SLACK and b["top"] < a["bottom"] - SLACK


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_fits_a_phone(path, browser_context, site_url, site_dir):
    page = browser_context.new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto(site_url + path, wait_until="load")
        page.wait_for_timeout(400)
        page.evaluate("() => window.dispatchEvent(new Event('resize'))")
        page.wait_for_timeout(400)
        problems = []
        for figure in page.evaluate(MEASURE_JS):
            name = f'"{figure["name"]}"'
            svg = figure["svg"]
            if svg["right"] > PHONE["width"] + SLACK or svg["left"] < -SLACK:
                problems.append(f"{name} is wider than the screen ({svg['width']:.0f}px)")
            for part in ("title", "menu", "legend", "xtitle"):
                for box in figure[part]:
                    if box["left"] < svg["left"] - SLACK or box["right"] > svg["right"] + SLACK:
                        problems.append(f"{name}: its {part} runs past the edge of the figure")
            for legend in figure["legend"]:
                for title in figure["xtitle"]:
                    if overlap(legend, title):
                        problems.append(f"{name}: the legend lies over the axis title")
                for tick in figure["ticks"]:
                    if overlap(legend, tick):
                        problems.append(f"{name}: the legend lies over the year labels")
            for menu in figure["menu"]:
                for title in figure["title"]:
                    if overlap(menu, title):
                        problems.append(f"{name}: the scenario menu lies over the title")
        assert not problems, "\n".join(problems)
    finally:
        page.close()
