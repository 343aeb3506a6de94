"""Fit the model to the source's dated observations: ``samensterk calibrate`` (``make calibrate``).

The four fitted parameters of :class:`widgets.model.Parameters` get a posterior from

* the likelihood of every dated observation of the twelve cases: the chance the
  model gives the observed state in its year (:func:`widgets.model.mechanisms.state_chance`,
  an ordered logit on momentum times the chance the cooperation still exists),
  raised to a weight of 1 for a documented observation and 0.5 for an inferred one;
* priors (``PRIORS``): uniform within each parameter's range, and for the three
  parameters of break-up a normal that says what the source says in words (a
  working cooperation rarely breaks up; one without results loses its defenders;
  a merger push can overtake it).

A lesson the source is silent on enters the fit at its coded level (the centre of
its stated distribution). The maximum of the posterior is found with scipy; the
posterior is sampled with emcee (a fixed seed), and ``POSTERIOR_DRAWS`` evenly
spaced draws are written with their median into ``widgets/model/fitted.json``,
which the model reads. Leave-one-case-out refits (maximum a posteriori) predict each
case they leave out, beside a baseline that knows no dynamics: the unweighted mean
of the eleven favourable levels with cut-points chosen on the other cases, and a
logistic success/failure on that mean. Everything the book reports goes into
``data/calibration.json``. Needs the ``fit`` extra (scipy, numpy, emcee).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from widgets.model import baseline, lessons, mechanisms, observations
from widgets.model.forecast import election_years, likeliest
from widgets.model.mechanisms import DEFAULT_PARAMETERS, fitted_names, prior
from widgets.records import fields, loading, scenario_files
from widgets.records.coding import Scenario

RESULTS_NAME = "calibration.json"
WEIGHTS = {"documented": 1.0, "inferred": 0.5}  # of an observation, by confidence
# Normal priors (mean, sd) on top of the uniform ranges, with their reasons (the chapter shows them).
PRIORS: Mapping[str, tuple[float, float, str]] = {
    "hazard_base": (-3.5, 1.0, "a cooperation that works at momentum 50 breaks up in about one year in 30: "
                               "the source calls cooperation unavoidable, a city like Roermond had over sixty"),
    "hazard_slope": (0.8, 0.5, "when results stay away the advocacy coalition shrinks (Beek, lesson 1): the "
                               "odds of a break-up roughly double for every 10 points of momentum lost"),
}
SEED = 2007
WALKERS = 24
STEPS = 6000
BURN = 1500
POSTERIOR_DRAWS = 80
MODEL_DIR = Path(mechanisms.__file__).resolve().parent


class FitError(RuntimeError):
    """The fit cannot run (missing extra, inconsistent results)."""


# ------------------------------------------------------------------------ targets


@dataclass(frozen=True)
class Target:
    """One case as the fit sees it: strengths, election years and weighted observations."""

    case_id: str
    strengths: tuple[float, ...]
    elections: tuple[bool, ...]
    observations: tuple[tuple[int, str, float], ...]  # (year since start, state, weight)


def target(case: Scenario) -> Target:
    """What the fit needs of a case."""
    if case.start is None:
        raise FitError(f"{case.id}: a case needs a start year to be fitted")
    horizon = max(1, max(o.year for o in case.observations) - case.start)
    return Target(
        case_id=case.id,
        strengths=tuple(lessons.strengths(case.levels)),
        elections=election_years(horizon, lessons.first_election_offset(case.start)),
        observations=tuple((o.year - case.start, o.state, WEIGHTS[o.confidence]) for o in case.observations),
    )


def log_likelihood(values: Sequence[float], targets: Sequence[Target],
                   params: mechanisms.Parameters = DEFAULT_PARAMETERS) -> float:
    """The weighted log-likelihood of every observation of ``targets`` under ``values``."""
    total = 0.0
    cuts = mechanisms.edges(params)
    mechanism = params.mechanism_values(values)
    scale = mechanism[-1]
    for item in targets:
        run = mechanisms.course(item.strengths, mechanism, item.elections, params.election_risk)
        for year, state, weight in item.observations:
            chance = mechanisms.state_chance(state, run.momentum[year], run.alive[year], cuts, scale)
            total += weight * math.log(max(chance, 1e-300))
    return total


def log_prior(values: Sequence[float]) -> float:
    """The log prior: -inf outside a range, the normals of ``PRIORS`` inside."""
    total = 0.0
    for name, value in zip(fitted_names(), values):
        low, high = prior(name)
        if not low <= value <= high:
            return -math.inf
        if name in PRIORS:
            mean, sd, _ = PRIORS[name]
            total -= 0.5 * ((value - mean) / sd) ** 2
    return total


class Posterior:
    """The log posterior over the fitted parameters (picklable)."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = tuple(targets)

    def __call__(self, values: Sequence[float]) -> float:
        lp = log_prior(values)
        return lp if lp == -math.inf else lp + log_likelihood(list(values), self.targets)


