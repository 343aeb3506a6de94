"""Local Sphinx extension: the editions of the book.

With ``SAMENSTERK_EDITION=student`` in the environment the book is built without
worked solutions: sphinx-exercise's ``hide_solutions`` drops every ``{solution}``
from the pages, the copied page sources in ``_sources/`` (the "download source"
button) are stripped of them too, and a banner names the edition. Unset (or
``full``) builds the complete book. ``_ext/build_edition.py`` builds an edition
into a folder of its own.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

__version__ = "1.0"

EDITION_VARIABLE = "SAMENSTERK_EDITION"
EDITIONS = ("full", "student")
STUDENT_BANNER = "Student edition: the worked solutions to the exercises are left out."
STUDENT_BANNERS = {"nl": "Studenteneditie: de uitgewerkte oplossingen van de opgaven zijn weggelaten."}
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


def configure(app: Sphinx, config: Any) -> None:
    """The student edition leaves every solution out and says so in a banner."""
    if edition() == "student":
        config.hide_solutions = True  # sphinx-exercise: leave every {solution} out
        options = dict(config.html_theme_options or {})
        language = (config.language or "en").split("_")[0]
        options["announcement"] = STUDENT_BANNERS.get(language, STUDENT_BANNER)
        config.html_theme_options = options


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", configure)
    app.connect("build-finished", strip_copied_sources)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
