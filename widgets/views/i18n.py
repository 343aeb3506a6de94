"""Languages of the interface: English and Dutch, from one gettext catalogue.

Every string the command line, the explorers, the live pages, the team scan and its
report show is written in English in the code, marked with ``_()``, and translated
in ``widgets/locale/nl/LC_MESSAGES/samensterk.po`` (compiled to ``.mo`` beside it
by ``make i18n``). The standard library's :mod:`gettext` reads the catalogue, here
and in the browser's Pyodide alike; the book's pages get the same strings as JSON
at build time.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import Callable

DOMAIN = "samensterk"
LANGUAGES: tuple[str, ...] = ("en", "nl")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}

Translate = Callable[[str], str]
Plural = Callable[[str, str, int], str]


def locale_dir() -> Path:
    """The folder holding ``<lang>/LC_MESSAGES/samensterk.mo``."""
    return Path(__file__).resolve().parents[1] / "locale"


def check_language(lang: str) -> str:
    """``lang`` if it is a language of the interface, else ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def translations(lang: str = DEFAULT_LANGUAGE) -> gettext.NullTranslations:
    """The translations of a language (English is the source language: no catalogue)."""
    check_language(lang)
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[lang])


def translator(lang: str = DEFAULT_LANGUAGE) -> Translate:
    """The ``_`` function of a language."""
    return translations(lang).gettext


def plural(lang: str = DEFAULT_LANGUAGE) -> Plural:
    """The ``ngettext`` function of a language: ``ngettext(singular, plural, count)``."""
    return translations(lang).ngettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def number(value: float | None, lang: str, digits: int = 1, *, trim: bool = True) -> str:
    """A number as the reader writes it: "3,5" in Dutch, "3.5" in English (whole numbers without decimals).

    With ``trim=False`` the number keeps all its ``digits`` decimals ("0,80", as a table of fits shows them).
    """
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    if trim and digits:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def level_text(level: float | None, lang: str) -> str:
    _ = translator(lang)
    return _("don't know") if level is None else number(level, lang)
