"""The case data the pages and the team report read, typed (standard library only).

The book exports the coded cases, the lessons' titles and rubric lines and each lesson's
example case as one JSON file (``bundle.json``, :func:`widgets.records.export.case_bundle`);
the browser's pages read it with :func:`parse`. The command line builds the same
:class:`CaseData` from the data files directly (:func:`widgets.records.export.case_data`).
Either way it is checked once, when it is read, and is read-only after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from widgets import scoring
from widgets.views.i18n import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Case:
    """A coded case as a page knows it: its profile, horizon, the source's last dated year and outcome."""

    id: str
    label: str
    profile: scoring.Profile
    horizon: int
    last_dated: int | None
    outcome: str | None = None


@dataclass(frozen=True)
class Example:
    """A case of the source that shows a lesson at a good level."""

    label: str
    level: float
    evidence: str


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class CaseData:
    """The coded cases and the texts of the lessons, in every language of the interface."""

    cases: Mapping[str, Case]
    titles: Mapping[str, Mapping[str, str]]  # language -> factor -> "1. Sharp diagnosis"
    rubric: Mapping[str, Mapping[str, tuple[str, ...]]]  # language -> factor -> the five rubric lines
    examples: Mapping[str, Example] = field(default_factory=lambda: MappingProxyType({}))  # factor -> its case
    evidence_nl: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # factor -> Dutch evidence
    version: str = ""

    def titles_in(self, lang: str) -> Mapping[str, str]:
        """The lessons' titles in a language (English where it has none)."""
        return self.titles.get(lang) or self.titles.get(DEFAULT_LANGUAGE, {})

    def rubric_in(self, lang: str) -> Mapping[str, tuple[str, ...]]:
        """The lessons' rubric lines in a language (English where it has none)."""
        return self.rubric.get(lang) or self.rubric[DEFAULT_LANGUAGE]

    def examples_in(self, lang: str) -> Mapping[str, Example]:
        """Each lesson's example case, its evidence in the language asked for: in Dutch the Dutch
        text of the coding, or none where the coding has none."""
        if lang == DEFAULT_LANGUAGE:
            return self.examples
        return {factor: Example(item.label, item.level, self.evidence_nl.get(factor, ""))
                for factor, item in self.examples.items()}


EMPTY = CaseData(MappingProxyType({}), MappingProxyType({}), MappingProxyType({}))


def parse_case(case_id: str, item: Mapping[str, Any]) -> Case:
    """One case of the exported data, its levels and confidences checked by the model's rules."""
    profile = scoring.Profile(MappingProxyType(scoring.validate_profile(item["levels"])),
                              MappingProxyType(scoring.validate_confidence(item["confidence"])), item["start"])
    return Case(case_id, item["label"], profile, item["horizon"], item["last_dated"], item.get("outcome"))


def parse(data: Mapping[str, Any]) -> CaseData:
    """The case data from the JSON the book exports (already read into a mapping)."""
    return CaseData(
        cases=_frozen({case_id: parse_case(case_id, item) for case_id, item in data["cases"].items()}),
        titles=_frozen({lang: _frozen(titles) for lang, titles in data["titles"].items()}),
        rubric=_frozen({lang: _frozen({factor: tuple(lines) for factor, lines in rubric.items()})
                        for lang, rubric in data["rubric"].items()}),
        examples=_frozen({factor: Example(item["label"], item["level"], item["evidence"])
                          for factor, item in data.get("examples", {}).items()}),
        evidence_nl=_frozen(data.get("evidence_nl", {})),
        version=str(data.get("version", "")),
    )
