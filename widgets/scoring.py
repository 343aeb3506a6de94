"""The Samen sterk model: the eleven lessons of alliance management as a trajectory.

A *profile* gives every factor a level from 1 (absent) to 5 (fully present); for
``herindeling_threat`` a high level is bad. From a profile the model computes

* a readiness score (0-100) with each factor's contribution,
* a yearly trajectory of the cooperation's momentum (0-100), with the year it
  breaks up (if it does) and the outcome class of every year,
* a band and the probability of every outcome class in every year, from a Monte
  Carlo over the uncertainty of the coding (or over the answers of a team),
* levers: the one-level improvements that raise the final momentum most, and
* whether a dated observation of the source holds in a year of the trajectory.

The module uses the standard library only, so that it also runs in the browser's
Pyodide. Every equation is explained in the book's chapter "The model"; every
constant is a field of :class:`Parameters`, and the fitted ones are written into
the block ``FITTED`` below by ``samensterk calibrate`` (``widgets/fit.py``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Mapping, Sequence

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
BROKEN_UP = "broken_up"
NOT_STARTED = "not_started"
# What a dated observation of the source can say about a cooperation in a year.
STATES: tuple[str, ...] = OUTCOMES + (BROKEN_UP, NOT_STARTED)
# How a level reads, as the Wilder inventory reads its mean scores.
READINGS: tuple[str, ...] = ("strength", "borderline", "concern")
STRENGTH_FROM = 4.0
BORDERLINE_FROM = 3.0
DEFAULT_HORIZON = 8
MAX_HORIZON = 50
ELECTION_CYCLE = 4
ELECTION_YEAR_REMAINDER = 2  # Dutch municipal elections: 2002, 2006, 2010, ...
DEFAULT_FIRST_ELECTION = 2  # years from the start to the first election, if no start year
_INDEX = {name: index for index, name in enumerate(FACTORS)}


class ProfileError(ValueError):
    """A profile, confidence or setting the model cannot use; ``field`` names the culprit."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


# ----------------------------------------------------------------------- validation


