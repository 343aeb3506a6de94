"""The source's dated observations and counterfactuals read against a forecast.

An observation holds when the forecast's likeliest reading of its year is the
observed state; a counterfactual ("with firmer steering more would have been
achieved") holds when the change moves the chance of a collapse in its year
clearly: by at least ``CLEAR_SHIFT`` percentage points, or below one half for a
cooperation the source says would have survived. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from widgets.model.forecast import Profile, YearPoint
from widgets.model.lessons import ProfileError
from widgets.model.mechanisms import BROKEN_UP, DEFAULT_PARAMETERS, NOT_STARTED, OUTCOMES, STATES, Parameters

IMPROVES = "improves"
SURVIVES = "survives"
CLEAR_SHIFT = 5.0  # percentage points of the chance of a collapse: a counterfactual "moves it clearly"


def observation_chance(state: str, point: YearPoint) -> float:
    """The chance a year of a forecast gives an observed state."""
    if state == BROKEN_UP:
        return 1.0 - point.alive
    if state == NOT_STARTED:  # it exists and does not yet move as a continuing one does
        return max(0.0, point.probabilities["stagnating"] + point.probabilities["collapsed"] - (1.0 - point.alive))
    if state not in OUTCOMES:
        raise ProfileError("state", f"must be one of {', '.join(STATES)}, got {state!r}")
    return float(point.probabilities[state])


def state_holds(state: str, point: YearPoint) -> bool:
    """Whether a year agrees with an observed state: a class is the likeliest class; ``broken_up``
    and ``not_started`` are likelier than not."""
    if state in OUTCOMES:
        return point.outcome == state
    return observation_chance(state, point) >= 0.5


@dataclass(frozen=True)
class CounterfactualCheck:
    """What a counterfactual of the source does to the chance of a collapse and of a good outcome."""

    collapse_before: float  # percent
    collapse_after: float
    good_before: float
    good_after: float
    holds: bool

    @property
    def shift(self) -> float:
        """Percentage points by which the chance of a collapse falls."""
        return self.collapse_before - self.collapse_after


def check_counterfactual(profile: Profile, changes: Mapping[str, float], expect: str, year: int,
                         horizon: int, params: Parameters = DEFAULT_PARAMETERS) -> CounterfactualCheck:
    """Read a counterfactual in ``year`` (a calendar year if the profile has a start)."""
    if expect not in (IMPROVES, SURVIVES):
        raise ProfileError("expect", f"must be {IMPROVES} or {SURVIVES}, got {expect!r}")
    before = profile.evaluate(horizon, params).at(year)
    after = profile.with_levels(changes).evaluate(horizon, params).at(year)
    collapse_before = 100.0 * before.probabilities["collapsed"]
    collapse_after = 100.0 * after.probabilities["collapsed"]
    if expect == IMPROVES:
        holds = collapse_before - collapse_after >= CLEAR_SHIFT
    else:
        holds = collapse_after < 50.0
    return CounterfactualCheck(collapse_before, collapse_after, 100.0 * before.good, 100.0 * after.good, holds)
