"""The truth table and its minimisation (Quine-McCluskey), with the solutions' parameters of fit."""


from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from widgets.qca.sets import CUT_TOLERANCE, Data, QcaError, negate, sufficiency


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


def checked_cut(value: float, field: str) -> float:
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
    incl = checked_cut(incl_cut, "threshold")
    pri = checked_cut(pri_cut, "pri_cut")
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
