"""Load and check the factor definitions, the coded cases and scenario files.

Cases (``data/cases/<id>.toml``) and a practitioner's scenario share one TOML
format; a case simply fills in every descriptive field. Every problem is reported
as a :class:`DataError` naming the file, the field and what is allowed.
"""

from __future__ import annotations

import datetime
import math
import os
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import tomli_w

from widgets.scoring import CONFIDENCES, FACTORS, MAX_LEVEL, MIN_LEVEL, OUTCOMES

CASE_IDS: tuple[str, ...] = (
    "krimpenerwaard",
    "kempen",
    "helden",
    "beek",
    "beemster",
    "parkstad",
    "reik",
    "lith-maasdonk",
    "schagen",
    "land-van-cuyk",
    "moordrecht-nieuwerkerk",
    "drechtsteden",
)
NO_OUTCOME = "none"
SCENARIO_CONFIDENCE = "inferred"  # a self-assessment is a judgement, not a record
MAX_TEXT = 5000  # characters in one text field
MAX_NAME = 200  # characters in a name


class DataError(ValueError):
    """A data or scenario file that cannot be used, with where and why."""

    def __init__(self, source: str, field_name: str, message: str) -> None:
        super().__init__(f"{source}: {field_name}: {message}")
        self.source = source
        self.field = field_name
        self.message = message


# ------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Factor:
    """One of the eleven lessons as a factor of the model."""

    key: str
    lesson: int
    label_en: str
    label_nl: str
    direction: str
    sections: tuple[str, ...]
    summary: str
    cases: tuple[str, ...]
    rubric: tuple[str, ...]  # rubric[level - 1] describes that level

    def rubric_line(self, level: float) -> str:
        """The rubric line of the whole level nearest to ``level``."""
        index = min(len(self.rubric), max(1, int(level + 0.5))) - 1
        return self.rubric[index]


@dataclass(frozen=True)
class Coding:
    """A factor's level in a case or scenario, with how sure it is and why."""

    level: float
    confidence: str
    section: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Scenario:
    """A coded cooperation: one of the source's cases or a practitioner's region."""

    name: str
    codings: Mapping[str, Coding]
    id: str = ""
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
    outcome_justification: str = ""
    outcome_section: str = ""
    notes: str = ""

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

    def with_levels(self, levels: Mapping[str, float]) -> "Scenario":
        """A copy with some levels replaced (their evidence kept)."""
        codings = dict(self.codings)
        for name, level in levels.items():
            old = codings[name]
            codings[name] = Coding(level, old.confidence, old.section, old.evidence)
        return replace(self, codings=MappingProxyType(codings))


# ---------------------------------------------------------------- field checking


