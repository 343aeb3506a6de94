"""Checks of the book's assignments: a registry of checks per question, and helpers about the model.

A generated ``checks.py`` (``assignments/build.py``) makes one :class:`Registry`,
registers its public checks with ``@public("q1")``, and gives the notebook
``check("q1")`` and ``check_all()``; ``hidden_checks.py`` adds the lecturers'
checks to the same registry with ``@hidden("q1")``. A check is a function of the
notebook's variables that calls :func:`fail` with a message saying what to change.
The helpers read answers (:func:`answer`, :func:`text_answer`, :func:`profile`) by
the model's own rules (a level is valid when :func:`widgets.scoring.check_level`
says so).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from widgets import scoring
from widgets.records import loading

__all__ = [
    "FACTORS", "FACTOR_WORDS", "PLACEHOLDER", "CheckFailure", "Registry", "Result", "answer", "can_improve",
    "evaluation", "factor_key", "factor_names", "fail", "mentions", "names_factor", "not_written", "profile",
    "text_answer", "words",
]

PLACEHOLDER = "Write your answer here"
Namespace = Mapping[str, Any]
CheckFunction = Callable[[Namespace], None]


class CheckFailure(Exception):
    """A check that did not pass; the message says what to change."""


@dataclass(frozen=True)
class Check:
    question: str
    name: str
    function: CheckFunction
    hidden: bool


@dataclass
class Result:
    """The outcome of the checks of one question."""

    question: str
    total: int
    passed: int = 0
    failure: str = ""  # the message of the first check that failed
    failed_check: str = ""
    hidden: bool = False
    names: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.passed == self.total

    def report(self) -> str:
        kind = "public and hidden checks" if self.hidden else "checks"
        if self.ok:
            return f"{self.question}: all {self.total} {kind} passed."
        return (
            f"{self.question}: not yet ({self.passed} of {self.total} {kind} passed).\n"
            f"  failed: {self.failed_check}\n"
            f"  {self.failure}"
        )


class Registry:
    """The checks of one assignment, by question."""

    def __init__(self) -> None:
        self._checks: dict[str, list[Check]] = {}

    def _register(self, question: str, hidden: bool) -> Callable[[CheckFunction], CheckFunction]:
        def decorate(function: CheckFunction) -> CheckFunction:
            doc = (function.__doc__ or function.__name__).strip().splitlines()[0]
            self._checks.setdefault(question, []).append(Check(question, doc, function, hidden))
            return function

        return decorate

    def public(self, question: str) -> Callable[[CheckFunction], CheckFunction]:
        """Register a check that students run themselves."""
        return self._register(question, hidden=False)

    def hidden(self, question: str) -> Callable[[CheckFunction], CheckFunction]:
        """Register a check for lecturers only (it lives in hidden_checks.py)."""
        return self._register(question, hidden=True)

    def questions(self) -> list[str]:
        """The questions that have checks, in order (q1, q2, ...)."""
        return sorted(self._checks, key=lambda q: (len(q), q))

    def results(self, question: str, ns: Namespace, *, hidden: bool = False) -> Result:
        """Run the checks of one question against a notebook's variables."""
        if question not in self._checks:
            known = ", ".join(self.questions()) or "none"
            raise KeyError(f"no checks for {question!r}; the questions are: {known}")
        checks = [c for c in self._checks[question] if hidden or not c.hidden]
        result = Result(question, total=len(checks), hidden=hidden, names=[c.name for c in checks])
        for item in checks:
            try:
                item.function(ns)
            except CheckFailure as failure:
                result.failure, result.failed_check = str(failure), item.name
                break
            except Exception as error:  # an answer of an unexpected shape
                result.failure = (
                    f"the check could not run ({type(error).__name__}: {error}); "
                    "look again at the form of your answer in the question."
                )
                result.failed_check = item.name
                break
            result.passed += 1
        return result

    def grade(self, ns: Namespace, *, hidden: bool = False) -> dict[str, Result]:
        """Every question's result for a notebook's variables."""
        return {question: self.results(question, ns, hidden=hidden) for question in self.questions()}

    def check(self, question: str, *, hidden: bool = False) -> None:
        """Run the checks of ``question`` on the calling notebook's variables and print the verdict."""
        print(self.results(question, _caller_namespace(), hidden=hidden).report())

    def check_all(self, *, hidden: bool = False) -> None:
        """Run the checks of every question on the calling notebook's variables and print the verdicts."""
        found = self.grade(_caller_namespace(), hidden=hidden)
        for result in found.values():
            print(result.report())
        done = sum(result.ok for result in found.values())
        print(f"\n{done} of {len(found)} questions pass all their checks.")


def _caller_namespace() -> Namespace:
    """The variables of whoever called ``check`` or ``check_all`` (the notebook)."""
    return sys._getframe(2).f_globals


# ------------------------------------------------------------------- answers


