"""The book's calibration of the cases (``data/qca.toml``): the conditions, their anchors and reasons."""


from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from widgets.qca.sets import Anchors, Data, QcaError, anchors, calibrate, data
from widgets.qca.truthtable import checked_cut


# ------------------------------------------- the book's calibration (data/qca.toml)
@dataclass(frozen=True)
class ConditionChoice:
    """How one lesson becomes a condition: its short name, anchors and reason."""

    factor: str
    name: str
    anchors: Anchors
    reason: str
    reason_nl: str = ""  # the reason for Dutch readers


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
    # Why the chapter chose what it chose, in English and for Dutch readers (``text_in`` picks one).
    chosen_reason: str = ""
    chosen_reason_nl: str = ""
    anchors_reason: str = ""  # the default anchors
    anchors_reason_nl: str = ""
    outcome_reason: str = ""  # the outcome's calibration
    outcome_reason_nl: str = ""
    unknown_reason: str = ""  # the treatment of unknown codings
    unknown_reason_nl: str = ""

    def condition(self, key: str) -> ConditionChoice:
        """The choice for one factor key or short name."""
        for choice in self.conditions:
            if key in (choice.factor, choice.name):
                return choice
        raise QcaError("conditions", f"unknown condition {key!r}; known: "
                                     f"{', '.join(c.factor for c in self.conditions)}")


UNKNOWN_TREATMENTS = ("as-coded", "crossover")
REASONS = ("reason", "reason_nl")  # the keys of a table that explain it, beside its values


def parse_settings(document: Mapping[str, Any], source: str = "qca.toml") -> Settings:
    """Check and read the calibration choices; an error names the file and the field."""
    def fail(field: str, message: str) -> QcaError:
        return QcaError(f"{source}: {field}", message)

    try:
        default = anchors({k: v for k, v in document["anchors"].items() if k not in REASONS}, "anchors")
        outcome = document["outcome"]
        classes = {str(k): float(v) for k, v in outcome["memberships"].items()}
        choices = []
        for key, table in document["conditions"].items():
            these = anchors(table["anchors"], f"conditions.{key}.anchors") if "anchors" in table else default
            choices.append(ConditionChoice(key, str(table["name"]), these, str(table.get("reason", "")),
                                           str(table.get("reason_nl", ""))))
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
        threshold = checked_cut(document.get("threshold", 0.8), "threshold")
        pri_cut = checked_cut(document.get("pri_cut", 0.0), "pri_cut")
    except QcaError as error:
        raise fail(error.field, error.message) from None

    def said(table: str, key: str) -> str:
        """A reason written beside the values (``reason`` or ``reason_nl`` of a table, or a top-level key)."""
        where = document.get(table, {}) if key in REASONS else document
        return str(where.get(key, "")) if isinstance(where, Mapping) else ""

    return Settings(tuple(choices), chosen, str(outcome.get("name", "HOLDS")), classes, unknown,
                    threshold, pri_cut, default,
                    chosen_reason=said("", "chosen_reason"), chosen_reason_nl=said("", "chosen_reason_nl"),
                    anchors_reason=said("anchors", "reason"), anchors_reason_nl=said("anchors", "reason_nl"),
                    outcome_reason=said("outcome", "reason"), outcome_reason_nl=said("outcome", "reason_nl"),
                    unknown_reason=said("unknown", "reason"), unknown_reason_nl=said("unknown", "reason_nl"))


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
