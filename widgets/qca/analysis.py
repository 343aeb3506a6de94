"""Fuzzy-set Qualitative Comparative Analysis (fsQCA), in plain Python.

The steps of Ragin's fuzzy-set QCA as the R package QCA carries them out:

- :func:`calibrate`: direct calibration with three anchors (full non-membership,
  crossover, full membership) and the logistic function, as
  ``calibrate(x, type = "fuzzy", thresholds = c(e, c, i))`` in R: the anchors get the
  log odds -3, 0 and +3 (memberships 0.05, 0.5 and 0.95, to be exact
  ``log(0.95 / 0.05)``); anchors that fall (``e > c > i``) calibrate a reversed scale.
- :func:`necessity` and :func:`sufficiency`: consistency, coverage, the relevance of
  necessity (RoN) and the proportional reduction in inconsistency (PRI).
- :func:`truth_table`: every configuration of the conditions with its cases (those with
  membership above 0.5), its consistency and PRI, its output value, contradictions and
  the logical remainders.
- :func:`minimise`: Quine-McCluskey minimisation into the conservative solution
  (remainders left out) or the parsimonious one (remainders as "don't cares"), with the
  prime implicant chart and every solution of minimal size, each with consistency and
  raw and unique coverage.

Standard library only: the module also runs in the browser's Pyodide. Bad input raises
:class:`QcaError`, whose ``field`` names the culprit.
"""

from __future__ import annotations

import itertools
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# ------------------------------------------------------------- the truth table
@dataclass(frozen=True)
class Row:
    """One configuration of the conditions (1 present, 0 absent) and what the cases say of it."""

    number: int  # 1 + the configuration read as a binary number, as in R
    configuration: tuple[int, ...]
    cases: tuple[str, ...]  # the cases with membership above 0.5 in this configuration
    consistency: float | None  # None for a remainder
    pri: float | None
    output: str  # "1" sufficient, "0" not, "?" a logical remainder
    cases_in_outcome: tuple[str, ...]  # its cases with outcome membership above 0.5
    cases_out_of_outcome: tuple[str, ...]  # its cases with outcome membership 0.5 or lower

    @property
    def n(self) -> int:
        """The number of cases in this row."""
        return len(self.cases)

    @property
    def remainder(self) -> bool:
        """True when too few cases (fewer than the frequency cut) show this configuration."""
        return self.output == "?"

    @property
    def contradictory(self) -> bool:
        """True when the row's cases disagree: some in the outcome, some out of it."""
        return bool(self.cases_in_outcome) and bool(self.cases_out_of_outcome)


@dataclass(frozen=True)
class TruthTable:
    """The complete truth table (all 2^k rows) and the cuts that set its output column."""

    data: Data
    rows: tuple[Row, ...]
    incl_cut: float
    pri_cut: float
    n_cut: int

    @property
    def conditions(self) -> tuple[str, ...]:
        """The conditions, in column order."""
        return self.data.conditions

    @property
    def observed(self) -> tuple[Row, ...]:
        """The rows with at least ``n_cut`` cases."""
        return tuple(r for r in self.rows if not r.remainder)

    @property
    def positive(self) -> tuple[Row, ...]:
        """The rows judged sufficient for the outcome (output 1)."""
        return tuple(r for r in self.rows if r.output == "1")

    @property
    def remainders(self) -> tuple[Row, ...]:
        """The logical remainders: configurations no (or too few) case shows."""
        return tuple(r for r in self.rows if r.remainder)

    @property
    def contradictions(self) -> tuple[Row, ...]:
        """Observed rows whose cases disagree on the outcome."""
        return tuple(r for r in self.observed if r.contradictory)


