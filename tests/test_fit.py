"""The committed fit belongs to the current model and codings, and is what the fit command produces."""

from __future__ import annotations

import math

import pytest
import scipy  # noqa: F401  (the fit extra, part of the test extra: fail loudly without it)

from widgets import fit, loading, scoring


@pytest.fixture(scope="module")
def results():
    return fit.load_results()


@pytest.fixture(scope="module")
def cases():
    return loading.load_cases()


def test_the_committed_results_were_made_from_the_current_model_and_codings(results, cases):
    assert results["inputs"] == fit.inputs_digest(cases), (
        "data/calibration.json is stale: the model, widgets/fit.py or a case's levels, observations or "
        "counterfactuals changed since the last fit. Run `make calibrate` and commit the result."
    )
    assert scoring.FIT_INPUTS == results["inputs"]


def test_the_models_defaults_are_the_fitted_values(results):
    assert set(results["parameters"]) == set(scoring.fitted_names())
    for name, value in results["parameters"].items():
        assert getattr(scoring.DEFAULT_PARAMETERS, name) == value, name
        low, high = scoring.prior(name)
        assert low <= value <= high, f"{name} = {value} lies outside its prior range [{low}, {high}]"


def test_the_objective_of_the_committed_values_is_the_recorded_one(results, cases):
    names = scoring.fitted_names()
    objective = fit.Objective([fit.target(c) for c in cases.values()] + fit.anchor_targets(), names)
    value = objective([results["parameters"][n] for n in names])
    assert math.isclose(value, results["objective"]["total"], rel_tol=1e-6, abs_tol=1e-9)


def test_a_quick_refit_from_the_committed_values_finds_nothing_better(results, cases):
    """A short local search around the committed optimum: the fit was run to the end."""
    from scipy import optimize

    names = scoring.fitted_names()
    objective = fit.Objective([fit.target(c) for c in cases.values()] + fit.anchor_targets(), names)
    start = [results["parameters"][n] for n in names]
    best = optimize.minimize(objective, start, method="Powell", bounds=[scoring.prior(n) for n in names],
                             options={"maxfev": 600, "xtol": 1e-4, "ftol": 1e-6})
    assert best.fun >= objective(start) - max(1e-3, 0.01 * objective(start)), (
        f"a short search improved the objective from {objective(start):.5f} to {best.fun:.5f}: refit")


def test_the_fit_reads_the_model_and_its_bookkeeping_is_sound(cases):
    text = fit.SCORING_FILE.read_text(encoding="utf-8")
    assert fit.scoring_without_fitted(text) != text
    digest = fit.inputs_digest(cases)
    moved = {**cases, "kempen": cases["kempen"].with_levels({"trust": 1.0})}
    assert fit.inputs_digest(moved) != digest


def test_every_leave_one_case_out_prediction_follows_from_its_refit(results, cases):
    """Each left-out case's observations, predicted again from the parameters its refit found."""
    rows = results["leave_one_case_out"]
    assert {row["case"] for row in rows} == set(loading.case_ids())
    names = scoring.fitted_names()
    for row in rows:
        params = fit.parameters([row["parameters"][n] for n in names], names)
        assert row["parameters"] != results["parameters"], "a refit without a case found the full fit's values"
        again = next(r for r in fit.observation_rows({row["case"]: cases[row["case"]]}, params)
                     if r["year"] == row["year"])
        assert (again["holds"], again["predicted"]) == (row["holds"], row["predicted"]), row["case"]


def test_counterfactual_shortfall_follows_its_definition():
    levels = {name: scoring.NEUTRAL_LEVEL for name in scoring.FACTORS}
    coded = scoring.run_path(scoring.strengths(levels), 4, 2)
    better = scoring.run_path(scoring.strengths({**levels, "leadership": 5.0, "gideon_band": 5.0}), 4, 2)
    assert scoring.expectation_shortfall("improves", coded, better, 4) == 0.0
    assert scoring.expectation_shortfall("improves", coded, coded, 4) == scoring.DEFAULT_PARAMETERS.counterfactual_margin
    doomed = scoring.run_path(scoring.strengths({**levels, "herindeling_threat": 5.0, "trust": 1.0}), 4, 2)
    assert scoring.expectation_shortfall("survives", coded, doomed, 4) > 0.0
