"""The model's mechanisms: where a cooperation starts, where it heads, and when it breaks up.

Four mechanisms, each tied to lessons and passages of the source (the chapter "The
model" explains them with the passages):

1. **Start.** A cooperation starts with a momentum set by the sharpness of the
   diagnosis and how clearly the benefits are felt (lessons 1 and 2, which the
   source draws "from all cases"): ``M0 = 100 * start_share * mean(s1, s2)``.
2. **Heading.** Momentum moves each year a fixed share (``speed``) of the way to the
   level its ten in-hand lessons can carry, ``E = 100 * mean(s1 .. s10)``: every
   lesson counts the same, since the source lists them side by side as conditions
   under which an initiative "is kansrijk", ranked nowhere.
   ``M(t) = E + (M0 - E) * (1 - speed) ** t``.
3. **Break-up.** In every year the cooperation may break up, with a chance that
   rises smoothly as momentum falls (the advocacy coalition shrinks when results
   stay away, lesson 1 of the Beek case), rises under a merger threat (lesson 11:
   the threat is outside the cooperation's hands and can overtake it, as in
   Moordrecht and Nieuwerkerk) and rises in an election year unless the work is
   formalised and trusted (lessons 5 and 9: new administrators reopen what is not
   formalised). The chance it still exists is the product of the yearly chances
   it does not break up: a survival curve.
4. **Observation.** The class of a year that the source reports (thriving,
   continuing, stagnating, collapsed) is read from the momentum with an ordered
   logit around the class edges 20, 36 and 60, so a momentum near an edge gives
   both neighbouring classes a fair chance.

Standard library only: this module runs in the browser's Pyodide.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from widgets.model.lessons import FACTORS, INDEX, OUTSIDE_FACTORS, ProfileError

OUTCOMES: tuple[str, ...] = ("thriving", "continuing", "stagnating", "collapsed")
GOOD_OUTCOMES: tuple[str, ...] = ("thriving", "continuing")
BROKEN_UP = "broken_up"
NOT_STARTED = "not_started"
# What a dated observation of the source can say about a cooperation in a year.
STATES: tuple[str, ...] = OUTCOMES + (BROKEN_UP, NOT_STARTED)

START_LESSONS: tuple[str, ...] = ("diagnosis", "benefits")
IN_HAND_LESSONS: tuple[str, ...] = tuple(name for name in FACTORS if name not in OUTSIDE_FACTORS)
CUSHION_LESSONS: tuple[str, ...] = ("formalisation", "trust")
THREAT = "herindeling_threat"
FITTED_FILE = Path(__file__).with_name("fitted.json")
# The numbers the mechanisms read, in the order :func:`course` unpacks them (the last is the class spread).
MECHANISM: tuple[str, ...] = ("start_share", "speed", "hazard_base", "hazard_slope", "threat_risk", "class_scale")


def logistic(x: float) -> float:
    """1 / (1 + e^-x), safe for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _fitted(name: str, low: float, high: float, doc: str) -> Any:
    """A parameter the calibration fits within [low, high] (its prior range)."""
    return field(default=_FITTED_POINT.get(name, (low + high) / 2), metadata={"doc": doc, "prior": (low, high)})


def _fixed(value: Any, doc: str) -> Any:
    """A parameter set by reading the source, not fitted."""
    return field(default=value, metadata={"doc": doc})


