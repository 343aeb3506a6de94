"""The cases, their codings and the source's dated observations as pandas DataFrames.

For notebooks, assignments and the model chapter's tables: one row per case, per
coding (case and lesson) or per observation, with the model's reading beside the
data where that helps. Needs the ``frames`` extra (pandas).
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from widgets import scoring
from widgets.records import loading
from widgets.records.coding import Scenario


def _cases(cases: Mapping[str, Scenario] | None) -> Mapping[str, Scenario]:
    return cases if cases is not None else loading.load_cases()


def cases_frame(cases: Mapping[str, Scenario] | None = None) -> pd.DataFrame:
    """One row per case: names, period, documented outcome and how sure it is."""
    rows = [
        {"case": c.id, "name": c.name, "short_name": c.label, "province": c.province, "start": c.start,
         "end": c.end, "outcome": c.outcome, "outcome_confidence": c.outcome_confidence,
         "observations": len(c.observations), "counterfactuals": len(c.counterfactuals),
         "unknown_factors": sum(coding.confidence == "unknown" for coding in c.codings.values())}
        for c in _cases(cases).values()
    ]
    return pd.DataFrame(rows).set_index("case")


def codings_frame(cases: Mapping[str, Scenario] | None = None) -> pd.DataFrame:
    """One row per case and lesson: level, its reading, confidence, section and evidence."""
    factors = loading.factor_map()
    rows = [
        {"case": c.id, "factor": key, "lesson": factors[key].lesson, "level": coding.level,
         "reading": scoring.reading(key, coding.level), "confidence": coding.confidence,
         "section": coding.section, "evidence": coding.evidence}
        for c in _cases(cases).values() for key, coding in c.codings.items()
    ]
    return pd.DataFrame(rows).set_index(["case", "factor"])


def levels_frame(cases: Mapping[str, Scenario] | None = None) -> pd.DataFrame:
    """Cases (rows) against the eleven factors (columns): the levels as coded."""
    cases = _cases(cases)
    return codings_frame(cases)["level"].unstack("factor").loc[list(cases), list(scoring.FACTORS)]


def observations_frame(cases: Mapping[str, Scenario] | None = None,
                       params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> pd.DataFrame:
    """One row per dated observation, with the model's trajectory in that year beside it."""
    rows = []
    for case in _cases(cases).values():
        evaluation = case.evaluate(params=params)
        for observation in case.observations:
            point = evaluation.at(observation.year)
            likeliest = point.outcome
            rows.append({
                "case": case.id, "year": observation.year, "state": observation.state,
                "confidence": observation.confidence, "section": observation.section,
                "evidence": observation.evidence, "momentum": point.momentum, "model_class": point.outcome,
                "alive": point.alive, "likeliest": likeliest,
                "chance_of_likeliest": point.probabilities[likeliest],
                "chance": scoring.observation_chance(observation.state, point),
                "holds": scoring.state_holds(observation.state, point),
            })
    return pd.DataFrame(rows).set_index(["case", "year"])


def counterfactuals_frame(cases: Mapping[str, Scenario] | None = None) -> pd.DataFrame:
    """One row per counterfactual the source states: what it changes and what it expects."""
    rows = [
        {"case": c.id, "label": cf.label, "changes": ", ".join(f"{k} {v:g}" for k, v in cf.levels.items()),
         "expect": cf.expect, "year": cf.year, "section": cf.section, "evidence": cf.evidence}
        for c in _cases(cases).values() for cf in c.counterfactuals
    ]
    return pd.DataFrame(rows)
