"""The live explorer, driven in a real kernel and as a Python object."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from widgets import scoring
from widgets.apps import explorer as explorer_module
from widgets.apps.explorer import Explorer
from widgets.book import figures
from widgets.records import loading, scenario_files

KERNEL_CHECK = '''
from widgets.apps.explorer import Explorer
explorer = Explorer.for_case("beemster")
before = (list(explorer.figure.data[2].y), explorer.summary.value, explorer.levers_box.value)
for key in explorer.sliders:  # every lesson fully present, no merger talk
    explorer.sliders[key].value = 1 if key == "herindeling_threat" else 5
after = (list(explorer.figure.data[2].y), explorer.summary.value, explorer.levers_box.value)
assert after[0] != before[0], "figure data did not change"
assert "collapsed" in before[1] and "collapsed" not in after[1], (before[1], after[1])
assert after[2] != before[2], "levers did not change"
print("kernel check passed")
'''


def test_controls_drive_the_figure_outcome_and_levers_in_a_kernel():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(KERNEL_CHECK)]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    assert "kernel check passed" in notebook.cells[0].outputs[0]["text"]


def test_every_factor_has_a_labelled_control_with_its_rubric_line():
    explorer = Explorer.for_case("kempen")
    factors = loading.factor_map()
    assert list(explorer.sliders) == list(scoring.FACTORS)
    for key, slider in explorer.sliders.items():
        assert slider.description.startswith(f"{factors[key].lesson}. ")
        assert factors[key].label_en in slider.tooltip
        assert factors[key].rubric_line(slider.value) in explorer.rubric[key].value


def test_reset_and_overlay():
    explorer = Explorer.for_case("kempen")
    explorer.sliders["trust"].value = 1
    explorer.reset()
    assert explorer.levels() == loading.load_case("kempen").levels
    explorer.overlay.value = loading.load_case("beek").name
    compare = explorer.figure.data[3]
    assert compare.visible and "Beek" in compare.name
    expected = scoring.evaluate(loading.load_case("beek").levels, start_year=loading.load_case("kempen").start,
                                confidence=loading.load_case("beek").confidence)
    assert list(compare.y) == [p.momentum for p in expected.trajectory]


def test_save_and_load_round_trip(tmp_path):
    explorer = Explorer.blank("Regio Test")
    explorer.sliders["trust"].value = 4.5
    explorer.name.value = "Regio <b>Test</b> & co"
    path = explorer.save(tmp_path / "regio.toml")
    other = Explorer.blank()
    assert other.load(path)
    assert other.levels() == explorer.levels() and other.name.value == "Regio <b>Test</b> & co"


@pytest.mark.parametrize(
    "text", ["name = [broken", 'name = "x"\n[factors.trust]\nlevel = 9\n', "", "\x00\x01"]
)
def test_a_bad_file_keeps_the_scenario_and_says_why(text):
    explorer = Explorer.for_case("helden")
    explorer.sliders["trust"].value = 2
    before = explorer.levels(), explorer.name.value
    assert not explorer.load_text(text, "bad.toml")
    assert (explorer.levels(), explorer.name.value) == before
    assert explorer.status.value.startswith("Not loaded, your scenario is unchanged. bad.toml")


def test_a_hostile_name_is_escaped_wherever_markup_is_read():
    explorer = Explorer.blank()
    explorer.name.value = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    assert "<img" not in explorer.figure.layout.title.text and "<script" not in explorer.figure.layout.title.text
    assert "&lt;img" in explorer.figure.layout.title.text
    assert "<script" not in explorer.download.value and "<img" not in explorer.download.value


def test_live_gives_the_explorer_in_jupyter_and_nothing_in_the_book_build(monkeypatch):
    monkeypatch.delenv(figures.BOOK_BUILD_ENV, raising=False)
    shown = explorer_module.live("reik")
    assert isinstance(shown, Explorer) and shown.levels() == loading.load_case("reik").levels
    assert explorer_module.live().levels() == scenario_files.new_scenario("My region").levels
    monkeypatch.setenv(figures.BOOK_BUILD_ENV, "1")
    assert explorer_module.live("reik") is None
