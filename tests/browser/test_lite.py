"""Open as notebook: the explorer in JupyterLite, inside the built book.

Needs the built book (make book; SITE_DIR overrides _build/html). Static checks: every
case page and "Your region" offer a "Open as notebook" for the right explorer, and the Lite
site serves its own Pyodide with every wheel, this project's built from the current
repository, and never falls back to PyPI. Browser tests (chromium, every request
outside 127.0.0.1 blocked and recorded by conftest): a page loads nothing of Lite
before the click; after the click the explorer draws its plot, a control moves the
trajectory, and nothing goes wrong on the way (no console or page error, no failed
request, no request off 127.0.0.1).

The helpers below are shared with benchmarks/bench_lite.py.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from widgets.records import loading

ROOT = Path(__file__).resolve().parents[2]
BROWSER_CASE = "kempen"
LIVE_PAGES = {f"cases/{case_id}.html": f"explorer({case_id!r})" for case_id in loading.CASE_IDS}
LIVE_PAGES["book/your-region.html"] = "explorer()"
FIRST_PLOT_TIMEOUT_MS = 240_000  # generous: CI machines are shared and slow
UPDATE_TIMEOUT_MS = 30_000
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
LIVE_BOX = re.compile(r'<div class="samensterk-notebook" data-src="([^"]+)"')

# The explorer's trajectory: the y values of the momentum trace of the first plot.
MOMENTUM_JS = """
() => {
    const plot = document.querySelector('.js-plotly-plot');
    if (!plot || !Array.isArray(plot.data) || !plot.querySelector('.main-svg')) return null;
    const trace = plot.data.find(t => t.meta && t.meta.role === 'momentum');
    return trace && trace.y ? Array.from(trace.y) : null;
}
"""


# --------------------------------------------------------------------- helpers


def start_live(page):
    """Click "Open as notebook" and return the JupyterLite frame once it exists."""
    page.get_by_role("button", name="Open as notebook").click()
    page.wait_for_selector("iframe.samensterk-notebook-frame", timeout=10_000)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "/lite/repl/" in frame.url:
                return frame
        page.wait_for_timeout(50)
    raise AssertionError("the Open as notebook iframe did not open the JupyterLite REPL")


def wait_for_plot(frame, timeout_ms: int = FIRST_PLOT_TIMEOUT_MS) -> list[float]:
    """Wait until the explorer's trajectory is drawn; return its momentum values."""
    handle = frame.wait_for_function(MOMENTUM_JS, timeout=timeout_ms, polling=100)
    return handle.json_value()


def movable_slider(frame):
    """The handle of a factor slider that can still move down (level above 1)."""
    handles = frame.locator(".widget-slider .noUi-handle")
    for index in range(handles.count()):
        handle = handles.nth(index)
        if float(handle.get_attribute("aria-valuenow") or 0) > 1:
            return handle
    raise AssertionError("no factor slider above level 1")


def nudge_and_wait(frame, handle, before: list[float], key: str = "ArrowLeft",
                   timeout_ms: int = UPDATE_TIMEOUT_MS) -> tuple[list[float], float]:
    """Move a slider one step with the keyboard; return the new trajectory and seconds taken."""
    handle.focus()
    start = time.perf_counter()
    handle.press(key)
    after = frame.wait_for_function(
        f"(before) => {{ const y = ({MOMENTUM_JS})(); "
        "return y && JSON.stringify(y) !== JSON.stringify(before) ? y : null; }",
        arg=before, timeout=timeout_ms, polling="raf",
    ).json_value()
    return after, time.perf_counter() - start


# ----------------------------------------------------------------- static checks


def live_src(site_dir: Path, page: str) -> str:
    html = (site_dir / page).read_text(encoding="utf8")
    found = LIVE_BOX.findall(html)
    assert len(found) == 1, f"{page}: expected one Open as notebook, found {len(found)}"
    return unescape(found[0])


@pytest.mark.parametrize("page", sorted(LIVE_PAGES))
def test_each_case_page_and_your_region_offer_open_as_notebook(page, site_dir):
    src = live_src(site_dir, page)
    url = urlparse(src)
    assert url.path == "../lite/repl/index.html", src
    query = parse_qs(url.query)
    assert query["kernel"] == ["python"]
    assert query["execute"] == ["1"]
    code = query["code"][0]
    assert "from widgets.apps.lite import explorer" in code
    assert LIVE_PAGES[page] in code, code
    assert (site_dir / page).parent.joinpath(url.path).resolve().is_file()


