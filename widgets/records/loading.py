"""Load and check the factor definitions, the coded cases and scenario files.

Cases (``data/cases/<id>.toml``) and a practitioner's scenario share one TOML
format; a case fills in every descriptive field and adds the source's dated
observations and counterfactuals. The data folder is the one list of cases.
Every problem is reported as a :class:`DataError` naming the file, the field and
what is allowed; levels are checked by the model's own rule
(:func:`widgets.scoring.check_level`).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from widgets import scoring
from widgets.records.coding import (
    ATTRIBUTIONS,
    EXPECTATIONS,
    NO_OUTCOME,
    OBSERVATION_CONFIDENCES,
    SCENARIO_CONFIDENCE,
    Coding,
    Counterfactual,
    Factor,
    Observation,
    Scenario,
)
from widgets.records.fields import (
    MAX_NAME,
    DataError,
    Fields,
    as_table,
    date_of,
    flag_of,
    identifier_of,
    parse_toml_text,
    read_toml,
)
from widgets.scoring import CONFIDENCES, FACTORS, OUTCOMES, STATES
from widgets.views import roles


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


def case_ids() -> tuple[str, ...]:
    """Every case in the data folder, in the order the source tells them (their ``order``)."""
    ordered: list[tuple[int, str]] = []
    for path in cases_dir().glob("*.toml"):
        fields = Fields(str(path), read_toml(path))
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
        fields = Fields(source, as_table(document[key], source, key), f"{key}.")
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


def parse_coding(table: Mapping[str, Any], source: str, where: str, as_case: bool,
                  default_confidence: str | None, factor: str = "") -> Coding:
    fields = Fields(source, table, where)
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
        from_outcome=flag_of(fields, "from_outcome"),
        evidence_nl=fields.text("evidence_nl", False),
    )
    fields.no_unknown_keys()
    return coding


def _parse_observation(table: Mapping[str, Any], source: str, where: str) -> Observation:
    fields = Fields(source, table, where)
    observation = Observation(
        year=fields.integer("year", True) or 0,
        state=fields.choice("state", STATES),
        confidence=fields.choice("confidence", OBSERVATION_CONFIDENCES),
        section=fields.text("section", True, MAX_NAME),
        evidence=fields.text("evidence", True),
        gap=fields.text("gap", False),
        evidence_nl=fields.text("evidence_nl", False),
        gap_nl=fields.text("gap_nl", False),
    )
    fields.no_unknown_keys()
    return observation


def _parse_counterfactual(table: Mapping[str, Any], source: str, where: str) -> Counterfactual:
    fields = Fields(source, table, where)
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
        label_nl=fields.text("label_nl", False, MAX_NAME),
        evidence_nl=fields.text("evidence_nl", False),
    )
    fields.no_unknown_keys()
    return counterfactual


def _within(fields: Fields, key: str, year: int, start: int | None, end: int | None) -> None:
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
    top = Fields(source, document)
    default_confidence = None if as_case else SCENARIO_CONFIDENCE
    outcome_table = Fields(source, top.table_of("outcome", as_case), "outcome.")
    outcome = outcome_table.choice("documented", OUTCOMES + (NO_OUTCOME,), NO_OUTCOME if not as_case else None)
    outcome_confidence = outcome_table.choice("confidence", OBSERVATION_CONFIDENCES, "" if not as_case else None)
    justification = outcome_table.text("justification", as_case)
    outcome_section = outcome_table.text("section", as_case)
    outcome_gap = outcome_table.text("gap", False)
    justification_nl = outcome_table.text("justification_nl", False)
    outcome_gap_nl = outcome_table.text("gap_nl", False)
    outcome_table.no_unknown_keys()

    factor_tables = top.table_of("factors", True)
    unknown = sorted(set(factor_tables) - set(FACTORS))
    if unknown:
        raise DataError(source, f"factors.{unknown[0]}", f"unknown factor; allowed: {', '.join(FACTORS)}")
    codings = {}
    for key in FACTORS:
        if key not in factor_tables:
            raise DataError(source, f"factors.{key}", "missing factor (give at least its level, 1 to 5)")
        codings[key] = parse_coding(as_table(factor_tables[key], source, f"factors.{key}"), source,
                                     f"factors.{key}.", as_case, default_confidence, key)

    start, end = top.integer("start", as_case), top.integer("end", as_case)
    if start is not None and end is not None and end < start:
        raise DataError(source, "end", f"must not be before start ({start})")
    observations: list[Observation] = []
    for index, table in enumerate(top.tables("observations")):
        where = f"observations[{index}]."
        observation = _parse_observation(table, source, where)
        _within(Fields(source, table, where), "year", observation.year, start, end)
        if any(o.year == observation.year for o in observations):
            raise DataError(source, f"{where}year", f"a second observation of {observation.year}")
        observations.append(observation)
    counterfactuals = []
    for index, table in enumerate(top.tables("counterfactuals")):
        where = f"counterfactuals[{index}]."
        counterfactual = _parse_counterfactual(table, source, where)
        _within(Fields(source, table, where), "year", counterfactual.year, start, end)
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
        date=date_of(top, "date"),
        respondent_id=identifier_of(top, "respondent_id"),
        organisation=top.text("organisation", False, MAX_NAME),
        name_nl=top.text("name_nl", False, MAX_NAME),
        period_nl=top.text("period_nl", False),
        shared_nl=top.text("shared_nl", False),
        summary_nl=top.text("summary_nl", False),
        outcome_justification_nl=justification_nl,
        outcome_gap_nl=outcome_gap_nl,
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


