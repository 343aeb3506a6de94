"""Load and check the factor definitions, the coded cases and scenario files.

Cases (``data/cases/<id>.toml``) and a practitioner's scenario share one TOML
format; a case fills in every descriptive field and adds the source's dated
observations and counterfactuals. The data folder is the one list of cases.
Every problem is reported as a :class:`DataError` naming the file, the field and
what is allowed; levels are checked by the model's own rule
(:func:`widgets.scoring.check_level`).
"""

from __future__ import annotations

import datetime
import os
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import tomli_w

from widgets import scoring
from widgets.records import responses
from widgets.records.responses import Intake, Team
from widgets.scoring import CONFIDENCES, FACTORS, OUTCOMES, STATES, ProfileError
from widgets.views import roles

NO_OUTCOME = "none"
SCENARIO_CONFIDENCE = "inferred"  # a self-assessment is a judgement, not a record
# How sure a dated observation or a documented outcome is.
OBSERVATION_CONFIDENCES: tuple[str, ...] = ("documented", "inferred")
# What a counterfactual of the source expects: a better trajectory, or that the
# cooperation would still be going (not broken up, not collapsed) in its year.
EXPECTATIONS: tuple[str, ...] = ("improves", "survives")
# Where the source's list of lessons draws a lesson from ("les uit alle casus", "diverse casus",
# the cases it names, or no case at all).
ATTRIBUTIONS: tuple[str, ...] = ("all", "various", "named", "none")
LANGUAGES: tuple[str, ...] = ("en", "nl")
MAX_TEXT = 5000  # characters in one text field
MAX_NAME = 200  # characters in a name


class DataError(ValueError):
    """A data or scenario file that cannot be used, with where and why."""

    def __init__(self, source: str, field_name: str, message: str) -> None:
        super().__init__(f"{source}: {field_name}: {message}")
        self.source = source
        self.field = field_name
        self.message = message
        self.rejected: tuple[tuple[str, DataError], ...] = ()  # "no file could be read": each file's reason


# ------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Factor:
    """One of the eleven lessons as a factor of the model, in English and Dutch."""

    key: str
    lesson: int
    label_en: str
    label_nl: str
    direction: str
    sections: tuple[str, ...]
    summary: str
    attribution: str  # where the source draws the lesson from: see ATTRIBUTIONS
    cases: tuple[str, ...]  # the cases the source names for the lesson
    book_cases: tuple[str, ...]  # further cases in which the book sees the lesson at work
    rubric: tuple[str, ...]  # rubric[level - 1] describes that level
    summary_nl: str = ""
    rubric_nl: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The lesson number and English name, as charts and tables show it."""
        return self.title_in("en")

    def title_in(self, lang: str) -> str:
        """The lesson number and name in a language."""
        return f"{self.lesson}. {self.label(lang)}"

    def label(self, lang: str = "en") -> str:
        """The factor's name in a language (``en`` or ``nl``)."""
        return self.label_nl if lang == "nl" else self.label_en

    def summary_in(self, lang: str = "en") -> str:
        """The lesson's summary in a language."""
        return self.summary_nl if lang == "nl" else self.summary

    def rubric_in(self, lang: str = "en") -> tuple[str, ...]:
        """The five rubric lines in a language."""
        return self.rubric_nl if lang == "nl" else self.rubric

    def rubric_line(self, level: float, lang: str = "en") -> str:
        """The rubric line of the whole level nearest to ``level``."""
        return self.rubric_in(lang)[scoring.whole_level(level) - 1]


@dataclass(frozen=True)
class Coding:
    """A factor's level in a case or scenario, with how sure it is and why.

    In a respondent's answers, ``dont_know`` marks a lesson the respondent could not
    judge (its level is then the middle one, its confidence unknown), and ``comment``
    holds what the respondent wrote about the lesson.
    """

    level: float
    confidence: str
    section: str = ""
    evidence: str = ""
    comment: str = ""
    dont_know: bool = False
    from_outcome: bool = False  # the level was read partly from how the cooperation turned out
    evidence_nl: str = ""  # the evidence for Dutch readers (the scan's report quotes it)


@dataclass(frozen=True)
class Observation:
    """A state of a cooperation that the source dates or clearly implies."""

    year: int
    state: str  # one of scoring.STATES
    confidence: str  # documented or inferred
    section: str
    evidence: str
    gap: str = ""  # if the fitted model misses this state: the mechanism it lacks to reach it


@dataclass(frozen=True)
class Counterfactual:
    """What the source says would have happened with some lessons applied."""

    label: str
    levels: Mapping[str, float]  # the factors changed, and their new levels
    expect: str  # one of EXPECTATIONS
    year: int
    section: str
    evidence: str


