"""The practitioner app: the region explorer served by Voilà, on this computer only.

``samensterk app [--case ID] [--port N]`` serves ``app/explorer.ipynb`` (shipped in the
package) with the ``samensterk`` Voilà template (``app/share/jupyter/voila/templates/``,
Voilà's ``lab`` template without its CDN links) on http://127.0.0.1:PORT/ until Ctrl-C.
The case reaches the notebook through the environment variable ``SAMENSTERK_APP_CASE``;
the shipped notebook is never edited. ``samensterk app --scan [--lang nl|en]`` serves the
team scan's questionnaire (:mod:`widgets.apps.questionnaire`) from the same notebook instead:
``SAMENSTERK_APP_MODE=scan`` and ``SAMENSTERK_APP_LANG`` tell it so. Voilà itself is imported only when serving, so the
rest of the package works without the ``app`` extra.

Plotly's ``FigureWidget`` normally sends its whole front-end script (about 5 MB) through
the kernel for every figure, and the browser evaluates it once per figure. The app serves
that script as a static file instead (a copy in a temporary template folder) and gives each
figure a three-line loader that imports it: the page gets it once, over HTTP, and every
figure shares it. This also keeps anywidget within the 2 s it allows a widget to start.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path
from typing import Callable

from widgets.records import loading
from widgets.views import i18n

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
CASE_ENV = "SAMENSTERK_APP_CASE"
MODE_ENV = "SAMENSTERK_APP_MODE"  # "scan": the questionnaire; unset (or "explorer"): the explorer
LANG_ENV = "SAMENSTERK_APP_LANG"  # the questionnaire's first language
EXPLORER_MODE, SCAN_MODE = "explorer", "scan"
MODES: tuple[str, ...] = (EXPLORER_MODE, SCAN_MODE)
SCAN_LANGUAGE = "nl"  # the questionnaire's language when none is given
PLOTLY_ENV = "SAMENSTERK_APP_PLOTLY"  # where the app server has plotly's widget script
TEMPLATE = "samensterk"
APP_DIR = Path(__file__).resolve().parent / "notebook"
NOTEBOOK = APP_DIR / "explorer.ipynb"
JUPYTER_ROOT = APP_DIR / "share" / "jupyter"  # holds voila/templates/samensterk/
NEEDED = ("voila", "ipykernel", "ipywidgets", "plotly", "anywidget")
# The front-end extensions the explorer needs; any other JupyterLab extension installed
# beside Voilà (e.g. a JupyterLite kernel) is not loaded into the page.
EXTENSIONS = ("@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager", "anywidget")


class AppError(ValueError):
    """The app cannot start as asked (bad case or port, missing dependency)."""


def check_case(case_id: str | None) -> str | None:
    """The case id, checked; ``None`` (or empty) for a new region."""
    if case_id is None or not case_id.strip():
        return None
    case_id = case_id.strip()
    if case_id not in loading.CASE_IDS:
        raise AppError(f"--case {case_id!r}: unknown case; known: {', '.join(loading.CASE_IDS)}")
    return case_id


def check_mode(mode: str | None) -> str:
    """The app's mode, checked: the explorer unless ``scan`` is asked for."""
    mode = (mode or "").strip() or EXPLORER_MODE
    if mode not in MODES:
        raise AppError(f"{MODE_ENV}={mode!r}: unknown mode; known: {', '.join(MODES)}")
    return mode


def check_language(lang: str | None) -> str:
    """The questionnaire's language, checked (Dutch when none is given)."""
    lang = (lang or "").strip() or SCAN_LANGUAGE
    if lang not in i18n.LANGUAGES:
        raise AppError(f"--lang {lang!r}: unknown language; choose one of {', '.join(i18n.LANGUAGES)}")
    return lang


def port_problem(port: int, host: str = HOST) -> str | None:
    """Why ``port`` cannot be listened on (``None`` if it can), tried as the server will."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as tornado does, so a port in TIME_WAIT counts as free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return "already in use"
            if error.errno == errno.EACCES:
                return "permission denied"
            return error.strerror or str(error)
    return None


def free_port(host: str = HOST) -> int:
    """A port the system says is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def choose_port(port: int | None) -> int:
    """The port to serve on: ``port`` if it is usable, else an error; without one,
    8866 (Voilà's usual port) or, when that is taken, any free port."""
    if port is None:
        return DEFAULT_PORT if port_problem(DEFAULT_PORT) is None else free_port()
    if not 1 <= port <= 65535:
        raise AppError(f"--port {port}: must be from 1 to 65535")
    problem = port_problem(port)
    if problem:
        raise AppError(f"--port {port}: cannot listen on {HOST}:{port} ({problem})")
    return port


