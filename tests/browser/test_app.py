"""The practitioner app (``samensterk app``): Voila serving the region explorer.

The app runs as a subprocess on a free port of 127.0.0.1 and is driven in Debian's
chromium through the fixtures of conftest.py, which record console errors, page errors,
failed requests and block every request outside 127.0.0.1. Each test opens its own page
(so its own kernel) and ends by checking that nothing went wrong while it ran.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import _open_page

from widgets.apps import voila
from widgets.apps.explorer import Explorer, _scenario_file_name
from widgets.records import loading, scenario_files

ROOT = Path(__file__).resolve().parents[2]
SAMENSTERK = [sys.executable, "-m", "widgets"]
LEADERSHIP = "7. Administrative leadership"
TRUST = "9. Trust between partners"
HOSTILE = "<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>"
START_TIMEOUT = 90  # s, for the server to answer
RENDER_TIMEOUT = 120_000  # ms, from opening the page to the plot with data (a kernel per page)
UPDATE_TIMEOUT = 30_000  # ms, for a change to reach the page

# The trajectory plot (the first plotly div) and the explorer's other outputs, as data.
STATE_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const momentum = gd && gd.data && gd.data[2];
    return {
        momentum: momentum && momentum.y ? Array.from(momentum.y) : null,
        title: gd && gd.layout && gd.layout.title ? gd.layout.title.text : null,
        sliders: Object.fromEntries(Array.from(document.querySelectorAll('[role="slider"]'))
            .map(h => [h.getAttribute('aria-label'), h.getAttribute('aria-valuenow')])),
    };
}"""
PLOT_READY_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return !!(gd && gd.data && gd.data[2] && gd.data[2].y && gd.data[2].y.length
              && gd.querySelector('svg.main-svg'));
}"""
MOMENTUM_IS_JS = """(expected) => {
    const gd = document.querySelector('.js-plotly-plot');
    return JSON.stringify(Array.from(gd.data[2].y)) === JSON.stringify(expected);
}"""


# ------------------------------------------------------------------------ fixtures


def _start_app(*options: str) -> tuple[subprocess.Popen, str]:
    """``samensterk app`` on a free port; waits until it answers. Returns (process, url)."""
    port = voila.free_port()
    log = tempfile.TemporaryFile("w+")  # stderr: a file, so a chatty server never blocks
    process = subprocess.Popen(
        [*SAMENSTERK, "app", "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True,
    )
    process.log = log
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:  # a static file: asking for the page itself would start a kernel
            with urllib.request.urlopen(url + "voila/static/voila.js", timeout=5) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None:
            raise AssertionError(f"the app exited with {process.returncode}: {_log(process)}")
        if time.monotonic() > deadline:
            _stop_app(process)
            raise AssertionError(f"the app did not answer on {url} within {START_TIMEOUT} s")
        time.sleep(0.3)


def _log(process: subprocess.Popen) -> str:
    """What the app wrote on stderr so far."""
    process.log.seek(0)
    return process.log.read()


def _stop_app(process: subprocess.Popen) -> int:
    """SIGTERM (Voila then shuts its kernels down); SIGKILL to the whole group if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    process.log.close()
    return process.returncode


@pytest.fixture(scope="module")
def app_server():
    """The app for a new region; (url, first line it printed)."""
    process, url = _start_app()
    try:
        yield url, process.stdout.readline().strip()
    finally:
        _stop_app(process)


@pytest.fixture
def open_app(browser_context):
    """``open_app(url) -> PageVisit`` with the plot rendered; checks nothing went wrong."""
    browser_context.set_default_timeout(UPDATE_TIMEOUT)
    browser_context.set_default_navigation_timeout(RENDER_TIMEOUT)
    visits = []

    def _open(url: str):
        visit = _open_page(browser_context, url, "", settle_ms=0)
        visits.append(visit)
        visit.page.wait_for_function(PLOT_READY_JS, timeout=RENDER_TIMEOUT)
        return visit

    yield _open
    try:
        for visit in visits:
            if not visit.page.is_closed():  # a test that stops its own app closes its page
                visit.page.wait_for_timeout(300)  # late errors of the last action
                assert not visit.problems, visit.report()
    finally:
        for visit in visits:
            visit.page.close()
        browser_context.set_default_timeout(30_000)  # Playwright's defaults, for other tests
        browser_context.set_default_navigation_timeout(30_000)


@pytest.fixture
def page(app_server, open_app):
    return open_app(app_server[0]).page


def state(page) -> dict:
    return page.evaluate(STATE_JS)


