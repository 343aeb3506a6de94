"""Fit the model to the source's dated observations: ``samensterk calibrate`` (``make calibrate``).

The fit chooses the fitted parameters of :class:`widgets.scoring.Parameters` (each
within its prior range) to minimise

    sum over observations    w(confidence) * log(1 + (distance / 3)^2)
  + sum over counterfactuals              (shortfall / s)^2
  + sum over the eleven lessons           (effect outside its range / 2)^2
  + prior_weight * sum over parameters ((value - centre of range) / width of range)^2

where *distance* is how far, in momentum points, the trajectory in an observation's
year lies from the band of the observed state, 2 points inside the band counting as
its edge (:func:`widgets.scoring.state_distance`); *shortfall* is how far a
counterfactual of the source falls short of what it expects
(:func:`widgets.scoring.expectation_shortfall`; s is the margin of "improves", so
that a counterfactual that gains nothing costs 1, and 10 points for "survives");
and *effect* is the change in mean momentum over eight years when one lesson goes
from 3 to 5 in a region with every factor at 3: the source calls every lesson a
condition and none decisive alone, so each effect is kept between ``EFFECT_RANGE``
points. Documented observations weigh 1, inferred ones 0.5; the loss of an
observation is robust (it grows slowly for large misses), so that one observation
the model cannot reach does not pull every other one off its band. Three anchor
profiles count as inferred observations (``ANCHORS``). The optimiser is scipy's
differential evolution with a fixed seed, polished by Nelder-Mead, so the same
inputs give the same parameters.

It also runs the checks the book reports: leave-one-case-out refits, a Morris
screening (SALib) of each case's momentum at its last dated year against the
parameters and the coding, and how often each case keeps its class when all
parameters are moved by up to 10%. Everything is written to
``data/calibration.json`` with a hash of its inputs; the fitted values also go into
the ``FITTED`` block of ``widgets/scoring.py``, the model's defaults.

Needs the ``fit`` extra (scipy, SALib, numpy).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from widgets import loading, scoring
from widgets.loading import Scenario

SCORING_FILE = Path(scoring.__file__).resolve()
RESULTS_NAME = "calibration.json"
SCALE = 3.0  # points by which an observation is missed that cost log(2)
MARGIN = 2.0  # points inside its band that a fitted year must lie, so that a fit does not rest on a boundary
WEIGHTS = {"documented": 1.0, "inferred": 0.5}  # of an observation, by confidence
COUNTERFACTUAL_WEIGHT = 1.0
EFFECT_WEIGHT = 1.0
EFFECT_SCALE = 2.0  # points outside the effect range that cost as much as one unit of misfit
# Profiles the rubric itself gives meaning to, as weak observations (weight of "inferred"):
# every lesson at the middle level neither thrives nor breaks up (continuing after eight
# years); every lesson clearly present (4; the threat at 2) thrives; every lesson mostly
# absent (2; the threat at 4) has broken up within eight years.
ANCHORS: tuple[tuple[str, float, float, str], ...] = (
    ("every lesson at 3", 3.0, 3.0, "continuing"),
    ("every lesson at 4", 4.0, 2.0, "thriving"),
    ("every lesson at 2", 2.0, 4.0, scoring.BROKEN_UP),
)
EFFECT_RANGE = (3.0, 50.0)  # points of mean momentum, a lesson from 3 to 5 in a neutral region
PRIOR_WEIGHT = 0.05
INFEASIBLE = 1e3  # the objective of parameters the model refuses
SEED = 2007
NUDGE = 0.10  # robustness: every parameter moved by up to this share
_BLOCK = re.compile(r"(# BEGIN FITTED[^\n]*\n)(.*?)(# END FITTED)", re.DOTALL)


class FitError(RuntimeError):
    """The fit cannot run (missing extra, inconsistent results)."""


# ------------------------------------------------------------------------ targets


@dataclass(frozen=True)
class Target:
    """One case as the fit sees it: strengths, calendar, observations and counterfactuals."""

    case_id: str
    strengths: tuple[float, ...]
    horizon: int
    first_election: int
    observations: tuple[tuple[int, str, float], ...]  # (year since start, state, weight)
    counterfactuals: tuple[tuple[tuple[float, ...], str, int], ...]  # (strengths, expect, year)


def target(case: Scenario) -> Target:
    """What the fit needs of a case."""
    if case.start is None:
        raise FitError(f"{case.id}: a case needs a start year to be fitted")
    horizon = max(1, max(o.year for o in case.observations) - case.start,
                  max((c.year for c in case.counterfactuals), default=case.start) - case.start)
    return Target(
        case_id=case.id,
        strengths=tuple(scoring.strengths(case.levels)),
        horizon=horizon,
        first_election=scoring.first_election_offset(case.start),
        observations=tuple((o.year - case.start, o.state, WEIGHTS[o.confidence]) for o in case.observations),
        counterfactuals=tuple(
            (tuple(scoring.strengths({**case.levels, **c.levels})), c.expect, c.year - case.start)
            for c in case.counterfactuals
        ),
    )


def anchor_targets() -> list[Target]:
    """The anchor profiles as targets without a calendar (first election after two years)."""
    found = []
    for name, level, threat, state in ANCHORS:
        levels = {**{f: level for f in scoring.FACTORS}, "herindeling_threat": threat}
        found.append(Target(name, tuple(scoring.strengths(levels)), scoring.DEFAULT_HORIZON,
                            scoring.DEFAULT_FIRST_ELECTION, ((scoring.DEFAULT_HORIZON, state, WEIGHTS["inferred"]),),
                            ()))
    return found


def lesson_effects(params: scoring.Parameters, measure: str = "mean") -> dict[str, float]:
    """Change in momentum when each lesson goes from 3 to 5 (the threat: to 5 as well, a
    stronger threat), everything else at 3: in the mean over eight years, or in the final year."""
    neutral = {name: scoring.NEUTRAL_LEVEL for name in scoring.FACTORS}
    first = scoring.DEFAULT_FIRST_ELECTION

    def value(levels: Mapping[str, float]) -> float:
        path = scoring.momentum_path(levels, scoring.DEFAULT_HORIZON, first, params)
        return sum(path) / len(path) if measure == "mean" else path[-1]

    base = value(neutral)
    return {name: value({**neutral, name: scoring.MAX_LEVEL}) - base for name in scoring.FACTORS}


# ---------------------------------------------------------------------- objective


def parameters(values: Sequence[float], names: Sequence[str],
               base: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> scoring.Parameters:
    """Parameters with the fitted ones set to ``values`` (raises ProfileError if refused)."""
    changes: dict[str, Any] = {name: float(value) for name, value in zip(names, values)}
    return dataclasses.replace(base, **changes)


def misfit(params: scoring.Parameters, targets: Sequence[Target]) -> dict[str, float]:
    """The parts of the objective (before the prior) for parameters the model accepts."""
    observations = counterfactuals = 0.0
    for item in targets:
        coded = scoring.run_path(item.strengths, item.horizon, item.first_election, params)
        for year, state, weight in item.observations:
            broken = coded.broke_up is not None and coded.broke_up <= year
            distance = scoring.state_distance(state, coded.momentum[year], coded.coalition[year], broken, params,
                                              MARGIN)
            observations += weight * loss(distance)
        for strengths, expect, year in item.counterfactuals:
            changed = scoring.run_path(strengths, item.horizon, item.first_election, params)
            shortfall = scoring.expectation_shortfall(expect, coded, changed, year, params)
            counterfactuals += COUNTERFACTUAL_WEIGHT * (shortfall / _counterfactual_scale(expect, params)) ** 2
    effects = 0.0
    low, high = EFFECT_RANGE
    for effect in lesson_effects(params).values():
        size = abs(effect)
        effects += EFFECT_WEIGHT * (max(0.0, low - size, size - high) / EFFECT_SCALE) ** 2
    return {"observations": observations, "counterfactuals": counterfactuals, "effects": effects}


def loss(distance: float) -> float:
    """The misfit of one observation missed by ``distance`` points: robust (Cauchy), so that an
    observation the model cannot reach does not pull every other one off its band."""
    return math.log1p((distance / SCALE) ** 2)


def _counterfactual_scale(expect: str, params: scoring.Parameters) -> float:
    """A counterfactual that gains nothing at all costs as much as an observation missed by 10 points."""
    return params.counterfactual_margin if expect == scoring.IMPROVES else SCALE


def prior_penalty(values: Sequence[float], names: Sequence[str]) -> float:
    """The weak pull of every fitted parameter towards the centre of its prior range."""
    total = 0.0
    for value, name in zip(values, names):
        low, high = scoring.prior(name)
        total += ((value - (low + high) / 2) / (high - low)) ** 2
    return PRIOR_WEIGHT * total


class Objective:
    """The fit's objective over the fitted parameters (picklable, for parallel workers)."""

    def __init__(self, targets: Sequence[Target], names: Sequence[str]) -> None:
        self.targets = tuple(targets)
        self.names = tuple(names)

    def __call__(self, values: Sequence[float]) -> float:
        try:
            params = parameters(values, self.names)
        except scoring.ProfileError:
            return INFEASIBLE
        return sum(misfit(params, self.targets).values()) + prior_penalty(values, self.names)


