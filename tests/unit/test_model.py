"""The model's behaviour over the whole space of profiles (hypothesis), not only at the twelve cases."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import scoring
from widgets.model import baseline, mechanisms
from widgets.records import loading
from widgets.scoring import FACTORS, NEGATIVE_FACTORS, ProfileError

TOLERANCE = 1e-9
levels = st.floats(min_value=1.0, max_value=5.0, allow_nan=False)
profiles = st.fixed_dictionaries({name: levels for name in FACTORS})
confidences = st.fixed_dictionaries({name: st.sampled_from(scoring.CONFIDENCES) for name in FACTORS})
start_years = st.one_of(st.none(), st.integers(min_value=1990, max_value=2030))
INFERRED = {name: "inferred" for name in FACTORS}


def uniform(level: float, threat: float) -> dict[str, float]:
    """Every lesson at ``level`` and the threat at ``threat``."""
    return {**{name: level for name in FACTORS}, "herindeling_threat": threat}


def better(factor: str, level: float, step: float) -> float:
    """``level`` moved ``step`` towards the good end of the factor's scale, within 1..5."""
    return max(1.0, level - step) if factor in NEGATIVE_FACTORS else min(5.0, level + step)


@settings(max_examples=60, deadline=None)
@given(profiles, confidences, start_years, st.integers(min_value=1, max_value=15))
def test_every_output_is_finite_and_in_range(profile, confidence, start, years):
    result = scoring.evaluate(profile, confidence=confidence, horizon=years, start_year=start)
    assert 0.0 <= result.score <= 100.0
    assert len(result.trajectory) == years + 1
    previous_alive = 1.0
    for point in result.trajectory:
        assert 0.0 <= point.low <= point.momentum + TOLERANCE <= point.high + 2 * TOLERANCE <= 100.0 + 3 * TOLERANCE
        assert math.isclose(sum(point.probabilities.values()), 1.0, abs_tol=1e-9)
        assert 0.0 <= point.alive <= previous_alive + TOLERANCE
        assert point.outcome == max(scoring.OUTCOMES, key=lambda name: point.probabilities[name])
        previous_alive = point.alive
    assert math.isclose(result.trajectory[0].alive, 1.0)
    assert result.outcome == result.final.outcome


@settings(max_examples=80, deadline=None)
@given(profiles, st.sampled_from(FACTORS), st.floats(min_value=0.0, max_value=4.0), confidences, start_years)
def test_monotone_a_better_level_never_hurts_in_any_year(profile, factor, step, confidence, start):
    raised = {**profile, factor: better(factor, profile[factor], step)}
    before = scoring.evaluate(profile, confidence=confidence, start_year=start)
    after = scoring.evaluate(raised, confidence=confidence, start_year=start)
    for old, new in zip(before.trajectory, after.trajectory):
        assert new.expected >= old.expected - TOLERANCE
        assert new.good >= old.good - TOLERANCE
        assert new.probabilities["collapsed"] <= old.probabilities["collapsed"] + TOLERANCE
        assert new.alive >= old.alive - TOLERANCE


@settings(max_examples=80, deadline=None)
@given(profiles, st.sampled_from(FACTORS), st.sampled_from((8, 15)))
def test_smooth_a_twentieth_of_a_level_moves_the_forecast_a_little(profile, factor, years):
    lowered = {**profile, factor: max(1.0, profile[factor] - 0.05)}
    raised = {**profile, factor: min(5.0, profile[factor] + 0.05)}
    one = scoring.evaluate(lowered, confidence=INFERRED, horizon=years).final
    two = scoring.evaluate(raised, confidence=INFERRED, horizon=years).final
    for name in scoring.OUTCOMES:
        assert abs(one.probabilities[name] - two.probabilities[name]) <= 0.03, name
    assert abs(one.expected - two.expected) <= 3.0
    assert abs(one.alive - two.alive) <= 0.03


