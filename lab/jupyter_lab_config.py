"""JupyterLab for the book's text notebooks (``make lab``).

The chapters and case pages are MyST Markdown text notebooks; jupytext (installed
with the ``lab`` extra) lets JupyterLab open and run them as notebooks and save
them back as Markdown. ``overrides.json`` beside this file makes a double click on
a ``.md`` file open it as a notebook; ``page_config.json`` turns off the news pop-up.
JupyterLab gets every prebuilt front-end extension of this environment except
JupyterLite's (installed to build the book's "Try it live", they fail to load outside
JupyterLite): links to the others are kept in ``.cache/lab/labextensions``.
Run live, each case notebook shows the explorer for its case under "Try it live".
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSTALLED_EXTENSIONS = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
EXTENSIONS = HERE.parent / ".cache" / "lab" / "labextensions"
LITE_ONLY = "@jupyterlite"


def link_extensions(installed: Path, links: Path) -> Path:
    """``links``: a folder of links to every extension (or scope) in ``installed`` but
    JupyterLite's, made afresh so that it follows what is installed."""
    links.mkdir(parents=True, exist_ok=True)
    for old in links.iterdir():
        old.unlink()
    for extension in sorted(installed.iterdir()) if installed.is_dir() else []:
        if extension.name != LITE_ONLY:
            (links / extension.name).symlink_to(extension, target_is_directory=True)
    return links


c = get_config()  # noqa: F821 (given by Jupyter when it reads this file)
c.ServerApp.ip = "127.0.0.1"  # this computer only
c.ServerApp.root_dir = str(HERE.parent)
c.ServerApp.default_url = "/lab/tree/cases/index.md"
c.LabApp.app_settings_dir = str(HERE)  # overrides.json, page_config.json
c.LabApp.labextensions_path = [str(link_extensions(INSTALLED_EXTENSIONS, EXTENSIONS))]
# Nothing is fetched from the internet: no news feed, no update check, no PyPI
# search in the extension manager.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
