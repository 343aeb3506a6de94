"""Local Sphinx extension: executed notebooks are kept, keyed by everything they read.

The book executes its notebooks with jupyter-cache (``execute_notebooks: cache`` in
``_config.yml``), which runs a notebook again only when its own code changes. It
cannot see what the code imports: the ``widgets`` package, the files in ``data/``
and the installed packages. This extension therefore puts the cache in a folder
named by a digest of those inputs, ``_build/.notebook-cache/<digest>/``:

* when any of them changes, the folder is new, so every notebook is executed again,
  and Sphinx, seeing a changed setting, reads every page again (a plain incremental
  build would keep pages whose notebook text did not change);
* each language has its own folder (``<digest>`` for English, ``nl/<digest>`` for
  Dutch), since the same code prints in the page's language (``_ext/languages.py``);
* when none has changed, the full and the student edition (``_ext/build_edition.py``)
  share the executed outputs, so each notebook runs once per change, not once per
  edition.

Folders of earlier digests are removed. ``make clean`` removes the cache with the
rest of ``_build``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

__version__ = "1.0"

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "_build" / ".notebook-cache"
INPUTS = ("widgets", "data")  # folders, relative to the repository, whose files the notebooks read
_SKIPPED = {"__pycache__"}
LANGUAGE_FOLDERS = {"nl"}  # the other editions' caches, inside CACHE_DIR


def input_files(root: Path = ROOT) -> list[Path]:
    """Every file of the input folders, in a fixed order (bytecode caches left out)."""
    found = []
    for folder in INPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not _SKIPPED.intersection(path.relative_to(root).parts):
                found.append(path)
    return found


def installed_packages() -> list[str]:
    """``name==version`` of every installed distribution, sorted."""
    names = {f"{dist.metadata['Name']}=={dist.version}".lower() for dist in importlib.metadata.distributions()}
    return sorted(names)


def inputs_digest(root: Path = ROOT) -> str:
    """A digest of the notebooks' inputs: the files of ``widgets/`` and ``data/``, the packages, Python."""
    digest = hashlib.sha256(sys.version.encode())
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update("\n".join(installed_packages()).encode())
    return digest.hexdigest()[:16]


def cache_folder(config: Config) -> Path:
    """Where a language's executed notebooks are kept: the same code prints another language."""
    language = (config.language or "en").split("_")[0].lower()
    return CACHE_DIR if language == "en" else CACHE_DIR / language


def use_keyed_cache(app: Sphinx, config: Config) -> None:
    """Point jupyter-cache at the folder of the current inputs; remove the folders of earlier ones."""
    if config.nb_execution_mode != "cache":
        return
    digest = inputs_digest()
    folder = cache_folder(config)
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name != digest and old.is_dir() and old.name not in LANGUAGE_FOLDERS:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(folder / digest)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", use_keyed_cache)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
