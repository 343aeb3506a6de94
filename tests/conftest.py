"""Shared fixtures: serve the built book locally and open its pages in chromium.

* ``site_dir``   the built HTML (``_build/html``, or env ``SITE_DIR``); fails with
                 "run make book" when it is not built.
* ``site_url``   base URL of a local ``http.server`` (127.0.0.1, free port, thread)
                 serving ``site_dir``; ends with "/".
* ``browser_context``  Debian ``chromium`` driven by Python Playwright with a fresh
                 user data dir (never ``playwright install``).
* ``open_page``  ``open_page("book/lessons.html")`` opens a page and returns a
                 ``PageVisit``: the Playwright ``page`` plus what went wrong while
                 loading it (console errors, page errors, failed requests,
                 responses >= 400 and blocked requests to anywhere but 127.0.0.1);
                 ``visit.problems`` is empty on a clean load, ``visit.report()``
                 describes it. Pages are closed after the test.
* ``page_opener`` the same, session-scoped; the caller closes ``visit.page``.

``built_pages()`` and ``figure_pages()`` list the built HTML pages (all, or those
with a plotly figure) as paths relative to the site root, for parametrizing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Folders of the built site that hold assets or sources, not pages ("lite" is the
# JupyterLite app behind "Open as notebook", tested by test_lite.py).
NON_PAGE_DIRS = {"_static", "_sources", "_images", "_downloads", "jupyter_execute", "reports", "lite"}


def site_root() -> Path:
    """Where the built book is: env SITE_DIR, else _build/html of the repository."""
    return Path(os.environ.get("SITE_DIR") or ROOT / "_build" / "html").resolve()


def built_pages(root: Path | None = None) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (posix)."""
    root = root or site_root()
    if not (root / "index.html").is_file():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not NON_PAGE_DIRS.intersection(p.relative_to(root).parts[:-1])
    )


def figure_pages(root: Path | None = None) -> list[str]:
    """Built pages that contain a plotly figure."""
    root = root or site_root()
    return [
        page
        for page in built_pages(root)
        if "plotly-graph-div" in (root / page).read_text(encoding="utf8", errors="replace")
    ]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    root = site_root()
    if not (root / "index.html").is_file():
        pytest.fail(
            f"The book is not built: {root / 'index.html'} is missing. Run `make book` "
            "(or set SITE_DIR to a built site).",
            pytrace=False,
        )
    return root


class _SiteServer(http.server.ThreadingHTTPServer):
    request_queue_size = 64  # the browser opens many connections at once


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _SiteServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        pytest.fail(
            "Debian chromium is not on PATH (apt-get install -y chromium); "
            "the tests never use `playwright install`.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser_context(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """A chromium browser context with a fresh user data dir, for the whole session."""
    from playwright.sync_api import sync_playwright

    user_data_dir = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class PageVisit:
    """A page opened in chromium, and everything that went wrong while loading it."""

    page: object  # playwright.sync_api.Page
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    script_responses: list = field(default_factory=list)  # playwright Responses of JS

    def script_sizes(self) -> list[tuple[str, int]]:
        """(url, bytes) of every JavaScript file the page loaded."""
        sizes = []
        for response in self.script_responses:
            try:
                size = len(response.body())
            except Exception:  # body no longer available
                size = int(response.headers.get("content-length") or 0)
            sizes.append((response.url, size))
        return sizes

    @property
    def problems(self) -> dict[str, list[str]]:
        return {
            name: items
            for name, items in (
                ("console errors", self.console_errors),
                ("page errors", self.page_errors),
                ("failed requests", self.failed_requests),
                ("responses >= 400", self.bad_responses),
                ("requests outside 127.0.0.1", self.outside_requests),
            )
            if items
        }

    def report(self) -> str:
        lines = [f"{self.url}:"]
        for name, items in self.problems.items():
            lines.append(f"  {name}:")
            lines.extend(f"    - {item}" for item in items)
        return "\n".join(lines)


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.scheme in {"http", "https"} and parsed.hostname == LOCAL_HOST


READY_JS = """
async () => {
    if (document.querySelector('meta[http-equiv="refresh" i]')) return "redirect";
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
        await window.MathJax.startup.promise;
    }
    if (document.fonts && document.fonts.ready) await document.fonts.ready;
    return "ready";
}
"""


def _wait_until_ready(page, url: str) -> None:
    """After "load": follow a meta-refresh redirect, then await MathJax and fonts."""
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(3):
        try:
            state = page.evaluate(READY_JS)
        except PlaywrightError as exc:  # a redirect navigated away mid-evaluate
            if "context was destroyed" not in str(exc):
                raise
            page.wait_for_load_state("load")
            continue
        if state == "ready":
            return
        if page.url == url:
            page.wait_for_url(lambda new: new != url, wait_until="load")
        else:
            page.wait_for_load_state("load")
    raise AssertionError(f"{url} kept redirecting (now at {page.url})")


def _open_page(context, site_url: str, path: str, settle_ms: int = 300) -> PageVisit:
    """Open ``path`` (relative to the site root) in a new tab, recording problems."""
    page = context.new_page()
    url = urljoin(site_url, path)
    visit = PageVisit(page=page, url=url)

    def on_route(route):
        request_url = route.request.url
        if _is_local(request_url):
            route.continue_()
        else:
            visit.outside_requests.append(f"{route.request.resource_type} {request_url}")
            route.abort("blockedbyclient")

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc else ""
            visit.console_errors.append(msg.text + where)

    def on_request_failed(request):
        if _is_local(request.url):  # outside requests are recorded when blocked
            visit.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response):
        if response.status >= 400:
            visit.bad_responses.append(f"{response.status} {response.url}")
        elif response.request.resource_type == "script":
            visit.script_responses.append(response)

    page.route("**/*", on_route)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)

    # "load" covers every script (async and defer included) and the images; then
    # follow a redirect page (index.html), wait for MathJax's typesetting and the
    # web fonts, and a moment for late errors. (Chromium's "networkidle" is not
    # reliable here: on some pages it never fires.)
    page.goto(url, wait_until="load")
    _wait_until_ready(page, url)
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    return visit


@pytest.fixture(scope="session")
def page_opener(browser_context, site_url: str):
    """Session-wide ``open(path) -> PageVisit``; close ``visit.page`` when done."""
    return functools.partial(_open_page, browser_context, site_url)


@pytest.fixture
def open_page(page_opener):
    """``open_page(path) -> PageVisit``; its pages are closed after the test."""
    opened: list[PageVisit] = []

    def _open(path: str, settle_ms: int = 300) -> PageVisit:
        visit = page_opener(path, settle_ms=settle_ms)
        opened.append(visit)
        return visit

    yield _open
    for visit in opened:
        visit.page.close()