# ---------------------------------------------------------------------------- fit


@dataclass(frozen=True)
class FitResult:
    """Fitted values, the objective they reach, and how the search went."""

    values: dict[str, float]
    objective: float
    evaluations: int
    seconds: float


def _scipy() -> Any:
    try:
        from scipy import optimize
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise FitError("the fit needs scipy and SALib: pip install -e '.[fit]'") from error
    return optimize


def fit(cases: Mapping[str, Scenario], *, maxiter: int = 400, popsize: int = 12, seed: int = SEED,
        init: Any = "latinhypercube", workers: int = 1) -> FitResult:
    """Fit the parameters to every observation and counterfactual of ``cases``."""
    optimize = _scipy()
    names = scoring.fitted_names()
    objective = Objective([target(case) for case in cases.values()] + anchor_targets(), names)
    started = time.perf_counter()
    result = optimize.differential_evolution(
        objective, [scoring.prior(name) for name in names], seed=seed, maxiter=maxiter, popsize=popsize,
        init=init, tol=1e-8, atol=1e-10, mutation=(0.5, 1.0), recombination=0.7, polish=False,
        updating="deferred" if workers != 1 else "immediate", workers=workers,
    )
    polished = optimize.minimize(objective, result.x, method="Nelder-Mead",
                                 bounds=[scoring.prior(name) for name in names],
                                 options={"maxfev": 4000, "xatol": 1e-7, "fatol": 1e-10})
    best = polished if polished.fun < result.fun else result
    values = {name: round(float(value), 6) for name, value in zip(names, best.x)}
    return FitResult(values, objective([values[n] for n in names]),
                     int(result.nfev + polished.nfev), time.perf_counter() - started)


