"""Tables for the book, built from the data and the model when the book is built.

Each function returns Markdown (MyST renders it); cell text is escaped so that
evidence or names can never break the table or inject markup.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Mapping, Sequence

from widgets import scoring
from widgets.book.language import _, book_language, general, percent, signed, text
from widgets.book.whatif import Run
from widgets.records.coding import Coding, Factor, Scenario
from widgets.records.history import History
from widgets.records.loading import load_cases
from widgets.views import traces
from widgets.views.i18n import N_

# How sure a reading is (the data's confidence values), as the tables name them.
CONFIDENCE_NAMES: Mapping[str, str] = {
    "documented": N_("documented"),
    "inferred": N_("inferred"),
    "unknown": N_("unknown"),
}
# The states the source dates (observations) that are not outcome classes, as the tables name them.
STATE_NAMES: Mapping[str, str] = {
    "broken_up": N_("broken up"),
    "not_started": N_("not started"),
}


class Markdown:
    """Markdown that Jupyter and the book render as such."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text.replace("|", "&#124;").replace("`", "&#96;").replace("*", "&#42;").replace("_", "&#95;")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> Markdown:
    """A Markdown pipe table."""
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markdown("\n".join(lines))


def confidence_name(confidence: str) -> str:
    """How sure a reading is, in the book's language."""
    return _(CONFIDENCE_NAMES[confidence]) if confidence in CONFIDENCE_NAMES else confidence


def state_name(state: str) -> str:
    """A state the source dates, in the book's language ("broken up")."""
    if state in traces.OUTCOME_NAMES:
        return outcome_name(state)
    return _(STATE_NAMES[state]) if state in STATE_NAMES else state.replace("_", " ")


def outcome_name(outcome: str) -> str:
    """An outcome class in the book's language."""
    return traces.outcome_name(outcome, book_language()) if outcome in traces.OUTCOME_NAMES else outcome


def reading_name(factor: str, level: float) -> str:
    """How a level reads (strength, borderline, concern) in the book's language."""
    return traces.reading_name(factor, level, book_language())


def level(value: float) -> str:
    """A level as short as it goes ("3", "2.5"; "2,5" in Dutch)."""
    return general(value)


def evidence(coding: Coding) -> str:
    """The source's evidence for a coding: its Dutch version in the Dutch edition, where the data has one."""
    return text(coding, "evidence")


def documented_outcome(case: Scenario) -> str:
    """The outcome the source gives, with how sure that reading is: "collapsed (documented)"."""
    if not case.outcome:
        return _("not said")
    return f"{outcome_name(case.outcome)} ({confidence_name(case.outcome_confidence or 'inferred')})"


def at_last_dated_year(case: Scenario, evaluation: scoring.Evaluation) -> scoring.YearPoint:
    """The trajectory's point in the case's last dated year (or its last year)."""
    last = case.last_dated_year
    return evaluation.at(last) if last is not None else evaluation.final


def most_probable(point: scoring.YearPoint) -> str:
    """The likeliest class of a year, with its chance: "collapsed (70%)"."""
    name, share = max(point.probabilities.items(), key=lambda item: item[1])
    return f"{outcome_name(name)} ({percent(share)})"


def observations_holding(case: Scenario, evaluation: scoring.Evaluation) -> tuple[int, int]:
    """How many of a case's dated observations the trajectory agrees with, of how many."""
    held = sum(
        scoring.state_holds(o.state, evaluation.at(o.year)) for o in case.observations
    )
    return held, len(case.observations)


def calibration_table(cases: Mapping[str, Scenario]) -> Markdown:
    """Documented against predicted outcome for every case, read at its last dated year."""
    rows = []
    for case in cases.values():
        evaluation = case.evaluate()
        point = at_last_dated_year(case, evaluation)
        held, total = observations_holding(case, evaluation)
        match = _("n/a") if not case.outcome else (_("yes") if point.outcome == case.outcome else _("NO"))
        rows.append([
            text(case, "name"), documented_outcome(case), point.when, most_probable(point), match,
            percent(point.alive), evaluation.break_up_when or "", _("{held} of {total}").format(held=held, total=total),
        ])
    return table([_("Case"), _("Documented outcome"), _("Last dated year"), _("Likeliest there (chance)"), _("Match"),
                  _("Still exists there"), _("Break-up likelier than not from"), _("Observations that hold")], rows)


# The meanings of the model's parameters reach the catalogue from widgets/model/mechanisms.py, where
# `make i18n` reads the last argument of _fitted() and _fixed(); this one is written in a field() of its own.
PARAMETER_DOCS = (
    N_("Spread of a coding's draws in levels: the standard deviation of a normal for documented and inferred "
       "codings, the half-width of a uniform for unknown ones"),
)


def parameter_doc(spec: dataclasses.Field) -> str:
    """The meaning of a parameter of the model in the book's language (`make i18n` extracts the
    meanings from widgets/model/mechanisms.py)."""
    doc = spec.metadata.get("doc", "")
    return _(doc) if doc else ""