def fail(message: str) -> None:
    """Stop this check with a message that says what to change."""
    raise CheckFailure(message)


def _find_ellipsis(value: Any, path: str) -> str | None:
    if value is Ellipsis:
        return path
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _find_ellipsis(item, f"{path}[{key!r}]")
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _find_ellipsis(item, f"{path}[{index}]")
            if found:
                return found
    return None


def answer(ns: Namespace, name: str, kind: type | tuple[type, ...] | None = None) -> Any:
    """The value of ``name`` in the notebook, or a failure saying what is missing."""
    if name not in ns:
        fail(f"`{name}` is not defined: run the cells above this one (or Run All) first.")
    value = ns[name]
    missing = _find_ellipsis(value, name)
    if missing:
        fail(f"not answered yet: `{missing}` is still `...`; replace it with your answer.")
    if kind is not None and not isinstance(value, kind):
        wanted = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        fail(f"`{name}` should be a {wanted}, but it is a {type(value).__name__}.")
    return value


def words(text: str) -> int:
    return len(text.split())


def not_written(name: str) -> None:
    """Fail: the written answer ``name`` still holds the placeholder."""
    fail(f"not answered yet: `{name}` still says '{PLACEHOLDER}'; replace it with your own text.")


def text_answer(ns: Namespace, name: str, min_words: int) -> str:
    """A written answer of at least ``min_words`` words, not the placeholder."""
    value = answer(ns, name, str)
    if PLACEHOLDER.lower() in value.lower():
        not_written(name)
    if words(value) < min_words:
        fail(f"`{name}` has {words(value)} words; write at least {min_words}.")
    return value


def mentions(text: str, *names: str) -> bool:
    """Whether ``text`` names any of ``names`` (case-insensitive; _ and - read as spaces)."""
    def norm(s: str) -> str:
        return " ".join(s.lower().replace("_", " ").replace("-", " ").split())

    haystack = norm(text)
    return any(norm(name) in haystack for name in names if name)


# --------------------------------------------------------------- the model

FACTORS = scoring.FACTORS
# Words that name a factor in a written answer, besides its key and its labels.
FACTOR_WORDS = {
    "diagnosis": ["diagnosis", "diagnose", "bestuurskrachtmeting"],
    "benefits": ["benefit", "voordelen"],
    "downside_limits": ["downside", "drawback", "nadelen"],
    "pendulum": ["pendulum", "pendelbeweging", "bottom-up", "bottom up"],
    "formalisation": ["formalis", "formaliz", "formalise"],
    "gideon_band": ["gideonsbende", "gideon", "core group"],
    "leadership": ["leadership", "leader", "leiderschap"],
    "continuous_management": ["continuous management", "continu management", "steering", "sturing"],
    "trust": ["trust", "vertrouwen"],
    "quick_wins": ["quick win", "winning mood"],
    "herindeling_threat": ["herindeling", "merger"],
}


def factor_names(key: str) -> list[str]:
    """The ways a written answer may name a factor."""
    factor = loading.factor_map()[key]
    return [key, factor.label_en, factor.label_nl, *FACTOR_WORDS.get(key, [])]


def names_factor(text: str, key: str) -> bool:
    """Whether a written answer names the factor ``key``."""
    return mentions(text, *factor_names(key))


def factor_key(ns: Namespace, name: str, value: Any) -> str:
    """``value`` must be one of the eleven factor keys."""
    if value not in FACTORS:
        fail(f"`{name}` holds {value!r}, which is not a factor; the factors are: {', '.join(FACTORS)}.")
    return str(value)


def profile(ns: Namespace, name: str) -> dict[str, float]:
    """A dict with a valid level (1 to 5, as the model checks it) for every factor, or a failure."""
    levels = answer(ns, name, dict)
    unknown = [key for key in levels if key not in FACTORS]
    if unknown:
        fail(f"`{name}` has keys that are not factors: {unknown}; the factors are: {', '.join(FACTORS)}.")
    missing = [key for key in FACTORS if key not in levels]
    if missing:
        fail(f"`{name}` has no level for {', '.join(missing)}: give every factor a level.")
    checked = {}
    for key in FACTORS:
        try:
            checked[key] = scoring.check_level(key, levels[key])
        except scoring.ProfileError as error:
            fail(f"`{name}[{key!r}]` is {levels[key]!r}: {str(error).split(': ', 1)[1]}.")
    return checked


def can_improve(key: str, level: float) -> bool:
    """Whether a factor at ``level`` can still get better (the threat: lower)."""
    return scoring.improved_level(key, level) != level


def evaluation(ns: Namespace, name: str) -> scoring.Evaluation:
    """A result of ``scoring.evaluate``, or a failure."""
    value = answer(ns, name)
    if not isinstance(value, scoring.Evaluation):
        fail(f"`{name}` should be the result of scoring.evaluate(...), but it is a {type(value).__name__}.")
    return value
