"""The language of the book being built, for the code its pages execute.

The English and the Dutch edition are built from the same pages
(``_ext/build_edition.py --language nl``); the build sets ``SAMENSTERK_LANGUAGE``,
which the notebooks' kernel inherits. What the pages' code prints, draws and glues
takes its words from the interface's gettext catalogue (:mod:`widgets.views.i18n`)
in that language, and writes its numbers the reader's way ("2,5" and "48%" in Dutch).
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from widgets.records.coding import text_in
from widgets.views import i18n

LANGUAGE_VARIABLE = "SAMENSTERK_LANGUAGE"


def book_language() -> str:
    """The language of the edition being built: "en" (default) or "nl"."""
    value = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower() or i18n.DEFAULT_LANGUAGE
    if value not in i18n.LANGUAGES:
        raise ValueError(f"{LANGUAGE_VARIABLE}={value!r} is not a language of the book; "
                         f"set it to one of {', '.join(i18n.LANGUAGES)} (or leave it unset for English)")
    return value


def _(message: str) -> str:
    """``message`` in the book's language (the interface's catalogue)."""
    return i18n.translator(book_language())(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message in the book's language, by ``count``."""
    return i18n.plural(book_language())(singular, plural, count)


def text(record: object, field: str) -> str:
    """A record's text in the book's language (its ``<field>_nl`` in Dutch, where the data has one)."""
    return text_in(record, field, book_language())


def decimal(value: float, digits: int = 2) -> str:
    """A number with a fixed number of decimals, with the book language's decimal sign."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if book_language() == "nl" else text


def signed(value: float, digits: int = 1) -> str:
    """A number with its sign ("+2.5", "-0.3"), with the book language's decimal sign."""
    text = f"{value:+.{digits}f}"
    return text.replace(".", ",") if book_language() == "nl" else text


def general(value: float, digits: int | None = None) -> str:
    """A number as short as it goes ("3", "2.5"), like ``f"{value:g}"`` (``f"{value:.3g}"`` with ``digits=3``),
    with the book language's decimal sign."""
    text = f"{value:g}" if digits is None else f"{value:.{digits}g}"
    return text.replace(".", ",") if book_language() == "nl" else text


def percent(share: float, digits: int = 0) -> str:
    """A share as a percentage ("48%", "12,5%")."""
    return decimal(100 * share, digits) + "%"


def listing(items: Sequence[str]) -> str:
    """Items joined the reader's way: "A, B and C" ("A, B en C" in Dutch); "" for none."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def figure_layout() -> dict[str, Any]:
    """Layout settings of a plotly figure in the book's language: in Dutch a decimal comma on the axes."""
    return {"separators": ",."} if book_language() == "nl" else {}