def check_level(field_name: str, value: object) -> float:
    """``value`` as a level (a number from 1 to 5), or ProfileError naming the field.

    This is the one rule for a valid level: the loader, the command line and the
    assignments' checks all use it.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProfileError(field_name, f"level must be a number from 1 to 5, got {value!r}")
    level = float(value)
    if not math.isfinite(level) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ProfileError(field_name, f"level must be a number from 1 to 5, got {value!r}")
    return level


def whole_level(level: float) -> int:
    """The whole level (1 to 5) nearest to ``level``, halves rounded up: the rubric line it reads as."""
    return int(min(MAX_LEVEL, max(MIN_LEVEL, level + 0.5)))


def validate_profile(levels: Mapping[str, object]) -> dict[str, float]:
    """Return a complete, checked profile in factor order, or raise ProfileError."""
    if not isinstance(levels, Mapping):
        raise ProfileError("factors", "expected a mapping of factor to level")
    unknown = sorted(set(levels) - set(FACTORS), key=str)
    if unknown:
        raise ProfileError(str(unknown[0]), f"unknown factor; allowed: {', '.join(FACTORS)}")
    missing = [name for name in FACTORS if name not in levels]
    if missing:
        raise ProfileError(missing[0], "missing factor level (1 to 5)")
    return {name: check_level(name, levels[name]) for name in FACTORS}


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
        checked[name] = str(value)
    return checked


def validate_samples(samples: Mapping[str, Sequence[object]] | None) -> dict[str, tuple[float, ...]]:
    """Levels to draw from per factor (e.g. a team's answers), checked; factors may be left out."""
    checked: dict[str, tuple[float, ...]] = {}
    for name, values in dict(samples or {}).items():
        if name not in FACTORS:
            raise ProfileError(str(name), "unknown factor in samples")
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise ProfileError(name, "samples must be a list of levels")
        if values:
            checked[name] = tuple(check_level(name, value) for value in values)
    return checked


def check_horizon(horizon: object) -> int:
    """Return a usable horizon in years, or raise ProfileError."""
    if isinstance(horizon, bool) or not isinstance(horizon, int):
        raise ProfileError("years", f"must be a whole number, got {horizon!r}")
    if not 1 <= horizon <= MAX_HORIZON:
        raise ProfileError("years", f"must be from 1 to {MAX_HORIZON}, got {horizon}")
    return horizon


# ---------------------------------------------------------------------- strengths


def strength(factor: str, level: float) -> float:
    """Map a level to 0..1, where 1 is always good for the cooperation."""
    share = (level - MIN_LEVEL) / (MAX_LEVEL - MIN_LEVEL)
    return 1.0 - share if factor in NEGATIVE_FACTORS else share


def favourable_level(factor: str, level: float) -> float:
    """The level on the scale where higher is better (the threat's scale turned round)."""
    return MIN_LEVEL + MAX_LEVEL - level if factor in NEGATIVE_FACTORS else level


def reading(factor: str, level: float) -> str:
    """How a level reads: strength (4 or better), borderline (3 to 4) or concern (below 3).

    As the Wilder inventory reads its mean scores; for the threat the scale is turned
    round (2 or lower is a strength, above 3 a concern).
    """
    favourable = favourable_level(factor, level)
    if favourable >= STRENGTH_FROM:
        return "strength"
    if favourable >= BORDERLINE_FROM:
        return "borderline"
    return "concern"


def improved_level(factor: str, level: float) -> float:
    """The level one step better: one higher, or one lower for a negative factor."""
    if factor in NEGATIVE_FACTORS:
        return max(MIN_LEVEL, level - 1.0)
    return min(MAX_LEVEL, level + 1.0)


# ------------------------------------------------------------------------ parameters

# BEGIN FITTED (written by `samensterk calibrate`; do not edit by hand)
FITTED: Mapping[str, float] = MappingProxyType({
    "start_diagnosis": 0.41523,
    "start_benefits": 0.368078,
    "start_threat": 0.072894,
    "cushion_formalisation": 0.357861,
    "start_base": 0.703205,
    "start_span": 69.079781,
    "coalition_base": 0.404326,
    "coalition_span": 0.553367,
    "growth_rate": 0.474415,
    "quick_win_rate": 0.061364,
    "ramp_years": 3.979316,
    "drift_rate": 0.067525,
    "resistance_rate": 0.024001,
    "distrust_rate": 0.053907,
    "downside_rate": 0.049013,
    "doubt_rate": 0.085194,
    "reopening_rate": 0.035916,
    "election_shock": 0.244144,
    "shield": 0.290848,
    "coalition_rate": 0.022176,
    "coalition_doubt": 0.18909,
    "coalition_distrust": 0.157218,
    "coalition_election": 0.010003,
    "coalition_floor": 0.44777,
    "distrust_power": 4.996825,
})
FIT_INPUTS = "f1ce9669d01d05a8ea5b2cab1e291b2ac57dd0b998ddb8a863c1957dd41483f3"
# END FITTED

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


def _fitted(name: str, low: float, high: float, doc: str) -> Any:
    """A parameter whose value the calibration fits within the prior range [low, high]."""
    return field(default=FITTED[name], metadata={"doc": doc, "prior": (low, high)})


def _fixed(value: Any, doc: str) -> Any:
    """A parameter set by reading the source, not fitted."""
    return field(default=value, metadata={"doc": doc})


def _mix(doc: str, **shares: float) -> Any:
    """Fixed shares of factors in a composite (they add up to 1)."""
    return field(default_factory=lambda: MappingProxyType(dict(shares)), metadata={"doc": doc})


@dataclass(frozen=True)
class Parameters:
    """Every constant of the model, named once: fitted ones carry their prior range."""

    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(dict(_DEFAULT_WEIGHTS)),
        metadata={"doc": "Weight of each factor in the readiness score (they add up to 1)"},
    )
    # The composites: which lessons feed each mechanism, and in what shares.
    ramp_mix: Mapping[str, float] = _mix(
        "Start quality that sets how fast growth gets going", diagnosis=0.5, benefits=0.5)
    coalition_mix: Mapping[str, float] = _mix(
        "Advocacy coalition at the start: felt benefits and the pendulum", benefits=0.5, pendulum=0.5)
    drive_mix: Mapping[str, float] = _mix(
        "Drive of growth: who pushes the cooperation",
        gideon_band=0.3, leadership=0.25, continuous_management=0.25, benefits=0.2)
    resilience_mix: Mapping[str, float] = _mix(
        "Resilience that shields setbacks: a Gideonsbende and leadership", gideon_band=0.5, leadership=0.5)
    # Fitted shares of two composites (the other composites are fixed above).
    start_diagnosis: float = _fitted(
        "start_diagnosis", 0.1, 0.6, "Share of the diagnosis in the start momentum")
    start_benefits: float = _fitted(
        "start_benefits", 0.1, 0.5, "Share of felt benefits in the start momentum")
    start_threat: float = _fitted(
        "start_threat", 0.0, 0.3,
        "Share of the threat's absence in the start momentum: under a merger push a plan starts weak "
        "(leadership and the Gideonsbende split the rest of the start equally)")
    cushion_formalisation: float = _fitted(
        "cushion_formalisation", 0.3, 0.9,
        "Share of formalisation (the rest: trust) in the cushion against elections and new administrators")
    # Fitted constants of the yearly update.
    start_base: float = _fitted("start_base", 0.0, 30.0, "Momentum at the start with every start factor absent")
    start_span: float = _fitted("start_span", 20.0, 80.0, "Extra start momentum with every start factor present")
    coalition_base: float = _fitted("coalition_base", 0.2, 0.6, "Advocacy coalition at the start, as a share")
    coalition_span: float = _fitted("coalition_span", 0.1, 0.8, "Extra coalition from felt benefits and the pendulum")
    growth_rate: float = _fitted("growth_rate", 0.1, 0.6, "Share of the gap to 100 closed per year at full drive")
    quick_win_rate: float = _fitted("quick_win_rate", 0.01, 0.1, "Extra growth from quick wins in the early years")
    ramp_years: float = _fitted("ramp_years", 0.5, 4.0, "Years over which a weak start stops slowing growth")
    drift_rate: float = _fitted("drift_rate", 0.02, 0.2, "Yearly loss of momentum without continuous management")
    resistance_rate: float = _fitted("resistance_rate", 0.02, 0.2, "Yearly loss from resistance without a pendulum")
    distrust_rate: float = _fitted("distrust_rate", 0.02, 0.3, "Yearly loss from distrust at its worst")
    downside_rate: float = _fitted("downside_rate", 0.005, 0.05, "Yearly loss from drawbacks nobody limits")
    doubt_rate: float = _fitted("doubt_rate", 0.02, 0.2, "Yearly loss from a herindeling threat at full strength")
    reopening_rate: float = _fitted("reopening_rate", 0.01, 0.1,
                                    "Yearly loss where nothing is formalised: agreed starting points reopened")
    election_shock: float = _fitted("election_shock", 0.02, 0.25, "Loss at an election when nothing is formalised")
    shield: float = _fitted("shield", 0.2, 0.8, "Share of setbacks a Gideonsbende and leadership absorb")
    coalition_rate: float = _fitted("coalition_rate", 0.02, 0.3, "How fast the coalition follows the results")
    coalition_doubt: float = _fitted("coalition_doubt", 0.01, 0.3,
                                     "Yearly coalition loss from a full herindeling threat")
    coalition_distrust: float = _fitted("coalition_distrust", 0.01, 0.3,
                                        "Yearly coalition loss where partners distrust each other")
    coalition_election: float = _fitted("coalition_election", 0.01, 0.2,
                                        "Coalition loss at an election, nothing formalised")
    coalition_floor: float = _fitted("coalition_floor", 0.2, 0.45,
                                     "Below this coalition nobody defends it: it breaks up")
    # Fixed constants of the yearly update.
    quick_win_years: int = _fixed(2, "Years in which quick wins count fully")
    late_quick_win_share: float = _fixed(0.3, "Share of the quick-win effect after those years")
    resistance_years: int = _fixed(3, "Years in which resistance bites fully")
    late_resistance_share: float = _fixed(0.5, "Share of resistance after those years")
    distrust_power: float = _fitted(
        "distrust_power", 1.0, 5.0,
        "Power of distrust in its losses: a little costs little, outright distrust dominates")
    doubt_power: float = _fixed(3.0,
                                "Power of the threat in its losses: a rumour costs little, a merger push dominates")
    results_momentum_share: float = _fixed(0.6,
                                           "Share of momentum (the rest: quick wins) in the results the coalition sees")
    results_neutral: float = _fixed(0.5, "Results at which the coalition neither grows nor shrinks")
    collapse_floor: float = _fixed(10.0, "Below this momentum the cooperation breaks up")
    thriving_from: float = _fixed(60.0, "Momentum from which a year's class is thriving")
    continuing_from: float = _fixed(36.0, "Momentum from which a year's class is continuing")
    stagnating_from: float = _fixed(20.0, "Momentum from which it is stagnating; below it (or broken up), collapsed")
    counterfactual_margin: float = _fixed(
        3.0, "Points of mean momentum by which a counterfactual the source says improves must gain")
    # The Monte Carlo over the coding.
    confidence_spread: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"documented": 0.25, "inferred": 0.5, "unknown": 1.0}),
        metadata={"doc": "Standard deviation, in levels, of a factor's draws, by the coding's confidence"},
    )
    draws: int = _fixed(200, "Monte Carlo draws per evaluation")
    seed: int = _fixed(20070801, "Seed of the draws, so that every build gives the same band")
    band_low: float = _fixed(0.1, "Quantile of the draws at the band's lower edge")
    band_high: float = _fixed(0.9, "Quantile of the draws at the band's upper edge")

    def __post_init__(self) -> None:
        if set(self.weights) != set(FACTORS):
            raise ProfileError("weights", "need exactly one weight per factor")
        if not math.isclose(sum(self.weights.values()), 1.0):
            raise ProfileError("weights", "must add up to 1")
        for name in ("start_mix", "ramp_mix", "coalition_mix", "drive_mix", "resilience_mix", "cushion_mix"):
            mix = getattr(self, name)
            if set(mix) - set(FACTORS) or not math.isclose(sum(mix.values()), 1.0) or min(mix.values()) < 0:
                raise ProfileError(name, "must give factors shares that add up to 1")
        if set(self.confidence_spread) != set(CONFIDENCES):
            raise ProfileError("confidence_spread", "need one spread per confidence")
        # A year never closes more than the whole gap to 100 nor loses more than the whole
        # momentum: the update clips the loss at 1 - growth, which keeps the model monotone.
        if self.growth_rate + self.quick_win_rate >= 1.0:
            raise ProfileError("parameters", "growth rates must add up to less than 1")
        losses = (self.drift_rate, self.resistance_rate, self.distrust_rate, self.downside_rate, self.doubt_rate,
                  self.reopening_rate, self.election_shock)
        if min(losses) < 0.0 or sum(losses) > 1.0:
            raise ProfileError("parameters", "loss rates must be at least 0 and add up to at most 1")
        if not 0.0 <= self.band_low < self.band_high <= 1.0 or self.draws < 1:
            raise ProfileError("band", "needs 0 <= band_low < band_high <= 1 and at least one draw")

    @property
    def start_mix(self) -> Mapping[str, float]:
        """Start momentum: the diagnosis and felt benefits, leaders and a core group, and no merger push."""
        core = (1.0 - self.start_diagnosis - self.start_benefits - self.start_threat) / 2
        return MappingProxyType({"diagnosis": self.start_diagnosis, "benefits": self.start_benefits,
                                 "leadership": core, "gideon_band": core, "herindeling_threat": self.start_threat})

    @property
    def cushion_mix(self) -> Mapping[str, float]:
        """Cushion against elections and new administrators: formalisation and trust."""
        return MappingProxyType({"formalisation": self.cushion_formalisation,
                                 "trust": 1.0 - self.cushion_formalisation})

    @cached_property
    def _mix_terms(self) -> tuple[tuple[tuple[int, float], ...], ...]:
        """The composites as (factor index, share) pairs, for the fast yearly loop."""
        names = ("start_mix", "ramp_mix", "coalition_mix", "drive_mix", "resilience_mix", "cushion_mix")
        return tuple(tuple((_INDEX[f], w) for f, w in getattr(self, name).items() if w) for name in names)

    @cached_property
    def _schedules(self) -> dict[tuple[int, int], tuple[tuple[float, float, float, bool], ...]]:
        return {}

    def schedule(self, horizon: int, first_election: int) -> tuple[tuple[float, float, float, bool], ...]:
        """Per year 1..horizon: how far a weak start has stopped slowing growth (the ramp),
        the quick-win share, the resistance share, and whether there is an election."""
        key = (horizon, first_election)
        if key not in self._schedules:
            self._schedules[key] = tuple(
                (1.0 - math.exp(-(year - 1) / self.ramp_years),
                 1.0 if year <= self.quick_win_years else self.late_quick_win_share,
                 1.0 if year <= self.resistance_years else self.late_resistance_share,
                 is_election(year, first_election))
                for year in range(1, horizon + 1)
            )
        return self._schedules[key]


