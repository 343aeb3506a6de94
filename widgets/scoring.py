"""The Samen sterk model: the eleven lessons of alliance management as a trajectory.

A *profile* gives every factor a level from 1 (absent) to 5 (fully present); for
``herindeling_threat`` a high level is bad. From a profile the model computes

* a readiness score (0-100) with each factor's contribution,
* a yearly trajectory of the cooperation's momentum (0-100) with a band,
* an outcome class read from that trajectory, and
* levers: the one-level improvements that raise the final momentum most.

The module uses the standard library only, so that it also runs in the browser's
Pyodide. Every equation is explained in the book's chapter "The model".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

# --------------------------------------------------------------------------- factors

FACTORS: tuple[str, ...] = (
    "diagnosis",
    "benefits",
    "downside_limits",
    "pendulum",
    "formalisation",
    "gideon_band",
    "leadership",
    "continuous_management",
    "trust",
    "quick_wins",
    "herindeling_threat",
)
NEGATIVE_FACTORS: frozenset[str] = frozenset({"herindeling_threat"})
MIN_LEVEL = 1.0
MAX_LEVEL = 5.0
NEUTRAL_LEVEL = 3.0
CONFIDENCES: tuple[str, ...] = ("documented", "inferred", "unknown")
DEFAULT_CONFIDENCE = "documented"
OUTCOMES: tuple[str, ...] = ("thriving", "continuing", "stagnating", "collapsed")
DEFAULT_HORIZON = 8
MAX_HORIZON = 50
ELECTION_CYCLE = 4
ELECTION_YEAR_REMAINDER = 2  # Dutch municipal elections: 2002, 2006, 2010, ...
DEFAULT_FIRST_ELECTION = 2  # years from the start to the first election, if no start year


class ProfileError(ValueError):
    """A profile, confidence or setting the model cannot use; ``field`` names the culprit."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


# ------------------------------------------------------------------------ parameters

_DEFAULT_WEIGHTS = {
    "diagnosis": 0.10,
    "benefits": 0.10,
    "downside_limits": 0.06,
    "pendulum": 0.08,
    "formalisation": 0.10,
    "gideon_band": 0.11,
    "leadership": 0.12,
    "continuous_management": 0.11,
    "trust": 0.10,
    "quick_wins": 0.07,
    "herindeling_threat": 0.05,
}


def _param(value: float, doc: str) -> Any:
    """A parameter field with its meaning attached, for the model chapter's table."""
    return field(default=value, metadata={"doc": doc})


@dataclass(frozen=True)
class Parameters:
    """Every constant of the model, named once; the defaults are the calibrated values."""

    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(dict(_DEFAULT_WEIGHTS)),
        metadata={"doc": "Weight of each factor in the readiness score (they add up to 1)"},
    )
    start_base: float = _param(13.0, "Momentum at the start with every start factor absent")
    start_span: float = _param(36.0, "Extra start momentum with every start factor present")
    coalition_base: float = _param(0.42, "Advocacy coalition at the start, as a share")
    coalition_span: float = _param(0.6, "Extra coalition from felt benefits and the pendulum")
    growth_rate: float = _param(0.38, "Share of the gap to 100 closed per year at full drive")
    quick_win_rate: float = _param(0.02, "Extra growth from quick wins in the early years")
    quick_win_years: int = _param(2, "Years in which quick wins count fully")
    late_quick_win_share: float = _param(0.3, "Share of the quick-win effect after those years")
    ramp_years: float = _param(2.0, "Years over which a weak diagnosis stops slowing growth")
    drift_rate: float = _param(0.1, "Yearly loss of momentum without continuous management")
    resistance_rate: float = _param(0.11, "Yearly loss from resistance without a pendulum")
    resistance_years: int = _param(3, "Years in which resistance bites fully")
    late_resistance_share: float = _param(0.5, "Share of resistance after those years")
    distrust_rate: float = _param(0.15, "Yearly loss from distrust at its worst (cubic in distrust)")
    downside_rate: float = _param(0.01, "Yearly loss from drawbacks nobody limits")
    doubt_rate: float = _param(0.05, "Yearly loss from a herindeling threat at full strength")
    election_shock: float = _param(0.08, "Loss at an election when nothing is formalised")
    shield: float = _param(0.54, "Share of setbacks a Gideonsbende and leadership absorb")
    coalition_rate: float = _param(0.1, "How fast the coalition follows the results")
    coalition_doubt: float = _param(0.08, "Yearly coalition loss from a full herindeling threat")
    coalition_distrust: float = _param(0.06, "Yearly coalition loss where partners distrust each other")
    coalition_election: float = _param(0.05, "Coalition loss at an election, nothing formalised")
    collapse_floor: float = _param(10.0, "Below this momentum the cooperation breaks up")
    coalition_floor: float = _param(0.33, "Below this coalition nobody defends it: it breaks up")
    thriving_from: float = _param(60.0, "Final momentum from which the outcome is thriving")
    continuing_from: float = _param(36.0, "Final momentum from which the outcome is continuing")
    stagnating_from: float = _param(20.0, "Final momentum from which it is stagnating; below it, collapsed")
    band_base: float = _param(3.0, "Momentum points of model uncertainty in year 0")
    band_per_year: float = _param(1.0, "Momentum points of model uncertainty added per year")
    confidence_spread: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"documented": 0.25, "inferred": 0.5, "unknown": 1.0}
        ),
        metadata={"doc": "Levels each factor is moved for the band, by confidence"},
    )

    def __post_init__(self) -> None:
        if set(self.weights) != set(FACTORS):
            raise ProfileError("weights", "need exactly one weight per factor")
        if not math.isclose(sum(self.weights.values()), 1.0):
            raise ProfileError("weights", "must add up to 1")
        worst_yearly_loss = (
            self.growth_rate
            + self.quick_win_rate
            + self.drift_rate
            + self.resistance_rate
            + self.distrust_rate
            + self.downside_rate
            + self.doubt_rate
            + self.election_shock
        )
        if worst_yearly_loss > 1.0:
            raise ProfileError(
                "parameters", "growth and loss rates may add up to at most 1"
            )


