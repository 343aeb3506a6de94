"""Fuzzy sets: calibrating values into memberships, and the parameters of fit of necessity and sufficiency."""


from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

INCLUSION_DEGREE = 0.95  # the membership a full-membership anchor gets (R: idm = 0.95)
R_LOG_ODDS = math.log(INCLUSION_DEGREE / (1 - INCLUSION_DEGREE))  # 2.944: R's QCA::calibrate
RAGIN_LOG_ODDS = 3.0  # Ragin (2008) and his fsQCA software: log odds of exactly 3 (membership 0.953)
CUT_TOLERANCE = 1e-9  # a score this close under a cut still passes it (floating point)


class QcaError(ValueError):
    """Input the analysis cannot use; ``field`` names the culprit (an anchor, a condition, ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# ------------------------------------------------------------------ calibration
@dataclass(frozen=True)
class Anchors:
    """The three anchors of a direct calibration, in raw units.

    ``exclusion`` gets membership 0.05, ``crossover`` 0.5, ``inclusion`` 0.95. They must be
    strictly monotone: rising for an ordinary scale, falling for a reversed one (high = bad).
    """

    exclusion: float
    crossover: float
    inclusion: float

    def __post_init__(self) -> None:
        for name in ("exclusion", "crossover", "inclusion"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise QcaError(name, f"an anchor must be a finite number, got {value!r}")
        e, c, i = self.exclusion, self.crossover, self.inclusion
        if not (e < c < i or e > c > i):
            raise QcaError("anchors", f"anchors must be strictly monotone (exclusion < crossover < inclusion, "
                                      f"or all three falling for a reversed scale), got {e:g}, {c:g}, {i:g}")

    @property
    def reversed(self) -> bool:
        """True when high raw values mean less membership (the anchors fall)."""
        return self.exclusion > self.inclusion


def anchors(values: Sequence[float] | Mapping[str, float], field: str = "anchors") -> Anchors:
    """Anchors from ``(e, c, i)`` or ``{"exclusion": e, "crossover": c, "inclusion": i}``."""
    try:
        if isinstance(values, Mapping):
            unknown = set(values) - {"exclusion", "crossover", "inclusion"}
            if unknown:
                raise QcaError(field, f"unknown anchor {sorted(unknown)[0]!r}")
            return Anchors(values["exclusion"], values["crossover"], values["inclusion"])
        if len(values) != 3:
            raise QcaError(field, f"three anchors are needed (exclusion, crossover, inclusion), got {len(values)}")
        return Anchors(*values)
    except KeyError as missing:
        raise QcaError(f"{field}.{missing.args[0]}", "anchor missing") from None
    except QcaError as error:
        if error.field == field or error.field.startswith(field + "."):
            raise
        raise QcaError(f"{field}.{error.field}" if error.field != "anchors" else field, error.message) from None


def calibrate(value: float | None, by: Anchors, *, field: str = "value", log_odds: float = R_LOG_ODDS) -> float:
    """The fuzzy membership of one raw value (Ragin's direct method, logistic).

    ``log_odds`` is what the anchors of full membership and non-membership are worth:
    R's ``log(0.95 / 0.05)`` by default, or :data:`RAGIN_LOG_ODDS` (exactly 3) as in
    Ragin's own fsQCA software, with which his published memberships were made.
    """
    if value is None:
        raise QcaError(field, "missing value: a membership cannot be calibrated from nothing")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise QcaError(field, f"a raw value must be a finite number, got {value!r}")
    if not (isinstance(log_odds, (int, float)) and log_odds > 0):
        raise QcaError("log_odds", f"must be a positive number, got {log_odds!r}")
    scale = float(log_odds)
    e, c, i = by.exclusion, by.crossover, by.inclusion
    distance = value - c
    if by.reversed:
        distance = -distance
        e, i = -e, -i
        c = -c
    log_odds = scale * distance / ((i - c) if distance >= 0 else (c - e))
    return 1.0 / (1.0 + math.exp(-log_odds))


def calibrate_all(values: Sequence[float | None], by: Anchors, *, field: str = "values",
                  log_odds: float = R_LOG_ODDS) -> tuple[float, ...]:
    """Calibrate a column; a missing value is named by its position."""
    return tuple(calibrate(v, by, field=f"{field}[{n}]", log_odds=log_odds) for n, v in enumerate(values))


def negate(values: Sequence[float]) -> tuple[float, ...]:
    """Set negation: 1 - membership."""
    return tuple(1.0 - v for v in values)


def memberships(values: Sequence[float], field: str = "memberships") -> tuple[float, ...]:
    """Check a column of memberships: numbers from 0 to 1, none missing."""
    checked = []
    for n, v in enumerate(values):
        if v is None:
            raise QcaError(f"{field}[{n}]", "missing membership")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0.0 <= v <= 1.0:
            raise QcaError(f"{field}[{n}]", f"a membership must be a number from 0 to 1, got {v!r}")
        checked.append(float(v))
    return tuple(checked)


# ------------------------------------------------------------ parameters of fit
@dataclass(frozen=True)
class NecessityFit:
    """How far X is necessary for Y: consistency, coverage and relevance of necessity (RoN)."""

    consistency: float  # sum min(X, Y) / sum Y
    coverage: float  # sum min(X, Y) / sum X
    relevance: float  # RoN: sum (1 - X) / sum (1 - min(X, Y)); near 0 = X is trivially necessary


@dataclass(frozen=True)
class SufficiencyFit:
    """How far X is sufficient for Y: consistency, coverage and PRI."""

    consistency: float  # sum min(X, Y) / sum X
    coverage: float  # sum min(X, Y) / sum Y
    pri: float  # (sum min(X, Y) - sum min(X, Y, ~Y)) / (sum X - sum min(X, Y, ~Y))


def _pair(x: Sequence[float], y: Sequence[float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    xs, ys = memberships(x, "x"), memberships(y, "y")
    if len(xs) != len(ys):
        raise QcaError("y", f"x has {len(xs)} cases and y {len(ys)}")
    if not xs:
        raise QcaError("x", "no cases")
    return xs, ys


def _ratio(top: float, bottom: float, field: str, what: str) -> float:
    if bottom <= 0:
        raise QcaError(field, f"{what} is undefined: every membership is 0")
    return top / bottom


def necessity(x: Sequence[float], y: Sequence[float]) -> NecessityFit:
    """Consistency, coverage and relevance of X as a necessary condition of Y."""
    xs, ys = _pair(x, y)
    both = sum(min(a, b) for a, b in zip(xs, ys))
    relevance_bottom = sum(1 - min(a, b) for a, b in zip(xs, ys))
    return NecessityFit(
        consistency=_ratio(both, sum(ys), "y", "necessity consistency"),
        coverage=_ratio(both, sum(xs), "x", "necessity coverage"),
        relevance=_ratio(sum(1 - a for a in xs), relevance_bottom, "x", "relevance of necessity")
        if relevance_bottom > 0 else 1.0,
    )


def sufficiency(x: Sequence[float], y: Sequence[float]) -> SufficiencyFit:
    """Consistency, coverage and PRI of X as a sufficient condition of Y."""
    xs, ys = _pair(x, y)
    both = sum(min(a, b) for a, b in zip(xs, ys))
    neither = sum(min(a, b, 1 - b) for a, b in zip(xs, ys))
    total_x = sum(xs)
    return SufficiencyFit(
        consistency=_ratio(both, total_x, "x", "sufficiency consistency"),
        coverage=_ratio(both, sum(ys), "y", "sufficiency coverage"),
        pri=(both - neither) / (total_x - neither) if total_x - neither > 0 else 0.0,
    )


# ------------------------------------------------------------------ the data
@dataclass(frozen=True)
class Data:
    """Calibrated memberships: one row per case, one column per condition, and the outcome."""

    cases: tuple[str, ...]
    conditions: tuple[str, ...]
    columns: Mapping[str, tuple[float, ...]]  # condition -> membership per case
    outcome: tuple[float, ...]
    outcome_name: str = "Y"

    def column(self, name: str) -> tuple[float, ...]:
        """One condition's memberships; a name with ``~`` in front gives its negation."""
        if name.startswith("~"):
            return negate(self.column(name[1:]))
        if name not in self.columns:
            raise QcaError("conditions", f"unknown condition {name!r}; known: {', '.join(self.conditions)}")
        return self.columns[name]


def data(rows: Mapping[str, Mapping[str, float]], outcome: str, conditions: Sequence[str] | None = None,
         *, negate_outcome: bool = False) -> Data:
    """Build :class:`Data` from ``{case: {name: membership}}``; ``outcome`` names the outcome column."""
    if not rows:
        raise QcaError("cases", "no cases")
    cases = tuple(rows)
    first = rows[cases[0]]
    if outcome not in first:
        raise QcaError("outcome", f"unknown outcome {outcome!r}")
    names = tuple(conditions) if conditions is not None else tuple(k for k in first if k != outcome)
    if not names:
        raise QcaError("conditions", "choose at least one condition")
    if len(set(names)) != len(names):
        raise QcaError("conditions", "a condition is named twice")
    columns: dict[str, tuple[float, ...]] = {}
    for name in names:
        if name == outcome:
            raise QcaError("conditions", f"{name!r} is the outcome, not a condition")
        if name not in first:
            known = ", ".join(k for k in first if k != outcome)
            raise QcaError("conditions", f"unknown condition {name!r}; known: {known}")
        columns[name] = memberships([rows[c].get(name) for c in cases], f"{name}")  # type: ignore[misc]
    y = memberships([rows[c].get(outcome) for c in cases], outcome)  # type: ignore[misc]
    return Data(cases, names, columns, negate(y) if negate_outcome else y,
                ("~" + outcome) if negate_outcome else outcome)