def test_no_cliffs_over_400_random_profiles():
    """The old model dropped a healthy cooperation to momentum 0 from one year to the next. Over 400
    random profiles in half steps (horizon 15): the expected momentum (a break-up counting as 0) never
    loses half of itself in one year, and no band at year 8 is wider than half the scale."""
    rng = random.Random(400)
    worst = 0.0
    wide = 0
    for _ in range(400):
        profile = {name: rng.choice([1 + 0.5 * k for k in range(9)]) for name in FACTORS}
        evaluation = scoring.evaluate(profile, confidence=INFERRED, horizon=15)
        for before, after in zip(evaluation.trajectory, evaluation.trajectory[1:]):
            if before.expected > 1.0:
                worst = max(worst, (before.expected - after.expected) / before.expected)
        wide += evaluation.at(8).high - evaluation.at(8).low > 50
    assert worst < 0.5, worst
    assert wide == 0


@pytest.mark.parametrize("factor", FACTORS)
def test_every_lesson_matters_from_the_neutral_profile(factor):
    neutral = {name: 3.0 for name in FACTORS}
    base = scoring.evaluate(neutral).final
    changed = scoring.evaluate({**neutral, factor: better(factor, 3.0, 2.0)}).final
    assert changed.good - base.good >= 0.05, "a lesson from 3 to its best moves the chance of a good outcome"
    assert changed.expected - base.expected >= 3.0


def test_the_start_lessons_and_the_cushion_weigh_more_than_the_others():
    """The proportions the chapter defends: diagnosis and benefits act on start and level,
    formalisation and trust also cushion elections, the rest act on the level alone."""
    neutral = {name: 3.0 for name in FACTORS}
    gain = {name: scoring.evaluate({**neutral, name: better(name, 3.0, 2.0)}).final.good for name in FACTORS}
    plain = [gain[name] for name in ("downside_limits", "pendulum", "gideon_band", "leadership",
                                      "continuous_management", "quick_wins")]
    assert min(gain["diagnosis"], gain["benefits"]) > max(gain["formalisation"], gain["trust"]) > max(plain)
    assert max(plain) - min(plain) < 0.01


@pytest.mark.parametrize("years", [8, 15])
def test_sensible_extremes(years):
    good = scoring.evaluate(uniform(4.0, 2.0), confidence=INFERRED, horizon=years).final
    assert good.outcome in ("continuing", "thriving")
    assert 1.0 - good.alive < 0.25
    bad = scoring.evaluate(uniform(2.0, 4.0), confidence=INFERRED, horizon=8).final
    assert bad.outcome == "collapsed"


def test_every_counterfactual_of_the_source_moves_the_chance_of_a_collapse_clearly():
    for case in loading.load_cases().values():
        for counterfactual in case.counterfactuals:
            check = scoring.check_counterfactual(case.profile, counterfactual.levels, counterfactual.expect,
                                                 counterfactual.year, case.horizon)
            assert check.holds, (case.id, counterfactual.label, check)


@settings(max_examples=40, deadline=None)
@given(profiles)
def test_the_best_lever_shows_a_visible_gain_unless_every_lesson_is_at_its_best(profile):
    found = scoring.levers(profile)
    at_best = all(profile[name] == (1.0 if name in NEGATIVE_FACTORS else 5.0) for name in FACTORS)
    if at_best:
        assert not found
        return
    best = found[0]
    assert max(best.gain, best.survival_gain) >= 0.1, best
    assert best.gain_low <= best.gain + TOLERANCE <= best.gain_high + 2 * TOLERANCE
    gains = [lever.gain for lever in found]
    assert all(g >= -TOLERANCE for g in gains)


def test_levers_are_ranked_by_the_chance_of_a_good_outcome_and_the_threat_is_not_in_hand():
    beemster = loading.load_case("beemster")
    found = beemster.levers()
    assert [lever.gain for lever in found] == sorted((lever.gain for lever in found), reverse=True)
    assert {lever.factor for lever in found if not lever.in_hand} == {"herindeling_threat"}
    assert found[0].gain >= 1.0


