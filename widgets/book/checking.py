"""Checks of the book's assignments: a registry of checks per question, and helpers about the model.

A generated ``checks.py`` (``assignments/build.py``) makes one :class:`Registry`,
registers its public checks with ``@public("q1")``, and gives the notebook
``check("q1")`` and ``check_all()``; ``hidden_checks.py`` adds the lecturers'
checks to the same registry with ``@hidden("q1")``. A check is a function of the
notebook's variables that calls :func:`fail` with a message saying what to change.
The helpers read answers (:func:`answer`, :func:`text_answer`, :func:`profile`) by
the model's own rules (a level is valid when :func:`widgets.scoring.check_level`
says so).

A registry speaks English, or Dutch with ``Registry(language="nl")`` (the Dutch
assignments' ``checks.py``): its reports, and the messages of the helpers while its
checks run, are then in Dutch. The English messages are the same either way.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from widgets import scoring
from widgets.records import loading

__all__ = [
    "FACTORS", "FACTOR_WORDS", "LANGUAGES", "PLACEHOLDER", "PLACEHOLDERS", "CheckFailure", "Registry", "Result",
    "answer", "can_improve", "evaluation", "factor_key", "factor_names", "fail", "mentions", "message",
    "names_factor", "not_written", "profile", "text_answer", "words",
]

PLACEHOLDER = "Write your answer here"
LANGUAGES = ("en", "nl")
PLACEHOLDERS = {"en": PLACEHOLDER, "nl": "Schrijf hier je antwoord"}  # the prompts' text, per language
Namespace = Mapping[str, Any]
CheckFunction = Callable[[Namespace], None]


# The Dutch of every message below; the English is the key (and the English output).
DUTCH = {
    "public and hidden checks": "openbare en verborgen controles",
    "checks": "controles",
    "{question}: all {total} {kind} passed.": "{question}: alle {total} {kind} geslaagd.",
    "{question}: not yet ({passed} of {total} {kind} passed).\n  failed: {failed}\n  {failure}":
        "{question}: nog niet ({passed} van {total} {kind} geslaagd).\n  niet geslaagd: {failed}\n  {failure}",
    "no checks for {question!r}; the questions are: {known}":
        "geen controles voor {question!r}; de vragen zijn: {known}",
    "none": "geen",
    "the check could not run ({error}); look again at the form of your answer in the question.":
        "de controle kon niet draaien ({error}); kijk nog eens naar de vorm die de vraag voor je antwoord vraagt.",
    "\n{done} of {total} questions pass all their checks.": "\n{done} van {total} vragen halen al hun controles.",
    "`{name}` is not defined: run the cells above this one (or Run All) first.":
        "`{name}` bestaat nog niet: voer eerst de cellen hierboven uit (of Run All).",
    "not answered yet: `{missing}` is still `...`; replace it with your answer.":
        "nog niet beantwoord: `{missing}` is nog `...`; vervang het door je antwoord.",
    "`{name}` should be a {wanted}, but it is a {actual}.":
        "`{name}` moet een {wanted} zijn, maar het is een {actual}.",
    " or ": " of ",
    "not answered yet: `{name}` still says '{placeholder}'; replace it with your own text.":
        "nog niet beantwoord: in `{name}` staat nog '{placeholder}'; vervang het door je eigen tekst.",
    "`{name}` has {count} words; write at least {least}.":
        "`{name}` heeft {count} woorden; schrijf er minstens {least}.",
    "`{name}` holds {value!r}, which is not a factor; the factors are: {factors}.":
        "`{name}` is {value!r}, en dat is geen factor; de factoren zijn: {factors}.",
    "`{name}` has keys that are not factors: {unknown}; the factors are: {factors}.":
        "`{name}` heeft sleutels die geen factor zijn: {unknown}; de factoren zijn: {factors}.",
    "`{name}` has no level for {missing}: give every factor a level.":
        "`{name}` heeft geen niveau voor {missing}: geef elke factor een niveau.",
    "`{name}[{key!r}]` is {value!r}: {reason}.": "`{name}[{key!r}]` is {value!r}: {reason}.",
    "`{name}` should be the result of scoring.evaluate(...), but it is a {actual}.":
        "`{name}` moet de uitkomst van scoring.evaluate(...) zijn, maar het is een {actual}.",
}
_language: ContextVar[str] = ContextVar("samensterk_check_language", default="en")


def message(english: str, **values: Any) -> str:
    """``english`` (a template) in the language of the checks that are running, filled in."""
    template = DUTCH[english] if _language.get() == "nl" else english
    return template.format(**values)


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
    language: str = "en"

    @property
    def ok(self) -> bool:
        return self.passed == self.total

    def report(self) -> str:
        token = _language.set(self.language)
        try:
            kind = message("public and hidden checks" if self.hidden else "checks")
            if self.ok:
                return message("{question}: all {total} {kind} passed.", question=self.question,
                               total=self.total, kind=kind)
            return message(
                "{question}: not yet ({passed} of {total} {kind} passed).\n  failed: {failed}\n  {failure}",
                question=self.question, passed=self.passed, total=self.total, kind=kind,
                failed=self.failed_check, failure=self.failure,
            )
        finally:
            _language.reset(token)


class Registry:
    """The checks of one assignment, by question."""

    def __init__(self, language: str = "en") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language should be one of {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language
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
        token = _language.set(self.language)
        try:
            return self._results(question, ns, hidden=hidden)
        finally:
            _language.reset(token)

    def _results(self, question: str, ns: Namespace, *, hidden: bool) -> Result:
        if question not in self._checks:
            known = ", ".join(self.questions()) or message("none")
            raise KeyError(message("no checks for {question!r}; the questions are: {known}",
                                   question=question, known=known))
        checks = [c for c in self._checks[question] if hidden or not c.hidden]
        result = Result(question, total=len(checks), hidden=hidden, names=[c.name for c in checks],
                        language=self.language)
        for item in checks:
            try:
                item.function(ns)
            except CheckFailure as failure:
                result.failure, result.failed_check = str(failure), item.name
                break
            except Exception as error:  # an answer of an unexpected shape
                result.failure = message(
                    "the check could not run ({error}); look again at the form of your answer in the question.",
                    error=f"{type(error).__name__}: {error}",
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
        token = _language.set(self.language)
        try:
            print(message("\n{done} of {total} questions pass all their checks.", done=done, total=len(found)))
        finally:
            _language.reset(token)


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
        fail(message("`{name}` is not defined: run the cells above this one (or Run All) first.", name=name))
    value = ns[name]
    missing = _find_ellipsis(value, name)
    if missing:
        fail(message("not answered yet: `{missing}` is still `...`; replace it with your answer.", missing=missing))
    if kind is not None and not isinstance(value, kind):
        wanted = message(" or ").join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        fail(message("`{name}` should be a {wanted}, but it is a {actual}.", name=name, wanted=wanted,
                     actual=type(value).__name__))
    return value


def words(text: str) -> int:
    return len(text.split())


def not_written(name: str) -> None:
    """Fail: the written answer ``name`` still holds the placeholder."""
    fail(message("not answered yet: `{name}` still says '{placeholder}'; replace it with your own text.",
                 name=name, placeholder=PLACEHOLDERS[_language.get()]))


def text_answer(ns: Namespace, name: str, min_words: int) -> str:
    """A written answer of at least ``min_words`` words, not the placeholder (in either language)."""
    value = answer(ns, name, str)
    if any(placeholder.lower() in value.lower() for placeholder in PLACEHOLDERS.values()):
        not_written(name)
    if words(value) < min_words:
        fail(message("`{name}` has {count} words; write at least {least}.", name=name, count=words(value),
                     least=min_words))
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
        fail(message("`{name}` holds {value!r}, which is not a factor; the factors are: {factors}.",
                     name=name, value=value, factors=", ".join(FACTORS)))
    return str(value)


def profile(ns: Namespace, name: str) -> dict[str, float]:
    """A dict with a valid level (1 to 5, as the model checks it) for every factor, or a failure."""
    levels = answer(ns, name, dict)
    unknown = [key for key in levels if key not in FACTORS]
    if unknown:
        fail(message("`{name}` has keys that are not factors: {unknown}; the factors are: {factors}.",
                     name=name, unknown=unknown, factors=", ".join(FACTORS)))
    missing = [key for key in FACTORS if key not in levels]
    if missing:
        fail(message("`{name}` has no level for {missing}: give every factor a level.", name=name,
                     missing=", ".join(missing)))
    checked = {}
    for key in FACTORS:
        try:
            checked[key] = scoring.check_level(key, levels[key])
        except scoring.ProfileError as error:
            fail(message("`{name}[{key!r}]` is {value!r}: {reason}.", name=name, key=key, value=levels[key],
                         reason=str(error).split(": ", 1)[1]))
    return checked


def can_improve(key: str, level: float) -> bool:
    """Whether a factor at ``level`` can still get better (the threat: lower)."""
    return scoring.improved_level(key, level) != level


def evaluation(ns: Namespace, name: str) -> scoring.Evaluation:
    """A result of ``scoring.evaluate``, or a failure."""
    value = answer(ns, name)
    if not isinstance(value, scoring.Evaluation):
        fail(message("`{name}` should be the result of scoring.evaluate(...), but it is a {actual}.", name=name,
                     actual=type(value).__name__))
    return value
