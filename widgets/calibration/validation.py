"""How far to trust the model: the figures and tables of the chapter "The model", computed at build time.

Reads the model (:mod:`widgets.model`), the case data and the calibration's results
(``data/calibration.json``, written by :mod:`widgets.calibration.fit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from widgets import scoring
from widgets.book.language import _, book_language, decimal, general, percent, signed, text
from widgets.book.tables import Markdown, confidence_name, outcome_name, parameter_doc, table
from widgets.calibration import fit
from widgets.model import baseline
from widgets.model.mechanisms import GOOD_OUTCOMES, fitted_names, prior
from widgets.records.coding import Scenario
from widgets.views.i18n import N_

STATE_NAMES = {"not_started": N_("not yet started"), "broken_up": N_("broken up")}
NEUTRAL_PROFILE = {name: scoring.NEUTRAL_LEVEL for name in scoring.FACTORS}


# What a counterfactual of the source expects (records.coding.EXPECTATIONS), as the tables name it.
EXPECTATION_NAMES = {"improves": N_("improves"), "survives": N_("survives")}


def state_name(state: str) -> str:
    """An observed state in words."""
    return _(STATE_NAMES[state]) if state in STATE_NAMES else outcome_name(state)


@dataclass(frozen=True)
class Summary:
    """The figures the chapter's prose quotes."""

    parameters: int
    fixed: int
    observations: int
    documented: int
    inferred: int
    not_started: int
    held: int
    counterfactuals: int
    counterfactuals_held: int
    codings: int
    unknown_codings: int
    from_outcome: int
    near_bound: int
    model_exact: int
    model_within_one: int
    baseline_exact: int
    baseline_within_one: int
    model_brier: float
    baseline_brier: float
    model_log: float
    baseline_log: float
    loo_observations: int
    loo_observations_held: int
    baseline_observations_held: int
    spearman: float
    acceptance: float


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (average ranks for ties)."""
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))


def model_rows(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The leave-one-case-out forecasts of the model at each case's last dated year, in baseline units."""
    return [{"case": row["case"], "documented": row["documented"], "predicted": row["predicted"],
             "good_chance": sum(row["chances"][name] for name in GOOD_OUTCOMES)}
            for row in results["leave_one_case_out"]]


def observation_rows(cases: Mapping[str, Scenario]) -> list[dict[str, Any]]:
    """Every dated observation against the model's forecast (in sample)."""
    rows = []
    for case in cases.values():
        evaluation = case.evaluate()
        for observation in case.observations:
            point = evaluation.at(observation.year)
            rows.append({"case": case, "observation": observation, "point": point,
                         "chance": scoring.observation_chance(observation.state, point),
                         "holds": scoring.state_holds(observation.state, point)})
    return rows


def counterfactual_rows(cases: Mapping[str, Scenario]) -> list[dict[str, Any]]:
    """Every counterfactual of the source against the model."""
    rows = []
    for case in cases.values():
        for counterfactual in case.counterfactuals:
            check = scoring.check_counterfactual(case.profile, counterfactual.levels, counterfactual.expect,
                                                 counterfactual.year, case.horizon)
            rows.append({"case": case, "counterfactual": counterfactual, "check": check})
    return rows


def summary(cases: Mapping[str, Scenario]) -> Summary:
    """Every figure the chapter quotes."""
    results = fit.load_results()
    observations = [o for case in cases.values() for o in case.observations]
    held = observation_rows(cases)
    counter = counterfactual_rows(cases)
    codings = [coding for case in cases.values() for coding in case.codings.values()]
    model = model_rows(results)
    base = results["baseline"]
    model_scores, base_scores = baseline.scores(model), baseline.scores(base)
    loo_obs = [o for row in results["leave_one_case_out"] for o in row["observations"]]
    outcome_rank = {name: rank for rank, name in enumerate(baseline.ORDER)}
    return Summary(
        parameters=len(fitted_names()),
        fixed=sum(1 for spec in scoring.Parameters.__dataclass_fields__.values()
                  if "prior" not in spec.metadata and spec.name not in ("posterior", "confidence_spread")),
        observations=len(observations),
        documented=sum(o.confidence == "documented" for o in observations),
        inferred=sum(o.confidence == "inferred" for o in observations),
        not_started=sum(o.state == scoring.NOT_STARTED for o in observations),
        held=sum(row["holds"] for row in held),
        counterfactuals=len(counter),
        counterfactuals_held=sum(row["check"].holds for row in counter),
        codings=len(codings),
        unknown_codings=sum(c.confidence == "unknown" for c in codings),
        from_outcome=sum(c.from_outcome for c in codings),
        near_bound=sum(p["near_bound"] for p in results["parameters"].values()),
        model_exact=int(model_scores["exact"]), model_within_one=int(model_scores["within_one"]),
        baseline_exact=int(base_scores["exact"]), baseline_within_one=int(base_scores["within_one"]),
        model_brier=model_scores["brier"], baseline_brier=base_scores["brier"],
        model_log=model_scores["log_score"], baseline_log=base_scores["log_score"],
        loo_observations=len(loo_obs), loo_observations_held=sum(o["holds"] for o in loo_obs),
        baseline_observations_held=sum(row["observations_held"] for row in base),
        spearman=spearman([row["mean_level"] for row in base], [outcome_rank[row["documented"]] for row in base]),
        acceptance=float(results["sampler"]["acceptance"]),
    )