def test_beemster_with_firm_steering_and_leadership_is_clearly_less_likely_to_collapse():
    beemster = loading.load_case("beemster")
    coded = beemster.evaluate().at(2007)
    firm = beemster.with_levels({"leadership": 5, "continuous_management": 5}).evaluate().at(2007)
    assert coded.probabilities["collapsed"] - firm.probabilities["collapsed"] >= 0.10


def test_silence_is_drawn_not_known():
    neutral = {name: 3.0 for name in FACTORS}
    known = scoring.evaluate(neutral, confidence={name: "documented" for name in FACTORS}).final
    silent = scoring.evaluate(neutral, confidence={name: "unknown" for name in FACTORS}).final
    assert silent.high - silent.low > known.high - known.low
    assert scoring.SILENT_LEVEL["herindeling_threat"] == 2.0


def test_both_sources_of_uncertainty_widen_the_band():
    case = loading.load_case("krimpenerwaard")
    widths = {kind: (lambda p: p.high - p.low)(case.profile.evaluate(case.horizon, uncertainty=kind).at(2007))
              for kind in scoring.UNCERTAINTIES}
    assert widths["none"] < min(widths["coding"], widths["parameters"])
    assert widths["both"] > max(widths["coding"], widths["parameters"]) - 1.0


def test_the_likelihood_of_the_states_adds_up():
    cuts = (20.0, 36.0, 60.0)
    for momentum in (0.0, 19.0, 36.0, 70.0, 100.0):
        for alive in (0.0, 0.3, 1.0):
            total = sum(mechanisms.state_chance(name, momentum, alive, cuts, 6.0) for name in scoring.OUTCOMES)
            assert math.isclose(total, 1.0)
            assert math.isclose(mechanisms.state_chance("broken_up", momentum, alive, cuts, 6.0), 1 - alive)
    with pytest.raises(ProfileError) as raised:
        mechanisms.state_chance("flourishing", 50.0, 1.0, cuts, 6.0)
    assert raised.value.field == "state"


@pytest.mark.parametrize("bad", [float("nan"), 0.5, 6, "high", None, True])
def test_a_bad_level_is_named(bad):
    with pytest.raises(ProfileError) as raised:
        scoring.evaluate({**{name: 3.0 for name in FACTORS}, "trust": bad})
    assert raised.value.field == "trust"


def test_unknown_and_missing_factors_and_bad_settings_are_named():
    with pytest.raises(ProfileError) as raised:
        scoring.evaluate({**{name: 3.0 for name in FACTORS}, "charisma": 3})
    assert raised.value.field == "charisma"
    with pytest.raises(ProfileError) as raised:
        scoring.evaluate({name: 3.0 for name in FACTORS if name != "trust"})
    assert raised.value.field == "trust"
    with pytest.raises(ProfileError) as raised:
        scoring.evaluate({name: 3.0 for name in FACTORS}, horizon=0)
    assert raised.value.field == "years"
    with pytest.raises(ProfileError) as raised:
        scoring.evaluate({name: 3.0 for name in FACTORS}, uncertainty="some")
    assert raised.value.field == "uncertainty"
    with pytest.raises(ProfileError) as raised:
        scoring.Parameters(speed=2.0)
    assert raised.value.field == "speed"


def test_the_model_imports_the_standard_library_only():
    import ast
    import sys
    from pathlib import Path

    folder = Path(mechanisms.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("widgets.model") or top == "__future__", \
                    (path.name, name)


def test_the_baseline_cut_points_and_logistic_behave():
    points = [(1.5, "collapsed"), (2.0, "collapsed"), (2.5, "stagnating"), (3.0, "continuing"), (4.0, "thriving")]
    cuts = baseline.choose_cuts(points)
    assert [baseline.classify(x, cuts) for x, _ in points] == [y for _, y in points]
    a, b = baseline.fit_logistic([(x, y in ("continuing", "thriving")) for x, y in points])
    assert b > 0 and math.isfinite(a)
    assert baseline.mean_level(uniform(3.0, 3.0)) == 3.0
    assert baseline.mean_level(uniform(3.0, 1.0)) > 3.0