def check_dependencies() -> None:
    """Fail early, in one line, when the ``app`` extra is not installed."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        raise AppError(
            f"the app needs {', '.join(missing)}: install it with pip install 'samensterk[app]'"
        )


def plotly_loader(path: str) -> str:
    """An anywidget module that imports plotly's widget script from the page's server."""
    return (
        f"const shared = await import(new URL({json.dumps(path)}, document.baseURI).href);\n"
        "export default shared.default;\n"
    )


def explorer_from_environment():
    """What the app notebook shows: with ``SAMENSTERK_APP_MODE=scan`` the team scan's
    questionnaire in ``SAMENSTERK_APP_LANG`` (Dutch without it); otherwise the explorer of
    the case in ``SAMENSTERK_APP_CASE`` (a new region without it), its figures loading
    plotly's script from the app server when ``SAMENSTERK_APP_PLOTLY`` says where it is."""
    if check_mode(os.environ.get(MODE_ENV)) == SCAN_MODE:
        from widgets.apps.questionnaire import Questionnaire

        return Questionnaire(check_language(os.environ.get(LANG_ENV)))

    import plotly.graph_objects as go

    from widgets.apps.explorer import Explorer

    served = os.environ.get(PLOTLY_ENV, "").strip()
    if served:
        go.FigureWidget._esm = plotly_loader(served)
    case_id = check_case(os.environ.get(CASE_ENV))
    return Explorer.for_case(case_id) if case_id else Explorer.blank()


def _serve_plotly(root: Path) -> str:
    """Copy plotly's widget script into the template's static files under ``root``;
    its path on the app server."""
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    static = root / "voila" / "templates" / TEMPLATE / "static"
    static.mkdir(parents=True)
    shutil.copyfile(source, static / "plotly-widget.js")
    return f"voila/templates/{TEMPLATE}/static/plotly-widget.js"


def app_url(port: int) -> str:
    return f"http://{HOST}:{port}/"


def _kernel_dir(root: Path) -> Path:
    """A Jupyter data dir whose ``python3`` kernel is this Python, so the notebook runs
    where ``widgets`` is installed even if the user has another ``python3`` kernel."""
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (samensterk)",
        "language": "python",
        "metadata": {"debugger": False},
    }), encoding="utf-8")
    return root


def voila_argv(port: int) -> list[str]:
    """Voilà's command line for the app."""
    argv = [
        str(NOTEBOOK),
        f"--Voila.ip={HOST}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",  # the port asked for, or fail: never another one
        "--Voila.open_browser=True",  # no browser is opened: AppVoila prints the URL
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.theme=light",
        "--Voila.log_level=ERROR",  # not the routine warnings of every page load
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS),
        # A kernel that has run the notebook waits for the next page: it opens in seconds.
        "--VoilaConfiguration.preheat_kernel=True",
        "--VoilaConfiguration.default_pool_size=1",
        # A page closed without saying so leaves its kernel: stop it after 5 idle minutes.
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_idle_timeout=300",
    ]
    if os.name == "posix":  # kernel sockets as files in Voila's private folder, not TCP ports
        argv.append("--KernelManager.transport=ipc")
    return argv


def serve(case_id: str | None = None, port: int | None = None,
          announce: Callable[[str], None] | None = None, scan: bool = False, lang: str | None = None) -> None:
    """Serve the app until Ctrl-C (or SIGTERM); ``announce`` gets the line with the URL
    once the server listens. With ``scan`` it serves the team scan's questionnaire in
    ``lang`` (Dutch without it) instead of the explorer; ``lang`` matters for the scan only.
    Bad input raises :class:`AppError` before anything starts."""
    case_id = check_case(case_id)
    if scan and case_id:
        raise AppError("--case does not go with --scan: the questionnaire starts empty")
    scan_lang = check_language(lang) if scan else None
    port = choose_port(port)
    check_dependencies()
    say: Callable[[str], None] = announce or (lambda line: print(line, flush=True))

    from voila.app import Voila

    url = app_url(port)

    class AppVoila(Voila):
        """Voilà that, once listening, prints the URL instead of opening a browser."""

        def launch_browser(self) -> None:
            if scan_lang:
                what = f"team scan, {i18n.LANGUAGE_NAMES[scan_lang]}"
            else:
                what = f"case {case_id}" if case_id else "a new region"
            say(f"Samen sterk app ({what}) at {url}  (Ctrl-C to stop)")

        def stop(self) -> None:
            """End every kernel at once: the spare one may still be running the notebook,
            and asked politely it dies complaining (a traceback in the terminal). Kernels
            keep nothing to save: a scenario lives in the page until it is downloaded."""
            from jupyter_core.utils import run_sync

            shutil.rmtree(self.connection_dir, ignore_errors=True)
            run_sync(self.kernel_manager.shutdown_all)(now=True)

    # Ctrl-C stops the app even when started from a shell that ignores SIGINT for
    # background jobs; SIGTERM is handled by Voila (it shuts its kernels down).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="samensterk-app-") as scratch:
        paths = [str(_kernel_dir(Path(scratch))), str(JUPYTER_ROOT)]
        if os.environ.get("JUPYTER_PATH"):
            paths.append(os.environ["JUPYTER_PATH"])
        os.environ["JUPYTER_PATH"] = os.pathsep.join(paths)
        os.environ[PLOTLY_ENV] = _serve_plotly(Path(scratch))
        # One page per kernel: the kernel need not echo each change back to the page it
        # came from (ipywidgets 8 does, for several front ends on one kernel).
        os.environ["JUPYTER_WIDGETS_ECHO"] = "0"
        if case_id:
            os.environ[CASE_ENV] = case_id
        else:
            os.environ.pop(CASE_ENV, None)
        if scan_lang:
            os.environ[MODE_ENV] = SCAN_MODE
            os.environ[LANG_ENV] = scan_lang
        else:
            os.environ.pop(MODE_ENV, None)
            os.environ.pop(LANG_ENV, None)
        try:
            AppVoila.launch_instance(argv=voila_argv(port))
        except KeyboardInterrupt:
            pass
