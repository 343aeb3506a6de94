"""The explorer in the reader's browser: the book's "Open as notebook" (JupyterLite, Pyodide).

The case pages and "Your region" start JupyterLite's REPL with two lines::

    from widgets.apps.lite import explorer
    explorer("kempen")        # explorer() for a new region

:func:`explorer` gives :meth:`Explorer.for_case <widgets.apps.explorer.Explorer.for_case>`
or :meth:`Explorer.blank <widgets.apps.explorer.Explorer.blank>` with one adjustment for
the browser. Every plotly ``FigureWidget`` is an anywidget whose front-end code is
plotly.js itself (about 5 MB), sent from the kernel to the page with every figure;
in Pyodide that alone took seconds for the explorer's two figures. The book's Lite
site serves the same file beside Pyodide (``lite/prepare.py`` copies it out of the
bundled plotly wheel), so the figures name its URL instead and the browser loads and
compiles it once. Outside JupyterLite (Jupyter, Voilà, the tests) nothing changes.
"""

from __future__ import annotations

import sys

from widgets.apps.explorer import Explorer

# Where lite/prepare.py puts plotly's widget bundle, relative to the JupyterLite root.
BUNDLE_PATH = "static/pyodide/plotly-widgetbundle-{version}.js"
# JupyterLite serves its front-end extensions (the kernel's worker among them) here.
EXTENSIONS = "/extensions/"


def lite_root() -> str | None:
    """The JupyterLite site's base URL when running in its Pyodide kernel, else None."""
    if sys.platform != "emscripten":
        return None
    try:
        import js  # Pyodide's bridge to the worker's JavaScript globals
    except ImportError:
        return None
    href = str(getattr(getattr(js, "location", None), "href", "") or "")
    if not href.startswith(("http://", "https://")) or EXTENSIONS not in href:
        return None
    return href.split(EXTENSIONS, 1)[0] + "/"


def share_plotly_bundle() -> str | None:
    """In JupyterLite, let every FigureWidget load plotly.js from the site; the URL used."""
    root = lite_root()
    if root is None:
        return None
    import plotly
    from plotly.basewidget import BaseFigureWidget

    url = root + BUNDLE_PATH.format(version=plotly.__version__)
    BaseFigureWidget._esm = url  # anywidget imports an http(s) URL instead of inline code
    return url


def explorer(case_id: str | None = None, name: str = "My region") -> Explorer:
    """The explorer for a case of the source, or for a new region when ``case_id`` is None."""
    share_plotly_bundle()
    return Explorer.for_case(case_id) if case_id else Explorer.blank(name)
