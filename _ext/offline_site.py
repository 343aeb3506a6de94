"""Local Sphinx extension: make the Samen sterk book work fully offline.

* Copies the plotly.js bundle and MathJax 3 (fetched by ``make assets`` into
  ``.cache/assets/``) into the build's ``_static/``; the build fails with a clear
  message when they are missing.
* Adds ``<script src="_static/plotly/plotly-basic.min.js">`` (synchronous, in the
  head) only to pages whose HTML contains a ``plotly-graph-div``: figures are
  emitted by notebook cells as ``fig.to_html(include_plotlyjs=False, ...)``, whose
  inline ``Plotly.newPlot`` script needs plotly.js loaded before it runs.
* Refuses a MathJax URL: ``mathjax_path`` must point into ``_static``.
* Removes duplicate script tags (sphinx-thebe 0.3.1 under Sphinx 7.4 emits its
  inline ``THEBE_JS_URL`` script twice, a console error on every page).
* Drops MathJax (which myst-nb puts on every page) from pages without math.
* Adds an empty ``data:`` icon link when the book has no favicon, so browsers
  do not request a missing ``/favicon.ico``.
* Editions: with ``SAMENSTERK_EDITION=student`` in the environment the book is
  built without worked solutions: sphinx-exercise's ``hide_solutions`` drops every
  ``{solution}`` from the pages, the copied page sources in ``_sources/`` (the
  "download source" button) are stripped of them too, and a banner names the
  edition. Unset (or ``full``) builds the complete book.
* Pages that call ``show_quiz("<stem>")`` depend on ``data/quizzes/<stem>.json``,
  so editing a quiz rebuilds its page.
* Static output only: notebooks executed for the book see ``SAMENSTERK_BOOK_BUILD``
  in their kernel's environment, so a case notebook's ``page.live()`` shows the
  ipywidgets explorer when run in Jupyter but nothing in the static page, where no
  kernel could drive its controls; and figures give the page HTML alone, not also
  the plotly JSON that JupyterLab draws.
* Accessibility fixes: ``static/offline_site.css`` (link contrast);
  bibliography entries marked up as ``role="listitem"`` inside their
  ``role="list"`` (docutils uses the deprecated ``doc-biblioentry``, which axe
  reports as a critical violation); an ``aria-label`` on the sidebar's
  expand/collapse toggles (an icon-only ``<summary>`` has no accessible name).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset, copy_asset_file

from widgets.figures import BOOK_BUILD_ENV

__version__ = "1.0"

HERE = Path(__file__).resolve().parent
ASSETS_DIR = Path(".cache") / "assets"  # relative to the book's source directory
PLOTLY_STATIC = "plotly/plotly-basic.min.js"  # relative to _static
MATHJAX_STATIC = "mathjax"  # relative to _static; mathjax_path: mathjax/tex-chtml.js
FIGURE_MARKER = "plotly-graph-div"
EDITION_VARIABLE = "SAMENSTERK_EDITION"
EDITIONS = ("full", "student")
STUDENT_BANNER = "Student edition: the worked solutions to the exercises are left out."
# Script and style elements: their text is never typeset, so math markers in them
# (e.g. the "\\(" in the self-check quizzes' JavaScript) do not count as math.
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
QUIZ_DATA = Path("data") / "quizzes"  # relative to the book's source directory
_SHOW_QUIZ = re.compile(r"""show_quiz\(\s*["']([\w-]+)["']""")
# An opening fence of a solution directive: ```{solution} or :::{solution-start} etc.
_SOLUTION_FENCE = re.compile(r"^\s*(`{3,}|:{3,})\{(solution|solution-start|solution-end)\}")


def edition() -> str:
    """The edition to build, from the environment: "full" (default) or "student"."""
    value = os.environ.get(EDITION_VARIABLE, "").strip().lower() or "full"
    if value not in EDITIONS:
        raise ExtensionError(
            f"{EDITION_VARIABLE}={value!r} is not an edition; use one of: {', '.join(EDITIONS)}"
        )
    return value


def strip_solutions(text: str) -> str:
    """MyST source without its ``{solution}`` directives (and gated solution blocks).

    A directive ends at the first closing fence of the same character that is at
    least as long as its opening fence; everything from ``{solution-start}`` to the
    end of the matching ``{solution-end}`` is removed as one block.
    """
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    i = 0
    in_gated = False
    while i < len(lines):
        match = _SOLUTION_FENCE.match(lines[i])
        if not match and not in_gated:
            kept.append(lines[i])
            i += 1
            continue
        if not match:  # inside solution-start ... solution-end: drop the line
            i += 1
            continue
        fence, name = match.group(1), match.group(2)
        closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        i += 1
        while i < len(lines) and not closing.match(lines[i]):
            i += 1
        i += 1  # the closing fence
        in_gated = name == "solution-start"
    return re.sub(r"\n{3,}", "\n\n", "".join(kept))


def plotlyjs_version() -> str:
    """The plotly.js version the installed Python plotly was made for."""
    import plotly.offline

    return plotly.offline.get_plotlyjs_version()


def _asset_paths(app: Sphinx) -> tuple[Path, Path]:
    root = Path(app.srcdir) / ASSETS_DIR
    version = plotlyjs_version()
    plotly_dir = root / f"plotly.js-basic-dist-min@{version}"
    mathjax_dir = root / "mathjax"
    needed = [
        plotly_dir / "plotly-basic.min.js",
        mathjax_dir / "es5" / "tex-chtml.js",
        mathjax_dir / "es5" / "output" / "chtml" / "fonts" / "woff-v2",
    ]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise ExtensionError(
            "offline JavaScript is missing (" + ", ".join(missing) + "): run make assets"
        )
    with open(plotly_dir / "plotly-basic.min.js", encoding="utf8") as fh:
        header = fh.read(300)
    if f" v{version}" not in header:
        raise ExtensionError(
            f"{plotly_dir / 'plotly-basic.min.js'} is not plotly.js v{version} "
            "(the version of the installed Python plotly): run make assets"
        )
    return plotly_dir, mathjax_dir


def check_config(app: Sphinx, config: Any) -> None:
    mathjax_path = str(config.mathjax_path or "")
    if "://" in mathjax_path or mathjax_path.startswith("//"):
        raise ExtensionError(
            f"mathjax_path is a URL ({mathjax_path}); the book must load MathJax "
            f"from _static: set sphinx.config.mathjax_path: {MATHJAX_STATIC}/tex-chtml.js"
        )
    static = str(HERE / "static")
    if static not in config.html_static_path:
        config.html_static_path.append(static)
    if edition() == "student":
        config.hide_solutions = True  # sphinx-exercise: leave every {solution} out
        options = dict(config.html_theme_options or {})
        options["announcement"] = STUDENT_BANNER
        config.html_theme_options = options


def copy_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    plotly_dir, mathjax_dir = _asset_paths(app)
    static = Path(app.outdir) / "_static"
    plotly_out, mathjax_out = static / "plotly", static / MATHJAX_STATIC
    plotly_out.mkdir(parents=True, exist_ok=True)
    mathjax_out.mkdir(parents=True, exist_ok=True)
    # Copied before the pages are written, so their script tags get checksums.
    copy_asset_file(str(plotly_dir / "plotly-basic.min.js"), str(plotly_out))
    copy_asset_file(str(plotly_dir / "LICENSE"), str(plotly_out))
    copy_asset(str(mathjax_dir / "es5"), str(mathjax_out))
    copy_asset_file(str(mathjax_dir / "LICENSE"), str(mathjax_out))


def _script_key(js: Any) -> Any:
    # Inline scripts come with filename None or "": treat both alike.
    filename = getattr(js, "filename", js) or ""
    attributes = getattr(js, "attributes", {})
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def _is_mathjax(js: Any, mathjax_path: str) -> bool:
    filename = str(getattr(js, "filename", js) or "")
    body = str(getattr(js, "attributes", {}).get("body", ""))
    return filename == f"_static/{mathjax_path}" or body.startswith("window.MathJax =")


def _page_has_math(app: Sphinx, pagename: str, body: str) -> bool:
    # The math domain's own record for this page only (has_equations() would
    # also count every page in its toctree, i.e. the whole book for the root).
    data = getattr(app.env.get_domain("math"), "data", {}).get("has_equations", {})
    if data.get(pagename, False):
        return True
    # Math in notebook outputs or raw HTML, which MathJax would also typeset.
    text = _SCRIPT_OR_STYLE.sub("", body)
    return any(marker in text for marker in ('class="math', "\\(", "\\[", "$$"))


def _label_toc_toggles(soup: Any) -> None:
    """Give the icon-only <summary> toggles of the sidebar an accessible name."""
    for summary in soup.select("details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        name = link.get_text(" ", strip=True) if link else ""
        summary["aria-label"] = (
            f"Show or hide the pages under {name}" if name else "Show or hide the pages below"
        )


def _wrap_toctree(context: dict) -> None:
    """Wrap pydata-sphinx-theme's sidebar generator to label its toggles."""
    generate = context.get("generate_toctree_html")
    if not callable(generate) or getattr(generate, "_offline_site", False):
        return

    @functools.wraps(generate)
    def generate_toctree_html(*args: Any, **kwargs: Any) -> Any:
        result = generate(*args, **kwargs)  # a BeautifulSoup tree (cached by the theme)
        if isinstance(result, str):
            from bs4 import BeautifulSoup  # a dependency of pydata-sphinx-theme

            soup = BeautifulSoup(result, "html.parser")
            _label_toc_toggles(soup)
            return str(soup)
        if hasattr(result, "select"):
            _label_toc_toggles(result)
        return result

    generate_toctree_html._offline_site = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_toctree_html


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    body = context.get("body") or ""
    if FIGURE_MARKER in body:
        # No async/defer: plotly.js must be ready before the inline newPlot script.
        app.add_js_file(PLOTLY_STATIC, priority=450)

    scripts = context.get("script_files")
    if isinstance(scripts, list):
        # myst-nb loads MathJax on every page; keep it only where there is math.
        keep_mathjax = _page_has_math(app, pagename, body)
        mathjax_path = str(app.config.mathjax_path)
        seen: set = set()
        unique = []
        for js in scripts:
            key = _script_key(js)
            if key in seen or (not keep_mathjax and _is_mathjax(js, mathjax_path)):
                continue
            seen.add(key)
            unique.append(js)
        # In place: the list is the builder's, which Sphinx resets for each page.
        scripts[:] = unique

    _wrap_toctree(context)

    if not context.get("favicon_url"):
        # Without an icon link the browser requests /favicon.ico, a 404 in every
        # reader's console; an empty data: icon stops that request.
        context["metatags"] = (context.get("metatags") or "") + '<link rel="icon" href="data:,">\n'


def note_quiz_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page that shows a quiz is rebuilt when its ``data/quizzes/<stem>.json`` changes."""
    for stem in _SHOW_QUIZ.findall(source[0]):
        app.env.note_dependency(str(Path(app.srcdir) / QUIZ_DATA / f"{stem}.json"))


def strip_copied_sources(app: Sphinx, exception: Exception | None) -> None:
    """Student edition: remove the solutions from the page sources in ``_sources/``."""
    if exception is not None or app.builder.format != "html" or edition() != "student":
        return
    sources = Path(app.outdir) / "_sources"
    if not sources.is_dir():
        return
    for path in sources.rglob("*"):
        if path.is_file() and path.suffix in {".md", ".txt", ".rst"}:
            text = path.read_text(encoding="utf8")
            stripped = strip_solutions(text)
            if stripped != text:
                path.write_text(stripped, encoding="utf8")


def visit_citation_html(self: Any, node: nodes.citation) -> None:
    # As docutils' HTML writer, but with role="listitem" (not doc-biblioentry).
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation_html(self: Any, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    os.environ[BOOK_BUILD_ENV] = "1"  # inherited by every kernel the build starts
    app.connect("config-inited", check_config)
    app.connect("builder-inited", copy_assets)
    # Late, after the themes and sphinx.ext.mathjax have added their scripts.
    app.connect("html-page-context", page_context, priority=900)
    app.connect("source-read", note_quiz_dependencies)
    app.connect("build-finished", strip_copied_sources)
    app.add_css_file("offline_site.css")
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
