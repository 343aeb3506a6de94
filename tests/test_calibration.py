"""With the default parameters, the model reproduces every documented outcome."""

from __future__ import annotations

import pytest

from widgets import loading, scoring

DOCUMENTED = [case_id for case_id, case in loading.load_cases().items() if case.outcome]


def test_most_cases_have_a_documented_outcome():
    assert len(DOCUMENTED) >= 8


@pytest.mark.parametrize("case_id", DOCUMENTED)
def test_the_predicted_outcome_is_the_documented_one(case_id):
    case = loading.load_case(case_id)
    result = scoring.evaluate(case.levels, confidence=case.confidence, start_year=case.start)
    assert result.outcome == case.outcome, (
        f"{case_id}: predicted {result.outcome} "
        f"(final momentum {result.final_momentum:.1f}), documented {case.outcome}"
    )
