"""Checks of a Samen sterk assignment.

In the notebook, after answering a question, run::

    from checks import check
    check("q1")

``check`` looks at the variables of the notebook and prints what is right and
what still needs work; ``check_all()`` does every question. Lecturers also have
``hidden_checks.py``: ``import hidden_checks`` registers the hidden checks, after
which ``check("q1", hidden=True)`` and ``check_all(hidden=True)`` run them too.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

PLACEHOLDER = "Write your answer here"


class CheckFailure(Exception):
    """A check that did not pass; the message says what to change."""


@dataclass(frozen=True)
class Check:
    question: str
    name: str
    function: Callable[[Mapping[str, Any]], None]
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


_CHECKS: dict[str, list[Check]] = {}


def _register(question: str, hidden: bool) -> Callable:
    def decorate(function: Callable[[Mapping[str, Any]], None]) -> Callable:
        doc = (function.__doc__ or function.__name__).strip().splitlines()[0]
        _CHECKS.setdefault(question, []).append(Check(question, doc, function, hidden))
        return function

    return decorate


def public(question: str) -> Callable:
    """Register a check that students run themselves."""
    return _register(question, hidden=False)


def hidden(question: str) -> Callable:
    """Register a check for lecturers only (it lives in hidden_checks.py)."""
    return _register(question, hidden=True)


def questions() -> list[str]:
    """The questions that have checks, in order (q1, q2, ...)."""
    return sorted(_CHECKS, key=lambda q: (len(q), q))


# ------------------------------------------------------------------- helpers


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


def answer(ns: Mapping[str, Any], name: str, kind: type | tuple[type, ...] | None = None) -> Any:
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


def text_answer(ns: Mapping[str, Any], name: str, min_words: int) -> str:
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


# --------------------------------------------------------------------- running


def results(question: str, ns: Mapping[str, Any], *, hidden: bool = False) -> Result:
    """Run the checks of one question against a notebook's variables."""
    if question not in _CHECKS:
        known = ", ".join(questions()) or "none"
        raise KeyError(f"no checks for {question!r}; the questions are: {known}")
    checks = [c for c in _CHECKS[question] if hidden or not c.hidden]
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


def grade(ns: Mapping[str, Any], *, hidden: bool = False) -> dict[str, Result]:
    """Every question's result for a notebook's variables."""
    return {question: results(question, ns, hidden=hidden) for question in questions()}


def _caller_namespace() -> Mapping[str, Any]:
    return sys._getframe(2).f_globals


def check(question: str, *, hidden: bool = False) -> None:
    """Run the checks of ``question`` on this notebook's variables and print the verdict."""
    print(results(question, _caller_namespace(), hidden=hidden).report())


def check_all(*, hidden: bool = False) -> None:
    """Run the checks of every question and print the verdicts."""
    found = grade(_caller_namespace(), hidden=hidden)
    for result in found.values():
        print(result.report())
    done = sum(result.ok for result in found.values())
    print(f"\n{done} of {len(found)} questions pass all their checks.")
