"""The sections of the team scan's report as HTML text (standard library only): the profile table,
the lessons to discuss, the actions, the nearest case, the changes since an earlier scan, every
answer and the summary for the college. :mod:`widgets.team.report` puts them together into one
document. Every name and comment is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from widgets import scoring
from widgets.records import responses
from widgets.records.bundle import CaseData, Example
from widgets.team.advice import (
    ACTIONS,
    Action,
    Advice,
    answered_on,
    chances_text,
    change_text,
    fewer_actions,
    gain_text,
)
from widgets.team.drawings import dots_svg
from widgets.team.report_text import TEXT, esc
from widgets.views import traces
from widgets.views.i18n import level_text, number, translator
from widgets.views.roles import role_name, who


@dataclass(frozen=True)
class Context:
    """What the report needs besides the team: lesson texts, coded cases and their examples."""

    titles: Mapping[str, str]  # factor -> "1. Scherpe diagnose"
    rubric: Mapping[str, Sequence[str]]  # factor -> the five rubric lines
    cases: Mapping[str, tuple[str, scoring.Profile, str | None]]  # id -> (label, profile, documented outcome)
    examples: Mapping[str, Example]  # factor -> the case that shows it
    version: str = ""


def context(data: CaseData, lang: str, version: str = "") -> Context:
    """The report's context from the case data (:func:`widgets.records.export.case_data`, or the book's
    export read by :func:`widgets.records.bundle.parse`). In Dutch the cases' evidence is the Dutch text
    of the coding; where a coding has none, none is quoted."""
    return Context(
        titles=data.titles[lang],
        rubric=data.rubric[lang],
        cases={case_id: (case.label, case.profile, case.outcome) for case_id, case in data.cases.items()},
        examples=data.examples_in(lang),
        version=version or data.version,
    )


def profile_rows(combined: responses.Team, context: Context, lang: str) -> str:
    _ = translator(lang)
    rows = []
    for factor, summary in combined.lessons.items():
        median = level_text(summary.median, lang)
        reading = traces.reading_name(factor, summary.median, lang) if summary.median is not None else "-"
        flag = f'<span class="flag">{esc(_(TEXT.discuss_first))}</span>' if summary.discuss_first else ""
        rows.append(
            f"<tr><th scope=\"row\">{esc(context.titles[factor])}</th><td>{median}</td><td>{reading}</td>"
            f"<td>{number(summary.spread, lang)}</td><td>{summary.dont_know}</td>"
            f'<td class="dots">{dots_svg(summary, combined, lang)}</td><td>{flag}</td></tr>')
    return "".join(rows)


def _answer_matrix(combined: responses.Team, context: Context, lang: str) -> str:
    """Every answer beside its respondent's name: only where every respondent agreed to be named."""
    _ = translator(lang)
    header = "".join(f'<th scope="col" title="{esc(context.titles[f])}">{esc(context.titles[f].split(".")[0])}</th>'
                     for f in scoring.FACTORS)
    rows = []
    for index, respondent in enumerate(combined.respondents, start=1):
        name = esc(respondent.name or _("Respondent {number}").format(number=index))
        cells = "".join(f"<td>{level_text(respondent.levels.get(f), lang)}</td>" for f in scoring.FACTORS)
        rows.append(f'<tr><th scope="row">{name}</th><td>{esc(role_name(respondent.role, lang))}</td>{cells}</tr>')
    return (f'<table><thead><tr><th scope="col">{esc(_(TEXT.respondent))}</th><th scope="col">{esc(_(TEXT.role))}</th>'
            f"{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _group_table(combined: responses.Team, context: Context, lang: str, by: str) -> str:
    """The medians per role group or per organisation, for groups of at least two respondents."""
    _ = translator(lang)
    found = responses.groups(combined, by)
    if by == "role":
        head = _("Role group")
        names = {key: role_name(key, lang) for key in found}
    else:
        head = _("Municipality or organisation")
        names = {key: key for key in found}
    counts = {key: sum(1 for r in combined.respondents if getattr(r, by).strip() == key) for key in found}
    if not found:
        return "<p>" + esc(_("No group has two respondents or more: each answer counts in the team's median only, "
                             "so that no one can be recognised by it.")) + "</p>"
    header = "".join(f'<th scope="col" title="{esc(context.titles[f])}">{esc(context.titles[f].split(".")[0])}</th>'
                     for f in scoring.FACTORS)
    rows = "".join(
        f'<tr><th scope="row">{esc(names[key])} ({counts[key]})</th>'
        + "".join(f"<td>{level_text(medians[f], lang)}</td>" for f in scoring.FACTORS) + "</tr>"
        for key, medians in sorted(found.items(), key=lambda item: names[item[0]]))
    apart = sorted({getattr(r, by).strip() for r in combined.respondents} - set(found) - {""})
    left = ""
    if apart:
        shown = ", ".join(names.get(key, role_name(key, lang) if by == "role" else key) for key in apart)
        left = "<p>" + esc(_("Fewer than two respondents, so not shown apart: {groups}.").format(groups=shown)) + "</p>"
    return (f'<table class="groups"><thead><tr><th scope="col">{esc(head)}</th>{header}</tr></thead>'
            f"<tbody>{rows}</tbody></table>{left}")


def answers_section(combined: responses.Team, context: Context, lang: str) -> str:
    """Every answer by name where every respondent agreed; otherwise per role group and per
    organisation (the partners' medians side by side), never a name beside a score."""
    _ = translator(lang)
    if combined.named:
        return f"<h2>{esc(_(TEXT.every_answer))}</h2>{_answer_matrix(combined, context, lang)}"
    note = _("The medians of each group of two respondents or more; a group of one is not shown, so that no one "
             "can be recognised by their answers. Names are not shown.")
    return (f"<h2>{esc(_(TEXT.answers_per_group))}</h2><p>{esc(note)}</p>"
            f"<h3>{esc(_(TEXT.per_role_group))}</h3>{_group_table(combined, context, lang, 'role')}"
            f"<h3>{esc(_(TEXT.per_organisation))}</h3>"
            f"{_group_table(combined, context, lang, 'organisation')}")


def _comment_items(combined: responses.Team, factor: str, lang: str) -> str:
    return "".join(f"<li><strong>{esc(who(r, combined, lang))}</strong>: {esc(c)}</li>"
                   for r, c in combined.comments(factor))


def discuss_section(combined: responses.Team, context: Context, lang: str) -> str:
    _ = translator(lang)
    items = []
    for factor in combined.discuss_first:
        summary = combined.lessons[factor]
        comments = _comment_items(combined, factor, lang)
        answers = _(TEXT.answers_from_low_to).format(low=number(summary.low, lang), high=number(summary.high, lang))
        items.append(f"<li><strong>{esc(context.titles[factor])}</strong>: {esc(answers)}"
                     + (f"<ul>{comments}</ul>" if comments else "") + "</li>")
    if not items:
        return f"<p>{esc(_(TEXT.no_lesson_the_answers))}</p>"
    # The lessons' titles carry their number: a bulleted list, not a second numbering.
    return f'<ul class="lessons">{"".join(items)}</ul>'


def other_comments(combined: responses.Team, context: Context, lang: str) -> str:
    _ = translator(lang)
    items = [f"<li><strong>{esc(context.titles[factor])}</strong><ul>{_comment_items(combined, factor, lang)}</ul></li>"
             for factor in scoring.FACTORS if factor not in combined.discuss_first and combined.comments(factor)]
    if not items:
        return ""
    return f"<h3>{esc(_(TEXT.other_comments))}</h3><ul class=\"lessons\">{''.join(items)}</ul>"


def _action_block(action: Action, years: int, context: Context, lang: str) -> str:
    _ = translator(lang)
    factor = action.factor
    line = context.rubric[factor][scoring.whole_level(action.new) - 1]
    step = _("From level {old} to {new}:").format(old=number(action.old, lang), new=number(action.new, lang))
    example = context.examples.get(factor)
    shown = ""
    if example is not None and example.evidence:
        shown = (f"<p><strong>{esc(_(TEXT.in_the_source))}</strong> "
                 + esc(_("{case} (level {level}): {evidence}").format(
                     case=example.label, level=number(example.level, lang), evidence=example.evidence)) + "</p>")
    owner = (f'<table class="owner"><tr><th scope="row">{esc(_(TEXT.owner))}</th><td></td>'
             f'<th scope="row">{esc(_(TEXT.term))}</th><td></td></tr></table>')
    return (f'<div class="lever"><h3>{esc(context.titles[factor])}</h3>'
            f"<p><strong>{esc(_(TEXT.action))}</strong> {esc(step)} {esc(line)}</p>"
            f"<p><strong>{esc(_(TEXT.effect))}</strong> {esc(gain_text(action, years, lang))}</p>{shown}{owner}</div>")


def levers_section(combined: responses.Team, evaluation: scoring.Evaluation, context: Context, lang: str,
            found: Advice) -> str:
    _ = translator(lang)
    years = len(evaluation.trajectory) - 1
    blocks = [_action_block(action, years, context, lang) for action in found.actions]
    if 0 < len(found.actions) < ACTIONS:
        blocks.append("<p>" + esc(fewer_actions(len(found.actions), lang)) + "</p>")
    if found.reason:
        blocks.append(f'<p class="note"><strong>{esc(_(TEXT.no_lever))}</strong> {esc(found.reason)}</p>')
    for action in found.outside:
        blocks.append(f'<p class="note"><strong>{esc(_(TEXT.not_in_hand))}</strong> '
                      + esc(_("{lesson}: a level less would add {gain}").format(
                          lesson=context.titles[action.factor], gain=gain_text(action, years, lang))) + "</p>")
    if found.thin and combined.answered:
        titles = ", ".join(context.titles[f] for f in found.thin)
        blocks.append("<p>" + esc(_("Too few answers (fewer than three) to weigh a step on: {lessons}.").format(
            lessons=titles)) + "</p>")
    return "".join(blocks)


def nearest_section(combined: responses.Team, context: Context, lang: str) -> str:
    _ = translator(lang)
    case_id, distance = responses.nearest_case(combined.levels, {k: v[1] for k, v in context.cases.items()})
    label, _profile, outcome = context.cases[case_id]
    outcome_text = traces.outcome_name(outcome, lang) if outcome else _("not documented")
    text = _("Your profile is closest to {case} (distance {distance} levels; the source's outcome: {outcome}). "
             "Read its case page in the book to see what happened there.").format(
        case=label, distance=number(distance, lang), outcome=outcome_text)
    return f"<p>{esc(text)}</p>"


def changes_section(combined: responses.Team, previous: responses.Team, context: Context, lang: str) -> str:
    _ = translator(lang)
    rows = []
    for factor in scoring.FACTORS:
        old, new = previous.lessons[factor].median, combined.lessons[factor].median
        rows.append(f"<tr><th scope=\"row\">{esc(context.titles[factor])}</th><td>{level_text(old, lang)}</td>"
                    f"<td>{level_text(new, lang)}</td><td>{esc(change_text(factor, old, new, lang))}</td></tr>")
    when_date = answered_on(previous)
    when = when_date.isoformat() if when_date else _("the earlier scan")
    return (f"<p>{esc(_(TEXT.compared_with_when_the).format(when=when))}</p>"
            f'<table><thead><tr><th scope="col">{esc(_(TEXT.lesson))}</th><th scope="col">{esc(_(TEXT.then))}</th>'
            f'<th scope="col">{esc(_(TEXT.now))}</th><th scope="col">{esc(_(TEXT.change))}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def questions(combined: responses.Team, found: Advice, context: Context, lang: str) -> list[str]:
    """Three questions for the meeting, from what the scan found: the deepest disagreement, the
    first action, and what the team does not know (or its weakest lesson)."""
    _ = translator(lang)
    asked = []
    disputed = combined.discuss_first
    if disputed:
        summary = combined.lessons[disputed[0]]
        asked.append(_("Why do we see {lesson} so differently (answers from {low} to {high}), and what does each of "
                       "us know that the others do not?").format(lesson=context.titles[disputed[0]],
                                                                 low=number(summary.low, lang),
                                                                 high=number(summary.high, lang)))
    if found.actions:
        first = found.actions[0]
        asked.append(_("Who takes on {lesson}, what is the first step to level {new}, and when do we hear how it "
                       "went?").format(lesson=context.titles[first.factor], new=number(first.new, lang)))
    unknown = max(combined.lessons.values(), key=lambda s: (s.dont_know, -scoring.FACTORS.index(s.factor)))
    if unknown.dont_know and unknown.dont_know * 3 >= len(combined.respondents):
        asked.append(_("What do we not know about {lesson} ({count} times \"don't know\"), and who finds out?").format(
            lesson=context.titles[unknown.factor], count=unknown.dont_know))
    weakest = min((f for f, s in combined.lessons.items() if s.median is not None and f not in disputed),
                  key=lambda f: (responses.favourable(f, combined.levels[f]), scoring.FACTORS.index(f)), default=None)
    if weakest is not None and len(asked) < 3:
        asked.append(_("What would it take to bring {lesson} (now level {level}) a level further?").format(
            lesson=context.titles[weakest], level=number(combined.levels[weakest], lang)))
    if len(asked) < 3:
        asked.append(_("What should be different at the next scan, and when do we hold it?"))
    return asked[:3]


def _agreement(combined: responses.Team, context: Context, lang: str) -> str:
    _ = translator(lang)
    agreed = [f for f, s in combined.lessons.items() if not s.thin and s.spread <= 1 and s.median is not None]
    strong = [context.titles[f] for f in agreed if responses.favourable(f, combined.levels[f]) >= 4]
    weak = [context.titles[f] for f in agreed if responses.favourable(f, combined.levels[f]) <= 2]
    parts = []
    if strong:
        parts.append(_("Agreed and strong: {lessons}.").format(lessons=", ".join(strong)))
    if weak:
        parts.append(_("Agreed and weak: {lessons}.").format(lessons=", ".join(weak)))
    if not parts:
        parts.append(_("No lesson on which three respondents or more agree within one level at a high or a low "
                       "level."))
    return " ".join(parts)


def summary_section(combined: responses.Team, evaluation: scoring.Evaluation, found: Advice, context: Context,
             lang: str) -> str:
    _ = translator(lang)
    years = len(evaluation.trajectory) - 1
    disputed = combined.discuss_first[:3]
    differ = (", ".join(context.titles[f] + " (" + number(combined.lessons[f].low, lang) + "–"
                        + number(combined.lessons[f].high, lang) + ")" for f in disputed)
              if disputed else _("The team is nowhere split."))
    if found.actions:
        acts = "".join(f"<li><strong>{esc(context.titles[a.factor])}</strong>: "
                       + esc(_("to level {new}; {gain}").format(new=number(a.new, lang),
                                                               gain=gain_text(a, years, lang))) + "</li>"
                       for a in found.actions)
        actions = f'<ul class="lessons">{acts}</ul>'
        if len(found.actions) < ACTIONS:
            actions += "<p>" + esc(fewer_actions(len(found.actions), lang)) + "</p>"
    else:
        actions = f"<p>{esc(found.reason)}</p>"
    asked = "".join(f"<li>{esc(q)}</li>" for q in questions(combined, found, context, lang))
    chance = _("After {years} years: {chances}.").format(years=years, chances=chances_text(evaluation, combined, lang))
    return (f'<section class="summary"><h2>{esc(_(TEXT.summary))}</h2>'
            f"<h3>{esc(_(TEXT.agreement))}</h3><p>{esc(_agreement(combined, context, lang))}</p>"
            f"<h3>{esc(_(TEXT.disagreement))}</h3><p>{esc(differ)}</p>"
            f"<h3>{esc(_(TEXT.three_actions))}</h3>{actions}"
            f"<h3>{esc(_(TEXT.three_questions))}</h3><ol>{asked}</ol>"
            f"<p><strong>{esc(_(TEXT.expectation))}</strong> {esc(chance)}</p></section>")
