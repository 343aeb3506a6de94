"""The command line, the case pages and the live pages show the same levers, in the same order."""

from __future__ import annotations

import json

import pytest

from widgets import cli
from widgets.book import casepage
from widgets.browser import model_page
from widgets.records import export, loading

CASES = loading.load_cases()


@pytest.fixture(scope="module")
def live_page():
    model_page.load(json.dumps(export.case_bundle(CASES, loading.factor_map())))
    return model_page


@pytest.mark.parametrize("case_id", ["beemster", "kempen", "reik", "moordrecht-nieuwerkerk"])
def test_every_surface_shows_the_same_levers(live_page, case_id):
    case = CASES[case_id]
    result = cli.score_result(case, {}, None)
    in_hand = [lever["factor"] for lever in result["levers"] if lever["in_hand"]][: model_page.LEVER_COUNT]
    outside = [lever["factor"] for lever in result["levers"] if not lever["in_hand"]]
    page = casepage.CasePage(case_id)
    assert [lever.factor for lever in page.in_hand_levers()][: model_page.LEVER_COUNT] == in_hand
    threat = page.threat_lever()
    assert ([threat.factor] if threat is not None else []) == outside
    answer = live_page.respond({"case": case_id, "lang": "en"})
    assert [lever["factor"] for lever in answer["levers"]] == in_hand + outside
    gains = {lever.factor: lever.gain for lever in case.levers()}
    for lever in answer["levers"]:
        assert lever["gain"] == round(gains[lever["factor"]], 1)
        assert lever["in_hand"] == (lever["factor"] != "herindeling_threat")