class _Fields:
    """Reads typed fields out of one TOML table and reports precise errors."""

    def __init__(self, source: str, table: Mapping[str, Any], prefix: str = "") -> None:
        self.source = source
        self.table = table
        self.prefix = prefix
        self.used: set[str] = set()

    def where(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: str) -> DataError:
        return DataError(self.source, self.where(key), message)

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
        value = self.get(key, True)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"must be a number from 1 to 5, got {value!r}")
        if math.isnan(value) or math.isinf(value) or not MIN_LEVEL <= value <= MAX_LEVEL:
            raise self.fail(key, f"must be a number from 1 to 5, got {value!r}")
        return float(value)

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key, default is None)
        if value is None:
            return default  # type: ignore[return-value]
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def table_of(self, key: str, required: bool = False) -> Mapping[str, Any]:
        value = self.get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def no_unknown_keys(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            allowed = ", ".join(sorted(self.used))
            raise self.fail(unknown[0], f"unknown key; allowed: {allowed}")


# ------------------------------------------------------------------------ reading


def data_dir() -> Path:
    """The data folder: inside the installed package, or the repository's ``data/``."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a DataError naming the file."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(source, "file", "no such file") from None
    except OSError as error:
        raise DataError(source, "file", f"cannot be read ({error.strerror})") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError(source, "file", "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(source, "syntax", f"not valid TOML ({error})") from None


def parse_factors(document: Mapping[str, Any], source: str) -> tuple[Factor, ...]:
    """Check a factors document and return the factors in lesson order."""
    unknown = sorted(set(document) - set(FACTORS))
    if unknown:
        raise DataError(source, unknown[0], f"unknown factor; allowed: {', '.join(FACTORS)}")
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
            cases=fields.texts("cases", False, CASE_IDS),
            rubric=fields.texts("rubric", True),
        )
        fields.no_unknown_keys()
        if factor.lesson != lesson:
            raise DataError(source, f"{key}.lesson", f"must be {lesson}, got {factor.lesson}")
        expected = "negative" if key == "herindeling_threat" else "positive"
        if factor.direction != expected:
            raise DataError(source, f"{key}.direction", f"must be {expected}")
        if len(factor.rubric) != 5 or not all(line.strip() for line in factor.rubric):
            raise DataError(source, f"{key}.rubric", "must hold five non-empty lines, one per level")
        factors.append(factor)
    return tuple(factors)


def _table(value: Any, source: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DataError(source, where, "must be a table")
    return value


def parse_scenario(
    document: Mapping[str, Any], source: str, *, as_case: bool = False
) -> Scenario:
    """Check a case or scenario document and return it; cases need every field."""
    top = _Fields(source, document)
    default_confidence = None if as_case else SCENARIO_CONFIDENCE
    outcome_table = _Fields(source, top.table_of("outcome", as_case), "outcome.")
    outcome = outcome_table.choice("documented", OUTCOMES + (NO_OUTCOME,), NO_OUTCOME if not as_case else None)
    justification = outcome_table.text("justification", as_case)
    outcome_section = outcome_table.text("section", as_case)
    outcome_table.no_unknown_keys()

    factor_tables = top.table_of("factors", True)
    unknown = sorted(set(factor_tables) - set(FACTORS))
    if unknown:
        raise DataError(source, f"factors.{unknown[0]}", f"unknown factor; allowed: {', '.join(FACTORS)}")
    codings = {}
    for key in FACTORS:
        if key not in factor_tables:
            raise DataError(source, f"factors.{key}", "missing factor (give at least its level, 1 to 5)")
        fields = _Fields(source, _table(factor_tables[key], source, f"factors.{key}"), f"factors.{key}.")
        codings[key] = Coding(
            level=fields.level("level"),
            confidence=fields.choice("confidence", CONFIDENCES, default_confidence),
            section=fields.text("section", as_case),
            evidence=fields.text("evidence", as_case),
        )
        fields.no_unknown_keys()

    scenario = Scenario(
        name=top.text("name", True, MAX_NAME),
        codings=MappingProxyType(codings),
        id=top.text("id", as_case, MAX_NAME),
        short_name=top.text("short_name", as_case, MAX_NAME),
        municipalities=top.texts("municipalities", as_case),
        province=top.text("province", False, MAX_NAME),
        start=top.integer("start", as_case),
        end=top.integer("end", as_case),
        period=top.text("period", as_case),
        shared=top.text("shared", as_case),
        sections=top.texts("sections", as_case),
        summary=top.text("summary", as_case),
        lacked=top.texts("lacked", False, FACTORS),
        outcome=None if outcome == NO_OUTCOME else outcome,
        outcome_justification=justification,
        outcome_section=outcome_section,
        notes=top.text("notes", False),
    )
    top.no_unknown_keys()
    if scenario.start is not None and scenario.end is not None and scenario.end < scenario.start:
        raise DataError(source, "end", f"must not be before start ({scenario.start})")
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
    if case_id not in CASE_IDS:
        raise DataError("case", case_id, f"unknown case; known: {', '.join(CASE_IDS)}")
    return data_dir() / "cases" / f"{case_id}.toml"


def load_case(case_id: str) -> Scenario:
    """One of the source's cases, checked."""
    path = case_path(case_id)
    case = parse_scenario(read_toml(path), str(path), as_case=True)
    if case.id != case_id:
        raise DataError(str(path), "id", f"must be {case_id!r} (the file name), got {case.id!r}")
    return case


def load_cases() -> dict[str, Scenario]:
    """Every case, in the order the source tells them."""
    return {case_id: load_case(case_id) for case_id in CASE_IDS}


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """A practitioner's scenario file (or a case file), checked."""
    path = Path(path)
    return parse_scenario(read_toml(path), str(path))


def parse_scenario_text(text: str, source: str = "scenario") -> Scenario:
    """A scenario from TOML text, e.g. an uploaded file's contents."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(source, "syntax", f"not valid TOML ({error})") from None
    return parse_scenario(document, source)


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
    events: tuple[Event, ...]


def parse_history(document: Mapping[str, Any], source: str) -> dict[str, History]:
    """Check the later history of the cases; every case needs an entry."""
    unknown = sorted(set(document) - set(CASE_IDS))
    if unknown:
        raise DataError(source, unknown[0], f"unknown case; known: {', '.join(CASE_IDS)}")
    histories = {}
    for case_id in CASE_IDS:
        if case_id not in document:
            raise DataError(source, case_id, "missing case")
        fields = _Fields(source, _table(document[case_id], source, case_id), f"{case_id}.")
        verified = fields.get("verified", True)
        if not isinstance(verified, bool):
            raise fields.fail("verified", "must be true or false")
        raw_events = fields.get("events", True)
        if not isinstance(raw_events, list):
            raise fields.fail("events", "must be a list of tables")
        events = []
        for index, raw in enumerate(raw_events):
            event = _Fields(source, _table(raw, source, f"{case_id}.events[{index}]"), f"{case_id}.events[{index}].")
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
    for key in ("id", "name", "short_name", "province", "period", "shared", "summary", "notes"):
        if getattr(scenario, key):
            document[key] = getattr(scenario, key)
    for key in ("municipalities", "sections", "lacked"):
        if getattr(scenario, key):
            document[key] = list(getattr(scenario, key))
    for key in ("start", "end"):
        if getattr(scenario, key) is not None:
            document[key] = getattr(scenario, key)
    outcome: dict[str, Any] = {"documented": scenario.outcome or NO_OUTCOME}
    if scenario.outcome_justification:
        outcome["justification"] = scenario.outcome_justification
    if scenario.outcome_section:
        outcome["section"] = scenario.outcome_section
    if scenario.outcome or len(outcome) > 1:
        document["outcome"] = outcome
    factors = {}
    for key in FACTORS:
        coding = scenario.codings[key]
        entry: dict[str, Any] = {"level": _compact(coding.level), "confidence": coding.confidence}
        if coding.section:
            entry["section"] = coding.section
        if coding.evidence:
            entry["evidence"] = coding.evidence
        factors[key] = entry
    document["factors"] = factors
    return document


def _compact(level: float) -> int | float:
    """Write whole levels as integers, so files stay readable."""
    return int(level) if float(level).is_integer() else level


def scenario_text(scenario: Scenario) -> str:
    """A scenario as TOML text."""
    return tomli_w.dumps(scenario_document(scenario))


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write a scenario atomically: an existing file is only replaced by a complete one."""
    path = Path(path)
    text = scenario_text(scenario)
    parse_scenario_text(text, str(path))  # never write what cannot be read back
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


def new_scenario(name: str, level: float = 3.0) -> Scenario:
    """A blank region with every factor at ``level``, as a self-assessment."""
    codings = {key: Coding(level, SCENARIO_CONFIDENCE) for key in FACTORS}
    return Scenario(name=name, codings=MappingProxyType(codings))


def template_text(factors: tuple[Factor, ...] | None = None, name: str = "My region") -> str:
    """A scenario file for a new region, every factor at 3, rubric lines as comments."""
    factors = factors or load_factors()
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
            "level = 3",
            f'confidence = "{SCENARIO_CONFIDENCE}"',
            'evidence = ""',
            "",
        ]
    return "\n".join(lines)