DEFAULT_PARAMETERS = Parameters()

# -------------------------------------------------------------------------- results


@dataclass(frozen=True)
class YearPoint:
    """Momentum in one year of the trajectory, with its band."""

    year: int
    momentum: float
    low: float
    high: float
    election: bool
    calendar_year: int | None = None


@dataclass(frozen=True)
class Lever:
    """A one-level improvement of a factor and what it gains."""

    factor: str
    new_level: float
    gain: float  # in final momentum
    mean_gain: float  # in momentum averaged over the horizon


@dataclass(frozen=True)
class Evaluation:
    """Everything the model says about one profile."""

    levels: Mapping[str, float]
    score: float
    contributions: Mapping[str, float]
    trajectory: tuple[YearPoint, ...]
    outcome: str

    @property
    def final_momentum(self) -> float:
        """Momentum in the last year of the horizon."""
        return self.trajectory[-1].momentum


# ----------------------------------------------------------------------- validation


def _as_level(field_name: str, value: object) -> float:
    """Return ``value`` as a level, or raise ProfileError naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProfileError(
            field_name, f"level must be a number from 1 to 5, got {value!r}"
        )
    level = float(value)
    if math.isnan(level) or math.isinf(level):
        raise ProfileError(field_name, f"level must be a number from 1 to 5, got {value!r}")
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ProfileError(field_name, f"level must be from 1 to 5, got {value!r}")
    return level


def validate_profile(levels: Mapping[str, object]) -> dict[str, float]:
    """Return a complete, checked profile in factor order, or raise ProfileError."""
    if not isinstance(levels, Mapping):
        raise ProfileError("factors", "expected a mapping of factor to level")
    unknown = sorted(set(levels) - set(FACTORS), key=str)
    if unknown:
        raise ProfileError(
            str(unknown[0]), f"unknown factor; allowed: {', '.join(FACTORS)}"
        )
    missing = [name for name in FACTORS if name not in levels]
    if missing:
        raise ProfileError(missing[0], "missing factor level (1 to 5)")
    return {name: _as_level(name, levels[name]) for name in FACTORS}


def validate_confidence(confidence: Mapping[str, object] | None) -> dict[str, str]:
    """Return a confidence per factor (default: documented), or raise ProfileError."""
    given = dict(confidence or {})
    unknown = sorted(set(given) - set(FACTORS), key=str)
    if unknown:
        raise ProfileError(str(unknown[0]), "unknown factor in confidence")
    checked = {}
    for name in FACTORS:
        value = given.get(name, DEFAULT_CONFIDENCE)
        if value not in CONFIDENCES:
            raise ProfileError(
                name, f"confidence must be one of {', '.join(CONFIDENCES)}, got {value!r}"
            )
        checked[name] = value
    return checked


def _check_horizon(horizon: object) -> int:
    """Return a usable horizon in years, or raise ProfileError."""
    if isinstance(horizon, bool) or not isinstance(horizon, int):
        raise ProfileError("years", f"must be a whole number, got {horizon!r}")
    if not 1 <= horizon <= MAX_HORIZON:
        raise ProfileError("years", f"must be from 1 to {MAX_HORIZON}, got {horizon}")
    return horizon


# ------------------------------------------------------------------------ the model


def strength(factor: str, level: float) -> float:
    """Map a level to 0..1, where 1 is always good for the cooperation."""
    share = (level - MIN_LEVEL) / (MAX_LEVEL - MIN_LEVEL)
    return 1.0 - share if factor in NEGATIVE_FACTORS else share


def contributions(
    levels: Mapping[str, float], params: Parameters = DEFAULT_PARAMETERS
) -> dict[str, float]:
    """Each factor's contribution to the score, relative to the neutral level 3."""
    return {
        name: 100.0 * params.weights[name] * (strength(name, levels[name]) - 0.5)
        for name in FACTORS
    }


