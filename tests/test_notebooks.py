"""Every text notebook of the book (cases and chapters with code) executes in a kernel."""

from __future__ import annotations

from pathlib import Path

import pytest
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient

from widgets.book.figures import BOOK_BUILD_ENV

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    path.relative_to(ROOT).as_posix()
    for path in [*ROOT.glob("cases/*.md"), *ROOT.glob("book/*.md")]
    if "```{code-cell}" in path.read_text(encoding="utf-8")
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_CALLS = ("live(page.case.id)", "\nlive()")


def test_every_case_page_is_a_notebook():
    assert {f"cases/{p.stem}.md" for p in ROOT.glob("cases/*.md")} <= set(NOTEBOOKS)


def test_every_case_notebook_offers_the_live_explorer():
    for path in ROOT.glob("cases/*.md"):
        if path.stem != "index":
            assert "live(page.case.id)" in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_notebook_executes(notebook, monkeypatch):
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)  # run as a reader runs it in Jupyter
    document = read_myst_markdown_notebook((ROOT / notebook).read_text(encoding="utf-8"))
    NotebookClient(document, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [o for cell in document.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    shown = [o for cell in document.cells for o in cell.get("outputs", []) if o.get("output_type") in {"display_data", "execute_result"}]
    assert shown, f"{notebook} shows nothing"
    widgets = [o for o in shown if WIDGET_VIEW in o.get("data", {})]
    if any(call in (ROOT / notebook).read_text(encoding="utf-8") for call in LIVE_CALLS):
        assert widgets, f"{notebook}: run live, it shows no explorer"
    else:
        assert not widgets, f"{notebook}: a widget outside a live-explorer cell"
