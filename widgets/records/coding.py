"""The coded values: a factor and its rubric, a coding, a dated observation, a counterfactual, and a
scenario (one of the source's cases or a practitioner's region) that the model can score."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from widgets import scoring
from widgets.records import responses
from widgets.scoring import FACTORS

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


def text_in(record: object, field: str, lang: str) -> str:
    """A record's text in a language: its ``<field>_nl`` for Dutch where there is one, else ``<field>``."""
    if lang == "nl":
        dutch = getattr(record, f"{field}_nl", "")
        if dutch:
            return str(dutch)
    return str(getattr(record, field))


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
    evidence_nl: str = ""  # the same for Dutch readers (the Dutch edition's case pages)
    gap_nl: str = ""


@dataclass(frozen=True)
class Counterfactual:
    """What the source says would have happened with some lessons applied."""

    label: str
    levels: Mapping[str, float]  # the factors changed, and their new levels
    expect: str  # one of EXPECTATIONS
    year: int
    section: str
    evidence: str
    label_nl: str = ""  # the same for Dutch readers (the Dutch edition's case pages)
    evidence_nl: str = ""


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
    # The texts for Dutch readers (the Dutch edition's case pages); see text_in().
    name_nl: str = ""
    period_nl: str = ""
    shared_nl: str = ""
    summary_nl: str = ""
    outcome_justification_nl: str = ""
    outcome_gap_nl: str = ""

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