def fitted_names() -> tuple[str, ...]:
    """The parameters the calibration fits, in the order of :class:`Parameters`."""
    return tuple(spec.name for spec in Parameters.__dataclass_fields__.values() if "prior" in spec.metadata)


def prior(name: str) -> tuple[float, float]:
    """The prior range [low, high] of a fitted parameter."""
    return Parameters.__dataclass_fields__[name].metadata["prior"]


DEFAULT_PARAMETERS = Parameters()

# -------------------------------------------------------------------------- results


@dataclass(frozen=True)
class YearPoint:
    """One year of the trajectory: momentum, its band, and the chance of each class."""

    year: int
    momentum: float
    low: float
    high: float
    election: bool
    calendar_year: int | None = None
    outcome: str = "collapsed"  # the class of this year's momentum
    probabilities: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    broken: bool = False  # the cooperation has broken up by this year

    @property
    def when(self) -> int:
        """The calendar year if the start is known, else the year since the start."""
        return self.calendar_year if self.calendar_year is not None else self.year


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
    outcome: str  # the class in the last year
    broke_up: int | None = None  # the year (since the start) in which it broke up, if it did

    @property
    def final(self) -> YearPoint:
        """The last year of the horizon."""
        return self.trajectory[-1]

    @property
    def final_momentum(self) -> float:
        """Momentum in the last year of the horizon."""
        return self.trajectory[-1].momentum

    @property
    def outcome_probabilities(self) -> Mapping[str, float]:
        """The chance of each class in the last year."""
        return self.trajectory[-1].probabilities

    @property
    def break_up_when(self) -> int | None:
        """The calendar year (or year since the start) of the break-up, if any."""
        return None if self.broke_up is None else self.trajectory[self.broke_up].when

    def at(self, when: int) -> YearPoint:
        """The point of a calendar year (or of a year since the start, without a start year)."""
        for point in self.trajectory:
            if point.when == when:
                return point
        raise ProfileError("year", f"{when} is outside the trajectory "
                                   f"({self.trajectory[0].when}-{self.trajectory[-1].when})")


