"""The committed fit belongs to the current model and codings, and is what the fit command produces."""

from __future__ import annotations

import math

import pytest
import scipy  # noqa: F401  (the fit extra, part of the test extra: fail loudly without it)

from widgets import scoring
from widgets.calibration import fit
from widgets.model import baseline, mechanisms
from widgets.records import fields, loading


@pytest.fixture(scope="module")
def results():
    return fit.load_results()


@pytest.fixture(scope="module")
def cases():
    return loading.load_cases()


def test_the_committed_results_were_made_from_the_current_model_and_codings(results, cases):
    assert results["inputs"] == fit.inputs_digest(cases), (
        "data/calibration.json is stale: the model, widgets/calibration/fit.py or a case's levels or observations "
        "changed since the last fit. Run `make calibrate` and commit the result."
    )
    assert scoring.FIT_INPUTS == results["inputs"]


def test_the_models_defaults_are_the_posterior_medians_and_its_draws_lie_in_the_priors(results):
    fitted = mechanisms.read_fitted()
    assert fitted["names"] == list(scoring.fitted_names())
    assert len(scoring.DEFAULT_PARAMETERS.posterior) == fit.POSTERIOR_DRAWS
    for index, name in enumerate(scoring.fitted_names()):
        stats = results["parameters"][name]
        assert getattr(scoring.DEFAULT_PARAMETERS, name) == stats["median"] == fitted["point"][name]
        low, high = scoring.prior(name)
        assert stats["q05"] <= stats["median"] <= stats["q95"]
        assert stats["near_bound"] == (min(stats["median"] - low, high - stats["median"]) < 0.05 * (high - low))
        draws = [row[index] for row in scoring.DEFAULT_PARAMETERS.posterior]
        assert all(low <= value <= high for value in draws), name
        assert min(draws) < stats["median"] < max(draws), name


def test_the_maximum_is_a_maximum(results, cases):
    targets = [fit.target(case) for case in cases.values()]
    best = [results["maximum"]["values"][name] for name in scoring.fitted_names()]
    posterior = fit.Posterior(targets)
    assert math.isclose(posterior(best), results["maximum"]["log_posterior"], abs_tol=1e-3)
    for index, name in enumerate(scoring.fitted_names()):
        low, high = scoring.prior(name)
        for step in (-0.02, 0.02):
            moved = list(best)
            moved[index] = min(high, max(low, moved[index] + step * (high - low)))
            assert posterior(moved) <= posterior(best) + 1e-6, name


def test_the_likelihood_weights_documented_observations_fully_and_inferred_by_half(cases):
    case = cases["beemster"]
    item = fit.target(case)
    values = list(scoring.DEFAULT_PARAMETERS.fitted_values())
    assert [weight for _, _, weight in item.observations] == [fit.WEIGHTS[o.confidence] for o in case.observations]
    single = fit.Target(item.case_id, item.strengths, item.elections, item.observations[:1])
    doubled = fit.Target(item.case_id, item.strengths, item.elections,
                         ((item.observations[0][0], item.observations[0][1], 2 * item.observations[0][2]),))
    assert math.isclose(fit.log_likelihood(values, [doubled]), 2 * fit.log_likelihood(values, [single]))
    assert fit.log_prior([v * 0 - 100 for v in values]) == -math.inf


def test_every_leave_one_case_out_forecast_follows_from_its_refit(results, cases):
    for row in results["leave_one_case_out"][:3]:
        case = cases[row["case"]]
        values = [row["parameters"][name] for name in scoring.fitted_names()]
        point = case.evaluate(params=scoring.DEFAULT_PARAMETERS.with_values(values)).at(row["year"])
        for name, chance in row["chances"].items():
            assert math.isclose(point.probabilities[name], chance, abs_tol=1e-4), (row["case"], name)
        assert row["predicted"] == point.outcome


def test_the_baseline_rows_are_what_the_baseline_gives(results, cases):
    assert results["baseline"] == baseline.leave_one_case_out_rows(cases)
    for row in results["baseline"]:
        assert row["documented"] == cases[row["case"]].outcome


def test_the_baseline_scores_count_what_they_say():
    rows = [{"documented": "collapsed", "predicted": "collapsed", "good_chance": 0.2},
            {"documented": "thriving", "predicted": "stagnating", "good_chance": 0.6}]
    scores = baseline.scores(rows)
    assert scores["exact"] == 1 and scores["within_one"] == 1
    assert math.isclose(scores["brier"], (0.2**2 + 0.4**2) / 2)
    assert math.isclose(scores["log_score"], (math.log(0.8) + math.log(0.6)) / 2)


def test_a_missing_results_key_is_named(tmp_path):
    path = tmp_path / "calibration.json"
    path.write_text('{"inputs": "x"}', encoding="utf-8")
    with pytest.raises(fields.DataError) as raised:
        fit.load_results(path)
    assert "calibration.json" in str(raised.value)
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(fields.DataError):
        fit.load_results(path)