def readiness_score(
    levels: Mapping[str, float], params: Parameters = DEFAULT_PARAMETERS
) -> float:
    """The readiness score, 50 plus the sum of the contributions (0..100)."""
    return 50.0 + sum(contributions(levels, params).values())


def first_election_offset(start_year: int | None) -> int:
    """Years from the start to the first municipal election (1..4)."""
    if start_year is None:
        return DEFAULT_FIRST_ELECTION
    offset = (ELECTION_YEAR_REMAINDER - start_year) % ELECTION_CYCLE
    return offset or ELECTION_CYCLE


def is_election(year: int, first_election: int) -> bool:
    """Whether a municipal election falls in this year of the trajectory."""
    return year >= first_election and (year - first_election) % ELECTION_CYCLE == 0


def momentum_path(
    levels: Mapping[str, float],
    horizon: int = DEFAULT_HORIZON,
    first_election: int = DEFAULT_FIRST_ELECTION,
    params: Parameters = DEFAULT_PARAMETERS,
) -> list[float]:
    """Momentum from year 0 to ``horizon`` for a checked profile (no band)."""
    s = {name: strength(name, levels[name]) for name in FACTORS}
    start_quality = (s["diagnosis"] + s["benefits"]) / 2
    resilience = (s["gideon_band"] + s["leadership"]) / 2
    cushion = 0.6 * s["formalisation"] + 0.4 * s["trust"]
    setback_share = 1.0 - params.shield * resilience
    threat = 1.0 - s["herindeling_threat"]
    drive_quality = (
        0.3 * s["gideon_band"]
        + 0.25 * s["leadership"]
        + 0.25 * s["continuous_management"]
        + 0.2 * s["benefits"]
    )

    momentum = params.start_base + params.start_span * (
        0.6 * start_quality + 0.2 * s["leadership"] + 0.2 * s["gideon_band"]
    )
    coalition = min(1.0, params.coalition_base + params.coalition_span * (
        0.5 * s["benefits"] + 0.5 * s["pendulum"]
    ))
    path = [momentum]
    broken = False
    for year in range(1, horizon + 1):
        if broken:
            path.append(0.0)
            continue
        settled = 1.0 - math.exp(-(year - 1) / params.ramp_years)
        ramp = settled + (1.0 - settled) * start_quality
        early = year <= params.quick_win_years
        quick_win = s["quick_wins"] * (1.0 if early else params.late_quick_win_share)
        drive = params.growth_rate * ramp * coalition * drive_quality
        drive += params.quick_win_rate * quick_win
        resistance = params.resistance_rate * (1.0 - s["pendulum"])
        if year > params.resistance_years:
            resistance *= params.late_resistance_share
        friction = params.distrust_rate * (1.0 - s["trust"]) ** 3
        friction += params.downside_rate * (1.0 - s["downside_limits"])
        doubt = params.doubt_rate * threat**3
        election = is_election(year, first_election)
        shock = params.election_shock * (1.0 - cushion) if election else 0.0
        drift = params.drift_rate * (1.0 - s["continuous_management"])
        loss = drift + (resistance + friction + doubt + shock) * setback_share

        results = 0.6 * momentum / 100.0 + 0.4 * quick_win
        coalition_loss = params.coalition_doubt * threat**3
        coalition_loss += params.coalition_distrust * (1.0 - s["trust"]) ** 3
        if election:
            coalition_loss += params.coalition_election * (1.0 - cushion)
        coalition += params.coalition_rate * (results - 0.5) - coalition_loss * setback_share
        coalition = min(1.0, max(0.0, coalition))

        momentum = momentum + drive * (100.0 - momentum) - loss * momentum
        momentum = min(100.0, max(0.0, momentum))
        if momentum < params.collapse_floor or coalition < params.coalition_floor:
            broken = True
            momentum = 0.0
        path.append(momentum)
    return path