def prior_width(name: str) -> float:
    """The width of the central 90% of a parameter's prior (its range, narrowed by a normal where it has one)."""
    low, high = prior(name)
    if name in fit.PRIORS:
        mean, sd, _ = fit.PRIORS[name]
        return min(high, mean + 1.645 * sd) - max(low, mean - 1.645 * sd)
    return 0.9 * (high - low)


def learning() -> dict[str, float]:
    """Per fitted parameter: the width of its posterior's 90% interval as a share of its prior's.
    Near 1, the data taught the parameter little."""
    stats = fit.load_results()["parameters"]
    return {name: (stats[name]["q95"] - stats[name]["q05"]) / prior_width(name) for name in fitted_names()}


def refit_spread() -> dict[str, float]:
    """Per fitted parameter: the range of its leave-one-case-out refits as a share of its prior range."""
    rows = fit.load_results()["leave_one_case_out"]
    spread = {}
    for name in fitted_names():
        values = [row["parameters"][name] for row in rows]
        low, high = prior(name)
        spread[name] = (max(values) - min(values)) / (high - low)
    return spread


def verdict(numbers: Summary) -> str:
    """The comparison with the baseline in plain words, from the figures (no claim is written in)."""
    if numbers.model_exact > numbers.baseline_exact:
        classes = _("the model gets more of the documented classes exactly right than the mean of the levels")
    elif numbers.model_exact == numbers.baseline_exact:
        classes = _("the model gets as many of the documented classes exactly right as the mean of the levels")
    else:
        classes = _("the model gets fewer of the documented classes exactly right than the mean of the levels "
                    "({model} against {baseline})").format(model=numbers.model_exact, baseline=numbers.baseline_exact)
    brier = _("Brier {model} against {baseline}").format(
        model=decimal(numbers.model_brier, 3), baseline=decimal(numbers.baseline_brier, 3))
    if numbers.model_brier < numbers.baseline_brier and numbers.model_log > numbers.baseline_log:
        chances = _("its chances of a good outcome score better than the logistic baseline's ({brier})")
    elif numbers.model_brier > numbers.baseline_brier and numbers.model_log < numbers.baseline_log:
        chances = _("its chances of a good outcome score worse than the logistic baseline's ({brier})")
    else:
        chances = _("on the chances of a good outcome the two scores disagree about which does better ({brier})")
    chances = chances.format(brier=brier)
    gap = abs(numbers.model_exact - numbers.baseline_exact)
    if gap <= 2 and abs(numbers.model_brier - numbers.baseline_brier) < 0.05:
        ending = _("With twelve cases these differences are a case or two: the model is not clearly better or "
                   "worse at the documented outcomes than the simplest rule.")
    else:
        ending = _("The classes differ by {gap} of twelve cases, more than chance alone would easily give.").format(
            gap=gap)
    return _("out of sample, {classes}, and {chances}. {ending}").format(classes=classes, chances=chances,
                                                                          ending=ending)


def parameter_table() -> Markdown:
    """The fitted parameters: meaning, prior, posterior median with its 90% interval, and the
    range over the leave-one-case-out refits."""
    results = fit.load_results()
    fields = scoring.Parameters.__dataclass_fields__
    learnt = learning()
    rows = []
    for name in fitted_names():
        stats = results["parameters"][name]
        low, high = prior(name)
        normal = fit.PRIORS.get(name)
        sep = "; " if book_language() == "nl" else ", "  # a decimal comma needs another separator
        prior_text = f"[{general(low)}{sep}{general(high)}]" + (
            ", " + _("normal") + f"({general(normal[0])}{sep}{general(normal[1])})" if normal else "")
        refits = [row["parameters"][name] for row in results["leave_one_case_out"]]
        rows.append([name, parameter_doc(fields[name]), prior_text,
                     _("{median} ({low} to {high})").format(
                         median=general(stats["median"], 3), low=general(stats["q05"], 3),
                         high=general(stats["q95"], 3)),
                     percent(learnt[name]),
                     _("{low} to {high}").format(low=general(min(refits), 3), high=general(max(refits), 3))])
    return table([_("Parameter"), _("Meaning"), _("Prior"), _("Posterior median (90% interval)"),
                  _("Posterior 90% width, share of the prior's"), _("Leave-one-case-out refits")], rows)


def fixed_table() -> Markdown:
    """The parameters fixed from the source, with their reasons."""
    rows = []
    for spec in scoring.Parameters.__dataclass_fields__.values():
        if "prior" in spec.metadata or spec.name == "posterior":
            continue
        value = getattr(scoring.DEFAULT_PARAMETERS, spec.name)
        if isinstance(value, Mapping):
            shown = ", ".join(f"{k} {general(v)}" for k, v in value.items())
        elif isinstance(value, int):
            shown = str(value)
        else:
            shown = general(value, 3)
        rows.append([spec.name, shown, parameter_doc(spec)])
    return table([_("Parameter"), _("Value"), _("Meaning and reason")], rows)


