"""Every text notebook of the book (cases and chapters with code) executed without an error.

The book build executes each notebook once (``make book``; myst-nb with jupyter-cache,
``allow_errors: false``, so that a failing cell fails the build) and keeps what it executed
in ``_build/.notebook-cache/<digest>/``, keyed by the notebooks' inputs
(``_ext/notebook_cache.py``). These tests read that cache instead of running the notebooks
again: each notebook's current code has an executed record for the current inputs, with no
error among its outputs and something shown. That the case notebooks show the live explorer
when run in Jupyter is tested where they run live (tests/browser/test_lab.py,
tests/unit/test_explorer.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from jupyter_cache import get_cache
from myst_nb.core.read import read_myst_markdown_notebook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))
try:
    import notebook_cache
finally:
    sys.path.pop(0)

NOTEBOOKS = sorted(
    path.relative_to(ROOT).as_posix()
    for path in [*ROOT.glob("cases/*.md"), *ROOT.glob("book/*.md")]
    if "```{code-cell}" in path.read_text(encoding="utf-8")
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_CALL = "live(page.case.id)"


@pytest.fixture(scope="module")
def executed():
    """The build's cache of executed notebooks for the current inputs."""
    folder = notebook_cache.CACHE_DIR / notebook_cache.inputs_digest()
    if not folder.is_dir():
        pytest.fail(f"no notebook was executed for the current widgets/, data/ and packages ({folder} is "
                    "missing): run make book")
    return get_cache(str(folder))


def test_every_case_page_is_a_notebook():
    assert {f"cases/{p.stem}.md" for p in ROOT.glob("cases/*.md")} <= set(NOTEBOOKS)


def test_every_case_notebook_offers_the_live_explorer():
    for path in ROOT.glob("cases/*.md"):
        if path.stem != "index":
            assert LIVE_CALL in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_notebook_executed_in_the_build(notebook, executed):
    document = read_myst_markdown_notebook((ROOT / notebook).read_text(encoding="utf-8"))
    try:
        record = executed.match_cache_notebook(document)
    except KeyError:
        pytest.fail(f"{notebook}: its current code was not executed without an error by the build: run make book")
    run = executed.get_cache_bundle(record.pk).nb
    outputs = [output for cell in run.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    errors = [output for output in outputs if output.get("output_type") == "error"]
    assert not errors, f"{notebook}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    shown = [output for output in outputs if output.get("output_type") in {"display_data", "execute_result"}]
    assert shown, f"{notebook} shows nothing"
    assert not [output for output in shown if WIDGET_VIEW in output.get("data", {})], \
        f"{notebook}: a widget in the static book"
