"""The forecast for a profile: a Monte Carlo over the coding and the fitted parameters.

Each draw takes one level per lesson (around its coding, with the spread of the
coding's confidence; a team's answers are drawn from; a lesson the source is silent
on is drawn uniformly within one level of its coded level) and one parameter set
from the calibration's posterior, and runs :func:`widgets.model.mechanisms.course`.
Per year the draws give the chance the cooperation still exists, the momentum of
those that do (their mean and a 10-90% band) and the chance of each class. Levers
are the one-level improvements that raise the chance of a good outcome (continuing
or thriving) at the horizon most. Standard library only: it runs in Pyodide.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Sequence

from widgets.model.lessons import (
    DEFAULT_HORIZON,
    FACTORS,
    INDEX,
    MAX_LEVEL,
    MIN_LEVEL,
    NEGATIVE_FACTORS,
    OUTSIDE_FACTORS,
    ProfileError,
    check_horizon,
    first_election_offset,
    improved_level,
    is_election,
    strength,
    strengths,
    validate_confidence,
    validate_profile,
    validate_samples,
)
from widgets.model.mechanisms import (
    DEFAULT_PARAMETERS,
    GOOD_OUTCOMES,
    IN_HAND_LESSONS,
    OUTCOMES,
    Course,
    Parameters,
    course,
    edges,
    logistic,
)

UNCERTAINTIES: tuple[str, ...] = ("both", "coding", "parameters", "none")


@dataclass(frozen=True)
class YearPoint:
    """One year: the chance the cooperation still exists, its momentum if it does, and the classes."""

    year: int
    momentum: float  # mean momentum of the draws in which it still exists
    low: float  # band: 10% quantile of that momentum
    high: float  # band: 90% quantile
    election: bool
    calendar_year: int | None = None
    outcome: str = "collapsed"  # the likeliest class
    probabilities: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    alive: float = 1.0  # chance it still exists
    expected: float = 0.0  # expected momentum, a break-up counting as 0

    @property
    def when(self) -> int:
        """The calendar year if the start is known, else the year since the start."""
        return self.calendar_year if self.calendar_year is not None else self.year

    @property
    def broken(self) -> bool:
        """Whether break-up is likelier than not by this year."""
        return self.alive < 0.5

    @property
    def good(self) -> float:
        """The chance of a good outcome (continuing or thriving)."""
        return sum(self.probabilities.get(name, 0.0) for name in GOOD_OUTCOMES)


@dataclass(frozen=True)
class Lever:
    """A one-level improvement of a lesson and what it gains at the horizon."""

    factor: str
    new_level: float
    gain: float  # percentage points of the chance of a good outcome (mean over the draws)
    gain_low: float  # 10% quantile of that gain over the draws
    gain_high: float  # 90% quantile
    survival_gain: float  # percentage points of the chance it still exists
    momentum_gain: float  # points of expected momentum (a break-up counting as 0)

    @property
    def in_hand(self) -> bool:
        """Whether the cooperation can pull this lever itself (the merger threat it cannot)."""
        return self.factor not in OUTSIDE_FACTORS


@dataclass(frozen=True)
class Evaluation:
    """Everything the model says about one profile."""

    levels: Mapping[str, float]
    score: float  # the level E (0-100) the in-hand lessons can carry
    contributions: Mapping[str, float]
    trajectory: tuple[YearPoint, ...]
    outcome: str  # the likeliest class in the last year
    broke_up: int | None = None  # the first year (since the start) in which break-up is likelier than not

    @property
    def final(self) -> YearPoint:
        """The last year of the horizon."""
        return self.trajectory[-1]

    @property
    def final_momentum(self) -> float:
        """Mean momentum in the last year of the cooperations that still exist."""
        return self.trajectory[-1].momentum

    @property
    def outcome_probabilities(self) -> Mapping[str, float]:
        """The chance of each class in the last year."""
        return self.trajectory[-1].probabilities

    @property
    def break_up_when(self) -> int | None:
        """The calendar year (or year since the start) in which break-up becomes likely, if it does."""
        return None if self.broke_up is None else self.trajectory[self.broke_up].when

    def at(self, when: int) -> YearPoint:
        """The point of a calendar year (or of a year since the start, without a start year)."""
        for point in self.trajectory:
            if point.when == when:
                return point
        raise ProfileError("year", f"{when} is outside the trajectory "
                                   f"({self.trajectory[0].when}-{self.trajectory[-1].when})")


# ------------------------------------------------------------------------- draws

_NOISE: dict[tuple[int, int], tuple[tuple[tuple[float, ...], ...], tuple[tuple[float, ...], ...]]] = {}


def _noise(seed: int, draws: int) -> tuple[tuple[tuple[float, ...], ...], tuple[tuple[float, ...], ...]]:
    """Fixed standard normal and uniform numbers per factor and draw (made once per seed)."""
    key = (seed, draws)
    if key not in _NOISE:
        rng = random.Random(seed)
        normal = tuple(tuple(rng.gauss(0.0, 1.0) for _ in range(draws)) for _ in FACTORS)
        uniform = tuple(tuple(rng.random() for _ in range(draws)) for _ in FACTORS)
        _NOISE[key] = (normal, uniform)
    return _NOISE[key]


def _clip(level: float) -> float:
    return MAX_LEVEL if level > MAX_LEVEL else (MIN_LEVEL if level < MIN_LEVEL else level)


def drawn_strengths(levels: Mapping[str, float], confidence: Mapping[str, str],
                    samples: Mapping[str, tuple[float, ...]], params: Parameters = DEFAULT_PARAMETERS,
                    vary: bool = True) -> list[list[float]]:
    """The strengths (factor order) of every draw.

    A lesson with samples (a team's answers) takes one of them in each draw; a
    documented or inferred coding is drawn from a normal around its level, an unknown
    one uniformly within ``confidence_spread["unknown"]`` levels of it; all clipped to
    1..5. The same seed gives the same numbers, so a better level gives a better draw,
    draw by draw. With ``vary`` false every draw has the coded levels.
    """
    normal, uniform = _noise(params.seed, params.draws)
    columns = []
    for index, name in enumerate(FACTORS):
        pool = samples.get(name)
        centre = levels[name]
        if pool:
            size = len(pool)
            drawn = [pool[min(size - 1, int(u * size))] for u in uniform[index]]
        elif not vary:
            drawn = [centre] * params.draws
        elif confidence[name] == "unknown":
            half = params.confidence_spread["unknown"]
            drawn = [_clip(centre + half * (2.0 * u - 1.0)) for u in uniform[index]]
        else:
            spread = params.confidence_spread[confidence[name]]
            drawn = [_clip(centre + spread * z) for z in normal[index]]
        if name in NEGATIVE_FACTORS:
            columns.append([(MAX_LEVEL - level) / (MAX_LEVEL - MIN_LEVEL) for level in drawn])
        else:
            columns.append([(level - MIN_LEVEL) / (MAX_LEVEL - MIN_LEVEL) for level in drawn])
    return [list(row) for row in zip(*columns)]


def election_years(horizon: int, first_election: int) -> tuple[bool, ...]:
    """Per year 0..horizon whether it has a municipal election."""
    return tuple(year > 0 and is_election(year, first_election) for year in range(horizon + 1))


def simulate(levels: Mapping[str, float], confidence: Mapping[str, str], samples: Mapping[str, tuple[float, ...]],
             horizon: int, first_election: int, params: Parameters = DEFAULT_PARAMETERS,
             uncertainty: str = "both", limit: int | None = None) -> list[tuple[Course, float]]:
    """Every draw's course with the class spread of its parameter set (checked inputs); with
    ``limit``, the first ``limit`` draws only."""
    if uncertainty not in UNCERTAINTIES:
        raise ProfileError("uncertainty", f"must be one of {', '.join(UNCERTAINTIES)}, got {uncertainty!r}")
    elections = election_years(horizon, first_election)
    vary_coding = uncertainty in ("both", "coding")
    sets = params.parameter_sets(use_posterior=uncertainty in ("both", "parameters"))
    rows = drawn_strengths(levels, confidence, samples, params, vary_coding)[:limit]
    return [(course(s, sets[i % len(sets)], elections, params.election_risk), sets[i % len(sets)][-1])
            for i, s in enumerate(rows)]


def weighted_quantile(pairs: Sequence[tuple[float, float]], share: float) -> float:
    """The ``share`` quantile of (value, weight) pairs; linear between neighbouring values."""
    ordered = sorted(pairs)
    total = sum(weight for _, weight in ordered)
    if total <= 0.0:
        return sum(value for value, _ in ordered) / len(ordered)
    target = share * total
    running = 0.0
    previous_value, previous_mid = ordered[0][0], 0.0
    for value, weight in ordered:
        mid = running + weight / 2.0
        if mid >= target:
            if mid == previous_mid:
                return value
            t = max(0.0, (target - previous_mid) / (mid - previous_mid))
            return previous_value + t * (value - previous_value) if running > 0.0 else value
        running += weight
        previous_value, previous_mid = value, mid
    return ordered[-1][0]


def likeliest(probabilities: Mapping[str, float]) -> str:
    """The likeliest class (ties to the better class)."""
    return max(OUTCOMES, key=lambda name: (round(probabilities[name], 9), -OUTCOMES.index(name)))


def contributions(levels: Mapping[str, float]) -> dict[str, float]:
    """Each in-hand lesson's share of the level E above or below 50 (the threat acts on break-up: 0)."""
    share = 100.0 / len(IN_HAND_LESSONS)
    return {name: (share * (strength(name, levels[name]) - 0.5) if name in IN_HAND_LESSONS else 0.0)
            for name in FACTORS}


def readiness_score(levels: Mapping[str, float]) -> float:
    """The level E (0-100) that the ten in-hand lessons can carry: 50 plus the contributions."""
    return 50.0 + sum(contributions(levels).values())


def evaluate(
    levels: Mapping[str, object],
    *,
    confidence: Mapping[str, object] | None = None,
    horizon: int = DEFAULT_HORIZON,
    start_year: int | None = None,
    samples: Mapping[str, Sequence[object]] | None = None,
    params: Parameters = DEFAULT_PARAMETERS,
    uncertainty: str = "both",
) -> Evaluation:
    """Score a profile: survival, momentum with its band, and the chance of each class, per year."""
    checked = validate_profile(levels)
    certainty = validate_confidence(confidence)
    pools = validate_samples(samples)
    horizon = check_horizon(horizon)
    first_election = first_election_offset(start_year)
    runs = simulate(checked, certainty, pools, horizon, first_election, params, uncertainty)
    share = 1.0 / len(runs)
    low_edge, mid_edge, high_edge = edges(params)
    exp = math.exp
    points = []
    broke_up = None
    for year in range(horizon + 1):
        thriving = continuing = stagnating = alive = expected = 0.0
        pairs = []
        for run, scale in runs:
            m, a = run.momentum[year], run.alive[year]
            above_low = 1.0 / (1.0 + exp((low_edge - m) / scale))
            above_mid = 1.0 / (1.0 + exp((mid_edge - m) / scale))
            above_high = 1.0 / (1.0 + exp((high_edge - m) / scale))
            thriving += a * above_high
            continuing += a * (above_mid - above_high)
            stagnating += a * (above_low - above_mid)
            pairs.append((m, a))
            alive += a
            expected += m * a
        probabilities = {"thriving": thriving * share, "continuing": continuing * share,
                         "stagnating": stagnating * share}
        probabilities["collapsed"] = max(0.0, 1.0 - sum(probabilities.values()))
        probabilities = {name: round(probabilities[name], 12) for name in OUTCOMES}
        mean = expected / alive if alive > 0 else sum(m for m, _ in pairs) / len(pairs)
        alive *= share
        if broke_up is None and alive < 0.5:
            broke_up = year
        pairs.sort()
        points.append(YearPoint(
            year=year, momentum=mean,
            low=min(mean, weighted_quantile(pairs, params.band_low)),
            high=max(mean, weighted_quantile(pairs, params.band_high)),
            election=year > 0 and is_election(year, first_election),
            calendar_year=None if start_year is None else start_year + year,
            outcome=likeliest(probabilities), probabilities=MappingProxyType(probabilities),
            alive=alive, expected=expected * share,
        ))
    return Evaluation(
        levels=MappingProxyType(checked),
        score=readiness_score(checked),
        contributions=MappingProxyType(contributions(checked)),
        trajectory=tuple(points),
        outcome=points[-1].outcome,
        broke_up=broke_up,
    )


def _final_measures(runs: Sequence[tuple[Course, float]], cut: float) -> list[tuple[float, float, float]]:
    """Per draw at the horizon: chance of a good outcome, chance it still exists, expected momentum."""
    found = []
    for run, scale in runs:
        m, a = run.momentum[-1], run.alive[-1]
        found.append((a * logistic((m - cut) / scale), a, a * m))
    return found


def levers(
    levels: Mapping[str, object],
    *,
    confidence: Mapping[str, object] | None = None,
    horizon: int = DEFAULT_HORIZON,
    start_year: int | None = None,
    samples: Mapping[str, Sequence[object]] | None = None,
    params: Parameters = DEFAULT_PARAMETERS,
) -> tuple[Lever, ...]:
    """Every one-level improvement, best first: by the gain in the chance of a good outcome at the
    horizon, then in the chance it still exists, then in expected momentum.

    A lesson a team answered is moved as a whole: each answer one level better.
    """
    checked = validate_profile(levels)
    certainty = validate_confidence(confidence)
    pools = validate_samples(samples)
    horizon = check_horizon(horizon)
    first_election = first_election_offset(start_year)
    cut = params.continuing_from
    limit = params.lever_draws
    base = _final_measures(simulate(checked, certainty, pools, horizon, first_election, params, limit=limit), cut)
    found = []
    for name in FACTORS:
        better = improved_level(name, checked[name])
        if better == checked[name] and not pools.get(name):
            continue
        moved = {**pools, name: tuple(improved_level(name, v) for v in pools[name])} if pools.get(name) else pools
        if moved is pools and better == checked[name]:
            continue
        changed = _final_measures(simulate({**checked, name: better}, certainty, moved, horizon, first_election,
                                           params, limit=limit), cut)
        gains = sorted(100.0 * (new[0] - old[0]) for new, old in zip(changed, base))
        n = len(gains)
        found.append(Lever(
            factor=name, new_level=better,
            gain=sum(gains) / n,
            gain_low=gains[int(0.1 * (n - 1))], gain_high=gains[int(round(0.9 * (n - 1)))],
            survival_gain=100.0 * sum(new[1] - old[1] for new, old in zip(changed, base)) / n,
            momentum_gain=sum(new[2] - old[2] for new, old in zip(changed, base)) / n,
        ))
    # Rounded keys: two lessons the mechanisms treat alike (diagnosis and benefits) tie exactly in
    # arithmetic, and the lesson order breaks the tie on every platform, whatever its last bits.
    return tuple(sorted(found, key=lambda lever: (-round(lever.gain, 6), -round(lever.survival_gain, 6),
                                                  -round(lever.momentum_gain, 6), INDEX[lever.factor])))


@dataclass(frozen=True)
class Profile:
    """What the model needs of a cooperation: levels, how sure each is, the start year,
    and optionally levels to draw from per factor (a team's answers)."""

    levels: Mapping[str, float]
    confidence: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    start: int | None = None
    samples: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def evaluate(self, horizon: int = DEFAULT_HORIZON, params: Parameters = DEFAULT_PARAMETERS,
                 uncertainty: str = "both") -> Evaluation:
        """The model's evaluation of this profile."""
        return evaluate(self.levels, confidence=self.confidence, horizon=horizon, start_year=self.start,
                        samples=self.samples, params=params, uncertainty=uncertainty)

    def levers(self, horizon: int = DEFAULT_HORIZON, params: Parameters = DEFAULT_PARAMETERS) -> tuple[Lever, ...]:
        """The one-level improvements of this profile, best first."""
        return levers(self.levels, confidence=self.confidence, horizon=horizon, start_year=self.start,
                      samples=self.samples, params=params)

    def with_levels(self, changes: Mapping[str, float]) -> "Profile":
        """The same profile with some levels changed."""
        return Profile(MappingProxyType({**self.levels, **changes}), self.confidence, self.start, self.samples)


def central_course(levels: Mapping[str, float], horizon: int = DEFAULT_HORIZON,
                   first_election: int = 2, params: Parameters = DEFAULT_PARAMETERS) -> Course:
    """The course of the coded levels under the point parameters (no draws)."""
    return course(strengths(levels), params.mechanism_values(), election_years(horizon, first_election),
                  params.election_risk)


def momentum_path(levels: Mapping[str, float], horizon: int = DEFAULT_HORIZON, first_election: int = 2,
                  params: Parameters = DEFAULT_PARAMETERS) -> list[float]:
    """Momentum from year 0 to ``horizon`` of the coded levels under the point parameters, if it still exists."""
    return list(central_course(levels, horizon, first_election, params).momentum)