def observation_table(cases: Mapping[str, Scenario]) -> Markdown:
    """Every dated observation against the model, in sample."""
    rows = []
    for row in observation_rows(cases):
        case, observation, point = row["case"], row["observation"], row["point"]
        rows.append([case.short_name or case.id, observation.year, state_name(observation.state),
                     confidence_name(observation.confidence), percent(row["chance"]), outcome_name(point.outcome),
                     percent(point.alive), _("yes") if row["holds"] else _("NO")])
    return table([_("Case"), _("Year"), _("State in the source"), _("Confidence"), _("Model's chance of it"),
                  _("Likeliest class"), _("Still exists"), _("Holds")], rows)


def counterfactual_table(cases: Mapping[str, Scenario]) -> Markdown:
    """Every counterfactual of the source: the chance of a collapse before and after."""
    rows = []
    for row in counterfactual_rows(cases):
        case, counterfactual, check = row["case"], row["counterfactual"], row["check"]
        changes = ", ".join(f"{k} {general(v)}" for k, v in counterfactual.levels.items())
        rows.append([case.short_name or case.id, text(counterfactual, "label"), changes,
                     _(EXPECTATION_NAMES[counterfactual.expect]) if counterfactual.expect in EXPECTATION_NAMES
                     else counterfactual.expect,
                     counterfactual.year, f"{check.collapse_before:.0f}% → {check.collapse_after:.0f}%",
                     f"{check.good_before:.0f}% → {check.good_after:.0f}%", _("yes") if check.holds else _("NO")])
    return table([_("Case"), _("Counterfactual"), _("Changes"), _("Source expects"), _("Year"),
                  _("Chance of a collapse"), _("Chance of a good outcome"), _("Holds")], rows)


def comparison_table(cases: Mapping[str, Scenario]) -> Markdown:
    """Leave-one-case-out: the model beside the two baselines, case by case."""
    results = fit.load_results()
    base = {row["case"]: row for row in results["baseline"]}
    rows = []
    for row in results["leave_one_case_out"]:
        case = cases[row["case"]]
        b = base[row["case"]]
        good = sum(row["chances"][name] for name in GOOD_OUTCOMES)
        rows.append([case.short_name or case.id, row["year"], outcome_name(row["documented"]),
                     outcome_name(row["predicted"]), percent(good), decimal(b["mean_level"], 2),
                     outcome_name(b["predicted"]), percent(b["good_chance"])])
    return table([_("Case"), _("Last dated year"), _("Documented"), _("Model: likeliest"), _("Model: chance good"),
                  _("Mean level"), _("Baseline: class"), _("Baseline: chance good")], rows)


def lesson_effects(horizon: int = scoring.DEFAULT_HORIZON) -> list[dict[str, Any]]:
    """Each lesson from 3 to 5 (the threat from 3 to 1) in a region with every lesson at 3."""
    base = scoring.evaluate(NEUTRAL_PROFILE, horizon=horizon).final
    rows = []
    for name in scoring.FACTORS:
        better = scoring.MIN_LEVEL if name in scoring.NEGATIVE_FACTORS else scoring.MAX_LEVEL
        point = scoring.evaluate({**NEUTRAL_PROFILE, name: better}, horizon=horizon).final
        rows.append({"factor": name, "to": better, "good": 100 * (point.good - base.good),
                     "collapsed": 100 * (point.probabilities["collapsed"] - base.probabilities["collapsed"]),
                     "expected": point.expected - base.expected})
    return rows


def lesson_effect_table(titles: Mapping[str, str]) -> Markdown:
    """:func:`lesson_effects` as a table."""
    rows = [[titles[row["factor"]], general(row["to"]), signed(row["good"]), signed(row["collapsed"]),
             signed(row["expected"])] for row in lesson_effects()]
    return table([_("Lesson (from 3)"), _("To"), _("Chance of a good outcome (points)"),
                  _("Chance of a collapse (points)"), _("Expected momentum (points)")], rows)


def uncertainty_rows(cases: Mapping[str, Scenario]) -> list[dict[str, Any]]:
    """Per case at its last dated year: the band's width and the chance of a good outcome, with the
    coding's uncertainty alone, the parameters' alone, and both."""
    rows = []
    for case in cases.values():
        year = case.last_dated_year or (case.start or 0) + case.horizon
        row: dict[str, Any] = {"case": case}
        for kind in ("coding", "parameters", "both"):
            point = case.profile.evaluate(case.horizon, uncertainty=kind).at(year)
            row[kind] = point.high - point.low
        rows.append(row)
    return rows


def uncertainty_table(cases: Mapping[str, Scenario]) -> Markdown:
    """:func:`uncertainty_rows` as a table."""
    rows = [[row["case"].short_name or row["case"].id, decimal(row["coding"], 1), decimal(row["parameters"], 1),
             decimal(row["both"], 1)] for row in uncertainty_rows(cases)]
    return table([_("Case"), _("Band width, coding only"), _("Band width, parameters only"),
                  _("Band width, both")], rows)