def _scipy() -> Any:
    try:
        from scipy import optimize
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise FitError("the fit needs scipy, numpy and emcee: pip install -e '.[fit]'") from error
    return optimize


def maximum(targets: Sequence[Target], starts: int = 8, seed: int = SEED) -> tuple[list[float], float]:
    """The maximum a posteriori, from several starting points (Nelder-Mead, then Powell)."""
    import numpy as np

    optimize = _scipy()
    posterior = Posterior(targets)
    names = fitted_names()
    bounds = [prior(name) for name in names]
    rng = np.random.default_rng(seed)
    best: tuple[list[float], float] = ([], -math.inf)
    for attempt in range(starts):
        x0 = [(low + high) / 2 if attempt == 0 else rng.uniform(low + 0.1 * (high - low), high - 0.1 * (high - low))
              for low, high in bounds]
        if attempt == 0:
            for i, name in enumerate(names):
                if name in PRIORS:
                    x0[i] = PRIORS[name][0]
        result = optimize.minimize(lambda x: -posterior(x), x0, method="Powell", bounds=bounds,
                                   options={"xtol": 1e-6, "ftol": 1e-9, "maxfev": 20000})
        if -result.fun > best[1]:
            best = ([float(v) for v in result.x], float(-result.fun))
    return best


def sample(targets: Sequence[Target], start: Sequence[float], seed: int = SEED) -> Any:
    """Draws from the posterior with emcee, started in a small ball around ``start``."""
    import numpy as np

    try:
        import emcee
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise FitError("the fit needs emcee: pip install -e '.[fit]'") from error
    names = fitted_names()
    rng = np.random.default_rng(seed)
    widths = np.array([prior(n)[1] - prior(n)[0] for n in names])
    lows, highs = np.array([prior(n)[0] for n in names]), np.array([prior(n)[1] for n in names])
    p0 = np.clip(np.array(start) + 0.01 * widths * rng.standard_normal((WALKERS, len(names))),
                 lows + 1e-6 * widths, highs - 1e-6 * widths)
    sampler = emcee.EnsembleSampler(WALKERS, len(names), Posterior(targets))
    sampler.random_state = np.random.RandomState(seed).get_state()  # reproducible moves
    sampler.run_mcmc(p0, STEPS, progress=False)
    chain = sampler.get_chain(discard=BURN, flat=True)
    try:
        autocorr = [float(v) for v in sampler.get_autocorr_time(discard=BURN, quiet=True)]
    except Exception:  # noqa: BLE001 - emcee raises its own error type for short chains
        autocorr = []
    return chain, float(np.mean(sampler.acceptance_fraction)), autocorr


def summary(chain: Any) -> dict[str, dict[str, float]]:
    """Per parameter: the posterior median and its 5% and 95% quantiles, and the prior range."""
    import numpy as np

    found = {}
    for i, name in enumerate(fitted_names()):
        low, high = prior(name)
        q5, q50, q95 = (float(v) for v in np.quantile(chain[:, i], [0.05, 0.5, 0.95]))
        found[name] = {"median": round(q50, 6), "q05": round(q5, 6), "q95": round(q95, 6),
                       "prior_low": low, "prior_high": high,
                       "near_bound": bool(min(q50 - low, high - q50) < 0.05 * (high - low))}
    return found


# --------------------------------------------------------------- out of sample


def _class_at_last(case: Scenario, values: Sequence[float]) -> dict[str, float]:
    """The model's chance of each class at the case's last dated year, under one parameter set."""
    params = DEFAULT_PARAMETERS.with_values(values)
    evaluation = case.evaluate(params=params)
    return dict(evaluation.at(case.last_dated_year or 0).probabilities)


def observation_chances(case: Scenario, values: Sequence[float]) -> list[dict[str, Any]]:
    """Every dated observation of a case with the model's chance of it and whether it holds."""
    params = DEFAULT_PARAMETERS.with_values(values)
    evaluation = case.evaluate(params=params)
    rows = []
    for observation in case.observations:
        point = evaluation.at(observation.year)
        rows.append({"case": case.id, "year": observation.year, "state": observation.state,
                     "confidence": observation.confidence,
                     "chance": round(observations.observation_chance(observation.state, point), 4),
                     "predicted": point.outcome, "holds": observations.state_holds(observation.state, point)})
    return rows