def read_fitted(path: Path = FITTED_FILE) -> dict[str, Any]:
    """The calibration's values (``samensterk calibrate`` writes the file whole), or {} if absent."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


_FITTED_FILE = read_fitted()
_FITTED_POINT: Mapping[str, float] = dict(_FITTED_FILE.get("point", {}))


@dataclass(frozen=True)
class Parameters:
    """Every constant of the model, named once: fitted ones carry their prior range."""

    # Fitted (four): the calibration's posterior median; the posterior draws are in ``posterior``.
    start_share: float = _fitted(
        "start_share", 0.1, 1.0,
        "Share of the start lessons' level (diagnosis, felt benefits) that a cooperation has as momentum in year 0")
    hazard_base: float = _fitted(
        "hazard_base", -7.0, 0.0, "Log-odds of a break-up in a year at momentum 50, no threat and no election")
    hazard_slope: float = _fitted(
        "hazard_slope", 0.0, 2.5, "Rise in those log-odds per 10 points of momentum below 50")
    class_scale: float = _fitted(
        "class_scale", 2.0, 20.0, "Spread (momentum points) of the ordered logit that reads a class from momentum")
    # Fixed from the source: the dated observations cannot pin these down (a fit left their
    # posteriors nearly as wide as their priors), so they are read from the text.
    speed: float = _fixed(
        0.5,
        "Share of the way to its level E that momentum moves each year: half, because the source expects "
        "results after a year of talks (Beek, bottleneck 1: after a year of consultation the results fell short)")
    threat_risk: float = _fixed(
        1.5,
        "Rise in the log-odds of a break-up under a full merger threat (level 5): the odds are about 4.5 times "
        "higher, since at that level decisions on the cooperation are overtaken by merger plans, as in "
        "Moordrecht and Nieuwerkerk (section Politiek)")
    election_risk: float = _fixed(
        math.log(2.0),
        "Rise in the log-odds of a break-up in an election year with nothing formalised and no trust: the odds "
        "double (the source speaks of new and mobile administrators, not of elections: the book's inference)")
    stagnating_from: float = _fixed(20.0, "Momentum at the edge of collapsed and stagnating")
    continuing_from: float = _fixed(36.0, "Momentum at the edge of stagnating and continuing")
    thriving_from: float = _fixed(60.0, "Momentum at the edge of continuing and thriving")
    # The Monte Carlo.
    confidence_spread: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"documented": 0.25, "inferred": 0.5, "unknown": 1.0}),
        metadata={"doc": "Spread of a coding's draws in levels: the standard deviation of a normal for documented "
                         "and inferred codings, the half-width of a uniform for unknown ones"},
    )
    draws: int = _fixed(160, "Monte Carlo draws per evaluation")
    lever_draws: int = _fixed(
        80, "Draws per lever (the first of the evaluation's): a gain is a difference over the same draws, "
            "so it needs fewer than a forecast")
    seed: int = _fixed(20070801, "Seed of the draws, so that every build gives the same band")
    band_low: float = _fixed(0.1, "Quantile of the draws at the band's lower edge")
    band_high: float = _fixed(0.9, "Quantile of the draws at the band's upper edge")
    posterior: tuple[tuple[float, ...], ...] = field(
        default=(), metadata={"doc": "Draws of the fitted parameters from their posterior, in the order of "
                                     "fitted_names() (DEFAULT_PARAMETERS carries the calibration's)"},
    )

    def __post_init__(self) -> None:
        for name in fitted_names():
            low, high = prior(name)
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not low <= value <= high:
                raise ProfileError(name, f"must lie in its prior range [{low}, {high}], got {value!r}")
        if not self.stagnating_from < self.continuing_from < self.thriving_from:
            raise ProfileError("class edges", "need stagnating_from < continuing_from < thriving_from")
        if not 0.0 <= self.band_low < self.band_high <= 1.0 or self.draws < 1:
            raise ProfileError("band", "needs 0 <= band_low < band_high <= 1 and at least one draw")
        if not 1 <= self.lever_draws <= self.draws:
            raise ProfileError("lever_draws", "needs at least one draw and no more than draws")
        if any(len(row) != len(fitted_names()) for row in self.posterior):
            raise ProfileError("posterior", "every draw needs one value per fitted parameter")
        if not 0.0 < self.speed < 1.0:
            raise ProfileError("speed", f"must lie between 0 and 1, got {self.speed!r}")
        if self.threat_risk < 0.0 or self.election_risk < 0.0:
            raise ProfileError("threat_risk", "the risks of a threat and an election cannot be negative")

    def fitted_values(self) -> tuple[float, ...]:
        """The fitted parameters' values, in the order of :func:`fitted_names`."""
        return tuple(float(getattr(self, name)) for name in fitted_names())

    def mechanism_values(self, fitted: Sequence[float] | None = None) -> tuple[float, ...]:
        """The numbers :func:`course` and the observation read, in the order of ``MECHANISM``, with
        the fitted ones taken from ``fitted`` (in the order of :func:`fitted_names`) if given."""
        given = dict(zip(fitted_names(), fitted)) if fitted is not None else {}
        return tuple(float(given.get(name, getattr(self, name))) for name in MECHANISM)

    def with_values(self, values: Sequence[float]) -> "Parameters":
        """The same parameters with the fitted ones set to ``values`` and no posterior."""
        changes: dict[str, Any] = dict(zip(fitted_names(), (float(v) for v in values)))
        return replace(self, posterior=(), **changes)

    def parameter_sets(self, use_posterior: bool = True) -> tuple[tuple[float, ...], ...]:
        """The parameter sets the Monte Carlo cycles through (as :meth:`mechanism_values`): one per
        posterior draw, or the point values alone."""
        if use_posterior and self.posterior:
            return self._posterior_sets
        return (self.mechanism_values(),)

    @cached_property
    def _posterior_sets(self) -> tuple[tuple[float, ...], ...]:
        return tuple(self.mechanism_values(row) for row in self.posterior)


def fitted_names() -> tuple[str, ...]:
    """The parameters the calibration fits, in the order of :class:`Parameters`."""
    return tuple(spec.name for spec in Parameters.__dataclass_fields__.values() if "prior" in spec.metadata)


def prior(name: str) -> tuple[float, float]:
    """The prior range [low, high] of a fitted parameter."""
    return Parameters.__dataclass_fields__[name].metadata["prior"]


