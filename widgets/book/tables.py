"""Tables for the book, built from the data and the model when the book is built.

Each function returns Markdown (MyST renders it); cell text is escaped so that
evidence or names can never break the table or inject markup.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Mapping, Sequence

from widgets import scoring
from widgets.book.whatif import Run
from widgets.records.coding import Factor, Scenario
from widgets.records.history import History
from widgets.records.loading import load_cases
from widgets.views import traces


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


def documented_outcome(case: Scenario) -> str:
    """The outcome the source gives, with how sure that reading is: "collapsed (documented)"."""
    if not case.outcome:
        return "not said"
    return f"{case.outcome} ({case.outcome_confidence or 'inferred'})"


def at_last_dated_year(case: Scenario, evaluation: scoring.Evaluation) -> scoring.YearPoint:
    """The trajectory's point in the case's last dated year (or its last year)."""
    last = case.last_dated_year
    return evaluation.at(last) if last is not None else evaluation.final


def most_probable(point: scoring.YearPoint) -> str:
    """The likeliest class of a year, with its chance: "collapsed (70%)"."""
    name, share = max(point.probabilities.items(), key=lambda item: item[1])
    return f"{name} ({share:.0%})"


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
        match = "n/a" if not case.outcome else ("yes" if point.outcome == case.outcome else "NO")
        rows.append([
            case.name, documented_outcome(case), point.when, most_probable(point), match,
            f"{point.alive:.0%}", evaluation.break_up_when or "", f"{held} of {total}",
        ])
    return table(["Case", "Documented outcome", "Last dated year", "Likeliest there (chance)", "Match",
                  "Still exists there", "Break-up likelier than not from", "Observations that hold"], rows)


def parameter_table(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> Markdown:
    """Every parameter of the model: value, fitted (with its prior range) or fixed, and meaning."""
    rows = []
    for spec in dataclasses.fields(params):
        if spec.name == "posterior":
            continue
        value = getattr(params, spec.name)
        if isinstance(value, Mapping):
            value = ", ".join(f"{k} {v:g}" for k, v in value.items())
        elif isinstance(value, float):
            value = f"{value:.3g}"
        prior = spec.metadata.get("prior")
        how = f"fitted in [{prior[0]:g}, {prior[1]:g}]" if prior else "fixed"
        rows.append([spec.name, value, how, spec.metadata.get("doc", "")])
    return table(["Parameter", "Value", "Fitted or fixed", "Meaning"], rows)


def coding_table(case: Scenario, factors: Mapping[str, Factor]) -> Markdown:
    """A case's coding: level, its reading, confidence, section and evidence per factor."""
    rows = [
        [factors[key].title, f"{coding.level:g}", scoring.reading(key, coding.level),
         coding.confidence + (" (read partly from the outcome)" if coding.from_outcome else ""),
         coding.section, coding.evidence]
        for key, coding in case.codings.items()
    ]
    return table(["Lesson", "Level", "Reading", "Confidence", "Source section", "Evidence"], rows)


def observation_table(case: Scenario, evaluation: scoring.Evaluation) -> Markdown:
    """The states the source dates for a case, against the model's trajectory."""
    rows = []
    for observation in case.observations:
        point = evaluation.at(observation.year)
        holds = scoring.state_holds(observation.state, point)
        model = f"still exists {point.alive:.0%}; momentum {point.momentum:.0f} if it does"
        rows.append([observation.year, observation.state.replace("_", " "), observation.confidence, model,
                     most_probable(point), "yes" if holds else "NO", observation.evidence])
    return table(["Year", "State in the source", "Confidence", "Model", "Likeliest class (chance)", "Holds",
                  "Evidence"], rows)


def scenario_table(runs: Sequence[Run]) -> Markdown:
    """Each what-if scenario with its score, final momentum and outcome."""
    rows = [
        [run.whatif.label, run.whatif.description, f"{run.evaluation.score:.0f}",
         f"{run.evaluation.final.alive:.0%}", run.evaluation.outcome,
         traces.probability_text(run.evaluation.outcome_probabilities)]
        for run in runs
    ]
    return table(["Scenario", "What changes", "Level E", "Still exists at the end", "Likeliest outcome",
                  "Chances"], rows)


def lever_table(case: Scenario, factors: Mapping[str, Factor], count: int = 3) -> Markdown:
    """The best levers of a case, with the source's evidence on that factor."""
    ranked = case.levers()
    chosen = [lever for lever in ranked if lever.in_hand][:count] + [lever for lever in ranked if not lever.in_hand]
    rows = [
        [factors[lever.factor].title + ("" if lever.in_hand else " (not in the cooperation's own hands)"),
         f"{case.codings[lever.factor].level:g} → {lever.new_level:g}",
         f"{lever.gain:+.1f} ({lever.gain_low:+.1f} to {lever.gain_high:+.1f})",
         f"{lever.survival_gain:+.1f}", case.codings[lever.factor].evidence]
        for lever in chosen
    ]
    return table(["Lever", "Level", "Gain in the chance of a good outcome (points; 10-90%)",
                  "Gain in the chance it still exists (points)", "What the source says"], rows)


def history_list(history: History) -> Markdown:
    """What happened next, as a dated list with sources."""
    lines = [cell(history.summary), ""]
    lines += [f"- **{event.date.isoformat()}**: {cell(event.text)}" for event in history.events]
    status = "" if history.verified else " Part of this is unverified, as the summary says."
    lines += ["", f"Sources: {cell('; '.join(history.sources))}.{status}"]
    return Markdown("\n".join(lines))


def attribution_text(factor: Factor, cases: Mapping[str, Scenario]) -> str:
    """Where the source draws a lesson from, and where the book also sees it at work."""
    names = {case_id: case.label for case_id, case in cases.items()}
    source = {
        "all": "the source: from all cases",
        "various": "the source: from various cases",
        "none": "the source names no case",
        "named": "the source: " + ", ".join(names[c] for c in factor.cases),
    }[factor.attribution]
    if factor.book_cases:
        source += "; the book also reads it in " + ", ".join(names[c] for c in factor.book_cases)
    return source


def rubric_table(factors: Sequence[Factor], cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """The rubric of every factor: what each level from 1 to 5 looks like in a region."""
    cases = cases if cases is not None else load_cases()
    blocks = []
    for factor in factors:
        note = " A high level works against the cooperation." if factor.direction == "negative" else ""
        blocks.append(
            f"**{cell(factor.title)}** ({cell(factor.label_nl)}, `{factor.key}`). {cell(factor.summary)}{note} "
            f"({cell(attribution_text(factor, cases))}.)"
        )
        rows = [[level, scoring.reading(factor.key, level), line] for level, line in enumerate(factor.rubric, 1)]
        blocks.append(table(["Level", "Reading", "What you see in the region"], rows).text)
    return Markdown("\n\n".join(blocks))
