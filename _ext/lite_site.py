"""Local Sphinx extension: "Open as notebook", the code and explorer in JupyterLite.

The basic interaction (move a lesson, see the trajectory) is the live model beside
each figure (``_ext/live_site.py``); this is for readers who want to run and change
the code itself.

A case page writes

    ```{open-notebook} kempen
    ```

(or ``blank`` for a new region) and gets an "Open as notebook" button. Nothing else is
loaded until the reader clicks it: then JupyterLite's REPL opens in an iframe
under the button, starts Python (Pyodide) in the browser and runs two lines,
``from widgets.apps.lite import explorer`` and ``explorer("kempen")``, which the REPL
executes on start. Everything comes from the site itself:

* ``jupyterlite_sphinx`` (set up from here) runs ``jupyter lite build`` after the
  book into ``<outdir>/lite``, with ``lite/`` as the JupyterLite folder; its
  ``jupyter-lite.json`` turns off the PyPI fallback, lists the wheels Pyodide
  preloads at start, and disables two plugins (see ``lite/README.md``): the
  service worker, which would make every Python import look up the browser's file
  storage through a synchronous request, and the code editor's notebook commands,
  which fail to start in the REPL app and log an error;
* the Pyodide distribution with every wheel (the project's own built from the
  repository) is assembled by ``lite/prepare.py`` at the start of each build,
  unless the one from the last build still fits (downloads cached in
  ``.cache/lite``);
* only the front-end extensions the explorer needs go into the Lite site
  (widgets manager, anywidget, the Pyodide kernel): plotly's own JupyterLab
  renderer (4.7 MB of JavaScript, loaded at start) is not needed by
  ``FigureWidget``, which is an anywidget;
* jupyterlite_sphinx links a Google Fonts stylesheet on every page: removed,
  with its script and stylesheet on pages without a "Open as notebook".

Each build gets its own JupyterLite work folder beside its output
(``jupyterlite`` beside the build's doctrees: contents, cache and config), so builds into
different output folders never share state.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective
from static_files import add_static

if str(Path(__file__).resolve().parent.parent) not in sys.path:  # the book's root: lite/ is a package there
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lite import prepare  # noqa: E402
from widgets import shared  # noqa: E402
from widgets.book.language import _, book_language  # noqa: E402
from widgets.views.i18n import N_  # noqa: E402

__version__ = "1.0"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LITE_SOURCE = "lite"  # relative to the book's source folder: jupyter-lite.json, prepare.py
LITE_OUTPUT = "lite"  # where jupyterlite_sphinx builds JupyterLite inside the output
CACHE = Path(".cache") / "lite"  # downloads of lite/prepare.py (npm tarball, wheels)
BLANK = shared.BLANK
IMPORT = "from widgets.apps.lite import explorer"  # widgets/apps/lite.py
DEFAULT_HEIGHT = "1800px"
MARKER = shared.NOTEBOOK_MARKER
# The federated extensions the explorer needs in the browser.
LAB_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@jupyterlite/pyodide-kernel-extension",
    "anywidget",
)
OUTSIDE_CSS = ("fonts.googleapis.com",)
# Needed only on pages with a "Open as notebook" (jupyterlite_sphinx adds its own to all).
LIVE_ASSETS = ("jupyterlite_sphinx.js", "jupyterlite_sphinx.css", "lite_site.css")


def _workdir(app: Sphinx) -> Path:
    # Beside the build's doctrees: _build/jupyterlite for _build/.doctrees, and
    # _build/jupyterlite-nl for the Dutch edition's _build/.doctrees-nl.
    doctrees = Path(app.doctreedir).resolve()
    return doctrees.parent / ("jupyterlite" + doctrees.name.removeprefix(".doctrees"))


def _lab_extension_dirs() -> list[str]:
    base = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    dirs = []
    for name in LAB_EXTENSIONS:
        path = base / name
        if not (path / "package.json").is_file():
            raise ExtensionError(f"the JupyterLab extension {name} is not installed in {sys.prefix}: "
                                 "pip install -e '.[book]'")
        dirs.append(str(path))
    return dirs


def configure(app: Sphinx, config: Any) -> None:
    """Point jupyterlite_sphinx at lite/ and at a work folder of this build's own."""
    add_static(app, config)
    work = _workdir(app)
    config.jupyterlite_dir = str(Path(app.srcdir) / LITE_SOURCE)
    config.jupyterlite_content_dir = str(work / "contents")
    config.jupyterlite_config = str(work / "jupyter_lite_config.json")
    config.jupyterlite_bind_ipynb_suffix = False  # notebooks are myst-nb's
    # jupyterlite_sphinx 0.23 cannot report a failed build when silenced.
    config.jupyterlite_silence = False


