"""Local Sphinx extension: the book loads nothing from outside the site.

* Copies the plotly.js bundle, MathJax 3 and Font Awesome's CSS web font (fetched by
  ``make assets`` into ``.cache/assets/``) into the build's ``_static/``; the build
  fails with a clear message when they are missing.
* Adds ``<script src="_static/plotly/plotly-basic.min.js">`` (synchronous, in the
  head) only to pages whose HTML contains a ``plotly-graph-div``: figures are
  emitted by notebook cells as ``fig.to_html(include_plotlyjs=False, ...)``, whose
  inline ``Plotly.newPlot`` script needs plotly.js loaded before it runs.
* Refuses a MathJax URL (``mathjax_path`` must point into ``_static``) and drops
  MathJax (which myst-nb puts on every page) from pages without math.
* Swaps the theme's Font Awesome JavaScript (1.45 MB on every page) for the same
  icons as Font Awesome's CSS web font.
* Removes duplicate script tags (sphinx-thebe 0.3.1 under Sphinx 7.4 emits its
  inline ``THEBE_JS_URL`` script twice, a console error on every page).
* Adds an empty ``data:`` icon link when the book has no favicon, so browsers
  do not request a missing ``/favicon.ico``.
* Static output only: notebooks executed for the book see ``SAMENSTERK_BOOK_BUILD``
  in their kernel's environment, so a case notebook's ``page.live()`` shows the
  ipywidgets explorer when run in Jupyter but nothing in the static page, where no
  kernel could drive its controls; and figures give the page HTML alone, not also
  the plotly JSON that JupyterLab draws.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset, copy_asset_file

from widgets.book.figures import BOOK_BUILD_ENV

__version__ = "1.0"

ASSETS_DIR = Path(".cache") / "assets"  # relative to the book's source directory
PLOTLY_STATIC = "plotly/plotly-basic.min.js"  # relative to _static
# The theme's icons as Font Awesome's CSS web font (make assets), instead of its JavaScript.
FONTAWESOME_STATIC = "fontawesome/css/all.min.css"  # relative to _static
FONTAWESOME_SCRIPT = "scripts/fontawesome.js"
MATHJAX_STATIC = "mathjax"  # relative to _static; mathjax_path: mathjax/tex-chtml.js
FIGURE_MARKER = "plotly-graph-div"
# Script and style elements: their text is never typeset, so math markers in them
# (e.g. the "\\(" in the self-check quizzes' JavaScript) do not count as math.
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


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
        root / "fontawesome" / "css" / "all.min.css",
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


def override_theme_macros(app: Sphinx, config: Any) -> None:
    """Drop the theme's Font Awesome script (1.45 MB on every page): pydata-sphinx-theme loads it
    in a macro of ``static/webpack-macros.html``, so this build gets a copy of that file without
    the script, ahead of the theme on the template path. The CSS web font draws the icons."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    macros = theme / "static" / "webpack-macros.html"
    text = macros.read_text(encoding="utf8")
    kept = "\n".join(line for line in text.splitlines() if FONTAWESOME_SCRIPT not in line)
    if kept == text.rstrip("\n") or "head_js_preload" not in kept:
        raise ExtensionError(f"{macros} no longer loads {FONTAWESOME_SCRIPT} as expected: check the theme")
    doctrees = Path(app.doctreedir).resolve()
    folder = doctrees.parent / ("theme-overrides" + doctrees.name.removeprefix(".doctrees"))
    (folder / "static").mkdir(parents=True, exist_ok=True)
    (folder / "static" / "webpack-macros.html").write_text(kept + "\n", encoding="utf8")
    config.templates_path = [str(folder), *config.templates_path]


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
    copy_asset(str(mathjax_dir.parent / "fontawesome"), str(static / "fontawesome"))


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

    if not context.get("favicon_url"):
        # Without an icon link the browser requests /favicon.ico, a 404 in every
        # reader's console; an empty data: icon stops that request.
        context["metatags"] = (context.get("metatags") or "") + '<link rel="icon" href="data:,">\n'


def setup(app: Sphinx) -> dict[str, Any]:
    os.environ[BOOK_BUILD_ENV] = "1"  # inherited by every kernel the build starts
    app.connect("config-inited", check_config)
    app.connect("config-inited", override_theme_macros)
    app.connect("builder-inited", copy_assets)
    # Late, after the themes and sphinx.ext.mathjax have added their scripts.
    app.connect("html-page-context", page_context, priority=900)
    app.add_css_file(FONTAWESOME_STATIC)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
