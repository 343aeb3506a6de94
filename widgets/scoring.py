"""The model's public face: everything notebooks, pages and assignments use, from :mod:`widgets.model`.

The model itself lives in the subpackage :mod:`widgets.model` (standard library
only, so that it runs in the browser's Pyodide); this module only gathers its names,
so that ``from widgets import scoring`` keeps working.
"""

from __future__ import annotations

from widgets.model.forecast import (
    UNCERTAINTIES,
    Evaluation,
    Lever,
    Profile,
    YearPoint,
    contributions,
    drawn_strengths,
    election_years,
    evaluate,
    levers,
    likeliest,
    momentum_path,
    readiness_score,
    simulate,
    weighted_quantile,
)
from widgets.model.lessons import (
    BORDERLINE_FROM,
    CONFIDENCES,
    DEFAULT_CONFIDENCE,
    DEFAULT_FIRST_ELECTION,
    DEFAULT_HORIZON,
    ELECTION_CYCLE,
    FACTORS,
    MAX_HORIZON,
    MAX_LEVEL,
    MIN_LEVEL,
    NEGATIVE_FACTORS,
    NEUTRAL_LEVEL,
    OUTSIDE_FACTORS,
    SILENT_LEVEL,
    STRENGTH_FROM,
    ProfileError,
    check_horizon,
    check_level,
    favourable_level,
    first_election_offset,
    improved_level,
    is_election,
    reading,
    strength,
    strengths,
    validate_confidence,
    validate_profile,
    validate_samples,
    whole_level,
)
from widgets.model.mechanisms import (
    BROKEN_UP,
    DEFAULT_PARAMETERS,
    FIT_INPUTS,
    GOOD_OUTCOMES,
    NOT_STARTED,
    OUTCOMES,
    STATES,
    Parameters,
    fitted_names,
    prior,
)
from widgets.model.observations import (
    CLEAR_SHIFT,
    IMPROVES,
    SURVIVES,
    CounterfactualCheck,
    check_counterfactual,
    observation_chance,
    state_holds,
)

__all__ = [
    "BORDERLINE_FROM", "BROKEN_UP", "CLEAR_SHIFT", "CONFIDENCES", "DEFAULT_CONFIDENCE", "DEFAULT_FIRST_ELECTION",
    "DEFAULT_HORIZON", "DEFAULT_PARAMETERS", "ELECTION_CYCLE", "FACTORS", "FIT_INPUTS", "GOOD_OUTCOMES", "IMPROVES",
    "MAX_HORIZON", "MAX_LEVEL", "MIN_LEVEL", "NEGATIVE_FACTORS", "NEUTRAL_LEVEL", "NOT_STARTED", "OUTCOMES",
    "OUTSIDE_FACTORS", "SILENT_LEVEL", "STATES", "STRENGTH_FROM", "SURVIVES", "UNCERTAINTIES",
    "CounterfactualCheck", "Evaluation", "Lever", "Parameters", "Profile", "ProfileError", "YearPoint",
    "check_counterfactual", "check_horizon", "check_level", "contributions", "drawn_strengths", "election_years",
    "evaluate", "favourable_level", "first_election_offset", "fitted_names", "improved_level", "is_election",
    "levers", "likeliest", "momentum_path", "observation_chance", "prior", "readiness_score", "reading",
    "simulate", "state_holds", "strength", "strengths", "validate_confidence", "validate_profile",
    "validate_samples", "weighted_quantile", "whole_level",
]
