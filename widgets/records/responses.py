"""A team's scan: respondents' answers combined per lesson, and the team profile the model scores.

Each respondent answers the questionnaire (every lesson a level from 1 to 5, or
"don't know", with an optional comment) and saves an answers file: the scenario
format with the respondent's name, role and the date (:mod:`widgets.records.loading`). The
facilitator combines the files: per lesson the median, the spread, how many did
not know and who stands where; lessons where answers lie two levels or more apart
are to be discussed first. The team profile is the median of every lesson, and
its Monte Carlo draws from the respondents' own levels, so that disagreement
widens the band and shifts the chances. Standard library only: the scan runs in
the reader's browser as well.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import statistics
import uuid
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Sequence

from widgets import scoring

DISCUSS_FROM = 2.0  # levels between the lowest and highest answer from which a lesson may be discussed first
SIDE_SHARE = 0.25  # ... with at least this share of the answers a level or more below the median, and as many above
COMMENT_BELOW = 3.0  # a level below this asks the respondent for a comment (levels 1 and 2; the threat's 4 and 5)
MAX_RESPONDENTS = 50
THIN_BELOW = 3  # fewer answers than this on a lesson are too few to show a chance of its effect
# The lessons whose scale runs the other way: a high level is bad (the threat of herindeling).
REVERSED: tuple[str, ...] = tuple(getattr(scoring, "NEGATIVE_FACTORS", ("herindeling_threat",)))


class TeamError(ValueError):
    """Answers that cannot be combined (too many, or none)."""


@dataclass(frozen=True)
class Respondent:
    """One respondent's answers: a level or None ("don't know") and a comment per lesson."""

    name: str
    role: str
    date: datetime.date | None
    levels: Mapping[str, float | None]
    comments: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: str = ""  # the file the answers came from (kept in memory, never written to a team file)
    cooperation: str = ""  # the arrangement the respondent scored (a gemeenschappelijke regeling, a shared service)
    id: str = ""  # written into the answers file when it is made: the same answers, wherever they turn up
    organisation: str = ""  # the municipality or organisation the respondent speaks for

    @property
    def label(self) -> str:
        """How the respondent is shown: the name, or the role, or "respondent"."""
        return self.name or self.role or "respondent"

    @property
    def key(self) -> str:
        """What identifies these answers: the id written into the file when it was made, or, for a
        file without one, a hash of its content (never the file's name: two respondents may both
        save ``scan-2026-12-07.toml``)."""
        if self.id:
            return self.id
        content = json.dumps({
            "name": self.name, "role": self.role, "date": self.date.isoformat() if self.date else "",
            "organisation": self.organisation, "levels": {k: self.levels[k] for k in sorted(self.levels)},
            "comments": {k: self.comments[k] for k in sorted(self.comments)},
        }, sort_keys=True, ensure_ascii=False)
        return "sha256-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class LessonSummary:
    """What a team answered on one lesson."""

    factor: str
    levels: tuple[float, ...]  # the answers given, in respondent order (don't-knows left out)
    dont_know: int
    median: float | None
    low: float | None
    high: float | None

    @property
    def spread(self) -> float:
        """Levels between the lowest and the highest answer (0 with fewer than two answers)."""
        return 0.0 if self.low is None or self.high is None else self.high - self.low

    @property
    def discuss_first(self) -> bool:
        """Whether the team is split on this lesson: talk about it first.

        Answers two levels apart are not enough: with three respondents almost every lesson has
        one answer two levels from another (in the issue that prompted this rule, ten of eleven
        lessons were flagged). One dissenter is heard through their comment; a split team has at
        least a quarter of its answers a level or more below the median and a quarter a level or
        more above it, and two levels or more between the lowest and the highest answer. With
        three respondents that means three different answers (1, 2, 4 is split; 2, 4, 4 is not);
        with two, answers two levels apart; with many, a real camp on each side."""
        if self.spread < DISCUSS_FROM or self.median is None:
            return False
        below = sum(1 for level in self.levels if level <= self.median - 1)
        above = sum(1 for level in self.levels if level >= self.median + 1)
        return min(below, above) >= SIDE_SHARE * len(self.levels)

    @property
    def disagreement(self) -> float:
        """How far the answers lie from the median on average, in levels (the order of "discuss first")."""
        if self.median is None or not self.levels:
            return 0.0
        return sum(abs(level - self.median) for level in self.levels) / len(self.levels)

    @property
    def thin(self) -> bool:
        """Too few answers (fewer than three, or only "don't know") to show a chance of this lesson's effect."""
        return len(self.levels) < THIN_BELOW


