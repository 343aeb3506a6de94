"""A scenario as a TOML file: written whole, read back by :func:`widgets.records.loading.load_scenario`;
the template of a new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

import tomli_w

from widgets import scoring
from widgets.records.coding import NO_OUTCOME, SCENARIO_CONFIDENCE, Coding, Factor, Scenario
from widgets.records.loading import load_factors, parse_scenario_text
from widgets.scoring import FACTORS


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The TOML document for a scenario; fields left at their default are omitted."""
    document: dict[str, Any] = {}
    for key in ("id", "order", "name", "respondent", "respondent_id", "organisation", "role", "date", "short_name",
                "province", "period", "shared", "summary", "notes",
                "name_nl", "period_nl", "shared_nl", "summary_nl"):
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
                       ("gap", scenario.outcome_gap),
                       ("justification_nl", scenario.outcome_justification_nl),
                       ("gap_nl", scenario.outcome_gap_nl)):
        if value:
            outcome[key] = value
    if scenario.outcome or len(outcome) > 1:
        document["outcome"] = outcome
    if scenario.observations:
        document["observations"] = [
            {"year": o.year, "state": o.state, "confidence": o.confidence, "section": o.section,
             "evidence": o.evidence, **({"gap": o.gap} if o.gap else {}),
             **{key: getattr(o, key) for key in ("evidence_nl", "gap_nl") if getattr(o, key)}}
            for o in scenario.observations
        ]
    if scenario.counterfactuals:
        document["counterfactuals"] = [
            {"label": c.label, "set": {k: compact_level(v) for k, v in c.levels.items()}, "expect": c.expect,
             "year": c.year, "section": c.section, "evidence": c.evidence,
             **{key: getattr(c, key) for key in ("label_nl", "evidence_nl") if getattr(c, key)}}
            for c in scenario.counterfactuals
        ]
    factors = {}
    for key in FACTORS:
        coding = scenario.codings[key]
        entry: dict[str, Any] = (
            {"dont_know": True} if coding.dont_know
            else {"level": compact_level(coding.level), "confidence": coding.confidence}
        )
        for name in ("section", "evidence", "evidence_nl", "comment"):
            if getattr(coding, name):
                entry[name] = getattr(coding, name)
        if coding.from_outcome:
            entry["from_outcome"] = True
        factors[key] = entry
    document["factors"] = factors
    return document


def compact_level(level: float) -> int | float:
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
    neutral = compact_level(scoring.NEUTRAL_LEVEL)
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


