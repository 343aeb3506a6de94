"""The sentences a case page glues about its scenarios and levers follow from the model."""

from __future__ import annotations

import pytest

from widgets import loading
from widgets.casepage import CasePage


@pytest.fixture(scope="module", params=loading.CASE_IDS)
def page(request) -> CasePage:
    return CasePage(request.param)


def test_fate_says_break_up_year_or_final_class(page):
    documented = page.run("documented")
    text = page.fate(documented)
    if documented.broke_up is None:
        assert text == f"is still going in {documented.final.when} ({documented.outcome})"
    else:
        assert text == f"breaks up in {documented.break_up_when}"


def test_an_unknown_scenario_is_named():
    page = CasePage("kempen")
    with pytest.raises(KeyError, match="no what-if scenario 'nonsense'"):
        page.run("nonsense")


def test_lever_texts_name_the_three_best_levers_and_what_one_step_does(page):
    texts = page.lever_texts()
    levers = page.case.levers()[:3]
    for lever in levers:
        assert f'"{page.factors[lever.factor].label_en}"' in texts["levers"]
    assert texts["top_gain"] == f"{levers[0].gain:.1f}"
    lacked = [lever.factor for lever in levers if lever.factor in page.case.lacked]
    assert ("None of them" in texts["levers_lacked"]) == (not lacked)
    saved = [lever for lever in levers if page.case.profile.with_levels(
        {lever.factor: lever.new_level}).evaluate(page.case.horizon).broke_up is None]
    breaking = texts["levers_breaking"]
    if page.evaluation.broke_up is None:
        assert breaking.startswith("As coded the cooperation does not break up")
    elif not saved:
        assert "still breaks up" in breaking
    else:
        assert all(f'"{page.factors[lever.factor].label_en}"' in breaking for lever in saved) or \
            breaking.startswith("Each of these steps")


def test_lesson_names_join_with_commas_and_and():
    page = CasePage("kempen")
    assert page.lesson_names(["trust"]) == f'"{page.factors["trust"].label_en}"'
    three = page.lesson_names(["trust", "leadership", "quick_wins"])
    assert three.count(", ") == 1 and three.count(" and ") == 1
