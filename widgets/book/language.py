"""The language of the book being built, for the code its pages execute.

The English and the Dutch edition are built from the same pages
(``_ext/build_edition.py --language nl``); the build sets ``SAMENSTERK_LANGUAGE``,
which the notebooks' kernel inherits. What the pages' code prints, draws and glues
takes its words from the interface's gettext catalogue (:mod:`widgets.views.i18n`)
in that language, and writes its numbers the reader's way ("2,5" and "48%" in Dutch).
"""

from __future__ import annotations

import os

from widgets.views import i18n

LANGUAGE_VARIABLE = "SAMENSTERK_LANGUAGE"


def book_language() -> str:
    """The language of the edition being built: "en" (default) or "nl"."""
    value = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower() or i18n.DEFAULT_LANGUAGE
    return i18n.check_language(value)


def _(message: str) -> str:
    """``message`` in the book's language (the interface's catalogue)."""
    return i18n.translator(book_language())(message)


def decimal(value: float, digits: int = 2) -> str:
    """A number with a fixed number of decimals, with the book language's decimal sign."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if book_language() == "nl" else text


def percent(share: float, digits: int = 0) -> str:
    """A share as a percentage ("48%", "12,5%")."""
    return decimal(100 * share, digits) + "%"