# ------------------------------------------------------------------------ the model


def contributions(levels: Mapping[str, float], params: Parameters = DEFAULT_PARAMETERS) -> dict[str, float]:
    """Each factor's contribution to the score, relative to the neutral level 3."""
    return {name: 100.0 * params.weights[name] * (strength(name, levels[name]) - 0.5) for name in FACTORS}


def readiness_score(levels: Mapping[str, float], params: Parameters = DEFAULT_PARAMETERS) -> float:
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


def classify(momentum: float, params: Parameters = DEFAULT_PARAMETERS, broken: bool = False) -> str:
    """The outcome class of a year's momentum (collapsed once it has broken up)."""
    if broken or momentum < params.stagnating_from:
        return "collapsed"
    if momentum >= params.thriving_from:
        return "thriving"
    if momentum >= params.continuing_from:
        return "continuing"
    return "stagnating"


@dataclass(frozen=True)
class Path:
    """The yearly state of one profile: momentum, advocacy coalition and break-up."""

    momentum: tuple[float, ...]
    coalition: tuple[float, ...]
    broke_up: int | None  # the year in which it broke up, if it did


def _dot(terms: Sequence[tuple[int, float]], s: Sequence[float]) -> float:
    return sum([w * s[index] for index, w in terms])


def run_path(
    s: Sequence[float], horizon: int, first_election: int, params: Parameters = DEFAULT_PARAMETERS
) -> Path:
    """The yearly update for strengths ``s`` (in factor order) from year 0 to ``horizon``.

    Momentum M grows towards 100 at a rate set by the drive and the coalition A, and
    loses a share of itself to drift and setbacks; the coalition follows the results
    and loses members to doubt, distrust and elections. The cooperation breaks up
    when M falls below the collapse floor or A below the coalition floor.
    """
    p = params
    start_mix, ramp_mix, coalition_mix, drive_mix, resilience_mix, cushion_mix = p._mix_terms
    i = _INDEX
    quality = _dot(ramp_mix, s)
    setback_share = 1.0 - p.shield * _dot(resilience_mix, s)
    unshielded = 1.0 - _dot(cushion_mix, s)
    threat = 1.0 - s[i["herindeling_threat"]]
    distrust = 1.0 - s[i["trust"]]
    drive = p.growth_rate * _dot(drive_mix, s)
    quick = s[i["quick_wins"]]
    drift = p.drift_rate * (1.0 - s[i["continuous_management"]])
    resistance = p.resistance_rate * (1.0 - s[i["pendulum"]])
    friction = p.distrust_rate * distrust**p.distrust_power + p.downside_rate * (1.0 - s[i["downside_limits"]])
    doubt = p.doubt_rate * threat**p.doubt_power
    reopening = p.reopening_rate * (1.0 - s[i["formalisation"]])
    shock = p.election_shock * unshielded
    coalition_drain = (p.coalition_doubt * threat**p.doubt_power
                       + p.coalition_distrust * distrust**p.distrust_power) * setback_share
    coalition_shock = p.coalition_election * unshielded * setback_share

    m = p.start_base + p.start_span * _dot(start_mix, s)
    a = min(1.0, p.coalition_base + p.coalition_span * _dot(coalition_mix, s))
    momentum, coalition = [m], [a]
    broke_up = None
    quick_rate, coalition_rate = p.quick_win_rate, p.coalition_rate
    results_share, neutral = p.results_momentum_share, p.results_neutral
    floor, coalition_floor = p.collapse_floor, p.coalition_floor
    for year, (settled, win_share, bite_share, election) in enumerate(p.schedule(horizon, first_election), 1):
        win = quick * win_share
        growth = drive * (settled + (1.0 - settled) * quality) * a + quick_rate * win
        setbacks = resistance * bite_share + friction + doubt + reopening
        if election:
            setbacks += shock
        loss = drift + setbacks * setback_share
        a += coalition_rate * (results_share * m / 100.0 + (1.0 - results_share) * win - neutral)
        a -= coalition_drain + coalition_shock if election else coalition_drain
        a = 1.0 if a > 1.0 else (0.0 if a < 0.0 else a)
        kept = 1.0 - growth - loss
        m = m * (kept if kept > 0.0 else 0.0) + 100.0 * growth  # = m + growth (100 - m) - loss m
        m = 100.0 if m > 100.0 else m
        if m < floor or a < coalition_floor:
            broke_up = year
            momentum += [0.0] * (horizon - year + 1)
            coalition += [0.0] * (horizon - year + 1)
            break
        momentum.append(m)
        coalition.append(a)
    return Path(tuple(momentum), tuple(coalition), broke_up)


