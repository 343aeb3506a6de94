"""The cases as the pages in the browser read them: one JSON bundle, exported when the book is built
(``_ext/live_site.py``) and read by :mod:`widgets.browser` and the team report."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from widgets import scoring
from widgets.records import bundle, loading
from widgets.views.i18n import LANGUAGES


def example(factor: str, cases: Mapping[str, Any]) -> dict[str, Any]:
    """The case of the source that shows a lesson best: the highest level (the threat: lowest),
    documented before inferred, the source's own order otherwise."""
    rank = {"documented": 0, "inferred": 1, "unknown": 2}
    best = min(cases.values(), key=lambda case: (-scoring.favourable_level(factor, case.codings[factor].level),
                                                 rank[case.codings[factor].confidence], case.order or 0))
    coding = best.codings[factor]
    return {"label": best.label, "level": coding.level, "evidence": coding.evidence}


def case_bundle(cases: Mapping[str, Any], factors: Mapping[str, Any]) -> dict[str, Any]:
    """The data a live page needs, from the loaded cases and factors (run when the book is built)."""
    from widgets import __version__

    return {
        "version": __version__,
        "cases": {
            case.id: {"label": case.label, "levels": case.levels, "confidence": case.confidence,
                      "start": case.start, "horizon": case.horizon, "last_dated": case.last_dated_year,
                      "outcome": case.outcome}
            for case in cases.values()
        },
        "examples": {factor: example(factor, cases) for factor in scoring.FACTORS},
        "titles": {lang: {key: factor.title_in(lang) for key, factor in factors.items()} for lang in LANGUAGES},
        "rubric": {lang: {key: list(factor.rubric_in(lang)) for key, factor in factors.items()} for lang in LANGUAGES},
    }


def with_dutch_evidence(bundle: dict[str, Any], cases: Mapping[str, Any]) -> dict[str, Any]:
    """The case data the book exports, with the Dutch evidence (``evidence_nl``) of each lesson's
    example case beside the English, for the report in Dutch."""
    by_label = {case.label: case for case in cases.values()}
    bundle["evidence_nl"] = {factor: by_label[item["label"]].codings[factor].evidence_nl
                             for factor, item in bundle.get("examples", {}).items() if item["label"] in by_label}
    return bundle


def from_data_files() -> dict[str, Any]:
    """The case data the report needs, read from the data files (the command line and the tests;
    the book exports the same as ``bundle.json``)."""
    cases = loading.load_cases()
    return with_dutch_evidence(case_bundle(cases, loading.factor_map()), cases)


def case_data(cases: Mapping[str, Any] | None = None, factors: Mapping[str, Any] | None = None) -> bundle.CaseData:
    """The case data the report and the pages read, typed, straight from the loaded cases and factors
    (the data files by default): what :func:`from_data_files` exports, without going through JSON."""
    from widgets import __version__

    cases = loading.load_cases() if cases is None else cases
    factors = loading.factor_map() if factors is None else factors
    examples = {factor: example(factor, cases) for factor in scoring.FACTORS}
    by_label = {case.label: case for case in cases.values()}
    return bundle.CaseData(
        cases=MappingProxyType({case.id: bundle.Case(case.id, case.label, case.profile, case.horizon,
                                                     case.last_dated_year, case.outcome)
                                for case in cases.values()}),
        titles=MappingProxyType({lang: MappingProxyType({key: factor.title_in(lang) for key, factor in factors.items()})
                                 for lang in LANGUAGES}),
        rubric=MappingProxyType({lang: MappingProxyType({key: tuple(factor.rubric_in(lang))
                                                         for key, factor in factors.items()})
                                 for lang in LANGUAGES}),
        examples=MappingProxyType({factor: bundle.Example(**item) for factor, item in examples.items()}),
        evidence_nl=MappingProxyType({factor: by_label[item["label"]].codings[factor].evidence_nl
                                      for factor, item in examples.items() if item["label"] in by_label}),
        version=__version__,
    )