def lite_settings(site_dir: Path) -> dict:
    config = json.loads((site_dir / "lite" / "jupyter-lite.json").read_text(encoding="utf8"))
    return config["jupyter-config-data"]


def test_lite_serves_its_own_pyodide_without_pypi(site_dir):
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    kernel = lite_settings(site_dir)["litePluginSettings"][KERNEL_SETTINGS]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    pyodide = site_dir / "lite" / "static" / "pyodide"
    package = json.loads((pyodide / "package.json").read_text(encoding="utf8"))
    assert package["version"] == PYODIDE_VERSION
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf8"))
    for name, spec in lock["packages"].items():
        assert "://" not in spec["file_name"], f"{name} is loaded from {spec['file_name']}"
        assert spec["file_name"].endswith("-none-any.whl"), spec["file_name"]
        assert (pyodide / spec["file_name"]).is_file(), f"{name}: {spec['file_name']} missing"
        for dep in spec["depends"]:
            assert dep in lock["packages"], f"{name} depends on {dep}, which is not bundled"
    for name in kernel["loadPyodideOptions"]["packages"]:
        assert name in lock["packages"], f"{name} is preloaded but not bundled"
    for name in ("samensterk", "ipywidgets", "plotly", "anywidget", "tomli-w", "pyodide-kernel"):
        assert name in lock["packages"], f"{name} is not bundled"
    # plotly's FigureWidget code, which widgets/apps/lite.py points the figures at
    bundle = pyodide / f"plotly-widgetbundle-{lock['packages']['plotly']['version']}.js"
    assert bundle.is_file() and bundle.stat().st_size > 1_000_000


def test_lite_runs_this_repository_s_explorer(site_dir):
    """The bundled project wheel was built from the repository as it is now."""
    pyodide = site_dir / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf8"))
    wheel = pyodide / lock["packages"]["samensterk"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        for module in ("apps/lite.py", "apps/explorer.py", "records/loading.py", "scoring.py", "book/figures.py"):
            bundled = archive.read(f"widgets/{module}").decode("utf8")
            assert bundled == (ROOT / "widgets" / module).read_text(encoding="utf8"), (
                f"{wheel.name} holds an old widgets/{module}: rebuild the book")
        assert "widgets/data/factors.toml" in archive.namelist()


def test_lite_front_end_has_only_what_the_explorer_needs(site_dir):
    names = {ext["name"] for ext in lite_settings(site_dir)["federated_extensions"]}
    assert names == {"@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension",
                     "anywidget"}


# ----------------------------------------------------------------- in the browser


def test_nothing_of_lite_loads_before_the_click(open_page):
    visit = open_page(f"cases/{BROWSER_CASE}.html")
    page = visit.page
    assert page.locator("iframe").count() == 0
    assert page.get_by_role("button", name="Open as notebook").is_visible()
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in loaded if "/lite/" in url], loaded
    assert not visit.problems, visit.report()


def test_open_as_notebook_runs_the_explorer_and_a_control_moves_the_plot(open_page):
    visit = open_page(f"cases/{BROWSER_CASE}.html")
    frame = start_live(visit.page)
    before = wait_for_plot(frame)
    expected = [p.momentum for p in loading_evaluation(BROWSER_CASE).trajectory]
    assert before == pytest.approx(expected), "the live plot is not the case's trajectory"
    handle = movable_slider(frame)
    level = float(handle.get_attribute("aria-valuenow"))
    after, _ = nudge_and_wait(frame, handle, before)
    assert after != before
    assert float(handle.get_attribute("aria-valuenow")) == level - 0.5
    # The page's own status line saw the explorer start.
    visit.page.wait_for_function(
        "() => document.querySelector('.samensterk-notebook-status').textContent.includes('running')",
        timeout=5_000)
    assert not visit.problems, visit.report()


def loading_evaluation(case_id: str):
    from widgets import scoring

    case = loading.load_case(case_id)
    return scoring.evaluate(case.levels, confidence=case.confidence, start_year=case.start)


# ------------------------------------------------------------- widgets/apps/lite.py