@dataclass(frozen=True)
class Team:
    """The respondents of one scan and their answers combined."""

    name: str
    respondents: tuple[Respondent, ...]
    lessons: Mapping[str, LessonSummary]
    date: datetime.date | None = None
    named: bool = False  # every respondent agreed to be named beside their answers (the facilitator ticked it)

    @property
    def levels(self) -> dict[str, float]:
        """The team profile: each lesson's median, or the middle level where nobody knew."""
        return {name: summary.median if summary.median is not None else scoring.NEUTRAL_LEVEL
                for name, summary in self.lessons.items()}

    @property
    def confidence(self) -> dict[str, str]:
        """A team's judgement is inferred; a lesson nobody could answer is unknown."""
        return {name: "unknown" if summary.median is None else "inferred" for name, summary in self.lessons.items()}

    @property
    def profile(self) -> scoring.Profile:
        """What the model scores: the medians, drawing from the respondents' own levels."""
        samples = {name: summary.levels for name, summary in self.lessons.items() if summary.levels}
        return scoring.Profile(MappingProxyType(self.levels), MappingProxyType(self.confidence), None,
                               MappingProxyType(samples))

    @property
    def discuss_first(self) -> list[str]:
        """The lessons to discuss first, the most disputed first (then the widest spread, then lesson order)."""
        flagged = [name for name, summary in self.lessons.items() if summary.discuss_first]
        order = {name: index for index, name in enumerate(self.lessons)}
        return sorted(flagged, key=lambda name: (-self.lessons[name].disagreement, -self.lessons[name].spread,
                                                 order[name]))

    @property
    def answered(self) -> int:
        """Respondents who gave a level on at least one lesson (not only "don't know")."""
        return sum(1 for r in self.respondents if any(level is not None for level in r.levels.values()))

    def comments(self, factor: str) -> list[tuple[Respondent, str]]:
        """The comments given on a lesson, with who gave them."""
        return [(r, r.comments[factor]) for r in self.respondents if r.comments.get(factor, "").strip()]


@dataclass(frozen=True)
class Duplicate:
    """Answers found a second time: counted once, where they were first found."""

    respondent: Respondent
    source: str  # the file in which they turned up again
    first: str  # the file in which they were counted


@dataclass(frozen=True)
class Intake:
    """What became of the files a facilitator loaded: every respondent once, and what was done."""

    respondents: tuple[Respondent, ...]
    duplicates: tuple[Duplicate, ...]
    same_names: Mapping[str, int]  # a file name used by more than one file -> how many (each counted)


def intake(files: Sequence[tuple[str, Sequence[Respondent]]]) -> Intake:
    """Every respondent of the files once, in the order loaded: answers are known by their content
    (:attr:`Respondent.key`), so the same answers loaded twice, or on their own and inside a team
    file, count once, and two files that share a name each count."""
    seen: dict[str, str] = {}
    kept: list[Respondent] = []
    duplicates: list[Duplicate] = []
    names: dict[str, int] = {}
    for source, found in files:
        names[source] = names.get(source, 0) + 1
        for respondent in found:
            if respondent.key in seen:
                duplicates.append(Duplicate(respondent, source, seen[respondent.key]))
                continue
            seen[respondent.key] = source
            kept.append(respondent)
    same = {name: count for name, count in names.items() if count > 1}
    return Intake(tuple(kept), tuple(duplicates), MappingProxyType(same))


