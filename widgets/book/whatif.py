"""What-if scenarios for a case: the lessons it lacked applied, all applied, the threat moved.

These only choose which profiles to compare; every number comes from
:mod:`widgets.scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from widgets import scoring
from widgets.book.language import _, book_language, general
from widgets.records.coding import Factor, Scenario
from widgets.views.i18n import N_

APPLIED_LEVEL = 4.0  # a lesson "applied": clearly present, as level 4 of its rubric
NO_THREAT_LEVEL = 1.0
FULL_THREAT_LEVEL = 5.0


@dataclass(frozen=True)
class WhatIf:
    """One scenario: a plain label, what changed, and the profile."""

    key: str
    label: str
    description: str
    levels: Mapping[str, float]
    short_label: str = ""  # for a menu on a phone

    def __post_init__(self) -> None:
        if not self.short_label:
            object.__setattr__(self, "short_label", self.label)


@dataclass(frozen=True)
class Run:
    """A scenario together with what the model predicts for it."""

    whatif: WhatIf
    evaluation: scoring.Evaluation


def applied(factor: str, level: float) -> float:
    """The level of a factor once its lesson is applied (never worse than now)."""
    if factor in scoring.NEGATIVE_FACTORS:
        return min(level, NO_THREAT_LEVEL)
    return max(level, APPLIED_LEVEL)


def what_ifs(case: Scenario, factors: Mapping[str, Factor]) -> list[WhatIf]:
    """The scenarios a case page offers, the documented coding first."""
    levels = case.levels
    lang = book_language()
    found = [WhatIf("documented", _("As documented"), _("the coding of the case as the source describes it"),
                    levels)]
    for key in case.lacked:
        label = factors[key].label(lang)
        change = (
            _("{lesson} lowered to level {level}").format(lesson=label, level=general(NO_THREAT_LEVEL))
            if key in scoring.NEGATIVE_FACTORS
            else _("{lesson} raised to at least level {level}").format(lesson=label, level=general(APPLIED_LEVEL))
        )
        found.append(
            WhatIf(
                f"apply-{key}",
                _("With lesson {number} applied: {lesson}").format(number=factors[key].lesson, lesson=label),
                _("{change}, everything else as documented").format(change=change),
                {**levels, key: applied(key, levels[key])},
                _("Lesson {number} applied").format(number=factors[key].lesson),
            )
        )
    if len(case.lacked) > 1:
        found.append(
            WhatIf(
                "apply-lacked",
                _("Every lesson it lacked applied"),
                _("each lesson the source says this case lacked applied (level 4 or better; the threat at 1)"),
                {**levels, **{key: applied(key, levels[key]) for key in case.lacked}},
                _("Lessons it lacked"),
            )
        )
    found.append(
        WhatIf(
            "apply-all",
            _("All eleven lessons applied"),
            _("every factor at least level 4 and no talk of herindeling"),
            {key: applied(key, level) for key, level in levels.items()},
            _("All lessons"),
        )
    )
    found.append(
        WhatIf(
            "threat-raised",
            _("Herindeling threat raised"),
            _("a merger pushed hard from outside (threat at level 5)"),
            {**levels, "herindeling_threat": FULL_THREAT_LEVEL},
            _("Threat raised"),
        )
    )
    found.append(
        WhatIf(
            "threat-removed",
            _("Herindeling threat removed"),
            _("nobody raises a merger (threat at level 1)"),
            {**levels, "herindeling_threat": NO_THREAT_LEVEL},
            _("Threat removed"),
        )
    )
    return found


def runs(case: Scenario, factors: Mapping[str, Factor], horizon: int | None = None) -> list[Run]:
    """Every what-if scenario of a case, evaluated with the case's confidence and start."""
    profile = case.profile
    return [Run(whatif, profile.with_levels(whatif.levels).evaluate(horizon or case.horizon))
            for whatif in what_ifs(case, factors)]


MECHANISM_DEMOS: tuple[tuple[str, str, str, Mapping[str, float]], ...] = (
    ("neutral", N_("Every factor at level 3"), N_("Every factor at 3"), {}),
    ("no-management", N_("... without continuous management (level 1)"), N_("No steering"),
     {"continuous_management": 1.0}),
    ("quick-wins", N_("... with early quick wins (level 5)"), N_("Quick wins"), {"quick_wins": 5.0}),
    ("loose", N_("... with nothing formalised and little trust (level 1)"), N_("Loose, no trust"),
     {"formalisation": 1.0, "trust": 1.0}),
    ("threat", N_("... under a strong herindeling threat (level 5)"), N_("Merger threat"),
     {"herindeling_threat": 5.0}),
    ("core-group", N_("... with a Gideonsbende and leadership (level 5)"), N_("Core group and leaders"),
     {"gideon_band": 5.0, "leadership": 5.0}),
    ("weak-start", N_("... with a weak diagnosis and unfelt benefits (level 1)"), N_("Weak start"),
     {"diagnosis": 1.0, "benefits": 1.0}),
    ("top-down", N_("... top-down only, no pendulum (level 1)"), N_("Top-down only"), {"pendulum": 1.0}),
)


def mechanism_runs(horizon: int = scoring.DEFAULT_HORIZON) -> list[Run]:
    """A neutral region with one mechanism at a time switched on, for the model chapter."""
    neutral = scoring.Profile({name: scoring.NEUTRAL_LEVEL for name in scoring.FACTORS})
    return [
        Run(WhatIf(key, _(label), _(label), {**neutral.levels, **changes}, _(short)),
            neutral.with_levels(changes).evaluate(horizon))
        for key, label, short, changes in MECHANISM_DEMOS
    ]