def strengths(levels: Mapping[str, float]) -> list[float]:
    """The strengths of a checked profile, in factor order."""
    return [strength(name, levels[name]) for name in FACTORS]


def momentum_path(
    levels: Mapping[str, float],
    horizon: int = DEFAULT_HORIZON,
    first_election: int = DEFAULT_FIRST_ELECTION,
    params: Parameters = DEFAULT_PARAMETERS,
) -> list[float]:
    """Momentum from year 0 to ``horizon`` for a checked profile (no band)."""
    return list(run_path(strengths(levels), horizon, first_election, params).momentum)


# ------------------------------------------------------------------ the Monte Carlo

_NOISE: dict[tuple[int, int], tuple[tuple[tuple[float, ...], ...], tuple[tuple[float, ...], ...]]] = {}


def _noise(seed: int, draws: int) -> tuple[tuple[tuple[float, ...], ...], tuple[tuple[float, ...], ...]]:
    """Fixed standard normal and uniform numbers, one per draw and factor (made once per seed).

    Returned factor by factor: ``normal[f][d]`` is factor ``f``'s number in draw ``d``.
    """
    key = (seed, draws)
    if key not in _NOISE:
        rng = random.Random(seed)
        normal = tuple(tuple(rng.gauss(0.0, 1.0) for _ in FACTORS) for _ in range(draws))
        uniform = tuple(tuple(rng.random() for _ in FACTORS) for _ in range(draws))
        _NOISE[key] = (tuple(zip(*normal)), tuple(zip(*uniform)))
    return _NOISE[key]