def leave_one_case_out(cases: Mapping[str, Scenario], log: Any = print) -> list[dict[str, Any]]:
    """Per case: refit without it (maximum a posteriori), then forecast it and its observations."""
    rows = []
    for case_id, case in cases.items():
        rest = [target(c) for k, c in cases.items() if k != case_id]
        values, _ = maximum(rest, starts=4)
        chances = _class_at_last(case, values)
        rows.append({"case": case_id, "year": case.last_dated_year, "documented": case.outcome,
                     "chances": {k: round(v, 4) for k, v in chances.items()},
                     "predicted": likeliest(chances),
                     "parameters": {n: round(v, 6) for n, v in zip(fitted_names(), values)},
                     "observations": observation_chances(case, values)})
        log(f"  without {case_id}: predicts {rows[-1]['predicted']} (documented {case.outcome})")
    return rows


# ------------------------------------------------------------------- bookkeeping


def fit_inputs(cases: Mapping[str, Scenario]) -> dict[str, Any]:
    """What the fit reads of the cases: levels, confidence, calendar, observations, outcome."""
    return {
        case.id: {
            "levels": case.levels, "confidence": case.confidence, "start": case.start, "outcome": case.outcome,
            "observations": [[o.year, o.state, o.confidence] for o in case.observations],
        }
        for case in cases.values()
    }


def inputs_digest(cases: Mapping[str, Scenario] | None = None) -> str:
    """A hash of everything the fit depends on: the mechanisms, this module and what it reads of the cases."""
    digest = hashlib.sha256()
    for path in (MODEL_DIR / "mechanisms.py", MODEL_DIR / "lessons.py", MODEL_DIR / "forecast.py",
                 MODEL_DIR / "baseline.py", Path(__file__)):
        digest.update(path.read_bytes())
    digest.update(json.dumps(fit_inputs(cases or loading.load_cases()), sort_keys=True).encode())
    return digest.hexdigest()


def results_path() -> Path:
    """Where the calibration's results are kept (read by the book)."""
    return loading.data_dir() / RESULTS_NAME


def load_results(path: Path | None = None) -> dict[str, Any]:
    """The committed results of the last calibration."""
    path = path or results_path()
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise fields.DataError(str(path), "file", f"cannot be read as JSON ({error})") from None
    for key in ("inputs", "parameters", "maximum", "sampler", "leave_one_case_out", "baseline", "settings"):
        if key not in results:
            raise fields.DataError(str(path), key, "missing (run make calibrate)")
    return results


def calibrate(log: Any = print) -> dict[str, Any]:
    """Fit, sample, validate and write everything: the command behind ``make calibrate``."""
    import numpy as np

    started = time.perf_counter()
    cases = loading.load_cases()
    targets = [target(case) for case in cases.values()]
    log(f"fit: {sum(len(t.observations) for t in targets)} observations of {len(targets)} cases, "
        f"{len(fitted_names())} parameters")
    best, best_lp = maximum(targets)
    log(f"maximum a posteriori: log posterior {best_lp:.3f}")
    chain, acceptance, autocorr = sample(targets, best)
    log(f"emcee: {WALKERS} walkers x {STEPS} steps, acceptance {acceptance:.2f}")
    stats = summary(chain)
    picks = np.linspace(0, len(chain) - 1, POSTERIOR_DRAWS).astype(int)
    posterior = [[round(float(v), 6) for v in chain[i]] for i in picks]
    point = {name: stats[name]["median"] for name in fitted_names()}
    loco = leave_one_case_out(cases, log)
    digest = inputs_digest(cases)
    results = {
        "inputs": digest,
        "settings": {"walkers": WALKERS, "steps": STEPS, "burn": BURN, "seed": SEED,
                     "posterior_draws": POSTERIOR_DRAWS,
                     "priors": {k: {"mean": m, "sd": s, "reason": r} for k, (m, s, r) in PRIORS.items()},
                     "weights": WEIGHTS},
        "parameters": stats,
        "maximum": {"values": {n: round(v, 6) for n, v in zip(fitted_names(), best)},
                    "log_posterior": round(best_lp, 6)},
        "sampler": {"acceptance": round(acceptance, 4), "autocorrelation": [round(v, 2) for v in autocorr]},
        "leave_one_case_out": loco,
        "baseline": baseline.leave_one_case_out_rows(cases),
    }
    fitted = {"inputs": digest, "names": list(fitted_names()), "point": point, "posterior": posterior}
    scenario_files.write_atomically(MODEL_DIR / "fitted.json", json.dumps(fitted, indent=1) + "\n")
    scenario_files.write_atomically(results_path(), json.dumps(results, indent=1, sort_keys=True) + "\n")
    log(f"wrote {MODEL_DIR / 'fitted.json'} and {results_path()} in {time.perf_counter() - started:.0f} s")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samensterk calibrate", description=(__doc__ or "").split("\n\n")[0])
    parser.parse_args(argv)
    calibrate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