MIN_GROUP = 2  # respondents a role group or organisation needs to be shown apart (one would be named by it)


def groups(combined: Team, by: str) -> dict[str, dict[str, float | None]]:
    """The medians of every lesson per role (``by="role"``) or per organisation (``by="organisation"``),
    for the groups with at least :data:`MIN_GROUP` respondents (a group of one would show one
    person's answers); respondents who named no organisation are left out of the comparison of partners."""
    members: dict[str, list[Respondent]] = {}
    for respondent in combined.respondents:
        key = getattr(respondent, by).strip()
        if key or by == "role":
            members.setdefault(key, []).append(respondent)
    return {key: {factor: summarise(factor, people).median for factor in scoring.FACTORS}
            for key, people in members.items() if len(people) >= MIN_GROUP}


def median(levels: Sequence[float]) -> float:
    """The middle answer (the mean of the two middle ones for an even count)."""
    return float(statistics.median(levels))


def summarise(factor: str, respondents: Sequence[Respondent]) -> LessonSummary:
    """One lesson's answers combined."""
    given = tuple(float(level) for r in respondents if (level := r.levels.get(factor)) is not None)
    return LessonSummary(
        factor=factor, levels=given, dont_know=len(respondents) - len(given),
        median=median(given) if given else None,
        low=min(given) if given else None, high=max(given) if given else None,
    )


def combine(respondents: Sequence[Respondent], name: str = "", date: datetime.date | None = None,
            named: bool = False) -> Team:
    """Combine 1 to 50 respondents' answers into a team."""
    if not respondents:
        raise TeamError("no answers to combine")
    if len(respondents) > MAX_RESPONDENTS:
        raise TeamError(f"at most {MAX_RESPONDENTS} respondents, got {len(respondents)}")
    for respondent in respondents:
        for factor, level in respondent.levels.items():
            if level is not None:
                scoring.check_level(factor, level)
    lessons = {factor: summarise(factor, respondents) for factor in scoring.FACTORS}
    called = name or next((r.cooperation for r in respondents if r.cooperation.strip()), "")
    return Team(called, tuple(respondents), MappingProxyType(lessons), date, named)


def reversed_scale(factor: str) -> bool:
    """Whether a high level of this lesson is bad (the threat of herindeling)."""
    return factor in REVERSED


def favourable(factor: str, level: float) -> float:
    """The level on a scale where higher is better (the threat's scale turned round)."""
    return scoring.MIN_LEVEL + scoring.MAX_LEVEL - level if reversed_scale(factor) else level


def asks_for_comment(level: float | None, factor: str = "") -> bool:
    """Whether the scan asks the respondent to explain this answer: its two worst levels (1 and 2;
    for the threat of herindeling, where a high level is bad, 4 and 5)."""
    return level is not None and favourable(factor, level) < COMMENT_BELOW


def nearest_case(levels: Mapping[str, float], cases: Mapping[str, scoring.Profile]) -> tuple[str, float]:
    """The coded case whose levels lie closest to a profile (Euclidean, in levels), and how far."""
    def distance(other: Mapping[str, float]) -> float:
        return sum((levels[f] - other[f]) ** 2 for f in scoring.FACTORS) ** 0.5

    best = min(cases, key=lambda case_id: (distance(cases[case_id].levels), case_id))
    return best, distance(cases[best].levels)


def new_id() -> str:
    """A respondent id, written into the answers file when it is made: the same answers count once,
    wherever they turn up (beside a team file that holds them, or saved twice)."""
    return "r-" + uuid.uuid4().hex


def file_name(*parts: str, suffix: str = ".toml") -> str:
    """A safe file name from a few words."""
    stem = "-".join("".join(c if c.isalnum() else "-" for c in part.strip().lower()).strip("-")
                    for part in parts if part.strip())
    return (stem or "scan")[:80] + suffix
