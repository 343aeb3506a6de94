"""Local Sphinx extension: the book in two languages, with a switch on every page.

The English edition is built into ``_build/html``; the Dutch one from the same pages,
through the catalogues in ``locale/nl/LC_MESSAGES`` (``_ext/translations.py``), into
``_build/html/nl`` (``_ext/build_edition.py --language nl``). This extension

* tells the code the pages execute which language it writes in: it sets
  ``SAMENSTERK_LANGUAGE`` (:mod:`widgets.book.language`), which the notebooks' kernel
  inherits, so figures, tables and glued numbers come out in the page's language;
* puts a link to the same page in the other language in every page's header
  (``templates/language-switch.html``), relative, so that it works offline and from
  files, and ``hreflang`` links to both in the page's head.

Each language's executed notebooks are cached apart (``_ext/notebook_cache.py``).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.transforms import i18n as sphinx_i18n
from static_files import add_static

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from widgets.book.language import LANGUAGE_VARIABLE  # noqa: E402

__version__ = "1.0"

TEMPLATES = Path(__file__).resolve().parent / "templates"
SOURCE_LANGUAGE = "en"
# The editions: language -> folder of its pages, relative to the English site.
FOLDERS = {"en": "", "nl": "nl/"}
SEARCH_TEXT = {"nl": "Zoeken in dit boek..."}  # the English is in _config.yml
# The switch, in the language of the page it is on.
SWITCH = {
    "en": {"label": "Nederlands", "title": "Lees deze pagina in het Nederlands"},
    "nl": {"label": "English", "title": "Read this page in English"},
}


def book_language(config: Config) -> str:
    """The edition's language from Sphinx's ``language`` ("en" unless set)."""
    language = (config.language or SOURCE_LANGUAGE).split("_")[0].lower()
    if language not in FOLDERS:
        raise ExtensionError(f"language {config.language!r} has no edition; choose one of {', '.join(FOLDERS)}")
    return language


def set_language(app: Sphinx, config: Config) -> None:
    """Tell executed code the build's language; add the switch's template to the path."""
    language = book_language(config)
    os.environ[LANGUAGE_VARIABLE] = language
    if language in SEARCH_TEXT:
        config.html_theme_options = {**config.html_theme_options, "search_bar_text": SEARCH_TEXT[language]}
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def twin_url(pagename: str, language: str, target: str) -> str:
    """The relative URL, from page ``pagename`` of edition ``language``, of the page in ``target``."""
    up = "../" * (pagename.count("/") + FOLDERS[language].count("/"))
    return f"{up}{FOLDERS[target]}{pagename}.html"


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    language = book_language(app.config)
    other = "nl" if language == SOURCE_LANGUAGE else SOURCE_LANGUAGE
    context["language_switch"] = {
        "url": twin_url(pagename, language, other),
        "language": other,
        **SWITCH[language],
    }
    links = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{twin_url(pagename, language, code)}">\n'
        for code in FOLDERS
    )
    context["metatags"] = (context.get("metatags") or "") + links


def downloads_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if book_language(app.config) != SOURCE_LANGUAGE:
        mark_english_downloads(context.get("header_buttons") or [])


# The theme's download buttons whose file is the English source (a translated page has none).
ENGLISH_DOWNLOADS = {"download-source-button", "download-notebook-button"}
IN_ENGLISH = {"nl": ("(Engels)", "Engelstalige bron")}


def mark_english_downloads(buttons: list[dict[str, Any]], language: str = "nl") -> None:
    """Say on a translated page's download buttons that the file they give is English."""
    short, long = IN_ENGLISH[language]
    for button in buttons:
        mark_english_downloads(button.get("buttons") or [], language)
        if button.get("label") in ENGLISH_DOWNLOADS and short not in str(button.get("text", "")):
            button["text"] = f"{button.get('text', '')} {short}"
            button["tooltip"] = f"{button.get('tooltip', '')} ({long})"


# A page's own glued text in a translation: {glue:text}`key` or {glue:text}`key:fmt`.
_LOCAL_GLUE = re.compile(r"\{glue:text\}`(?P<key>[^`:]+)(?::(?P<fmt>[^`:]*))?`")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")
_publish_msgstr = sphinx_i18n.publish_msgstr


def paste_glue(text: str, glued: dict[str, Any]) -> str:
    """Write a page's glued values into a translated paragraph, as escaped plain text.

    Sphinx parses each translated paragraph as a document of its own, without the
    page's notebook, so a ``{glue:text}`` role there finds no value. The page's values
    are known by then (myst-nb writes them beside its executed notebook), so the
    translation gets each one as text in a ``pasted-text`` span, exactly as the role shows it; a key the page
    did not glue keeps its role, which then fails the build as in English.
    """
    from myst_nb.core.variables import format_plain_text

    def value(match: re.Match[str]) -> str:
        output = glued.get(match["key"])
        if not output or "text/plain" not in output.get("data", {}):
            return match[0]
        shown = format_plain_text(output["data"]["text/plain"], match["fmt"] or "s")
        # A span of the class the glue role gives its text (MyST's inline attributes).
        return "[" + _MARKDOWN_PUNCTUATION.sub(r"\\\1", shown) + "]{.pasted-text}"

    return _LOCAL_GLUE.sub(value, text)


def page_glue(app: Sphinx) -> dict[str, Any]:
    """The values the page being read glued (myst-nb's ``<docname>.glue.json``), or none."""
    path = Path(app.env.mystnb_config.output_folder, f"{app.env.docname}.glue.json")
    return json.loads(path.read_text(encoding="utf8")) if path.is_file() else {}


# A translation that starts like a list item ("1. Too few results", a numbered heading).
_LIST_START = re.compile(r"^(\d+)([.)]) ")


def publish_msgstr(app: Sphinx, source: str, *args: Any, **kwargs: Any) -> Any:
    """Sphinx's own, after :func:`paste_glue` with the values of the page being read.

    Sphinx parses a translation on its own, out of its heading or table cell, so "1. Te
    weinig resultaten" would become a list and be dropped (the page kept its English):
    a leading number is escaped, as the source's context made it plain text.
    """
    source = _LIST_START.sub(r"\1\\\2 ", source)
    if "{glue:text}" in source and app.env.docname:
        source = paste_glue(source, page_glue(app))
    return _publish_msgstr(app, source, *args, **kwargs)


def executed_apart(app: Sphinx) -> None:
    """A translated edition's executed notebooks beside its doctrees, not in the English site.

    myst-nb writes them to ``<outdir>/../jupyter_execute``, which for ``_build/html/nl``
    is inside the English edition's HTML.
    """
    if book_language(app.config) == SOURCE_LANGUAGE:
        return
    doctrees = Path(app.doctreedir).resolve()
    folder = doctrees.parent / ("jupyter_execute" + doctrees.name.removeprefix(".doctrees"))
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def setup(app: Sphinx) -> dict[str, Any]:
    sphinx_i18n.publish_msgstr = publish_msgstr
    app.connect("config-inited", set_language)
    app.connect("config-inited", add_static)
    app.add_css_file("samensterk-languages.css")
    app.connect("builder-inited", executed_apart, priority=600)  # after myst-nb's (500)
    # Before the theme drops the header templates that render empty (pydata-sphinx-theme, 500).
    app.connect("html-page-context", page_context, priority=400)
    app.connect("html-page-context", downloads_context, priority=900)  # after the theme's buttons
    # env_version: raise it when what a translated page is read into changes (pages are re-read).
    return {"version": __version__, "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