# --------------------------------------------------------------------- validation


def observation_rows(cases: Mapping[str, Scenario], params: scoring.Parameters) -> list[dict[str, Any]]:
    """Every dated observation against the model's trajectory for its case."""
    rows = []
    for case in cases.values():
        evaluation = case.evaluate(params=params)
        for observation in case.observations:
            point = evaluation.at(observation.year)
            rows.append({
                "case": case.id, "year": observation.year, "state": observation.state,
                "confidence": observation.confidence, "momentum": round(point.momentum, 3),
                "predicted": point.outcome, "broken": point.broken,
                "holds": scoring.state_holds(observation.state, point.momentum, point.broken, params),
            })
    return rows


def counterfactual_rows(cases: Mapping[str, Scenario], params: scoring.Parameters) -> list[dict[str, Any]]:
    """Every counterfactual of the source against the model."""
    rows = []
    for case in cases.values():
        item = target(case)
        coded = scoring.run_path(item.strengths, item.horizon, item.first_election, params)
        for counterfactual, (strengths, expect, year) in zip(case.counterfactuals, item.counterfactuals):
            changed = scoring.run_path(strengths, item.horizon, item.first_election, params)
            shortfall = scoring.expectation_shortfall(expect, coded, changed, year, params)
            rows.append({"case": case.id, "label": counterfactual.label, "expect": expect,
                         "year": counterfactual.year, "shortfall": round(shortfall, 3), "holds": shortfall == 0.0})
    return rows


def leave_one_case_out(cases: Mapping[str, Scenario], full: FitResult, **options: Any) -> list[dict[str, Any]]:
    """Refit without each case (starting from the full fit's neighbourhood) and predict that case."""
    import numpy as np

    names = scoring.fitted_names()
    rng = np.random.default_rng(SEED)
    centre = np.array([full.values[name] for name in names])
    lows, highs = np.array([scoring.prior(n)[0] for n in names]), np.array([scoring.prior(n)[1] for n in names])
    rows = []
    for case_id in cases:
        rest = {k: v for k, v in cases.items() if k != case_id}
        population = np.clip(centre + rng.normal(0.0, 0.15, (options.get("popsize", 12) * len(names), len(names)))
                             * (highs - lows), lows, highs)
        population[0] = centre
        refit = fit(rest, init=population, **options)
        params = parameters([refit.values[n] for n in names], names)
        for row in observation_rows({case_id: cases[case_id]}, params):
            rows.append({**row, "refit_objective": round(refit.objective, 6), "parameters": refit.values})
    return rows