def test_lite_explorer_is_the_explorer_outside_the_browser():
    from widgets.apps import lite
    from widgets.apps.explorer import Explorer

    assert lite.share_plotly_bundle() is None  # not in Pyodide: figures unchanged
    case = lite.explorer(BROWSER_CASE)
    assert isinstance(case, Explorer) and case.original.id == BROWSER_CASE
    blank = lite.explorer()
    assert blank.name.value == "My region" and set(blank.levels().values()) == {3.0}


def test_lite_points_figure_widgets_at_the_site_s_plotly_bundle(monkeypatch):
    import sys
    import types

    import plotly
    from plotly.basewidget import BaseFigureWidget

    from widgets.apps import lite

    worker = "http://127.0.0.1:8000/lite/extensions/@jupyterlite/pyodide-kernel-extension/static/w.js"
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setitem(sys.modules, "js", types.SimpleNamespace(location=types.SimpleNamespace(href=worker)))
    monkeypatch.setattr(BaseFigureWidget, "_esm", BaseFigureWidget._esm)
    url = lite.share_plotly_bundle()
    assert url == f"http://127.0.0.1:8000/lite/static/pyodide/plotly-widgetbundle-{plotly.__version__}.js"
    assert BaseFigureWidget._esm == url


# ----------------------------------------------------------- lite/pycompile.py


def _load_pycompile():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("pycompile", ROOT / "lite" / "pycompile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pycompile", module)
    spec.loader.exec_module(module)
    return module


def test_pycompile_adds_unchecked_bytecode_to_a_wheel(tmp_path):
    import importlib.util
    import marshal

    pycompile = _load_pycompile()
    source, target = tmp_path / "demo-1.0-py3-none-any.whl", tmp_path / "out.whl"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("demo/__init__.py", "VALUE = 42\n")
        archive.writestr("demo/broken.py", "def (:\n")
        archive.writestr("demo-1.0.dist-info/RECORD", "demo/__init__.py,sha256=x,11\n")
        archive.writestr("demo-1.0.data/scripts/tool.py", "print('not imported')\n")
    assert pycompile.compile_archive(str(source), str(target), "wheel") == (1, 1)
    tag = importlib.util.cache_from_source("demo/__init__.py")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        data = archive.read(tag)
        record = archive.read("demo-1.0.dist-info/RECORD").decode()
    assert names[:4] == ["demo/__init__.py", "demo/broken.py", "demo-1.0.dist-info/RECORD",
                         "demo-1.0.data/scripts/tool.py"]
    assert tag in names and not any("broken" in n and n.endswith(".pyc") for n in names)
    assert data[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(data[4:8], "little") == 0b01  # hash-based, unchecked
    assert data[8:16] == importlib.util.source_hash(b"VALUE = 42\n")
    namespace: dict = {}
    exec(marshal.loads(data[16:]), namespace)
    assert namespace["VALUE"] == 42
    assert f"{tag},," in record
    # the same input gives the same output
    again = tmp_path / "again.whl"
    pycompile.compile_archive(str(source), str(again), "wheel")
    assert again.read_bytes() == target.read_bytes()


def test_pycompile_bytecode_in_a_zip_is_what_zipimport_loads(tmp_path):
    import sys

    pycompile = _load_pycompile()
    source, target = tmp_path / "lib.zip", tmp_path / "lib-compiled.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("zdemo/__init__.py", "")
        archive.writestr("zdemo/mod.py", "ANSWER = 'from bytecode'\n")
    assert pycompile.compile_archive(str(source), str(target), "zip") == (2, 0)
    # Keep only the bytecode: if zdemo.mod imports, zipimport used it.
    only_pyc = tmp_path / "only-pyc.zip"
    with zipfile.ZipFile(target) as archive, zipfile.ZipFile(only_pyc, "w") as out:
        for name in archive.namelist():
            if name.endswith(".pyc"):
                out.writestr(name, archive.read(name))
        assert sorted(archive.namelist()) == ["zdemo/__init__.py", "zdemo/__init__.pyc",
                                              "zdemo/mod.py", "zdemo/mod.pyc"]
    sys.path.insert(0, str(only_pyc))
    try:
        import zdemo.mod

        assert zdemo.mod.ANSWER == "from bytecode"
    finally:
        sys.path.remove(str(only_pyc))
        for name in ("zdemo.mod", "zdemo"):
            sys.modules.pop(name, None)
