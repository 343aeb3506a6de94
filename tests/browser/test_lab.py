"""The text notebooks run live in JupyterLab (``make lab``, lab/jupyter_lab_config.py).

JupyterLab is started with the same configuration file as ``make lab``, on a free port
of 127.0.0.1, over a copy of ``cases/`` (so that JupyterLab's autosave can never
rewrite the repository's notebooks), and driven in Debian's chromium through the
fixtures of conftest.py, which record console errors, page errors, failed requests and
block every request outside 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import _open_page

from widgets import scoring
from widgets.apps import voila
from widgets.records import loading

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "lab" / "jupyter_lab_config.py"
JUPYTER = Path(sys.executable).with_name("jupyter")
CASES = sorted(p.stem for p in (ROOT / "cases").glob("*.md") if p.stem != "index")
START_TIMEOUT = 90  # s, for the server to answer
RUN_TIMEOUT = 180_000  # ms, from "Run All Cells" to the explorer with its plot
LEADERSHIP = "7. Administrative leadership"

# The explorer's trajectory: the first plot in the output that holds the sliders.
EXPLORER_MOMENTUM_JS = """() => {
    const output = Array.from(document.querySelectorAll('.jp-OutputArea-output'))
        .find(o => o.querySelector('.widget-slider'));
    const gd = output && output.querySelector('.js-plotly-plot');
    const momentum = gd && gd.data && gd.data[2];
    return momentum && momentum.y && gd.querySelector('svg.main-svg') ? Array.from(momentum.y) : null;
}"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab over a copy of cases/; yields (base URL, token, copied root)."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(ROOT / "cases", root / "cases")
    private = tmp_path_factory.mktemp("lab-private")
    token = secrets.token_hex(16)
    port = voila.free_port()
    argv = [
        str(JUPYTER), "lab", f"--config={CONFIG}", f"--port={port}", "--no-browser",
        f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
        f"--LabApp.user_settings_dir={private / 'settings'}",
        f"--LabApp.workspaces_dir={private / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        argv.append("--allow-root")  # as `make lab` adds it for root
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(private / "config"),
           "JUPYTER_RUNTIME_DIR": str(private / "runtime")}
    log = tempfile.TemporaryFile("w+")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            log.seek(0)
            assert process.poll() is None, f"JupyterLab exited: {log.read()}"
            assert time.monotonic() < deadline, f"JupyterLab did not answer within {START_TIMEOUT} s"
            time.sleep(0.5)
        yield url, token, root
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _contents(url: str, token: str, path: str) -> dict:
    request = f"{url}api/contents/{path}?type=notebook&content=1&token={token}"
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_make_lab_uses_this_configuration():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert f"--config={CONFIG.relative_to(ROOT).as_posix()}" in recipe


@pytest.mark.parametrize("case_id", CASES)
def test_every_case_opens_as_a_notebook_with_its_live_explorer(lab, case_id):
    url, token, _ = lab
    model = _contents(url, token, f"cases/{case_id}.md")
    assert model["type"] == "notebook"
    code = ["".join(cell["source"]) for cell in model["content"]["cells"] if cell["cell_type"] == "code"]
    assert any("live(page.case.id)" in source for source in code)
    assert model["content"]["metadata"]["kernelspec"]["name"] == "python3"


def test_a_case_notebook_run_in_jupyterlab_shows_a_working_explorer(lab, browser_context):
    url, token, root = lab
    before_files = {p: p.read_bytes() for p in (root / "cases").glob("*.md")}
    visit = _open_page(browser_context, url, f"lab/tree/cases/kempen.md?token={token}", settle_ms=0)
    page = visit.page
    try:
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.get_by_text("| Idle").wait_for(timeout=60_000)  # the kernel has started
        page.locator(".jp-Notebook .jp-Cell").first.click()  # the notebook is the current document
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        page.wait_for_function(EXPLORER_MOMENTUM_JS, timeout=RUN_TIMEOUT)
        assert page.locator(".jp-Notebook .widget-slider").count() == len(scoring.FACTORS)
        # The book's own figures render too, drawn by JupyterLab's plotly renderer.
        assert page.locator(".jp-Notebook .js-plotly-plot").count() >= 4
        case = loading.load_case("kempen")
        shown = page.evaluate(EXPLORER_MOMENTUM_JS)
        expected = scoring.evaluate(case.levels, start_year=case.start, confidence=case.confidence)
        assert shown == pytest.approx([p.momentum for p in expected.trajectory])

        # ipywidgets gives a slider handle no name of its own (the app's page adds one).
        page.locator(".widget-slider").filter(has_text=LEADERSHIP).get_by_role("slider").press("Home")
        page.wait_for_function(f"(before) => JSON.stringify(({EXPLORER_MOMENTUM_JS})()) !== JSON.stringify(before)",
                               arg=shown, timeout=30_000)
        levels = {**case.levels, "leadership": 1}
        expected = scoring.evaluate(levels, start_year=case.start, confidence=case.confidence)
        assert page.evaluate(EXPLORER_MOMENTUM_JS) == pytest.approx([p.momentum for p in expected.trajectory])
        page.wait_for_timeout(500)  # late errors
        assert not visit.problems, visit.report()
    finally:
        page.close()
    assert {p: p.read_bytes() for p in (root / "cases").glob("*.md")} == before_files