def morris(cases: Mapping[str, Scenario], params: scoring.Parameters, trajectories: int = 16,
           seed: int = SEED) -> dict[str, Any]:
    """Morris screening of each case's momentum at its last dated year.

    Inputs: every fitted parameter within 10% of its fitted value (inside its prior),
    and the case's eleven levels within one spread of its coding's confidence.
    Returns mu* per case and input, and per case the share of sampled points whose
    class at the last dated year is the documented one.
    """
    from SALib.analyze import morris as analyse
    from SALib.sample import morris as sample

    names = scoring.fitted_names()
    result: dict[str, Any] = {"inputs": [*names, *scoring.FACTORS], "cases": {}}
    for case in cases.values():
        bounds = []
        for name in names:
            value, (low, high) = getattr(params, name), scoring.prior(name)
            bounds.append([max(low, value * (1 - NUDGE)), min(high, max(value * (1 + NUDGE), low + 1e-6))])
        for name in scoring.FACTORS:
            spread = params.confidence_spread[case.codings[name].confidence]
            level = case.levels[name]
            bounds.append([max(scoring.MIN_LEVEL, level - spread), min(scoring.MAX_LEVEL, level + spread) + 1e-9])
        problem = {"num_vars": len(bounds), "names": result["inputs"], "bounds": bounds}
        points = sample.sample(problem, trajectories, num_levels=4, seed=seed)
        last = case.last_dated_year or (case.start or 0) + case.horizon
        year = last - (case.start or 0)
        outputs, kept = [], 0
        for point in points:
            trial = parameters(point[: len(names)], names, params)
            levels = dict(zip(scoring.FACTORS, (float(x) for x in point[len(names):])))
            path = scoring.run_path(scoring.strengths(levels), year, scoring.first_election_offset(case.start), trial)
            broken = path.broke_up is not None and path.broke_up <= year
            outputs.append(path.momentum[year])
            kept += scoring.classify(path.momentum[year], trial, broken) == case.outcome
        analysis = analyse.analyze(problem, points, __import__("numpy").array(outputs), num_levels=4, seed=seed)
        result["cases"][case.id] = {
            "mu_star": {name: round(float(v), 4) for name, v in zip(result["inputs"], analysis["mu_star"])},
            "class_kept": round(kept / len(points), 4),
        }
    return result


def nudged_robustness(cases: Mapping[str, Scenario], params: scoring.Parameters, runs: int = 400,
                      seed: int = SEED) -> dict[str, Any]:
    """Move every fitted parameter by up to ±10% at random: how often does each class hold?"""
    import random

    rng = random.Random(seed)
    names = scoring.fitted_names()
    per_case = dict.fromkeys(cases, 0)
    all_kept = valid = 0
    for _ in range(runs):
        values = []
        for name in names:
            low, high = scoring.prior(name)
            values.append(min(high, max(low, getattr(params, name) * (1 + rng.uniform(-NUDGE, NUDGE)))))
        try:
            trial = parameters(values, names, params)
        except scoring.ProfileError:
            continue
        valid += 1
        kept_every = True
        for case in cases.values():
            point = case.evaluate(params=dataclasses.replace(trial, draws=1)).at(case.last_dated_year or 0)
            kept = point.outcome == case.outcome
            per_case[case.id] += kept
            kept_every &= kept
        all_kept += kept_every
    return {"runs": valid, "all_kept": round(all_kept / valid, 4),
            "per_case": {k: round(v / valid, 4) for k, v in per_case.items()}}


# -------------------------------------------------------------------- bookkeeping


def scoring_without_fitted(text: str) -> str:
    """scoring.py with its FITTED block emptied: what the fitted values must not depend on."""
    return _BLOCK.sub(r"\1\3", text)


def fit_inputs(cases: Mapping[str, Scenario]) -> dict[str, Any]:
    """What the fit reads of the cases: levels, confidence, calendar, observations, counterfactuals."""
    return {
        case.id: {
            "levels": case.levels, "confidence": case.confidence, "start": case.start, "outcome": case.outcome,
            "observations": [[o.year, o.state, o.confidence] for o in case.observations],
            "counterfactuals": [[dict(c.levels), c.expect, c.year] for c in case.counterfactuals],
        }
        for case in cases.values()
    }