@dataclass(frozen=True)
class Scenario:
    """A coded cooperation: one of the source's cases or a practitioner's region."""

    name: str
    codings: Mapping[str, Coding]
    id: str = ""
    order: int | None = None
    short_name: str = ""
    municipalities: tuple[str, ...] = ()
    province: str = ""
    start: int | None = None
    end: int | None = None
    period: str = ""
    shared: str = ""
    sections: tuple[str, ...] = ()
    summary: str = ""
    lacked: tuple[str, ...] = ()
    outcome: str | None = None
    outcome_confidence: str = ""
    outcome_justification: str = ""
    outcome_section: str = ""
    outcome_gap: str = ""  # if the model's likeliest class differs: what it lacks to reach the documented one
    observations: tuple[Observation, ...] = ()
    counterfactuals: tuple[Counterfactual, ...] = ()
    notes: str = ""
    respondent: str = ""  # answers of the team scan: who answered (optional), in which role, when
    role: str = ""
    date: datetime.date | None = None
    respondent_id: str = ""  # written when the answers file is made: the same answers, wherever they turn up
    organisation: str = ""  # the municipality or organisation the respondent speaks for

    @property
    def levels(self) -> dict[str, float]:
        """Factor to level."""
        return {name: self.codings[name].level for name in FACTORS}

    @property
    def confidence(self) -> dict[str, str]:
        """Factor to confidence."""
        return {name: self.codings[name].confidence for name in FACTORS}

    @property
    def label(self) -> str:
        """A short name for charts."""
        return self.short_name or self.name

    @property
    def profile(self) -> scoring.Profile:
        """What the model needs of this cooperation."""
        return scoring.Profile(MappingProxyType(self.levels), MappingProxyType(self.confidence), self.start)

    @property
    def last_dated_year(self) -> int | None:
        """The year of the last dated observation, if any."""
        return max((o.year for o in self.observations), default=None)

    @property
    def horizon(self) -> int:
        """Years the trajectory covers: the default, or up to the last dated observation."""
        last = self.last_dated_year
        if last is None or self.start is None:
            return scoring.DEFAULT_HORIZON
        return max(scoring.DEFAULT_HORIZON, last - self.start)

    def evaluate(self, horizon: int | None = None,
                 params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> scoring.Evaluation:
        """The model's evaluation of this cooperation as coded."""
        return self.profile.evaluate(horizon or self.horizon, params)

    def levers(self, horizon: int | None = None,
               params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> tuple[scoring.Lever, ...]:
        """The one-level improvements that help this cooperation most."""
        return self.profile.levers(horizon or self.horizon, params)

    def with_levels(self, levels: Mapping[str, float]) -> "Scenario":
        """A copy with some levels replaced (their evidence and comments kept)."""
        codings = dict(self.codings)
        for name, level in levels.items():
            old = codings[name]
            codings[name] = replace(old, level=level, dont_know=False,
                                    confidence=SCENARIO_CONFIDENCE if old.dont_know else old.confidence)
        return replace(self, codings=MappingProxyType(codings))

    @property
    def answers(self) -> responses.Respondent:
        """The scenario as one respondent's answers for the team scan."""
        return responses.Respondent(
            name=self.respondent, role=self.role, date=self.date,
            levels=MappingProxyType({k: None if c.dont_know else c.level for k, c in self.codings.items()}),
            comments=MappingProxyType({k: c.comment for k, c in self.codings.items() if c.comment}),
            cooperation=self.name, id=self.respondent_id, organisation=self.organisation,
        )


# ---------------------------------------------------------------- field checking


class _Fields:
    """Reads typed fields out of one TOML table and reports precise errors."""

    def __init__(self, source: str, table: Mapping[str, Any], prefix: str = "") -> None:
        self.source = source
        self.table = table
        self.prefix = prefix
        self.used: set[str] = set()

    def fail(self, key: str, message: str) -> DataError:
        return DataError(self.source, f"{self.prefix}{key}", message)

    def get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.table:
            if required:
                raise self.fail(key, "missing")
            return None
        return self.table[key]

    def text(self, key: str, required: bool = False, limit: int = MAX_TEXT) -> str:
        value = self.get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(key, "must not be empty")
        if len(value) > limit:
            raise self.fail(key, f"at most {limit} characters, got {len(value)}")
        return value

    def texts(self, key: str, required: bool = False, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of text")
        for item in value:
            if allowed and item not in allowed:
                raise self.fail(key, f"{item!r} is not one of {', '.join(allowed)}")
        return tuple(value)

    def integer(self, key: str, required: bool = False, low: int = 1800, high: int = 2200) -> int | None:
        value = self.get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, got {value!r}")
        if not low <= value <= high:
            raise self.fail(key, f"must be from {low} to {high}, got {value}")
        return value

    def level(self, key: str) -> float:
        return self.check_level(key, self.get(key, True))

    def check_level(self, key: str, value: object) -> float:
        try:
            return scoring.check_level(key, value)
        except ProfileError as error:
            raise self.fail(key, str(error).split(": ", 1)[1]) from None

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key, default is None)
        if value is None:
            return default  # type: ignore[return-value]
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    def table_of(self, key: str, required: bool = False) -> Mapping[str, Any]:
        value = self.get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.get(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(key, "must be a list of tables ([[...]])")
        return value

    def no_unknown_keys(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            allowed = ", ".join(sorted(self.used))
            raise self.fail(unknown[0], f"unknown key; allowed: {allowed}")


# ------------------------------------------------------------------------ reading


def data_dir() -> Path:
    """The data folder: inside the installed package, or the repository's ``data/``."""
    package = Path(__file__).resolve().parents[1]  # widgets/
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    return package.parent / "data"


def cases_dir() -> Path:
    """The folder with one file per coded case: the one list of cases."""
    return data_dir() / "cases"


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a DataError naming the file."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(source, "file", "no such file") from None
    except OSError as error:
        raise DataError(source, "file", f"cannot be read ({error.strerror})") from None
    return parse_toml_text(raw, source)


def parse_toml_text(raw: bytes | str, source: str) -> dict[str, Any]:
    """Parse TOML bytes or text; a DataError names the source when it is not UTF-8 TOML."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise DataError(source, "file", "is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(source, "syntax", f"not valid TOML ({error})") from None
    except RecursionError:  # arrays or tables nested thousands deep: no answers file is like that
        raise DataError(source, "syntax", "not valid TOML (nested too deeply)") from None


def case_ids() -> tuple[str, ...]:
    """Every case in the data folder, in the order the source tells them (their ``order``)."""
    ordered: list[tuple[int, str]] = []
    for path in cases_dir().glob("*.toml"):
        fields = _Fields(str(path), read_toml(path))
        ordered.append((fields.integer("order", True, 1, 999) or 0, path.stem))
    orders = [order for order, _ in ordered]
    if len(set(orders)) != len(orders):
        twice = sorted(order for order in set(orders) if orders.count(order) > 1)
        raise DataError(str(cases_dir()), "order", f"two cases have the same order {twice[0]}")
    return tuple(case_id for _, case_id in sorted(ordered))


def __getattr__(name: str) -> Any:
    """``CASE_IDS``: the cases of the data folder, read when first asked for."""
    if name == "CASE_IDS":
        ids = case_ids()
        globals()["CASE_IDS"] = ids
        return ids
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_factors(document: Mapping[str, Any], source: str) -> tuple[Factor, ...]:
    """Check a factors document against the model and return the factors in lesson order."""
    unknown = sorted(set(document) - set(FACTORS))
    if unknown:
        raise DataError(source, unknown[0], f"unknown factor; allowed: {', '.join(FACTORS)}")
    known_cases = case_ids()
    factors = []
    for lesson, key in enumerate(FACTORS, start=1):
        if key not in document:
            raise DataError(source, key, "missing factor")
        fields = _Fields(source, _table(document[key], source, key), f"{key}.")
        factor = Factor(
            key=key,
            lesson=fields.integer("lesson", True, 1, len(FACTORS)) or 0,
            label_en=fields.text("label_en", True, MAX_NAME),
            label_nl=fields.text("label_nl", True, MAX_NAME),
            direction=fields.choice("direction", ("positive", "negative")),
            sections=fields.texts("sections", True),
            summary=fields.text("summary", True),
            attribution=fields.choice("attribution", ATTRIBUTIONS),
            cases=fields.texts("cases", False, known_cases),
            book_cases=fields.texts("book_cases", False, known_cases),
            rubric=fields.texts("rubric", True),
            summary_nl=fields.text("summary_nl", True),
            rubric_nl=fields.texts("rubric_nl", True),
        )
        fields.no_unknown_keys()
        if factor.lesson != lesson:
            raise DataError(source, f"{key}.lesson", f"must be {lesson}, got {factor.lesson}")
        model_direction = "negative" if key in scoring.NEGATIVE_FACTORS else "positive"
        if factor.direction != model_direction:
            raise DataError(source, f"{key}.direction", f"must be {model_direction}, as in the model")
        for name, lines in (("rubric", factor.rubric), ("rubric_nl", factor.rubric_nl)):
            if len(lines) != 5 or not all(line.strip() for line in lines):
                raise DataError(source, f"{key}.{name}", "must hold five non-empty lines, one per level")
        if (factor.attribution == "named") != bool(factor.cases):
            raise DataError(source, f"{key}.cases", "name the source's cases exactly when attribution is named")
        factors.append(factor)
    return tuple(factors)


def _table(value: Any, source: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DataError(source, where, "must be a table")
    return value


def _parse_coding(table: Mapping[str, Any], source: str, where: str, as_case: bool,
                  default_confidence: str | None, factor: str = "") -> Coding:
    fields = _Fields(source, table, where)
    dont_know = fields.get("dont_know", False)
    if dont_know is not None and not isinstance(dont_know, bool):
        raise fields.fail("dont_know", "must be true or false")
    if dont_know:
        if "level" in table:
            raise fields.fail("level", "give a level or dont_know = true, not both")
        level, confidence = scoring.SILENT_LEVEL.get(factor, scoring.NEUTRAL_LEVEL), "unknown"
        fields.choice("confidence", CONFIDENCES, "unknown")
    else:
        level = fields.level("level")
        confidence = fields.choice("confidence", CONFIDENCES, default_confidence)
    coding = Coding(
        level=level,
        confidence=confidence,
        section=fields.text("section", as_case),
        evidence=fields.text("evidence", as_case),
        comment=fields.text("comment", False),
        dont_know=bool(dont_know),
        from_outcome=_flag(fields, "from_outcome"),
        evidence_nl=fields.text("evidence_nl", False),
    )
    fields.no_unknown_keys()
    return coding


def _flag(fields: _Fields, key: str) -> bool:
    value = fields.get(key, False)
    if value is not None and not isinstance(value, bool):
        raise fields.fail(key, "must be true or false")
    return bool(value)


def _date(fields: _Fields, key: str) -> datetime.date | None:
    value = fields.get(key, False)
    if value is None:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise fields.fail(key, f"must be a date like 2026-12-01, got {value!r}")
    return value


MAX_ID = 80  # characters in a respondent id


def _identifier(fields: _Fields, key: str) -> str:
    """A respondent id: letters, digits and dashes only (it is compared, never shown)."""
    text = fields.text(key, False, MAX_ID)
    if text and not all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
        raise fields.fail(key, "may hold only letters, digits and dashes")
    return text


def _parse_observation(table: Mapping[str, Any], source: str, where: str) -> Observation:
    fields = _Fields(source, table, where)
    observation = Observation(
        year=fields.integer("year", True) or 0,
        state=fields.choice("state", STATES),
        confidence=fields.choice("confidence", OBSERVATION_CONFIDENCES),
        section=fields.text("section", True, MAX_NAME),
        evidence=fields.text("evidence", True),
        gap=fields.text("gap", False),
    )
    fields.no_unknown_keys()
    return observation


def _parse_counterfactual(table: Mapping[str, Any], source: str, where: str) -> Counterfactual:
    fields = _Fields(source, table, where)
    label = fields.text("label", True, MAX_NAME)
    changes = fields.table_of("set", True)
    if not changes:
        raise fields.fail("set", "must change at least one factor")
    levels = {}
    for key, value in changes.items():
        if key not in FACTORS:
            raise fields.fail(f"set.{key}", f"unknown factor; allowed: {', '.join(FACTORS)}")
        levels[key] = fields.check_level(f"set.{key}", value)
    counterfactual = Counterfactual(
        label=label,
        levels=MappingProxyType(levels),
        expect=fields.choice("expect", EXPECTATIONS),
        year=fields.integer("year", True) or 0,
        section=fields.text("section", True, MAX_NAME),
        evidence=fields.text("evidence", True),
    )
    fields.no_unknown_keys()
    return counterfactual


def _within(fields: _Fields, key: str, year: int, start: int | None, end: int | None) -> None:
    """A dated entry must lie within the period the case covers."""
    if start is not None and year < start:
        raise fields.fail(key, f"{year} is before the start ({start})")
    if end is not None and year > end:
        raise fields.fail(key, f"{year} is after the end ({end})")


def _agrees(outcome: str, state: str) -> bool:
    """Whether an outcome class can be read from a cooperation's last observed state."""
    if state == scoring.BROKEN_UP:
        return outcome == "collapsed"
    if state == scoring.NOT_STARTED:
        return outcome in ("stagnating", "collapsed")
    return outcome == state


def parse_scenario(
    document: Mapping[str, Any], source: str, *, as_case: bool = False
) -> Scenario:
    """Check a case or scenario document and return it; cases need every field."""
    top = _Fields(source, document)
    default_confidence = None if as_case else SCENARIO_CONFIDENCE
    outcome_table = _Fields(source, top.table_of("outcome", as_case), "outcome.")
    outcome = outcome_table.choice("documented", OUTCOMES + (NO_OUTCOME,), NO_OUTCOME if not as_case else None)
    outcome_confidence = outcome_table.choice("confidence", OBSERVATION_CONFIDENCES, "" if not as_case else None)
    justification = outcome_table.text("justification", as_case)
    outcome_section = outcome_table.text("section", as_case)
    outcome_gap = outcome_table.text("gap", False)
    outcome_table.no_unknown_keys()

    factor_tables = top.table_of("factors", True)
    unknown = sorted(set(factor_tables) - set(FACTORS))
    if unknown:
        raise DataError(source, f"factors.{unknown[0]}", f"unknown factor; allowed: {', '.join(FACTORS)}")
    codings = {}
    for key in FACTORS:
        if key not in factor_tables:
            raise DataError(source, f"factors.{key}", "missing factor (give at least its level, 1 to 5)")
        codings[key] = _parse_coding(_table(factor_tables[key], source, f"factors.{key}"), source,
                                     f"factors.{key}.", as_case, default_confidence, key)

    start, end = top.integer("start", as_case), top.integer("end", as_case)
    if start is not None and end is not None and end < start:
        raise DataError(source, "end", f"must not be before start ({start})")
    observations: list[Observation] = []
    for index, table in enumerate(top.tables("observations")):
        where = f"observations[{index}]."
        observation = _parse_observation(table, source, where)
        _within(_Fields(source, table, where), "year", observation.year, start, end)
        if any(o.year == observation.year for o in observations):
            raise DataError(source, f"{where}year", f"a second observation of {observation.year}")
        observations.append(observation)
    counterfactuals = []
    for index, table in enumerate(top.tables("counterfactuals")):
        where = f"counterfactuals[{index}]."
        counterfactual = _parse_counterfactual(table, source, where)
        _within(_Fields(source, table, where), "year", counterfactual.year, start, end)
        counterfactuals.append(counterfactual)

    scenario = Scenario(
        name=top.text("name", True, MAX_NAME),
        codings=MappingProxyType(codings),
        id=top.text("id", as_case, MAX_NAME),
        order=top.integer("order", as_case, 1, 999),
        short_name=top.text("short_name", as_case, MAX_NAME),
        municipalities=top.texts("municipalities", as_case),
        province=top.text("province", False, MAX_NAME),
        start=start,
        end=end,
        period=top.text("period", as_case),
        shared=top.text("shared", as_case),
        sections=top.texts("sections", as_case),
        summary=top.text("summary", as_case),
        lacked=top.texts("lacked", False, FACTORS),
        outcome=None if outcome == NO_OUTCOME else outcome,
        outcome_confidence=outcome_confidence,
        outcome_justification=justification,
        outcome_section=outcome_section,
        outcome_gap=outcome_gap,
        observations=tuple(sorted(observations, key=lambda o: o.year)),
        counterfactuals=tuple(counterfactuals),
        notes=top.text("notes", False),
        respondent=top.text("respondent", False, MAX_NAME),
        role=top.choice("role", roles.ROLES, ""),
        date=_date(top, "date"),
        respondent_id=_identifier(top, "respondent_id"),
        organisation=top.text("organisation", False, MAX_NAME),
    )
    top.no_unknown_keys()
    if as_case and not scenario.observations:
        raise DataError(source, "observations", "a case needs at least one dated observation")
    last = scenario.observations[-1] if scenario.observations else None
    if scenario.outcome and last and not _agrees(scenario.outcome, last.state):
        raise DataError(source, "outcome.documented",
                        f"{scenario.outcome!r} does not follow from the last observation "
                        f"({last.year}: {last.state})")
    return scenario


def load_factors(path: Path | None = None) -> tuple[Factor, ...]:
    """The eleven factors from ``data/factors.toml``, in lesson order."""
    path = path or data_dir() / "factors.toml"
    return parse_factors(read_toml(path), str(path))


def factor_map(path: Path | None = None) -> dict[str, Factor]:
    """The factors keyed by name."""
    return {factor.key: factor for factor in load_factors(path)}


def case_path(case_id: str) -> Path:
    """Where a case's file lives; raises DataError for an unknown id."""
    known = case_ids()
    if case_id not in known:
        raise DataError("case", case_id, f"unknown case; known: {', '.join(known)}")
    return cases_dir() / f"{case_id}.toml"


def load_case(case_id: str) -> Scenario:
    """One of the source's cases, checked."""
    path = case_path(case_id)
    case = parse_scenario(read_toml(path), str(path), as_case=True)
    if case.id != case_id:
        raise DataError(str(path), "id", f"must be {case_id!r} (the file name), got {case.id!r}")
    return case


def load_cases() -> dict[str, Scenario]:
    """Every case, in the order the source tells them."""
    return {case_id: load_case(case_id) for case_id in case_ids()}


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """A practitioner's scenario file (or a case file), checked."""
    path = Path(path)
    return parse_scenario(read_toml(path), str(path))


def parse_scenario_text(text: str | bytes, source: str = "scenario") -> Scenario:
    """A scenario from TOML text, e.g. an uploaded file's contents."""
    return parse_scenario(parse_toml_text(text, source), source)


HISTORY_KINDS: tuple[str, ...] = ("merger", "cooperation", "ended")


@dataclass(frozen=True)
class Event:
    """Something that happened to a case after the source."""

    date: datetime.date
    kind: str
    text: str


@dataclass(frozen=True)
class History:
    """What became of a case after the source, with its sources."""

    summary: str
    sources: tuple[str, ...]
    verified: bool
    events: tuple[Event, ...] = field(default=())


def parse_history(document: Mapping[str, Any], source: str) -> dict[str, History]:
    """Check the later history of the cases; every case needs an entry."""
    known = case_ids()
    unknown = sorted(set(document) - set(known))
    if unknown:
        raise DataError(source, unknown[0], f"unknown case; known: {', '.join(known)}")
    histories = {}
    for case_id in known:
        if case_id not in document:
            raise DataError(source, case_id, "missing case")
        fields = _Fields(source, _table(document[case_id], source, case_id), f"{case_id}.")
        verified = fields.get("verified", True)
        if not isinstance(verified, bool):
            raise fields.fail("verified", "must be true or false")
        events = []
        for index, raw in enumerate(fields.tables("events")):
            event = _Fields(source, raw, f"{case_id}.events[{index}].")
            date = event.get("date", True)
            if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
                raise event.fail("date", f"must be a date like 2015-01-01, got {date!r}")
            events.append(Event(date, event.choice("kind", HISTORY_KINDS), event.text("text", True)))
            event.no_unknown_keys()
        histories[case_id] = History(
            summary=fields.text("summary", True),
            sources=fields.texts("sources", True),
            verified=verified,
            events=tuple(sorted(events, key=lambda e: e.date)),
        )
        fields.no_unknown_keys()
    return histories


def load_history(path: Path | None = None) -> dict[str, History]:
    """What became of every case after the source, from ``data/history.toml``."""
    path = path or data_dir() / "history.toml"
    return parse_history(read_toml(path), str(path))


# ------------------------------------------------------------------------ writing


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The TOML document for a scenario; fields left at their default are omitted."""
    document: dict[str, Any] = {}
    for key in ("id", "order", "name", "respondent", "respondent_id", "organisation", "role", "date", "short_name",
                "province", "period", "shared", "summary", "notes"):
        if getattr(scenario, key):
            document[key] = getattr(scenario, key)
    for key in ("municipalities", "sections", "lacked"):
        if getattr(scenario, key):
            document[key] = list(getattr(scenario, key))
    for key in ("start", "end"):
        if getattr(scenario, key) is not None:
            document[key] = getattr(scenario, key)
    outcome: dict[str, Any] = {"documented": scenario.outcome or NO_OUTCOME}
    for key, value in (("confidence", scenario.outcome_confidence),
                       ("justification", scenario.outcome_justification),
                       ("section", scenario.outcome_section),
                       ("gap", scenario.outcome_gap)):
        if value:
            outcome[key] = value
    if scenario.outcome or len(outcome) > 1:
        document["outcome"] = outcome
    if scenario.observations:
        document["observations"] = [
            {"year": o.year, "state": o.state, "confidence": o.confidence, "section": o.section,
             "evidence": o.evidence, **({"gap": o.gap} if o.gap else {})}
            for o in scenario.observations
        ]
    if scenario.counterfactuals:
        document["counterfactuals"] = [
            {"label": c.label, "set": {k: _compact(v) for k, v in c.levels.items()}, "expect": c.expect,
             "year": c.year, "section": c.section, "evidence": c.evidence}
            for c in scenario.counterfactuals
        ]
    factors = {}
    for key in FACTORS:
        coding = scenario.codings[key]
        entry: dict[str, Any] = (
            {"dont_know": True} if coding.dont_know
            else {"level": _compact(coding.level), "confidence": coding.confidence}
        )
        for name in ("section", "evidence", "evidence_nl", "comment"):
            if getattr(coding, name):
                entry[name] = getattr(coding, name)
        if coding.from_outcome:
            entry["from_outcome"] = True
        factors[key] = entry
    document["factors"] = factors
    return document


def _compact(level: float) -> int | float:
    """Write whole levels as integers, so files stay readable."""
    return int(level) if float(level).is_integer() else level


def scenario_text(scenario: Scenario) -> str:
    """A scenario as TOML text."""
    return tomli_w.dumps(scenario_document(scenario))


def write_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write a text file so that an existing file is only ever replaced by a complete one."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write a scenario atomically: an existing file is only replaced by a complete one."""
    text = scenario_text(scenario)
    parse_scenario_text(text, str(path))  # never write what cannot be read back
    return write_atomically(path, text)


def new_scenario(name: str, level: float = scoring.NEUTRAL_LEVEL) -> Scenario:
    """A blank region with every factor at ``level``, as a self-assessment."""
    codings = {key: Coding(level, SCENARIO_CONFIDENCE) for key in FACTORS}
    return Scenario(name=name, codings=MappingProxyType(codings))


def template_text(factors: tuple[Factor, ...] | None = None, name: str = "My region") -> str:
    """A scenario file for a new region, every factor at 3, rubric lines as comments."""
    factors = factors or load_factors()
    neutral = _compact(scoring.NEUTRAL_LEVEL)
    lines = [
        "# Samen sterk scenario: score your own region.",
        "# For every factor, read the rubric and set `level` (1 to 5; halves allowed).",
        "# For herindeling_threat a HIGH level means a strong threat of a merger.",
        "# confidence: documented (on record), inferred (your judgement) or unknown.",
        "# Then run: samensterk score this-file.toml",
        "",
        f"name = {tomli_w.dumps({'n': name})[4:].strip()}",
        "# start = 2026   # optional: the year the cooperation starts (aligns elections)",
        "",
    ]
    for factor in factors:
        lines.append(f"# Lesson {factor.lesson}: {factor.label_en} ({factor.label_nl})")
        for level, line in enumerate(factor.rubric, start=1):
            lines.append(f"#   {level}: {' '.join(line.split())}")
        lines += [
            f"[factors.{factor.key}]",
            f"level = {neutral}",
            f'confidence = "{SCENARIO_CONFIDENCE}"',
            'evidence = ""',
            "",
        ]
    return "\n".join(lines)


# ------------------------------------------------------------------ team scan

TEAM_KIND = "team"  # `kind` of a file that holds a whole team's answers


def parse_answers(raw: bytes | str, source: str) -> responses.Respondent:
    """One respondent's answers file (a scenario file; respondent, role, date and comments optional)."""
    document = parse_toml_text(raw, source)
    if document.get("kind") == TEAM_KIND:
        raise DataError(source, "kind", "this is a team file, not one respondent's answers: load it as a team")
    return replace(parse_scenario(document, source).answers, source=source)


def _respondent_from_table(table: Mapping[str, Any], source: str, where: str) -> responses.Respondent:
    fields = _Fields(source, table, where)
    factor_tables = fields.table_of("factors", True)
    unknown = sorted(set(factor_tables) - set(FACTORS))
    if unknown:
        raise fields.fail(f"factors.{unknown[0]}", f"unknown factor; allowed: {', '.join(FACTORS)}")
    levels: dict[str, float | None] = {}
    comments: dict[str, str] = {}
    for key in FACTORS:
        if key not in factor_tables:
            raise fields.fail(f"factors.{key}", "missing factor (a level, or dont_know = true)")
        coding = _parse_coding(_table(factor_tables[key], source, f"{where}factors.{key}"), source,
                               f"{where}factors.{key}.", False, SCENARIO_CONFIDENCE)
        levels[key] = None if coding.dont_know else coding.level
        if coding.comment:
            comments[key] = coding.comment
    fields.text("source", False, MAX_NAME)  # written by earlier versions; a path is not kept
    respondent = responses.Respondent(
        name=fields.text("respondent", False, MAX_NAME), role=fields.choice("role", roles.ROLES, ""),
        date=_date(fields, "date"), levels=MappingProxyType(levels), comments=MappingProxyType(comments),
        id=_identifier(fields, "id"), organisation=fields.text("organisation", False, MAX_NAME),
    )
    fields.no_unknown_keys()
    return respondent


def parse_team(raw: bytes | str, source: str) -> responses.Team:
    """A team file written by ``samensterk combine`` or the scan page."""
    return _team_from_document(parse_toml_text(raw, source), source)


def _team_from_document(document: Mapping[str, Any], source: str) -> responses.Team:
    fields = _Fields(source, document)
    if fields.get("kind", True) != TEAM_KIND:
        raise fields.fail("kind", f"must be {TEAM_KIND!r}: this is not a team file")
    name = fields.text("name", False, MAX_NAME)
    date = _date(fields, "date")
    named = fields.get("names_shown", False)
    if named is not None and not isinstance(named, bool):
        raise fields.fail("names_shown", "must be true or false")
    tables = fields.tables("respondents")
    if not tables:
        raise fields.fail("respondents", "a team file needs at least one respondent")
    if len(tables) > responses.MAX_RESPONDENTS:
        raise fields.fail("respondents", f"at most {responses.MAX_RESPONDENTS}, got {len(tables)}")
    respondents = [replace(_respondent_from_table(table, source, f"respondents[{index}]."), cooperation=name)
                   for index, table in enumerate(tables)]
    fields.no_unknown_keys()
    return responses.combine(respondents, name, date, bool(named))


def team_document(combined: responses.Team) -> dict[str, Any]:
    """The TOML document of a team file: every respondent's answers, as given, each with its id (so
    that answers loaded again beside it count once). Names only where every respondent agreed to be
    named (``names_shown``); the files' names and paths never."""
    document: dict[str, Any] = {"kind": TEAM_KIND}
    if combined.name:
        document["name"] = combined.name
    if combined.date:
        document["date"] = combined.date
    if combined.named:
        document["names_shown"] = True
    rows = []
    for respondent in combined.respondents:
        row: dict[str, Any] = {"id": respondent.key}
        if respondent.name and combined.named:
            row["respondent"] = respondent.name
        for key in ("role", "organisation", "date"):
            value = getattr(respondent, key)
            if value:
                row[key] = value
        row["factors"] = {key: _answer_entry(respondent, key) for key in FACTORS}
        rows.append(row)
    document["respondents"] = rows
    return document


def _answer_entry(respondent: responses.Respondent, key: str) -> dict[str, Any]:
    """One answer in a team file: the level (or dont_know) and the comment, if any."""
    level = respondent.levels[key]
    entry: dict[str, Any] = {"dont_know": True} if level is None else {"level": _compact(level)}
    if respondent.comments.get(key):
        entry["comment"] = respondent.comments[key]
    return entry


def team_text(combined: responses.Team) -> str:
    """A team file as TOML text (checked to read back)."""
    text = tomli_w.dumps(team_document(combined))
    parse_team(text, "team file")
    return text


def answers_text(respondent: responses.Respondent, cooperation: str) -> str:
    """One respondent's answers as a file in the scenario format (checked to read back)."""
    codings = {
        key: Coding(scoring.NEUTRAL_LEVEL, "unknown", comment=respondent.comments.get(key, ""), dont_know=True)
        if level is None else Coding(level, SCENARIO_CONFIDENCE, comment=respondent.comments.get(key, ""))
        for key, level in respondent.levels.items()
    }
    scenario = Scenario(name=cooperation or respondent.cooperation or DEFAULT_COOPERATION,
                        codings=MappingProxyType(codings), respondent=respondent.name, role=respondent.role,
                        date=respondent.date, respondent_id=respondent.id, organisation=respondent.organisation)
    text = scenario_text(scenario)
    parse_scenario_text(text, "answers")
    return text


def read_respondents(raw: bytes | str, source: str) -> tuple[list[responses.Respondent], str]:
    """The respondents in one file, which holds one respondent's answers or a whole team file,
    and the name of the arrangement it scores."""
    document = parse_toml_text(raw, source)
    if document.get("kind") == TEAM_KIND:
        found = _team_from_document(document, source)
        return [replace(r, source=source) for r in found.respondents], found.name
    scenario = parse_scenario(document, source)
    return [replace(scenario.answers, source=source)], scenario.name


def same_arrangement(first: str, other: str) -> bool:
    """Whether two names of the arrangement scored are the same one (case and spaces aside; a name
    left empty, or the answers file's default, fits any)."""
    return unnamed(first) or unnamed(other) or _norm(first) == _norm(other)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def unnamed(arrangement: str) -> bool:
    """Whether the name of an arrangement was left empty (or at the answers file's default)."""
    return _norm(arrangement) in ("", _norm(DEFAULT_COOPERATION))


DEFAULT_COOPERATION = "Our cooperation"  # the name an answers file gets when the respondent left it empty


@dataclass(frozen=True)
class TeamFiles:
    """Files read for one scan: the team, why any file was left out (by file, in order), and how
    answers found twice or files sharing a name were counted."""

    team: Team
    rejected: tuple[tuple[str, DataError], ...]
    intake: Intake


def read_team_files(sources: Mapping[str, bytes | str] | Sequence[tuple[str, bytes | str]], name: str = "",
                    named: bool = False) -> TeamFiles:
    """Combine files that each hold one respondent's answers or a whole team. A file that cannot be
    used is left out with the reason (the others still count); so is a file that scores another
    arrangement than the first one read (one scan per arrangement). Answers are known by their
    content: found twice, they count once; two files with the same name both count."""
    pairs = list(sources.items()) if isinstance(sources, Mapping) else list(sources)
    rejected: list[tuple[str, DataError]] = []
    files: list[tuple[str, list[responses.Respondent]]] = []
    arrangement = name
    for source, raw in pairs:
        try:
            found, cooperation = read_respondents(raw, source)
        except DataError as error:
            rejected.append((source, error))
            continue
        if arrangement and not same_arrangement(arrangement, cooperation):
            rejected.append((source, DataError(source, "name", f"scores {cooperation!r}, the scan {arrangement!r}: "
                                                               "one scan per arrangement")))
            continue
        if not unnamed(cooperation):
            arrangement = arrangement or cooperation
        files.append((source, found))
    taken = responses.intake(files)
    if len(taken.respondents) > responses.MAX_RESPONDENTS:
        raise DataError("answers", "respondents", f"at most {responses.MAX_RESPONDENTS}, got {len(taken.respondents)}")
    if not taken.respondents:
        nothing = DataError("answers", "files", "no file could be read: " + "; ".join(str(e) for _s, e in rejected))
        nothing.rejected = tuple(rejected)
        raise nothing
    combined = responses.combine(list(taken.respondents), arrangement, datetime.date.today(), named)
    return TeamFiles(combined, tuple(rejected), taken)


def read_team_or_answers(sources: Mapping[str, bytes | str] | Sequence[tuple[str, bytes | str]],
                         name: str = "") -> tuple[responses.Team, dict[str, str]]:
    """:func:`read_team_files`, as the team and, by file name, why any file was rejected."""
    read = read_team_files(sources, name)
    return read.team, {source: str(error) for source, error in read.rejected}


def scan_template_text(lang: str = "en", factors: tuple[Factor, ...] | None = None) -> str:
    """The questionnaire as an answers file to fill in: every lesson "don't know" until answered."""
    from widgets.views.i18n import translator

    _ = translator(lang)
    factors = factors or load_factors()
    lines = [
        "# " + _("Samen sterk team scan: one respondent's answers."),
        "# " + _("For every lesson, read the five levels and replace `dont_know = true` by `level = 1` to `5`;"),
        "# " + _("keep `dont_know = true` where you cannot judge. Explain a level 1 or 2 in `comment`."),
        "# " + _("Lesson 11 runs the other way: there a high level is bad, and a level 4 or 5 asks for a comment."),
        "# " + _("Roles: {roles}.").format(roles=", ".join(roles.ROLES)),
        "# " + _("Then give the file to the facilitator (samensterk combine, or the scan page of the book)."),
        "",
        'name = ""          # ' + _("the arrangement you score (one gemeenschappelijke regeling or shared service)"),
        'respondent = ""    # ' + _("your name (optional; the report shows it only if every respondent agrees)"),
        'organisation = ""  # ' + _("the municipality or organisation you speak for"),
        'role = "anders"',
        f"date = {datetime.date.today().isoformat()}",
        "",
    ]
    for factor in factors:
        lines.append(f"# {factor.title_in(lang)}")
        if responses.reversed_scale(factor.key):
            note = _("NOTE: here a HIGH level is BAD (a strong push for a merger); explain a level 4 or 5.")
            lines.append("# " + note)
        for level, line in enumerate(factor.rubric_in(lang), start=1):
            lines.append(f"#   {level}: {' '.join(line.split())}")
        lines += [f"[factors.{factor.key}]", "dont_know = true", 'comment = ""', ""]
    return "\n".join(lines)
