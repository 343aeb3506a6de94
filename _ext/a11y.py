"""Local Sphinx extension: accessibility fixes to what the theme and docutils write.

* ``static/offline_site.css``: link contrast, and the sidebar's search field kept in view;
* bibliography entries marked up as ``role="listitem"`` inside their ``role="list"``
  (docutils uses the deprecated ``doc-biblioentry``, which axe reports as a critical
  violation);
* an ``aria-label`` on the sidebar's expand/collapse toggles (an icon-only
  ``<summary>`` has no accessible name).
"""

from __future__ import annotations

import functools
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from static_files import add_static

__version__ = "1.0"



TOGGLE_LABELS = {
    "en": ("Show or hide the pages under {name}", "Show or hide the pages below"),
    "nl": ("Toon of verberg de pagina's onder {name}", "Toon of verberg de pagina's hieronder"),
}


def _label_toc_toggles(soup: Any, language: str = "en") -> None:
    """Give the icon-only <summary> toggles of the sidebar an accessible name."""
    for summary in soup.select("details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        name = link.get_text(" ", strip=True) if link else ""
        named, unnamed = TOGGLE_LABELS.get(language, TOGGLE_LABELS["en"])
        summary["aria-label"] = named.format(name=name) if name else unnamed


def _wrap_toctree(context: dict, language: str) -> None:
    """Wrap pydata-sphinx-theme's sidebar generator to label its toggles."""
    generate = context.get("generate_toctree_html")
    if not callable(generate) or getattr(generate, "_offline_site", False):
        return

    @functools.wraps(generate)
    def generate_toctree_html(*args: Any, **kwargs: Any) -> Any:
        result = generate(*args, **kwargs)  # a BeautifulSoup tree (cached by the theme)
        if isinstance(result, str):
            from bs4 import BeautifulSoup  # a dependency of pydata-sphinx-theme

            soup = BeautifulSoup(result, "html.parser")
            _label_toc_toggles(soup, language)
            return str(soup)
        if hasattr(result, "select"):
            _label_toc_toggles(result, language)
        return result

    generate_toctree_html._offline_site = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_toctree_html


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    _wrap_toctree(context, (app.config.language or "en").split("_")[0])


def visit_citation_html(self: Any, node: nodes.citation) -> None:
    # As docutils' HTML writer, but with role="listitem" (not doc-biblioentry).
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation_html(self: Any, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_static)
    app.connect("html-page-context", page_context, priority=900)
    app.add_css_file("offline_site.css")
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