def _cut(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise QcaError(field, f"a threshold must be a number from 0 to 1, got {value!r}")
    return float(value)


def configuration_membership(data: Data, configuration: Sequence[int | None]) -> tuple[float, ...]:
    """Each case's membership in a configuration (None = the condition does not matter)."""
    values = [1.0] * len(data.cases)
    for name, wanted in zip(data.conditions, configuration):
        if wanted is None:
            continue
        column = data.columns[name] if wanted else negate(data.columns[name])
        values = [min(a, b) for a, b in zip(values, column)]
    return tuple(values)


def truth_table(data: Data, *, incl_cut: float = 0.8, pri_cut: float = 0.0, n_cut: int = 1) -> TruthTable:
    """The truth table of ``data``: each row's cases, consistency, PRI and output value.

    A row is sufficient (output 1) when its consistency reaches ``incl_cut`` and its PRI
    reaches ``pri_cut``; rows with fewer than ``n_cut`` cases are logical remainders.
    """
    incl = _cut(incl_cut, "threshold")
    pri = _cut(pri_cut, "pri_cut")
    if isinstance(n_cut, bool) or not isinstance(n_cut, int) or n_cut < 1:
        raise QcaError("n_cut", f"the frequency cut must be a whole number of at least 1, got {n_cut!r}")
    k = len(data.conditions)
    if k > 12:
        raise QcaError("conditions", f"at most 12 conditions, got {k}")
    rows = []
    for number, configuration in enumerate(itertools.product((0, 1), repeat=k), start=1):
        member = configuration_membership(data, configuration)
        cases = tuple(c for c, m in zip(data.cases, member) if m > 0.5)
        inside = tuple(c for c in cases if data.outcome[data.cases.index(c)] > 0.5)
        outside = tuple(c for c in cases if c not in inside)
        if len(cases) < n_cut:
            rows.append(Row(number, configuration, cases, None, None, "?", inside, outside))
            continue
        fit = sufficiency(member, data.outcome)
        passed = fit.consistency >= incl - CUT_TOLERANCE and fit.pri >= pri - CUT_TOLERANCE
        rows.append(Row(number, configuration, cases, fit.consistency, fit.pri, "1" if passed else "0",
                        inside, outside))
    return TruthTable(data, tuple(rows), incl, pri, n_cut)


# ------------------------------------------------------------- minimisation
@dataclass(frozen=True)
class Term:
    """A conjunction: each condition present (1), absent (0) or left out (None)."""

    conditions: tuple[str, ...]
    values: tuple[int | None, ...]

    def __str__(self) -> str:
        parts = [(name if v else "~" + name) for name, v in zip(self.conditions, self.values) if v is not None]
        return "*".join(parts) if parts else "1"

    @property
    def size(self) -> int:
        """The number of literals."""
        return sum(v is not None for v in self.values)

    def covers(self, configuration: Sequence[int]) -> bool:
        """True when the configuration (a truth table row) lies inside this term."""
        return all(v is None or v == c for v, c in zip(self.values, configuration))

    def membership(self, data: Data) -> tuple[float, ...]:
        """Each case's membership in the term."""
        return configuration_membership(data, self.values)


@dataclass(frozen=True)
class TermFit:
    """A term of a solution and its parameters of fit."""

    term: Term
    consistency: float
    pri: float
    coverage: float  # raw coverage
    unique_coverage: float  # what only this term covers: cov(solution) - cov(solution without it)
    cases: tuple[str, ...]  # the cases of the positive rows the term covers


@dataclass(frozen=True)
class Solution:
    """A disjunction of prime implicants that covers every positive row."""

    terms: tuple[TermFit, ...]
    consistency: float
    pri: float
    coverage: float

    def __str__(self) -> str:
        return " + ".join(str(t.term) for t in self.terms) if self.terms else "(none)"


@dataclass(frozen=True)
class Minimisation:
    """The result of minimising a truth table."""

    kind: str  # "conservative" (remainders left out) or "parsimonious" (remainders as don't cares)
    outcome: str
    prime_implicants: tuple[Term, ...]
    chart: Mapping[str, tuple[int, ...]]  # prime implicant -> the positive row numbers it covers
    solutions: tuple[Solution, ...]  # every solution with the fewest prime implicants

    @property
    def expression(self) -> str:
        """The first solution as text, ``A*~B + C -> Y``."""
        return f"{self.solutions[0]} -> {self.outcome}" if self.solutions else f"(no sufficient row) -> {self.outcome}"


Implicant = tuple[int | None, ...]


def prime_implicants(ones: Sequence[Sequence[int]], dont_cares: Sequence[Sequence[int]] = ()) -> list[Implicant]:
    """Quine-McCluskey: every prime implicant of the function that is 1 on ``ones``
    (``dont_cares`` may be used to grow implicants but need not be covered)."""
    current: set[Implicant] = {tuple(c) for c in (*ones, *dont_cares)}
    primes: set[Implicant] = set()
    while current:
        merged: set[Implicant] = set()
        used: set[Implicant] = set()
        for a in current:
            for n, v in enumerate(a):
                if v is None:
                    continue
                partner = a[:n] + (1 - v,) + a[n + 1:]  # the same term with this one condition flipped
                if partner in current:
                    merged.add(a[:n] + (None,) + a[n + 1:])
                    used.update((a, partner))
        primes.update(current - used)
        current = merged
    wanted = [tuple(o) for o in ones]
    return sorted((p for p in primes if any(all(v is None or v == x for v, x in zip(p, o)) for o in wanted)),
                  key=lambda t: (sum(v is not None for v in t), tuple(2 if v is None else 1 - v for v in t)))


def minimal_covers(chart: Mapping[int, frozenset[int]], targets: frozenset[int],
                   limit: int = 64) -> list[tuple[int, ...]]:
    """Every smallest set of chart rows (prime implicants) that together cover ``targets``.

    An exact search (branch and bound): take the target with the fewest prime implicants
    that cover it, try each of them, and drop any branch that cannot beat the best size found.
    """
    owners = {t: [p for p, cov in chart.items() if t in cov] for t in targets}
    if any(not found for found in owners.values()):
        return []
    widest = max((len(cov & targets) for cov in chart.values()), default=1) or 1
    best = [len(chart) + 1]
    found: set[frozenset[int]] = set()

    def search(chosen: frozenset[int], uncovered: frozenset[int]) -> None:
        if not uncovered:
            if len(chosen) < best[0]:
                best[0] = len(chosen)
                found.clear()
            found.add(chosen)
            return
        if len(chosen) + math.ceil(len(uncovered) / widest) > best[0]:
            return
        target = min(uncovered, key=lambda t: (len(owners[t]), t))
        for p in sorted(owners[target], key=lambda p: -len(chart[p] & uncovered)):
            search(chosen | {p}, uncovered - chart[p])

    search(frozenset(), frozenset(targets))
    return sorted(tuple(sorted(cover)) for cover in found)[:limit]


def _fits(data: Data, terms: Sequence[Term], rows: Sequence[Row]) -> Solution:
    y = data.outcome
    members = [t.membership(data) for t in terms]
    union = tuple(max(v) for v in zip(*members))
    whole = sufficiency(union, y)
    fits = []
    for n, term in enumerate(terms):
        own = sufficiency(members[n], y)
        rest = [m for k, m in enumerate(members) if k != n]
        without = sufficiency(tuple(max(v) for v in zip(*rest)), y).coverage if rest else 0.0
        cases = tuple(c for r in rows if term.covers(r.configuration) for c in r.cases)
        fits.append(TermFit(term, own.consistency, own.pri, own.coverage, whole.coverage - without, cases))
    return Solution(tuple(fits), whole.consistency, whole.pri, whole.coverage)


def minimise(table: TruthTable, *, remainders: bool = False) -> Minimisation:
    """Minimise the positive rows of ``table``: conservative (``remainders=False``) or
    parsimonious (``remainders=True``: the logical remainders may be used as don't cares)."""
    conditions = table.conditions
    kind = "parsimonious" if remainders else "conservative"
    positive = table.positive
    if not positive:
        return Minimisation(kind, table.data.outcome_name, (), {}, ())
    ones = [r.configuration for r in positive]
    dont = [r.configuration for r in table.remainders] if remainders else []
    primes = [Term(conditions, p) for p in prime_implicants(ones, dont)]
    chart = {n: frozenset(r.number for r in positive if t.covers(r.configuration)) for n, t in enumerate(primes)}
    covers = minimal_covers(chart, frozenset(r.number for r in positive))
    solutions = []
    for cover in covers:
        terms = sorted((primes[n] for n in cover), key=lambda t: (t.size, str(t)))
        solutions.append(_fits(table.data, terms, positive))
    solutions.sort(key=lambda s: (sum(t.term.size for t in s.terms), -s.coverage, str(s)))
    return Minimisation(kind, table.data.outcome_name, tuple(primes),
                        {str(primes[n]): tuple(sorted(cov)) for n, cov in chart.items()}, tuple(solutions))


def parse_expression(text: str, conditions: Sequence[str]) -> Term:
    """A term from text such as ``DEV*~URB*LIT`` (for tests and the command line)."""
    values: list[int | None] = [None] * len(conditions)
    for part in text.replace(" ", "").split("*"):
        name, value = (part[1:], 0) if part.startswith("~") else (part, 1)
        if name not in conditions:
            raise QcaError("conditions", f"unknown condition {name!r}; known: {', '.join(conditions)}")
        values[list(conditions).index(name)] = value
    return Term(tuple(conditions), tuple(values))


# ------------------------------------------- the book's calibration (data/qca.toml)
@dataclass(frozen=True)
class ConditionChoice:
    """How one lesson becomes a condition: its short name, anchors and reason."""

    factor: str
    name: str
    anchors: Anchors
    reason: str


@dataclass(frozen=True)
class Settings:
    """The chapter's calibration choices, read from ``data/qca.toml``."""

    conditions: tuple[ConditionChoice, ...]  # every lesson a reader may choose, in lesson order
    chosen: tuple[str, ...]  # the factors of the chapter's analysis
    outcome_name: str
    outcome_memberships: Mapping[str, float]  # outcome class -> membership
    unknown: str  # "as-coded" or "crossover"
    threshold: float
    pri_cut: float
    default_anchors: Anchors

    def condition(self, key: str) -> ConditionChoice:
        """The choice for one factor key or short name."""
        for choice in self.conditions:
            if key in (choice.factor, choice.name):
                return choice
        raise QcaError("conditions", f"unknown condition {key!r}; known: "
                                     f"{', '.join(c.factor for c in self.conditions)}")


UNKNOWN_TREATMENTS = ("as-coded", "crossover")


def parse_settings(document: Mapping[str, Any], source: str = "qca.toml") -> Settings:
    """Check and read the calibration choices; an error names the file and the field."""
    def fail(field: str, message: str) -> QcaError:
        return QcaError(f"{source}: {field}", message)

    try:
        default = anchors({k: v for k, v in document["anchors"].items() if k != "reason"}, "anchors")
        outcome = document["outcome"]
        classes = {str(k): float(v) for k, v in outcome["memberships"].items()}
        choices = []
        for key, table in document["conditions"].items():
            these = anchors(table["anchors"], f"conditions.{key}.anchors") if "anchors" in table else default
            choices.append(ConditionChoice(key, str(table["name"]), these, str(table.get("reason", ""))))
    except KeyError as missing:
        raise fail(str(missing.args[0]), "missing") from None
    except QcaError as error:
        raise fail(error.field, error.message) from None
    for name, value in classes.items():
        if not 0.0 <= value <= 1.0:
            raise fail(f"outcome.memberships.{name}", f"a membership must be from 0 to 1, got {value!r}")
    unknown = str(document.get("unknown", {}).get("treatment", "as-coded"))
    if unknown not in UNKNOWN_TREATMENTS:
        raise fail("unknown.treatment", f"must be one of {', '.join(UNKNOWN_TREATMENTS)}, got {unknown!r}")
    keys = [c.factor for c in choices]
    chosen = tuple(document.get("chosen", ()))
    for key in chosen:
        if key not in keys:
            raise fail("chosen", f"unknown condition {key!r}")
    try:
        threshold = _cut(document.get("threshold", 0.8), "threshold")
        pri_cut = _cut(document.get("pri_cut", 0.0), "pri_cut")
    except QcaError as error:
        raise fail(error.field, error.message) from None
    return Settings(tuple(choices), chosen, str(outcome.get("name", "HOLDS")), classes, unknown,
                    threshold, pri_cut, default)


def load_settings(path: str | Path | None = None) -> Settings:
    """The chapter's choices from ``data/qca.toml`` (or another file)."""
    if path is None:
        package = Path(__file__).resolve().parents[1]  # widgets/
        packaged = package / "data"  # in an installed wheel
        folder = packaged if packaged.is_dir() else package.parent / "data"
        path = folder / "qca.toml"
    where = Path(path)
    with open(where, "rb") as handle:
        return parse_settings(tomllib.load(handle), where.name)


def case_data(cases: Mapping[str, Any], settings: Settings, *, chosen: Sequence[str] | None = None,
              anchors_by: Mapping[str, Anchors] | None = None, unknown: str | None = None,
              negate_outcome: bool = False) -> Data:
    """Calibrated memberships of the book's cases.

    ``cases`` maps a case id to an object with ``codings`` (factor -> object with ``level`` and
    ``confidence``) and ``outcome``, as :func:`widgets.records.loading.load_cases` gives, or to a
    mapping with ``levels``, ``confidence`` and ``outcome`` (the live page's bundle).
    """
    keys = tuple(chosen) if chosen is not None else settings.chosen
    if not keys:
        raise QcaError("conditions", "choose at least one condition")
    treatment = unknown or settings.unknown
    if treatment not in UNKNOWN_TREATMENTS:
        raise QcaError("unknown", f"must be one of {', '.join(UNKNOWN_TREATMENTS)}, got {treatment!r}")
    rows: dict[str, dict[str, float]] = {}
    for case_id, case in cases.items():
        if isinstance(case, Mapping):
            levels, confidence, outcome = case["levels"], case["confidence"], case["outcome"]
        else:
            levels = {k: c.level for k, c in case.codings.items()}
            confidence = {k: c.confidence for k, c in case.codings.items()}
            outcome = case.outcome
        row: dict[str, float] = {}
        for key in keys:
            choice = settings.condition(key)
            by = (anchors_by or {}).get(choice.factor, choice.anchors)
            if choice.factor not in levels:
                raise QcaError(f"{case_id}.{choice.factor}", "missing coding")
            if treatment == "crossover" and confidence.get(choice.factor) == "unknown":
                row[choice.name] = 0.5
            else:
                row[choice.name] = calibrate(levels[choice.factor], by, field=f"{case_id}.{choice.factor}")
        if outcome not in settings.outcome_memberships:
            raise QcaError(f"{case_id}.outcome", f"no membership for outcome {outcome!r}")
        row[settings.outcome_name] = settings.outcome_memberships[outcome]
        rows[case_id] = row
    names = [settings.condition(k).name for k in keys]
    return data(rows, settings.outcome_name, names, negate_outcome=negate_outcome)