def drawn_levels(
    levels: Mapping[str, float],
    confidence: Mapping[str, str],
    samples: Mapping[str, tuple[float, ...]],
    params: Parameters = DEFAULT_PARAMETERS,
) -> list[tuple[float, ...]]:
    """The profiles of the Monte Carlo, as strengths in factor order.

    A factor with samples (a team's answers) takes one of them at random in each
    draw; any other factor is drawn around its level with the spread of its
    confidence, clipped to 1..5. The same seed gives the same draws, so a better
    level gives a better draw, draw by draw.
    """
    normal, uniform = _noise(params.seed, params.draws)
    span = MAX_LEVEL - MIN_LEVEL
    columns = []
    for name, z_column, u_column in zip(FACTORS, normal, uniform):
        pool = samples.get(name)
        if pool:
            last, size = len(pool) - 1, len(pool)
            drawn = [pool[min(last, int(u * size))] for u in u_column]
        else:
            centre, spread = levels[name], params.confidence_spread[confidence[name]]
            drawn = [MAX_LEVEL if (level := centre + spread * z) > MAX_LEVEL
                     else (MIN_LEVEL if level < MIN_LEVEL else level) for z in z_column]  # clipped
        if name in NEGATIVE_FACTORS:
            columns.append([1.0 - (level - MIN_LEVEL) / span for level in drawn])
        else:
            columns.append([(level - MIN_LEVEL) / span for level in drawn])
    return list(zip(*columns))