def parameter_table(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> Markdown:
    """Every parameter of the model: value, fitted (with its prior range) or fixed, and meaning."""
    rows = []
    for spec in dataclasses.fields(params):
        if spec.name == "posterior":
            continue
        value = getattr(params, spec.name)
        if isinstance(value, Mapping):
            value = ", ".join(f"{k} {general(v)}" for k, v in value.items())
        elif isinstance(value, float):
            value = general(value, 3)
        prior = spec.metadata.get("prior")
        how = (_("fitted in [{low}, {high}]").format(low=general(prior[0]), high=general(prior[1])) if prior
               else _("fixed"))
        rows.append([spec.name, value, how, parameter_doc(spec)])
    return table([_("Parameter"), _("Value"), _("Fitted or fixed"), _("Meaning")], rows)


def coding_table(case: Scenario, factors: Mapping[str, Factor]) -> Markdown:
    """A case's coding: level, its reading, confidence, section and evidence per factor."""
    lang = book_language()
    rows = [
        [factors[key].title_in(lang), level(coding.level), reading_name(key, coding.level),
         confidence_name(coding.confidence)
         + (" " + _("(read partly from the outcome)") if coding.from_outcome else ""),
         coding.section, evidence(coding)]
        for key, coding in case.codings.items()
    ]
    return table([_("Lesson"), _("Level"), _("Reading"), _("Confidence"), _("Source section"), _("Evidence")], rows)


def observation_table(case: Scenario, evaluation: scoring.Evaluation) -> Markdown:
    """The states the source dates for a case, against the model's trajectory."""
    rows = []
    for observation in case.observations:
        point = evaluation.at(observation.year)
        holds = scoring.state_holds(observation.state, point)
        model = _("still exists {alive}; momentum {momentum} if it does").format(
            alive=percent(point.alive), momentum=f"{point.momentum:.0f}")
        rows.append([observation.year, state_name(observation.state), confidence_name(observation.confidence), model,
                     most_probable(point), _("yes") if holds else _("NO"), text(observation, "evidence")])
    return table([_("Year"), _("State in the source"), _("Confidence"), _("Model"), _("Likeliest class (chance)"),
                  _("Holds"), _("Evidence")], rows)


def scenario_table(runs: Sequence[Run]) -> Markdown:
    """Each what-if scenario with its score, final momentum and outcome."""
    rows = [
        [run.whatif.label, run.whatif.description, f"{run.evaluation.score:.0f}",
         percent(run.evaluation.final.alive), outcome_name(run.evaluation.outcome),
         traces.probability_text(run.evaluation.outcome_probabilities, book_language())]
        for run in runs
    ]
    return table([_("Scenario"), _("What changes"), _("Level E"), _("Still exists at the end"),
                  _("Likeliest outcome"), _("Chances")], rows)


def lever_table(case: Scenario, factors: Mapping[str, Factor], count: int = 3) -> Markdown:
    """The best levers of a case, with the source's evidence on that factor."""
    ranked = case.levers()
    chosen = [lever for lever in ranked if lever.in_hand][:count] + [lever for lever in ranked if not lever.in_hand]
    lang = book_language()
    rows = [
        [factors[lever.factor].title_in(lang)
         + ("" if lever.in_hand else " " + _("(not in the cooperation's own hands)")),
         f"{level(case.codings[lever.factor].level)} → {level(lever.new_level)}",
         f"{signed(lever.gain)} ("
         + _("{low} to {high}").format(low=signed(lever.gain_low), high=signed(lever.gain_high)) + ")",
         signed(lever.survival_gain), evidence(case.codings[lever.factor])]
        for lever in chosen
    ]
    return table([_("Lever"), _("Level"), _("Gain in the chance of a good outcome (points; 10-90%)"),
                  _("Gain in the chance it still exists (points)"), _("What the source says")], rows)


def history_list(history: History) -> Markdown:
    """What happened next, as a dated list with sources."""
    lines = [cell(text(history, "summary")), ""]
    lines += [f"- **{event.date.isoformat()}**: {cell(text(event, 'text'))}" for event in history.events]
    status = "" if history.verified else " " + _("Part of this is unverified, as the summary says.")
    lines += ["", _("Sources: {sources}.").format(sources=cell("; ".join(history.sources))) + status]
    return Markdown("\n".join(lines))


def attribution_text(factor: Factor, cases: Mapping[str, Scenario]) -> str:
    """Where the source draws a lesson from, and where the book also sees it at work."""
    names = {case_id: case.label for case_id, case in cases.items()}
    source = {
        "all": lambda: _("the source: from all cases"),
        "various": lambda: _("the source: from various cases"),
        "none": lambda: _("the source names no case"),
        "named": lambda: _("the source: {cases}").format(cases=", ".join(names[c] for c in factor.cases)),
    }[factor.attribution]()
    if factor.book_cases:
        source += "; " + _("the book also reads it in {cases}").format(
            cases=", ".join(names[c] for c in factor.book_cases))
    return source


def rubric_table(factors: Sequence[Factor], cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """The rubric of every factor: what each level from 1 to 5 looks like in a region."""
    cases = cases if cases is not None else load_cases()
    lang = book_language()
    blocks = []
    for factor in factors:
        note = " " + _("A high level works against the cooperation.") if factor.direction == "negative" else ""
        other = factor.label_en if lang == "nl" else factor.label_nl  # the name in the other language
        blocks.append(
            f"**{cell(factor.title_in(lang))}** ({cell(other)}, `{factor.key}`). {cell(factor.summary_in(lang))}{note} "
            f"({cell(attribution_text(factor, cases))}.)"
        )
        rows = [[number, reading_name(factor.key, number), line]
                for number, line in enumerate(factor.rubric_in(lang), 1)]
        blocks.append(table([_("Level"), _("Reading"), _("What you see in the region")], rows).text)
    return Markdown("\n\n".join(blocks))
