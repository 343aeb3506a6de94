"""Properties and mechanisms of the scoring model."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import scoring
from widgets.scoring import FACTORS, NEGATIVE_FACTORS, ProfileError

TOLERANCE = 1e-9
levels = st.floats(min_value=1.0, max_value=5.0, allow_nan=False)
profiles = st.fixed_dictionaries({name: levels for name in FACTORS})
confidences = st.fixed_dictionaries({name: st.sampled_from(scoring.CONFIDENCES) for name in FACTORS})
start_years = st.one_of(st.none(), st.integers(min_value=1990, max_value=2030))


def uniform(level: float, threat: float) -> dict[str, float]:
    """Every factor at ``level`` and the threat at ``threat``."""
    return {**{name: level for name in FACTORS}, "herindeling_threat": threat}


@given(profiles, confidences, start_years, st.integers(min_value=1, max_value=15))
def test_every_output_is_finite_and_in_range(profile, confidence, start, years):
    result = scoring.evaluate(profile, confidence=confidence, horizon=years, start_year=start)
    assert 0.0 <= result.score <= 100.0
    assert math.isclose(result.score, 50 + sum(result.contributions.values()), abs_tol=1e-9)
    assert len(result.trajectory) == years + 1
    for point in result.trajectory:
        for value in (point.momentum, point.low, point.high):
            assert math.isfinite(value) and 0.0 <= value <= 100.0
        assert point.low <= point.momentum + TOLERANCE
        assert point.momentum <= point.high + TOLERANCE
    assert result.outcome in scoring.OUTCOMES
    for lever in scoring.levers(profile, horizon=years, start_year=start):
        assert math.isfinite(lever.gain) and math.isfinite(lever.mean_gain)


@settings(max_examples=300)
@given(profiles, st.sampled_from(FACTORS), st.floats(min_value=0.0, max_value=4.0), start_years)
def test_a_better_factor_never_hurts(profile, factor, step, start):
    raised = dict(profile)
    raised[factor] = min(5.0, profile[factor] + step)
    before = scoring.evaluate(profile, start_year=start, confidence={f: "inferred" for f in FACTORS})
    after = scoring.evaluate(raised, start_year=start, confidence={f: "inferred" for f in FACTORS})
    sign = -1 if factor in NEGATIVE_FACTORS else 1
    assert sign * (after.score - before.score) >= -TOLERANCE
    for old, new in zip(before.trajectory, after.trajectory):
        assert sign * (new.momentum - old.momentum) >= -TOLERANCE
        assert sign * (new.low - old.low) >= -TOLERANCE
        assert sign * (new.high - old.high) >= -TOLERANCE
    ranks = {name: index for index, name in enumerate(scoring.OUTCOMES)}
    if sign > 0:
        assert ranks[after.outcome] <= ranks[before.outcome]
    else:
        assert ranks[after.outcome] >= ranks[before.outcome]


@given(confidences, start_years)
def test_everything_present_thrives_and_everything_absent_collapses(confidence, start):
    assert scoring.evaluate(uniform(5, 1), confidence=confidence, start_year=start).outcome == "thriving"
    assert scoring.evaluate(uniform(1, 5), confidence=confidence, start_year=start).outcome == "collapsed"


@given(profiles)
def test_same_input_same_output(profile):
    assert scoring.evaluate(profile) == scoring.evaluate(dict(profile))
    assert scoring.levers(profile) == scoring.levers(dict(profile))


def test_an_unknown_factor_widens_the_band():
    profile = uniform(3.5, 2)
    sure = scoring.evaluate(profile, confidence={f: "documented" for f in FACTORS})
    unsure = scoring.evaluate(profile, confidence={**{f: "documented" for f in FACTORS}, "trust": "unknown"})
    widths = [(p.high - p.low) for p in sure.trajectory]
    wider = [(p.high - p.low) for p in unsure.trajectory]
    assert all(w2 >= w1 - TOLERANCE for w1, w2 in zip(widths, wider))
    assert wider[-1] > widths[-1]


# ----------------------------------------------------------------- mechanisms


def test_quick_wins_give_early_momentum():
    base = uniform(3, 3)
    without = scoring.momentum_path({**base, "quick_wins": 1})
    with_wins = scoring.momentum_path({**base, "quick_wins": 5})
    assert with_wins[1] > without[1]


def test_without_continuous_management_momentum_decays_after_the_start():
    base = uniform(3.5, 2)
    unmanaged = scoring.momentum_path({**base, "continuous_management": 1})
    managed = scoring.momentum_path({**base, "continuous_management": 5})
    gaps = [m - u for m, u in zip(managed, unmanaged)]
    assert gaps[0] == 0.0
    assert all(later > earlier for earlier, later in zip(gaps, gaps[1:]))


def test_what_is_not_formalised_is_reopened_every_year_and_most_after_elections():
    base = uniform(3.5, 2)
    first = scoring.first_election_offset(None)
    loose = scoring.momentum_path({**base, "formalisation": 1})
    fixed = scoring.momentum_path({**base, "formalisation": 5})
    gaps = [tight - lax for tight, lax in zip(fixed, loose)]
    assert gaps[0] == 0.0  # the start does not depend on formalisation
    assert all(gap > 0 for gap in gaps[1:])  # reopened starting points cost something every year
    second = first + scoring.ELECTION_CYCLE
    widening = [later - earlier for earlier, later in zip(gaps, gaps[1:])]
    for election in (first, second):
        quiet = [widening[year - 1] for year in range(1, len(gaps)) if year not in (first, second)]
        assert widening[election - 1] > max(quiet)  # and most when new administrators come in


def test_a_herindeling_threat_seeds_doubt():
    calm = scoring.momentum_path(uniform(3.5, 1))
    threatened = scoring.momentum_path(uniform(3.5, 5))
    assert all(t <= c for t, c in zip(threatened, calm))
    assert threatened[-1] < calm[-1]


def test_a_gideonsbende_and_leadership_carry_through_setbacks():
    """Under a merger threat, a core group and leaders keep the cooperation going longer and higher
    (both may still break up in the end: then the final momentum alone cannot tell them apart)."""
    profile = {**uniform(3, 4), "gideon_band": 1, "leadership": 1}
    carried = {**profile, "gideon_band": 5, "leadership": 5}
    weak, strong = scoring.momentum_path(profile), scoring.momentum_path(carried)
    assert sum(strong) > sum(weak)
    def lasts(path: list[float]) -> int:
        return path.index(0.0) if 0.0 in path else len(path)

    assert lasts(strong) > lasts(weak)


def test_a_weak_diagnosis_slows_the_start():
    sharp = scoring.momentum_path({**uniform(3.5, 2), "diagnosis": 5, "benefits": 5})
    blunt = scoring.momentum_path({**uniform(3.5, 2), "diagnosis": 1, "benefits": 1})
    assert sharp[1] - sharp[0] > blunt[1] - blunt[0]


def test_a_pendulum_prevents_resistance():
    top_down = scoring.momentum_path({**uniform(3.5, 2), "pendulum": 1})
    both_ways = scoring.momentum_path({**uniform(3.5, 2), "pendulum": 5})
    assert both_ways[3] > top_down[3]


def test_a_collapse_is_final():
    path = scoring.momentum_path(uniform(1, 5))
    first_zero = path.index(0.0)
    assert all(value == 0.0 for value in path[first_zero:])


@pytest.mark.parametrize(
    ("start", "offset"), [(2002, 4), (2003, 3), (2004, 2), (2005, 1), (2006, 4), (None, 2)]
)
def test_elections_follow_the_dutch_calendar(start, offset):
    assert scoring.first_election_offset(start) == offset
    if start is not None:
        assert (start + offset) % 4 == 2


# --------------------------------------------------------------------- levers


def test_levers_are_ranked_and_their_gains_are_real():
    profile = {**uniform(3, 3), "trust": 5}
    found = scoring.levers(profile)
    assert [lever.gain for lever in found] == sorted((lever.gain for lever in found), reverse=True)
    assert "trust" not in {lever.factor for lever in found}
    base = scoring.momentum_path(profile)[-1]
    for lever in found:
        assert lever.new_level == scoring.improved_level(lever.factor, profile[lever.factor])
        changed = scoring.momentum_path({**profile, lever.factor: lever.new_level})[-1]
        assert math.isclose(lever.gain, changed - base, abs_tol=1e-12)
    threat = next(lever for lever in found if lever.factor == "herindeling_threat")
    assert threat.new_level == 2


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"trust": 6}, "trust"),
        ({"trust": 0.5}, "trust"),
        ({"trust": float("nan")}, "trust"),
        ({"trust": float("inf")}, "trust"),
        ({"trust": "4"}, "trust"),
        ({"trust": True}, "trust"),
        ({"trust": None}, "trust"),
        ({"charisma": 3}, "charisma"),
    ],
)
def test_bad_levels_are_rejected_naming_the_field(change, field):
    with pytest.raises(ProfileError) as caught:
        scoring.evaluate({**uniform(3, 3), **change})
    assert caught.value.field == field
    assert field in str(caught.value)


def test_a_missing_factor_is_named():
    profile = uniform(3, 3)
    del profile["pendulum"]
    with pytest.raises(ProfileError, match="pendulum"):
        scoring.evaluate(profile)


@pytest.mark.parametrize("years", [0, -1, 51, 2.5, "8"])
def test_a_bad_horizon_is_rejected(years):
    with pytest.raises(ProfileError, match="years"):
        scoring.evaluate(uniform(3, 3), horizon=years)


def test_bad_confidence_is_rejected():
    with pytest.raises(ProfileError, match="trust"):
        scoring.evaluate(uniform(3, 3), confidence={"trust": "certain"})


def test_parameters_that_break_monotonicity_are_refused():
    with pytest.raises(ProfileError, match="rates"):
        scoring.Parameters(growth_rate=0.95, quick_win_rate=0.06)
    with pytest.raises(ProfileError, match="rates"):
        scoring.Parameters(drift_rate=-0.1)
    with pytest.raises(ProfileError, match="weights"):
        scoring.Parameters(weights={name: 1.0 for name in FACTORS})


@pytest.mark.parametrize(("level", "whole"), [(1.0, 1), (1.49, 1), (1.5, 2), (2.5, 3), (3.0, 3), (4.5, 5), (5.0, 5)])
def test_a_level_reads_as_the_nearest_whole_level_halves_up(level, whole):
    assert scoring.whole_level(level) == whole


@given(st.floats(min_value=1.0, max_value=5.0))
def test_the_whole_level_stays_on_the_rubric_and_near_the_level(level):
    whole = scoring.whole_level(level)
    assert whole in (1, 2, 3, 4, 5) and abs(whole - level) <= 0.5