def prepare_lite(app: Sphinx) -> None:
    """Assemble this build's Pyodide distribution and the JupyterLite build config."""
    if app.builder.format != "html":
        return
    work = _workdir(app)
    try:
        dist = prepare.ensure(Path(app.srcdir) / CACHE, work / "pyodide")
    except prepare.PrepareError as error:
        raise ExtensionError(f"cannot prepare the Pyodide distribution for Open as notebook: {error}") from error

    work.mkdir(parents=True, exist_ok=True)
    lite_config = {
        "LiteBuildConfig": {
            "cache_dir": str(work / "cache"),
            "no_sourcemaps": True,
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": _lab_extension_dirs(),
        },
        "PyodideAddon": {"pyodide_url": str(dist)},
    }
    Path(app.config.jupyterlite_config).write_text(json.dumps(lite_config, indent=2) + "\n",
                                                   encoding="utf8")


def repl_url(prefix: str, code: str) -> str:
    """The JupyterLite REPL that starts the Python kernel and runs ``code``."""
    params = [("kernel", "python"), ("toolbar", "1"), ("showBanner", "0"), ("execute", "1"),
              ("code", code)]
    return f"{prefix}/repl/index.html?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params)


# The status lines the page's script shows (marked here: pybabel does not look inside f-strings).
SAY_STARTING = N_("Starting Python in your browser…")
SAY_RUNNING = N_("The explorer is running in your browser.")
SAY_FAILED = N_("The explorer has not started. Reload the page to try again.")
NOTE = N_(
    "Opens a Python notebook (JupyterLite) in this page with the explorer for {what}, for readers who "
    "want to run and change the code: import widgets.scoring, evaluate your own profiles, write your own "
    "figures. The first start loads about 55 MB from this site and takes a while; nothing you enter leaves "
    "your browser.")


