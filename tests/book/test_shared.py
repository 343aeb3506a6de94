"""The values the book's Python and its page scripts share are written once, in widgets/shared.py.

The scripts in _ext/static/ hold none of them as a literal; the extensions pass them to each
script as data-* attributes of its <script> tag, and the built pages carry them.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from widgets import shared

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))

SCRIPTS = sorted((ROOT / "_ext" / "static").glob("*.*js"))
MARKERS = (shared.MODEL_MARKER, shared.SCAN_MARKER, shared.QCA_MARKER, shared.NOTEBOOK_MARKER)
# What each script is given, by the extension that adds it, and a page that loads it.
GIVEN = {
    "samensterk-live.js": ("live_site", shared.MODEL_MARKER, "book/your-region.html",
                           {"data-marker": shared.MODEL_MARKER, "data-trajectory-id": shared.TRAJECTORY_ID,
                            "data-probabilities-id": shared.PROBABILITIES_ID}),
    "samensterk-scan.js": ("scan_site", shared.SCAN_MARKER, "book/scan.html",
                           {"data-marker": shared.SCAN_MARKER, "data-max-bytes": str(shared.MAX_FILE_BYTES),
                            "data-max-size": shared.MAX_FILE_SIZE}),
    "samensterk-qca.js": ("qca_site", shared.QCA_MARKER, "book/qca.html", {"data-marker": shared.QCA_MARKER}),
    "lite_site.js": ("lite_site", shared.NOTEBOOK_MARKER, "book/your-region.html",
                     {"data-marker": shared.NOTEBOOK_MARKER}),
}


def test_the_scripts_are_all_known():
    assert {path.name for path in SCRIPTS} == {*GIVEN, "samensterk-worker.mjs", "samensterk-worker-client.js"}


@pytest.mark.parametrize("script", ["samensterk-scan.js", "samensterk-qca.js"])
def test_the_pages_that_call_the_worker_by_name_load_its_client_first(script):
    import live_site

    module_name, marker, _, _ = GIVEN[script]
    added: list[tuple[str, int]] = []

    class App:
        def add_js_file(self, filename: str, priority: int = 500, **attributes: str) -> None:
            added.append((filename, priority))

    __import__(module_name).page_context(App(), "page", "page.html", {"body": f'<section class="{marker}">'}, None)
    priorities = dict(added)
    assert priorities[live_site.WORKER_CLIENT] < priorities[script]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_no_script_holds_a_shared_value(path):
    text = path.read_text(encoding="utf-8")
    literals = [f'"{shared.BLANK}"', f"'{shared.BLANK}'", shared.MAX_FILE_SIZE, str(shared.MAX_FILE_BYTES),
                "1048576", "1024 * 1024", "1024*1024", shared.TRAJECTORY_ID, shared.PROBABILITIES_ID]
    assert [literal for literal in literals if literal in text] == []
    # A marker may stand in a file name (samensterk-scan.js, in a comment), never on its own.
    for marker in MARKERS:
        assert not re.search(re.escape(marker) + r"(?!\.m?js\b)", text), marker


class FakeApp:
    def __init__(self) -> None:
        self.scripts: dict[str, dict[str, str]] = {}

    def add_js_file(self, filename: str, priority: int = 500, **attributes: str) -> None:
        self.scripts[filename] = attributes


@pytest.mark.parametrize("script", GIVEN)
def test_each_extension_gives_its_script_the_shared_values(script):
    module_name, marker, _, expected = GIVEN[script]
    module = __import__(module_name)
    assert module.MARKER == marker
    app = FakeApp()
    module.page_context(app, "page", "page.html", {"body": f'<section class="{marker}">'}, None)
    assert app.scripts[script] == expected


def test_the_python_reads_the_same_values():
    import lite_site
    import live_site

    from widgets import cli
    from widgets.book import casepage
    from widgets.browser import model_page as live

    assert live.BLANK == live_site.BLANK == lite_site.BLANK == casepage.RegionPage.KEY == shared.BLANK
    assert cli.MAX_FILE_BYTES == shared.MAX_FILE_BYTES == 1_000_000 and shared.MAX_FILE_SIZE == "1 MB"
    assert "shared.py" in live_site.TOP  # widgets/browser/model_page.py imports it in the browser


class Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.found[attributes["src"].split("?")[0].rsplit("/", 1)[-1]] = attributes


@pytest.mark.parametrize("script", GIVEN)
def test_the_built_page_carries_the_shared_values(site_dir, script):
    _, _, page, expected = GIVEN[script]
    parser = Scripts()
    parser.feed((site_dir / page).read_text(encoding="utf-8"))
    assert script in parser.found, f"{page} does not load {script}"
    given = {key: value for key, value in parser.found[script].items() if key.startswith("data-")}
    assert given == expected