def classify(final_momentum: float, params: Parameters = DEFAULT_PARAMETERS) -> str:
    """The outcome class that a final momentum falls in."""
    if final_momentum >= params.thriving_from:
        return "thriving"
    if final_momentum >= params.continuing_from:
        return "continuing"
    if final_momentum >= params.stagnating_from:
        return "stagnating"
    return "collapsed"


def shifted_profile(
    levels: Mapping[str, float],
    confidence: Mapping[str, str],
    direction: int,
    params: Parameters = DEFAULT_PARAMETERS,
) -> dict[str, float]:
    """Move every factor by its confidence spread: +1 favourable, -1 unfavourable."""
    shifted = {}
    for name in FACTORS:
        step = direction * params.confidence_spread[confidence[name]]
        if name in NEGATIVE_FACTORS:
            step = -step
        shifted[name] = min(MAX_LEVEL, max(MIN_LEVEL, levels[name] + step))
    return shifted


def evaluate(
    levels: Mapping[str, object],
    *,
    confidence: Mapping[str, object] | None = None,
    horizon: int = DEFAULT_HORIZON,
    start_year: int | None = None,
    params: Parameters = DEFAULT_PARAMETERS,
) -> Evaluation:
    """Score a profile: readiness, trajectory with band, and outcome class."""
    checked = validate_profile(levels)
    certainty = validate_confidence(confidence)
    horizon = _check_horizon(horizon)
    first_election = first_election_offset(start_year)
    central = momentum_path(checked, horizon, first_election, params)
    low = momentum_path(
        shifted_profile(checked, certainty, -1, params), horizon, first_election, params
    )
    high = momentum_path(
        shifted_profile(checked, certainty, +1, params), horizon, first_election, params
    )
    points = tuple(
        YearPoint(
            year=year,
            momentum=central[year],
            low=max(0.0, low[year] - params.band_base - params.band_per_year * year),
            high=min(100.0, high[year] + params.band_base + params.band_per_year * year),
            election=is_election(year, first_election),
            calendar_year=None if start_year is None else start_year + year,
        )
        for year in range(horizon + 1)
    )
    return Evaluation(
        levels=MappingProxyType(checked),
        score=readiness_score(checked, params),
        contributions=MappingProxyType(contributions(checked, params)),
        trajectory=points,
        outcome=classify(central[-1], params),
    )


def improved_level(factor: str, level: float) -> float:
    """The level one step better: one higher, or one lower for a negative factor."""
    if factor in NEGATIVE_FACTORS:
        return max(MIN_LEVEL, level - 1.0)
    return min(MAX_LEVEL, level + 1.0)


def levers(
    levels: Mapping[str, object],
    *,
    horizon: int = DEFAULT_HORIZON,
    start_year: int | None = None,
    params: Parameters = DEFAULT_PARAMETERS,
) -> tuple[Lever, ...]:
    """Factors whose one-level improvement raises the final momentum most, best first."""
    checked = validate_profile(levels)
    horizon = _check_horizon(horizon)
    first_election = first_election_offset(start_year)
    base = momentum_path(checked, horizon, first_election, params)
    base_mean = sum(base) / len(base)
    found = []
    for name in FACTORS:
        better = improved_level(name, checked[name])
        if better == checked[name]:
            continue
        path = momentum_path({**checked, name: better}, horizon, first_election, params)
        found.append(
            Lever(
                factor=name,
                new_level=better,
                gain=path[-1] - base[-1],
                mean_gain=sum(path) / len(path) - base_mean,
            )
        )
    order = {name: index for index, name in enumerate(FACTORS)}
    return tuple(
        sorted(found, key=lambda lever: (-lever.gain, -lever.mean_gain, order[lever.factor]))
    )