class OpenNotebookDirective(SphinxDirective):
    """``{open-notebook} <case id>`` or ``{open-notebook} blank``: a button that starts the explorer."""

    required_arguments = 1
    has_content = False
    option_spec = {"height": directives.unchanged, "name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from widgets.records.loading import CASE_IDS

        target = self.arguments[0].strip()
        if target == BLANK:
            name = self.options.get("name")
            code = f"{IMPORT}\nexplorer({'' if name is None else f'name={name!r}'})"
            what = _("a new region")
        elif target in CASE_IDS:
            code = f"{IMPORT}\nexplorer({target!r})"
            what = _("this case")
        else:
            raise self.error(f"open-notebook: unknown case {target!r}; use one of {', '.join(CASE_IDS)} "
                             f"or {BLANK}")
        depth = self.env.docname.count("/")
        prefix_url = "/".join([".."] * depth + [LITE_OUTPUT])
        height = self.options.get("height", DEFAULT_HEIGHT)
        title = _("Notebook for {what}").format(what=what)
        # The explorer in the notebook speaks English: a Dutch page says so on the button.
        button = _("Open as notebook") + ("" if book_language() == "en" else " " + _("(in English)"))
        note = html.escape(_(NOTE).format(what=what)).replace("widgets.scoring", "<code>widgets.scoring</code>")
        markup = f"""
<div class="{MARKER}" data-src="{html.escape(repl_url(prefix_url, code))}"
     data-height="{html.escape(height)}" data-title="{html.escape(title)}"
     data-say-starting="{html.escape(_(SAY_STARTING))}"
     data-say-running="{html.escape(_(SAY_RUNNING))}"
     data-say-failed="{html.escape(_(SAY_FAILED))}">
  <button type="button" class="{MARKER}-start">{html.escape(button)}</button>
  <p class="{MARKER}-note">{note}</p>
  <p class="{MARKER}-status" role="status" aria-live="polite"></p>
</div>
"""
        return [nodes.raw("", markup, format="html")]


def _filename(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "")


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    live = MARKER in (context.get("body") or "")
    css = context.get("css_files")
    if isinstance(css, list):
        css[:] = [
            c for c in css
            if not any(host in _filename(c) for host in OUTSIDE_CSS)
            and (live or not _filename(c).endswith(LIVE_ASSETS))
        ]
    scripts = context.get("script_files")
    if isinstance(scripts, list) and not live:
        scripts[:] = [s for s in scripts if not _filename(s).endswith(LIVE_ASSETS)]
    if live:
        app.add_js_file("lite_site.js", priority=800, **shared.script_attributes(marker=MARKER))


def check_output(app: Sphinx, error: Exception | None) -> None:
    """After the JupyterLite build: the site serves its own Pyodide, never PyPI or a CDN."""
    if error is not None or app.builder.format != "html":
        return
    lite = Path(app.outdir) / LITE_OUTPUT
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf8"))
    data = config.get("jupyter-config-data", {})
    kernel = data.get("litePluginSettings", {}).get("@jupyterlite/pyodide-kernel-extension:kernel", {})
    pyodide_url = str(kernel.get("pyodideUrl", ""))
    problems = []
    if not pyodide_url.startswith("./"):
        problems.append(f"pyodideUrl is {pyodide_url!r}, not a file of the site")
    if kernel.get("disablePyPIFallback") is not True:
        problems.append("disablePyPIFallback is not set")
    lock_path = lite / Path(pyodide_url).parent / "pyodide-lock.json" if pyodide_url else None
    if lock_path and lock_path.is_file():
        lock = json.loads(lock_path.read_text(encoding="utf8"))
        missing = [p["file_name"] for p in lock["packages"].values()
                   if not (lock_path.parent / p["file_name"]).is_file()]
        if missing:
            problems.append(f"wheels named in {lock_path} are missing: {missing}")
        preload = kernel.get("loadPyodideOptions", {}).get("packages", [])
        unknown = [name for name in preload if name not in lock["packages"]]
        if unknown:
            problems.append(f"lite/jupyter-lite.json preloads packages not in the lock: {unknown}")
        if "plotly" in lock["packages"]:
            version = lock["packages"]["plotly"]["version"]
            bundle = lock_path.parent / f"plotly-widgetbundle-{version}.js"
            if not bundle.is_file():
                problems.append(f"{bundle} is missing (widgets/apps/lite.py loads it)")
    else:
        problems.append(f"no pyodide-lock.json at {lock_path}")
    names = {ext.get("name") for ext in data.get("federated_extensions", [])}
    if names != set(LAB_EXTENSIONS):
        problems.append(f"the Lite site has the front-end extensions {sorted(names)}, "
                        f"expected {sorted(LAB_EXTENSIONS)}")
    if problems:
        raise ExtensionError("the JupyterLite build is not self-contained:\n  " + "\n  ".join(problems))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("jupyterlite_sphinx")
    # Before jupyterlite_sphinx's own config-inited handler (priority 500) reads the values.
    app.connect("config-inited", configure, priority=400)
    app.connect("builder-inited", prepare_lite)
    app.connect("html-page-context", page_context, priority=900)
    # After jupyterlite_sphinx's build-finished handler (priority 500) built the Lite site.
    app.connect("build-finished", check_output, priority=600)
    app.add_directive("open-notebook", OpenNotebookDirective)
    app.add_css_file("lite_site.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
