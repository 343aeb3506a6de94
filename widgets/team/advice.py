"""What the team can do: the actions that help most, their gain in percentage points, the chances in
words, what changed since an earlier scan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from widgets import scoring
from widgets.records import responses
from widgets.views import traces
from widgets.views.i18n import number, plural, translator

NO_LEVER_BELOW = 1.0  # percentage points: a step that gains less than this is no lever
ACTIONS = 3


@dataclass(frozen=True)
class Action:
    """One step the college can take: a lesson one level up and what it does to the chance of a
    good outcome at the horizon, in percentage points (with its margin where the model gives one)."""

    factor: str
    old: float
    new: float
    gain: float
    low: float | None
    high: float | None
    in_hand: bool


@dataclass(frozen=True)
class Advice:
    """The actions worth taking, the step that is not in the cooperation's own hands, and why none helps."""

    actions: tuple[Action, ...]
    outside: tuple[Action, ...]
    thin: tuple[str, ...]  # lessons with too few answers to weigh a step on them
    reason: str  # why no step helps ("" when some do)


def good_chance(evaluation: scoring.Evaluation) -> float:
    """The chance of a good outcome (thriving or continuing) at the horizon, in percent."""
    return 100.0 * evaluation.final.good


def advice(combined: responses.Team, evaluation: scoring.Evaluation, lang: str) -> Advice:
    """The three steps that raise the chance of a good outcome most, among lessons with enough
    answers; or, when none gains a percentage point, why."""
    _ = translator(lang)
    ngettext = plural(lang)
    thin = tuple(f for f, summary in combined.lessons.items() if summary.thin)
    if combined.answered == 0:
        return Advice((), (), thin, _("No respondent gave a level (every answer is \"don't know\"), so there is "
                                      "nothing to weigh: the model shows no chances and no actions."))
    found: list[Action] = []
    for lever in combined.profile.levers():
        if combined.lessons[lever.factor].thin or len(found) >= 2 * ACTIONS:
            continue
        found.append(Action(lever.factor, combined.levels[lever.factor], lever.new_level, lever.gain,
                            lever.gain_low, lever.gain_high, lever.in_hand))
    helpful = [a for a in found if a.gain >= NO_LEVER_BELOW]
    actions = tuple(a for a in helpful if a.in_hand)[:ACTIONS]
    outside = tuple(a for a in helpful if not a.in_hand)[:1]
    reason = ""
    if not actions:
        chance = good_chance(evaluation)
        low_lessons = sum(1 for f, level in combined.levels.items() if responses.favourable(f, level) <= 2)
        if len(thin) == len(combined.lessons):
            reason = _("Too few answers: no lesson has three respondents or more who gave a level, so the model "
                       "weighs no step.")
        elif chance >= 90:
            reason = _("The chance of a good outcome is already high; one level more on one lesson adds less than "
                       "one percentage point to it. Keep what works.")
        elif low_lessons >= 4:
            reason = ngettext("The team scores {count} lesson at level 2 or lower.",
                              "The team scores {count} lessons at level 2 or lower.", low_lessons).format(
                count=low_lessons)
            reason += " " + _("One level more on a single lesson does not change the course then: the model asks "
                              "for work on several lessons at once. Start with the lessons to discuss first.")
        else:
            reason = _("The model finds no single step of one level that raises the chance of a good outcome by one "
                       "percentage point or more.")
    return Advice(actions, outside, thin, reason)


def points(value: float, lang: str) -> str:
    """A gain in percentage points, rounded to whole points, with its sign: "+12"."""
    return ("+" if round(value) > 0 else "") + number(round(value), lang, 0)


def gain_text(action: Action, years: int, lang: str) -> str:
    _ = translator(lang)
    ngettext = plural(lang)
    text = ngettext("{gain} percentage point on the chance of a good outcome (thriving or continuing) after {years} "
                    "year", "{gain} percentage points on the chance of a good outcome (thriving or continuing) after "
                    "{years} years", years).format(gain=points(action.gain, lang), years=years)
    if action.low is not None and action.high is not None:
        text += " " + _("(margin {low} to {high})").format(low=points(action.low, lang), high=points(action.high, lang))
    return text + "."


def fewer_actions(count: int, lang: str) -> str:
    """Why there are fewer than three actions."""
    ngettext = plural(lang)
    return ngettext("Only {count} step of one level in the cooperation's own hands, on a lesson with enough answers, "
                    "gains one percentage point or more.",
                    "Only {count} steps of one level in the cooperation's own hands, on lessons with enough answers, "
                    "gain one percentage point or more.", count).format(count=count)


def chances_text(evaluation: scoring.Evaluation, combined: responses.Team, lang: str) -> str:
    """The chances of each outcome, rounded as far as the number of respondents allows (to 10
    points under three respondents, to 5 under ten) and never 0% or 100%; none without a level."""
    _ = translator(lang)
    if combined.answered == 0:
        return _("no chances: no respondent gave a level")
    step = 10 if combined.answered < responses.THIN_BELOW else 5 if combined.answered < 10 else 1
    ranked = sorted(evaluation.outcome_probabilities.items(),
                    key=lambda item: (-item[1], scoring.OUTCOMES.index(item[0])))
    parts = []
    for name, share in ranked:
        shown = round(share * 100 / step) * step
        if shown <= 0:
            if share * 100 < 0.5:
                continue
            value = _("less than {share}").format(share=f"{step}%")
        elif shown >= 100:
            value = _("more than {share}").format(share=f"{100 - step}%")
        else:
            value = f"{shown}%"
        parts.append(f"{traces.outcome_name(name, lang)} {value}")
    text = ", ".join(parts)
    if combined.answered < responses.THIN_BELOW:
        text += " (" + _("a rough indication: fewer than three respondents") + ")"
    return text


def answered_on(combined: responses.Team) -> datetime.date | None:
    """When the answers were given: the latest date a respondent gave (else the team file's date)."""
    return max((r.date for r in combined.respondents if r.date), default=combined.date)


def change_text(factor: str, old: float | None, new: float | None, lang: str) -> str:
    """A lesson's change between two scans as better or worse (for the threat of herindeling a
    higher level is worse), never as a bare + or -."""
    _ = translator(lang)
    ngettext = plural(lang)
    if old is None or new is None:
        return ""
    better = responses.favourable(factor, new) - responses.favourable(factor, old)
    if better == 0:
        return _("the same")
    amount = number(abs(better), lang)
    if better > 0:
        return ngettext("{amount} level better", "{amount} levels better", 1 if abs(better) <= 1 else 2).format(
            amount=amount)
    return ngettext("{amount} level worse", "{amount} levels worse", 1 if abs(better) <= 1 else 2).format(
        amount=amount)