def quantile(sorted_values: Sequence[float], share: float) -> float:
    """The ``share`` quantile of sorted values (linear between neighbours)."""
    position = share * (len(sorted_values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    weight = position - below
    return sorted_values[below] * (1.0 - weight) + sorted_values[above] * weight


def evaluate(
    levels: Mapping[str, object],
    *,
    confidence: Mapping[str, object] | None = None,
    horizon: int = DEFAULT_HORIZON,
    start_year: int | None = None,
    samples: Mapping[str, Sequence[object]] | None = None,
    params: Parameters = DEFAULT_PARAMETERS,
) -> Evaluation:
    """Score a profile: readiness, trajectory with break-up, band, class probabilities."""
    checked = validate_profile(levels)
    certainty = validate_confidence(confidence)
    pools = validate_samples(samples)
    horizon = check_horizon(horizon)
    first_election = first_election_offset(start_year)
    central = run_path(strengths(checked), horizon, first_election, params)
    runs = [run_path(s, horizon, first_election, params)
            for s in drawn_levels(checked, certainty, pools, params)]
    share = 1.0 / len(runs)
    thriving, continuing, stagnating = params.thriving_from, params.continuing_from, params.stagnating_from
    points = []
    for year in range(horizon + 1):
        values = []
        counts = dict.fromkeys(OUTCOMES, 0.0)
        for run in runs:
            value = run.momentum[year]
            values.append(value)
            if (run.broke_up is not None and run.broke_up <= year) or value < stagnating:
                counts["collapsed"] += share
            elif value >= thriving:
                counts["thriving"] += share
            elif value >= continuing:
                counts["continuing"] += share
            else:
                counts["stagnating"] += share
        values.sort()
        momentum = central.momentum[year]
        broken = central.broke_up is not None and central.broke_up <= year
        points.append(YearPoint(
            year=year,
            momentum=momentum,
            low=min(momentum, quantile(values, params.band_low)),
            high=max(momentum, quantile(values, params.band_high)),
            election=is_election(year, first_election),
            calendar_year=None if start_year is None else start_year + year,
            outcome=classify(momentum, params, broken),
            probabilities=MappingProxyType({name: round(value, 12) for name, value in counts.items()}),
            broken=broken,
        ))
    return Evaluation(
        levels=MappingProxyType(checked),
        score=readiness_score(checked, params),
        contributions=MappingProxyType(contributions(checked, params)),
        trajectory=tuple(points),
        outcome=points[-1].outcome,
        broke_up=central.broke_up,
    )


def levers(
    levels: Mapping[str, object],
    *,
    horizon: int = DEFAULT_HORIZON,
    start_year: int | None = None,
    params: Parameters = DEFAULT_PARAMETERS,
) -> tuple[Lever, ...]:
    """Factors whose one-level improvement raises the final momentum most, best first."""
    checked = validate_profile(levels)
    horizon = check_horizon(horizon)
    first_election = first_election_offset(start_year)
    base = momentum_path(checked, horizon, first_election, params)
    base_mean = sum(base) / len(base)
    found = []
    for name in FACTORS:
        better = improved_level(name, checked[name])
        if better == checked[name]:
            continue
        path = momentum_path({**checked, name: better}, horizon, first_election, params)
        found.append(Lever(name, better, path[-1] - base[-1], sum(path) / len(path) - base_mean))
    return tuple(sorted(found, key=lambda lever: (-lever.gain, -lever.mean_gain, _INDEX[lever.factor])))


# ------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """What the model needs of a cooperation: levels, how sure each is, the start year,
    and optionally levels to draw from per factor (a team's answers)."""

    levels: Mapping[str, float]
    confidence: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    start: int | None = None
    samples: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def evaluate(self, horizon: int = DEFAULT_HORIZON, params: Parameters = DEFAULT_PARAMETERS) -> Evaluation:
        """The model's evaluation of this profile."""
        return evaluate(self.levels, confidence=self.confidence, horizon=horizon, start_year=self.start,
                        samples=self.samples, params=params)

    def levers(self, horizon: int = DEFAULT_HORIZON, params: Parameters = DEFAULT_PARAMETERS) -> tuple[Lever, ...]:
        """The best one-level improvements of this profile."""
        return levers(self.levels, horizon=horizon, start_year=self.start, params=params)

    def with_levels(self, changes: Mapping[str, float]) -> "Profile":
        """The same profile with some levels changed."""
        return Profile(MappingProxyType({**self.levels, **changes}), self.confidence, self.start, self.samples)


# --------------------------------------------------------------------- observations


def state_holds(state: str, momentum: float, broken: bool, params: Parameters = DEFAULT_PARAMETERS) -> bool:
    """Whether a year of the trajectory agrees with an observed state of the cooperation.

    A class holds when it is the year's class; ``broken_up`` when the cooperation has
    broken up; ``not_started`` when it has not, and moves less than a continuing one.
    """
    if state == BROKEN_UP:
        return broken
    if state == NOT_STARTED:
        return not broken and momentum < params.continuing_from
    if state not in OUTCOMES:
        raise ProfileError("state", f"must be one of {', '.join(STATES)}, got {state!r}")
    return classify(momentum, params, broken) == state


def state_distance(
    state: str, momentum: float, coalition: float, broken: bool,
    params: Parameters = DEFAULT_PARAMETERS, margin: float = 0.0,
) -> float:
    """How far (in momentum points) a year of the trajectory is from an observed state; 0 if it agrees.

    A class needs the momentum inside its band (collapsed: below the stagnating band,
    or broken up); ``broken_up`` needs the cooperation to have broken up, and is as far
    away as the nearer of its two floors; ``not_started`` needs it below the continuing
    band but not broken up. With a ``margin`` (the fit uses one), a year must lie that
    many points inside its band, and a break-up that was due must have come.
    """
    if state not in STATES:
        raise ProfileError("state", f"must be one of {', '.join(STATES)}, got {state!r}")
    if state == BROKEN_UP:
        if broken:
            return 0.0
        return max(0.0, min(momentum - params.collapse_floor, 100.0 * (coalition - params.coalition_floor))) + margin
    if state == "collapsed":
        return 0.0 if broken else max(0.0, momentum - params.stagnating_from + margin)
    low, high = {
        "thriving": (params.thriving_from, math.inf),
        "continuing": (params.continuing_from, params.thriving_from),
        "stagnating": (params.stagnating_from, params.continuing_from),
        NOT_STARTED: (-math.inf, params.continuing_from),
    }[state]
    if broken:
        return max(low, params.collapse_floor) + margin
    return max(0.0, low + margin - momentum, momentum - high + margin)


IMPROVES = "improves"
SURVIVES = "survives"


def expectation_shortfall(expect: str, coded: Path, changed: Path, year: int,
                          params: Parameters = DEFAULT_PARAMETERS) -> float:
    """How far (in momentum points) a counterfactual falls short of what the source expects; 0 if met.

    ``improves``: the mean momentum up to ``year`` is higher than as coded by at least
    ``counterfactual_margin`` points. ``survives``: in ``year`` the cooperation has not
    broken up and is not collapsed.
    """
    if expect == IMPROVES:
        def mean(path: Path) -> float:
            return sum(path.momentum[: year + 1]) / (year + 1)

        return max(0.0, params.counterfactual_margin - (mean(changed) - mean(coded)))
    if expect == SURVIVES:
        broken = changed.broke_up is not None and changed.broke_up <= year
        return state_distance("stagnating", changed.momentum[year], changed.coalition[year], broken, params) \
            if (broken or changed.momentum[year] < params.stagnating_from) else 0.0
    raise ProfileError("expect", f"must be {IMPROVES} or {SURVIVES}, got {expect!r}")