def move(page, label: str, key: str) -> dict:
    """Press ``key`` on a slider handle and wait until the plot shows new data."""
    before = state(page)["momentum"]
    page.get_by_role("slider", name=label).press(key)
    page.wait_for_function(f"(before) => !({MOMENTUM_IS_JS})(before)", arg=before)
    return state(page)


SAVED_LEVELS_JS = """(levels) => {
    const link = document.querySelector('a.samensterk-download');
    const href = link ? link.getAttribute('href') || '' : '';
    const text = atob(href.slice(href.indexOf(',') + 1));
    return Object.entries(levels).every(([factor, level]) =>
        text.includes(`[factors.${factor}]\\nlevel = ${level}\\n`));
}"""


def wait_for_saved_levels(page, levels: dict[str, int]) -> None:
    """Wait until the download link holds these levels: the app updates it after the plot."""
    page.wait_for_function(SAVED_LEVELS_JS, arg=levels)


def set_name(page, name: str) -> None:
    box = page.get_by_label("Region", exact=True)
    box.fill(name)
    box.press("Enter")  # the box sends its value on Enter (continuous_update=False)


def upload(page, name: str | Path, content: bytes | None = None) -> None:
    """Choose a file in "Load scenario": a file on disk, or ``content`` named ``name``."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Load scenario").click()
    if content is None:
        chooser.value.set_files(name)
    else:
        chooser.value.set_files(files=[{"name": name, "mimeType": "application/toml", "buffer": content}])


def expected_momentum(levels: dict[str, float]) -> list[float]:
    explorer = Explorer.blank()
    explorer.set_levels(levels)
    return list(explorer.figure.data[2].y)


# ---------------------------------------------------------------------- command line


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--case", "atlantis"], "atlantis"),
        (["--port", "x"], "--port"),
        (["--port", "0"], "--port 0"),
        (["--port", "70000"], "--port 70000"),
    ],
)
def test_bad_case_or_port_exits_2_with_one_line(options, named):
    done = subprocess.run([*SAMENSTERK, "app", *options], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("samensterk: error:") and done.stderr.count("\n") == 1
    assert named in done.stderr and "Traceback" not in done.stderr


def test_a_port_in_use_exits_2_naming_it():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*SAMENSTERK, "app", "--port", str(port)], capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert f"127.0.0.1:{port}" in done.stderr and "in use" in done.stderr


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_ctrl_c_stops_the_app_and_its_kernels():
    process, url = _start_app()
    try:
        with urllib.request.urlopen(url, timeout=RENDER_TIMEOUT / 1000) as response:  # runs a kernel
            assert b"jupyter-config-data" in response.read()
        kernels = _children(process.pid)
        assert kernels, "no kernel process found"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        log = _log(process)
        assert "Traceback" not in log, log
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in kernels) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in kernels if _alive(pid)], "a kernel outlived the app"
    finally:
        _stop_app(process)


def test_the_notebook_reads_case_and_plotly_location_from_the_environment(monkeypatch):
    import plotly.graph_objects as go

    monkeypatch.setattr(go.FigureWidget, "_esm", go.FigureWidget._esm)  # restored afterwards
    monkeypatch.setenv(voila.CASE_ENV, "kempen")
    monkeypatch.setenv(voila.PLOTLY_ENV, "voila/templates/samensterk/static/plotly-widget.js")
    explorer = voila.explorer_from_environment()
    assert explorer.name.value == loading.load_case("kempen").name
    assert explorer.figure._esm == voila.plotly_loader("voila/templates/samensterk/static/plotly-widget.js")
    assert len(explorer.figure._esm) < 300  # not the 5 MB script
    monkeypatch.delenv(voila.CASE_ENV)
    assert voila.explorer_from_environment().levels() == scenario_files.new_scenario("x").levels
    monkeypatch.setenv(voila.CASE_ENV, "atlantis")
    with pytest.raises(voila.AppError, match="atlantis"):
        voila.explorer_from_environment()


def test_the_same_file_can_be_chosen_again_to_undo_changes():
    saved = Explorer.blank("Regio Test")
    saved.sliders["trust"].value = 4.5
    content = saved.scenario_text().encode()
    chosen = {"name": "regio-test.toml", "type": "", "size": len(content),
              "content": memoryview(content),
              "last_modified": datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)}
    explorer = Explorer.blank()
    explorer.upload.value = (dict(chosen),)
    assert explorer.levels()["trust"] == 4.5 and explorer.upload.value == ()
    explorer.sliders["trust"].value = 1
    explorer.upload.value = (dict(chosen),)
    assert explorer.levels()["trust"] == 4.5


def test_the_wheel_ships_notebook_and_template(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                    str(ROOT)], check=True)
    (wheel,) = tmp_path.glob("samensterk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    template = "widgets/apps/notebook/share/jupyter/voila/templates/samensterk/"
    assert {"widgets/apps/voila.py", "widgets/apps/notebook/explorer.ipynb", template + "conf.json",
            template + "index.html.j2"} <= names
    conf = json.loads(zipfile.ZipFile(wheel).read(template + "conf.json"))
    assert conf == {"base_template": "lab"}


def test_the_template_links_no_cdn():
    text = (voila.JUPYTER_ROOT / "voila" / "templates" / voila.TEMPLATE / "index.html.j2").read_text("utf-8")
    assert "://" not in text.replace("'://'", "")  # only the filter that drops such links


# --------------------------------------------------------------------------- browser


def test_the_app_prints_its_url_and_renders_offline(app_server, page):
    url, announced = app_server
    assert url in announced and "Ctrl-C" in announced
    shown = state(page)
    assert shown["momentum"] == pytest.approx(expected_momentum(scenario_files.new_scenario("x").levels))
    assert "My region" in shown["title"]
    assert len(shown["sliders"]) == 11 and set(shown["sliders"].values()) == {"3.0"}
    linked = page.evaluate("""() => Array.from(document.querySelectorAll(
        'link[href], script[src], img[src], iframe[src]')).map(e => e.href || e.src)""")
    assert linked and all(u.startswith(url) or u.startswith("data:") for u in linked), linked


def test_a_slider_moved_by_keyboard_changes_the_plot(page):
    levels = dict(scenario_files.new_scenario("x").levels)
    shown = move(page, LEADERSHIP, "ArrowRight")
    levels["leadership"] = 3.5
    assert shown["sliders"][LEADERSHIP] == "3.5"
    assert shown["momentum"] == pytest.approx(expected_momentum(levels))
    shown = move(page, TRUST, "End")
    levels["trust"] = 5
    assert shown["sliders"][TRUST] == "5.0"
    assert shown["momentum"] == pytest.approx(expected_momentum(levels))
    rubric = loading.factor_map()["trust"].rubric_line(5)
    page.get_by_text(f"5: {rubric}", exact=True).wait_for()  # the rubric line followed


def test_save_then_load_restores_the_scenario(page, tmp_path):
    set_name(page, "Regio Test")
    page.wait_for_function("() => document.querySelector('a.samensterk-download')"
                           ".getAttribute('download') === 'regio-test.toml'")
    move(page, LEADERSHIP, "End")
    saved = move(page, TRUST, "Home")
    wait_for_saved_levels(page, {"leadership": 5, "trust": 1})
    with page.expect_download() as download:
        page.get_by_role("link", name="Save scenario (download)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "regio-test.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["name"] == "Regio Test"
    assert data["factors"]["leadership"]["level"] == 5 and data["factors"]["trust"]["level"] == 1

    move(page, LEADERSHIP, "Home")
    move(page, TRUST, "End")
    set_name(page, "Something else")
    assert state(page)["momentum"] != saved["momentum"]

    upload(page, path)
    page.get_by_text(f"Loaded {path.name}.").wait_for()
    page.wait_for_function(MOMENTUM_IS_JS, arg=saved["momentum"])
    restored = state(page)
    assert restored["sliders"] == saved["sliders"]
    assert restored["momentum"] == saved["momentum"]
    assert page.get_by_label("Region", exact=True).input_value() == "Regio Test"
    assert restored["title"].startswith("Regio Test:")

    move(page, TRUST, "End")  # the same file (same name, content and date) loads again
    upload(page, path)
    page.wait_for_function(MOMENTUM_IS_JS, arg=saved["momentum"])
    assert state(page)["sliders"] == saved["sliders"]


def test_a_hostile_region_name_stays_text(page):
    set_name(page, HOSTILE)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                           ".layout.title.text.includes('&lt;img')")
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert title.startswith(HOSTILE + ": predicted")  # shown as the characters typed
    assert page.get_by_label("Region", exact=True).input_value() == HOSTILE
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("script", has_text="__pwned").count() == 0
    link = page.locator("a.samensterk-download")
    assert link.get_attribute("download") == _scenario_file_name(HOSTILE)
    assert "<" not in _scenario_file_name(HOSTILE)


def test_a_broken_file_is_refused_and_the_scenario_kept(page):
    before = move(page, LEADERSHIP, "ArrowLeft")
    upload(page, "broken.toml", b"name = [broken")
    message = page.get_by_text("Not loaded, your scenario is unchanged. broken.toml")
    message.wait_for()
    assert "syntax" in message.text_content().lower() or "toml" in message.text_content().lower()
    page.wait_for_timeout(500)
    assert state(page) == before
    upload(page, "levels.toml", 'name = "x"\n[factors.trust]\nlevel = 9\n'.encode())
    page.get_by_text("Not loaded, your scenario is unchanged. levels.toml").wait_for()
    assert state(page) == before


def test_no_critical_or_serious_accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in results.response["violations"]
        if v["impact"] in {"critical", "serious"}
    ]
    assert not bad, "\n".join(bad)
    names = [page.get_by_role("slider", name=f"{f.lesson}. {f.label_en}").count()
             for f in loading.load_factors()]
    assert names == [1] * 11


def test_case_option_starts_from_the_case(open_app):
    process, url = _start_app("--case", "kempen")
    try:
        assert "case kempen" in process.stdout.readline()
        visit = open_app(url)
        page = visit.page
        kempen = loading.load_case("kempen")
        assert page.get_by_label("Region", exact=True).input_value() == kempen.name
        shown = state(page)
        assert shown["title"].startswith(kempen.name)
        assert shown["sliders"][LEADERSHIP] == f"{kempen.levels['leadership']:.1f}"
        page.wait_for_timeout(300)
        assert not visit.problems, visit.report()
        page.close()  # before the server stops
    finally:
        _stop_app(process)


def test_scan_option_serves_the_questionnaire_answered_by_keyboard(browser_context):
    process, url = _start_app("--scan", "--lang", "nl")
    browser_context.set_default_timeout(UPDATE_TIMEOUT)
    browser_context.set_default_navigation_timeout(RENDER_TIMEOUT)
    try:
        assert "team scan, Nederlands" in process.stdout.readline()
        visit = _open_page(browser_context, url, "", settle_ms=0)
        page = visit.page
        factors = loading.factor_map()
        trust = page.get_by_role("radiogroup", name=factors["trust"].title_in("nl"))
        trust.wait_for(timeout=RENDER_TIMEOUT)
        page.get_by_role("heading", name="Samenwerkingsscan: uw antwoorden").wait_for()
        assert page.evaluate("() => document.documentElement.lang") == "nl"
        assert page.get_by_role("radiogroup").count() == 11
        assert page.get_by_role("radio", name="Weet niet", exact=True).count() == 11
        assert page.get_by_role("button", name="Nederlands").count() == 1
        page.get_by_text("Nog te beantwoorden (11):").wait_for()

        box = page.get_by_label("Uw naam", exact=True)
        box.press_sequentially("Anna")
        # Lesson 9 at level 2 (Space on its radio button), lesson 7 "don't know" (Tab along the
        # options of its group, then Space), lesson 1 at level 4.
        trust.get_by_role("radio", name="2: " + " ".join(factors["trust"].rubric_nl[1].split())).press("Space")
        page.get_by_text("Licht dit antwoord toe: het is een van de twee slechtste niveaus.").wait_for()
        leadership = page.get_by_role("radiogroup", name=factors["leadership"].title_in("nl"))
        leadership.get_by_role("radio").first.focus()
        for _ in range(5):
            page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.parentElement.textContent") == "Weet niet"
        page.keyboard.press("Space")
        diagnosis = page.get_by_role("radiogroup", name=factors["diagnosis"].title_in("nl"))
        diagnosis.get_by_role("radio").nth(3).press("Space")
        page.get_by_text("Nog te beantwoorden (8):").wait_for()
        assert leadership.get_by_role("radio", name="Weet niet", exact=True).is_checked()
        assert diagnosis.get_by_role("radio").nth(3).is_checked()
        status = page.get_by_text("Nog te beantwoorden (8):").text_content()
        assert factors["trust"].title_in("nl") not in status and factors["quick_wins"].title_in("nl") in status
        assert page.locator("a.samensterk-download").count() == 0  # not before every lesson is answered
        assert box.input_value() == "Anna"
        linked = page.evaluate("""() => Array.from(document.querySelectorAll(
            'link[href], script[src], img[src], iframe[src]')).map(e => e.href || e.src)""")
        assert linked and all(u.startswith(url) or u.startswith("data:") for u in linked), linked
        page.wait_for_timeout(300)
        assert not visit.problems, visit.report()
        page.close()  # before the server stops
    finally:
        browser_context.set_default_timeout(30_000)
        browser_context.set_default_navigation_timeout(30_000)
        _stop_app(process)
