"""The static files the book's local extensions share (``_ext/static/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent / "static"


def add_static(app: Sphinx, config: Any) -> None:
    """Put ``_ext/static`` on the static path once (each extension that needs it connects this)."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
