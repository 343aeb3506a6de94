"""Local Sphinx extension: a page that shows a self-check quiz is rebuilt when its
``data/quizzes/<stem>.json`` changes (the page calls ``show_quiz("<stem>")``); in the
Dutch edition, when ``data/quizzes/nl/<stem>.json`` changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__version__ = "1.0"

QUIZ_DATA = Path("data") / "quizzes"  # relative to the book's source directory
_SHOW_QUIZ = re.compile(r"""show_quiz\(\s*["']([\w-]+)["']""")


def note_quiz_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page that shows a quiz is rebuilt when its quiz file, in the edition's language, changes."""
    folder = QUIZ_DATA / "nl" if app.config.language == "nl" else QUIZ_DATA
    for stem in _SHOW_QUIZ.findall(source[0]):
        app.env.note_dependency(str(Path(app.srcdir) / folder / f"{stem}.json"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", note_quiz_dependencies)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
