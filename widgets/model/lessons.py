"""The eleven lessons as the model reads them: levels, how sure a coding is, and checks.

A *profile* gives every lesson a level from 1 (absent) to 5 (fully present); for
``herindeling_threat`` (lesson 11) a high level is bad. The model works with
*strengths* from 0 to 1, where 1 is always good for the cooperation. Standard
library only: this module runs in the browser's Pyodide.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

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
# The lesson that is not in the cooperation's own hands: the province or the partners
# raise a merger (section "Politiek"). Levers list it apart.
OUTSIDE_FACTORS: frozenset[str] = frozenset({"herindeling_threat"})
MIN_LEVEL = 1.0
MAX_LEVEL = 5.0
NEUTRAL_LEVEL = 3.0
# Where the source is silent about a lesson, the book codes it at this level with confidence
# "unknown": the middle of the scale, and for the threat level 2 ("mentioned now and then"):
# an article that draws a lesson from herindeling names it where a merger was raised openly
# (levels 4 and 5), so its silence rules those out, not a passing mention.
SILENT_LEVEL: Mapping[str, float] = {name: (2.0 if name in NEGATIVE_FACTORS else NEUTRAL_LEVEL) for name in FACTORS}
CONFIDENCES: tuple[str, ...] = ("documented", "inferred", "unknown")
DEFAULT_CONFIDENCE = "documented"
STRENGTH_FROM = 4.0
BORDERLINE_FROM = 3.0
DEFAULT_HORIZON = 8
MAX_HORIZON = 50
ELECTION_CYCLE = 4
ELECTION_YEAR_REMAINDER = 2  # Dutch municipal elections: 2002, 2006, 2010, ...
DEFAULT_FIRST_ELECTION = 2  # years from the start to the first election, if no start year
INDEX: Mapping[str, int] = {name: index for index, name in enumerate(FACTORS)}


class ProfileError(ValueError):
    """A profile, confidence or setting the model cannot use; ``field`` names the culprit."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


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
            raise ProfileError(name, f"confidence must be one of {', '.join(CONFIDENCES)}, got {value!r}")
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


def strength(factor: str, level: float) -> float:
    """Map a level to 0..1, where 1 is always good for the cooperation."""
    share = (level - MIN_LEVEL) / (MAX_LEVEL - MIN_LEVEL)
    return 1.0 - share if factor in NEGATIVE_FACTORS else share


def strengths(levels: Mapping[str, float]) -> list[float]:
    """The strengths of a checked profile, in factor order."""
    return [strength(name, levels[name]) for name in FACTORS]


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


def first_election_offset(start_year: int | None) -> int:
    """Years from the start to the first municipal election (1..4)."""
    if start_year is None:
        return DEFAULT_FIRST_ELECTION
    offset = (ELECTION_YEAR_REMAINDER - start_year) % ELECTION_CYCLE
    return offset or ELECTION_CYCLE


def is_election(year: int, first_election: int) -> bool:
    """Whether a municipal election falls in this year of the trajectory."""
    return year >= first_election and (year - first_election) % ELECTION_CYCLE == 0