def inputs_digest(cases: Mapping[str, Scenario] | None = None) -> str:
    """A hash of everything the fit depends on: the model, this module and what it reads of the cases."""
    digest = hashlib.sha256()
    digest.update(scoring_without_fitted(SCORING_FILE.read_text(encoding="utf-8")).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(json.dumps(fit_inputs(cases or loading.load_cases()), sort_keys=True).encode())
    return digest.hexdigest()


def fitted_block(values: Mapping[str, float], digest: str) -> str:
    """The FITTED block of scoring.py for these values."""
    lines = ["FITTED: Mapping[str, float] = MappingProxyType({"]
    lines += [f'    "{name}": {values[name]!r},' for name in scoring.fitted_names()]
    lines += ["})", f'FIT_INPUTS = "{digest}"', ""]
    return "\n".join(lines)


def write_fitted(values: Mapping[str, float], digest: str, path: Path = SCORING_FILE) -> None:
    """Put the fitted values into the FITTED block of scoring.py."""
    text = path.read_text(encoding="utf-8")
    if not _BLOCK.search(text):
        raise FitError(f"{path} has no FITTED block")
    loading.write_atomically(path, _BLOCK.sub(lambda m: m.group(1) + fitted_block(values, digest) + m.group(3), text))


def results_path() -> Path:
    """Where the calibration's results are kept (read by the book)."""
    return loading.data_dir() / RESULTS_NAME


def load_results(path: Path | None = None) -> dict[str, Any]:
    """The committed results of the last calibration, checked against the current inputs."""
    path = path or results_path()
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise loading.DataError(str(path), "file", f"cannot be read as JSON ({error})") from None
    for key in ("inputs", "parameters", "objective", "leave_one_case_out", "morris", "robustness", "settings"):
        if key not in results:
            raise loading.DataError(str(path), key, "missing (run make calibrate)")
    return results


def calibrate(quick: bool = False, workers: int = 1, log: Any = print) -> dict[str, Any]:
    """Fit, validate and write everything: the command behind ``make calibrate``."""
    cases = loading.load_cases()
    options = {"maxiter": 30 if quick else 600, "popsize": 8 if quick else 14, "workers": workers}
    log(f"fit: {sum(len(c.observations) for c in cases.values())} observations, "
        f"{sum(len(c.counterfactuals) for c in cases.values())} counterfactuals, "
        f"{len(scoring.fitted_names())} parameters")
    full = fit(cases, **options)
    log(f"fit: objective {full.objective:.5f} after {full.evaluations} evaluations ({full.seconds:.0f} s)")
    names = scoring.fitted_names()
    params = parameters([full.values[n] for n in names], names)
    loco_options = {"maxiter": 15 if quick else 150, "popsize": 6 if quick else 10, "workers": workers}
    loco = leave_one_case_out(cases, full, **loco_options)
    log(f"leave-one-case-out: {sum(r['holds'] for r in loco)} of {len(loco)} observations hold")
    results: dict[str, Any] = {
        "inputs": inputs_digest(cases),
        "settings": {"fit": options, "leave_one_case_out": loco_options, "seed": SEED, "quick": quick},
        "parameters": full.values,
        "objective": {"total": round(full.objective, 8), **{k: round(v, 8) for k, v in misfit(params, [
            target(c) for c in cases.values()] + anchor_targets()).items()}, "prior": round(prior_penalty(
                [full.values[n] for n in names], names), 8)},
        "evaluations": full.evaluations,
        "leave_one_case_out": loco,
        "morris": morris(cases, params),
        "robustness": nudged_robustness(cases, params),
    }
    log(f"robustness: every class kept in {results['robustness']['all_kept']:.0%} of runs with parameters "
        f"moved by up to {NUDGE:.0%}")
    write_fitted(full.values, results["inputs"])
    loading.write_atomically(results_path(), json.dumps(results, indent=1, sort_keys=True) + "\n")
    log(f"wrote {SCORING_FILE} (FITTED) and {results_path()}")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samensterk calibrate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short search, for trying things out")
    parser.add_argument("--workers", type=int, default=1, help="parallel processes for the search")
    args = parser.parse_args(argv)
    calibrate(args.quick, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