def _fitted_posterior() -> tuple[tuple[float, ...], ...]:
    """The calibration's posterior draws, if the file was written for the parameters fitted now."""
    if list(_FITTED_FILE.get("names", ())) != list(fitted_names()):
        return ()
    return tuple(tuple(float(v) for v in row) for row in _FITTED_FILE.get("posterior", ()))


DEFAULT_PARAMETERS = Parameters(posterior=_fitted_posterior())
FIT_INPUTS: str = str(_FITTED_FILE.get("inputs", ""))


# ----------------------------------------------------------------- one cooperation


def _mean(s: Sequence[float], names: Sequence[str]) -> float:
    return sum(s[INDEX[name]] for name in names) / len(names)


@dataclass(frozen=True)
class Drivers:
    """What the mechanisms read of a profile's strengths (each 0..1)."""

    start: float  # mean of the start lessons
    level: float  # mean of the ten in-hand lessons: the level E / 100
    cushion: float  # mean of formalisation and trust
    threat: float  # 1 - strength of lesson 11: 0 no merger talk, 1 a merger push


def drivers(s: Sequence[float]) -> Drivers:
    """The mechanisms' inputs from strengths in factor order."""
    return Drivers(_mean(s, START_LESSONS), _mean(s, IN_HAND_LESSONS), _mean(s, CUSHION_LESSONS),
                   1.0 - s[INDEX[THREAT]])


@dataclass(frozen=True)
class Course:
    """One cooperation under one parameter set: momentum if it still exists, and survival, per year."""

    momentum: tuple[float, ...]  # years 0..horizon
    alive: tuple[float, ...]  # chance it still exists, years 0..horizon (1 in year 0)


_START = tuple(INDEX[name] for name in START_LESSONS)
_IN_HAND = tuple(INDEX[name] for name in IN_HAND_LESSONS)
_CUSHION = tuple(INDEX[name] for name in CUSHION_LESSONS)
_THREAT = INDEX[THREAT]


def course(s: Sequence[float], values: Sequence[float], elections: Sequence[bool],
           election_risk: float = math.log(2.0)) -> Course:
    """Momentum and survival for strengths ``s``, the mechanisms' ``values`` (in the order of
    ``MECHANISM``, as :meth:`Parameters.mechanism_values` gives them) and the election years.

    ``elections[t]`` says whether year ``t`` has an election (``elections[0]`` is unused).
    This is :func:`drivers` and the four mechanisms written out for speed: the Monte Carlo
    runs it for every draw.
    """
    start_share, speed, hazard_base, hazard_slope, threat_risk, _ = values
    level = 100.0 * sum([s[i] for i in _IN_HAND]) / len(_IN_HAND)
    m = 100.0 * start_share * sum([s[i] for i in _START]) / len(_START)
    cushion = sum([s[i] for i in _CUSHION]) / len(_CUSHION)
    steady = hazard_base + threat_risk * (1.0 - s[_THREAT]) + hazard_slope * 5.0
    slope = hazard_slope / 10.0
    at_election = election_risk * (1.0 - cushion)
    keep = 1.0 - speed
    exp = math.exp
    momentum, alive = [m], [1.0]
    survival = 1.0
    for year in range(1, len(elections)):
        m = level + (m - level) * keep
        x = steady - slope * m + (at_election if elections[year] else 0.0)  # logit of the yearly chance
        survival *= 1.0 - 1.0 / (1.0 + exp(-x))
        momentum.append(m)
        alive.append(survival)
    return Course(tuple(momentum), tuple(alive))


def class_chances(momentum: float, alive: float, edges: Sequence[float], scale: float) -> dict[str, float]:
    """The chance of each class in a year: an ordered logit on the momentum of a cooperation that
    still exists (with chance ``alive``); one that has broken up counts as collapsed."""
    at_least = [logistic((momentum - edge) / scale) for edge in edges]  # stagnating, continuing, thriving
    return {
        "thriving": alive * at_least[2],
        "continuing": alive * (at_least[1] - at_least[2]),
        "stagnating": alive * (at_least[0] - at_least[1]),
        "collapsed": (1.0 - alive) + alive * (1.0 - at_least[0]),
    }


def state_chance(state: str, momentum: float, alive: float, edges: Sequence[float], scale: float) -> float:
    """The chance the model gives an observed state of the cooperation in a year (the likelihood).

    A class as :func:`class_chances`; ``broken_up``: it no longer exists; ``not_started``:
    it exists but does not yet move as a continuing one does.
    """
    if state == BROKEN_UP:
        return 1.0 - alive
    if state == NOT_STARTED:
        return alive * (1.0 - logistic((momentum - edges[1]) / scale))
    if state not in OUTCOMES:
        raise ProfileError("state", f"must be one of {', '.join(STATES)}, got {state!r}")
    return class_chances(momentum, alive, edges, scale)[state]


def edges(params: Parameters) -> tuple[float, float, float]:
    """The class edges of momentum: stagnating, continuing and thriving from."""
    return (params.stagnating_from, params.continuing_from, params.thriving_from)
