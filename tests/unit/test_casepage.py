"""The sentences a case page glues about its scenarios and levers follow from the model."""

from __future__ import annotations

import pytest

from widgets.book.casepage import CasePage
from widgets.records import loading


@pytest.fixture(scope="module", params=loading.CASE_IDS)
def page(request) -> CasePage:
    return CasePage(request.param)


def test_fate_speaks_of_the_chance_of_break_up_and_of_a_good_outcome(page):
    documented = page.run("documented")
    final = documented.final
    text = page.fate(documented)
    if documented.broke_up is None:
        assert text.startswith("has ") and f"{final.alive:.0%} chance of still existing in {final.when}" in text
    else:
        assert text.startswith(f"is likelier than not to have broken up by {documented.break_up_when} ")
        assert f"{final.alive:.0%} chance that it still exists" in text
    assert f"{final.good:.0%} chance of a good outcome" in text


def test_an_unknown_scenario_is_named():
    page = CasePage("kempen")
    with pytest.raises(KeyError, match="no what-if scenario 'nonsense'"):
        page.run("nonsense")


def test_lever_texts_name_the_three_best_levers_in_hand_and_what_one_step_does(page):
    texts = page.lever_texts()
    levers = [lever for lever in page.case.levers() if lever.in_hand][:3]
    for lever in levers:
        assert f'"{page.factors[lever.factor].label_en}"' in texts["levers"]
    assert page.factors["herindeling_threat"].label_en not in texts["levers"]
    assert texts["top_gain"] == f"{levers[0].gain:.1f}"
    assert f"by {levers[0].gain:.1f} percentage points" in texts["levers_breaking"]
    assert f"{levers[0].gain_low:.1f} to {levers[0].gain_high:.1f}" in texts["levers_breaking"]
    lacked = [lever.factor for lever in levers if lever.factor in page.case.lacked]
    assert ("None of them" in texts["levers_lacked"]) == (not lacked)
    saved = [lever for lever in levers if page.case.profile.with_levels(
        {lever.factor: lever.new_level}).evaluate(page.case.horizon).broke_up is None]
    breaking = texts["levers_breaking"]
    if page.evaluation.broke_up is None:
        assert "As coded, a break-up stays less likely than not" in breaking
    elif not saved:
        assert "still becomes likelier than not" in breaking
    else:
        assert all(f'"{page.factors[lever.factor].label_en}"' in breaking for lever in saved) or \
            "Each of these steps" in breaking


def test_the_merger_threat_is_listed_apart_as_not_in_hand(page):
    threat = next((lever for lever in page.case.levers() if not lever.in_hand), None)
    text = page.lever_texts()["levers_threat"]
    table = page.levers().text
    if threat is None:
        assert "already coded at its lowest level" in text
    else:
        assert "not in the cooperation's hands" in text and f"by {threat.gain:.1f} percentage points" in text
        assert table.splitlines()[-1].startswith("| Not in the cooperation&#39;s hands") or \
            "Not in the cooperation" in table.splitlines()[-1]


def test_codings_read_partly_from_the_outcome_are_named(page):
    read = [key for key, coding in page.case.codings.items() if coding.from_outcome]
    text = page.codings().text
    assert ("read partly from the outcome" in text) == bool(read)
    for key in read:
        assert f'"{page.factors[key].label_en}"' in page.from_outcome_text()


def test_lesson_names_join_with_commas_and_and():
    page = CasePage("kempen")
    assert page.lesson_names(["trust"]) == f'"{page.factors["trust"].label_en}"'
    three = page.lesson_names(["trust", "leadership", "quick_wins"])
    assert three.count(", ") == 1 and three.count(" and ") == 1
