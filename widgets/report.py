"""Tables for the book, built from the data and the model when the book is built.

Each function returns Markdown (MyST renders it); cell text is escaped so that
evidence or names can never break the table or inject markup.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Mapping, Sequence

from widgets import scoring
from widgets.loading import Factor, History, Scenario
from widgets.whatif import Run


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


def evaluate_case(case: Scenario, horizon: int = scoring.DEFAULT_HORIZON) -> scoring.Evaluation:
    """The model's evaluation of a case as coded."""
    return scoring.evaluate(case.levels, confidence=case.confidence, horizon=horizon, start_year=case.start)


def break_up_year(evaluation: scoring.Evaluation) -> int | None:
    """The first year in which momentum is zero (the cooperation broke up), if any."""
    for point in evaluation.trajectory[1:]:
        if point.momentum == 0.0:
            return point.calendar_year if point.calendar_year is not None else point.year
    return None


def calibration_table(cases: Mapping[str, Scenario]) -> Markdown:
    """Documented against predicted outcome for every case."""
    rows = []
    for case in cases.values():
        evaluation = evaluate_case(case)
        broke = break_up_year(evaluation)
        documented = case.outcome or "not said"
        match = "n/a" if not case.outcome else ("yes" if case.outcome == evaluation.outcome else "NO")
        rows.append([
            case.name, documented, evaluation.outcome, match, f"{evaluation.score:.0f}",
            f"{evaluation.final_momentum:.0f}", broke or "",
        ])
    return table(
        ["Case", "Documented (source)", "Predicted", "Match", "Score", "Final momentum", "Breaks up in"], rows
    )


def parameter_table(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> Markdown:
    """Every parameter of the model with its value and meaning."""
    rows = []
    for spec in dataclasses.fields(params):
        value = getattr(params, spec.name)
        if isinstance(value, Mapping):
            value = ", ".join(f"{k} {v:g}" for k, v in value.items())
        rows.append([spec.name, value, spec.metadata.get("doc", "")])
    return table(["Parameter", "Value", "Meaning"], rows)


def coding_table(case: Scenario, factors: Mapping[str, Factor]) -> Markdown:
    """A case's coding: level, confidence, section and evidence per factor."""
    rows = [
        [f"{factors[key].lesson}. {factors[key].label_en}", f"{coding.level:g}", coding.confidence,
         coding.section, coding.evidence]
        for key, coding in case.codings.items()
    ]
    return table(["Lesson", "Level", "Confidence", "Source section", "Evidence"], rows)


def scenario_table(runs: Sequence[Run]) -> Markdown:
    """Each what-if scenario with its score, final momentum and outcome."""
    rows = [
        [run.whatif.label, run.whatif.description, f"{run.evaluation.score:.0f}",
         f"{run.evaluation.final_momentum:.0f}", run.evaluation.outcome]
        for run in runs
    ]
    return table(["Scenario", "What changes", "Score", "Final momentum", "Predicted outcome"], rows)


def lever_table(case: Scenario, factors: Mapping[str, Factor], count: int = 3) -> Markdown:
    """The best levers of a case, with the source's evidence on that factor."""
    levers = scoring.levers(case.levels, start_year=case.start)[:count]
    rows = [
        [f"{factors[lever.factor].lesson}. {factors[lever.factor].label_en}",
         f"{case.codings[lever.factor].level:g} → {lever.new_level:g}", f"{lever.gain:+.1f}",
         f"{lever.mean_gain:+.1f}", case.codings[lever.factor].evidence]
        for lever in levers
    ]
    return table(["Lever", "Level", "Gain in final momentum", "Gain in mean momentum", "What the source says"], rows)


def history_list(history: History) -> Markdown:
    """What happened next, as a dated list with sources."""
    lines = [cell(history.summary), ""]
    lines += [f"- **{event.date.isoformat()}**: {cell(event.text)}" for event in history.events]
    status = "" if history.verified else " Part of this is unverified, as the summary says."
    lines += ["", f"Sources: {cell('; '.join(history.sources))}.{status}"]
    return Markdown("\n".join(lines))


def rubric_table(factors: Sequence[Factor]) -> Markdown:
    """The rubric of every factor: what each level from 1 to 5 looks like in a region."""
    blocks = []
    for factor in factors:
        note = " A high level works against the cooperation." if factor.direction == "negative" else ""
        blocks.append(
            f"**{factor.lesson}. {cell(factor.label_en)}** ({cell(factor.label_nl)}, "
            f"`{factor.key}`). {cell(factor.summary)}{note}"
        )
        rows = [[level, line] for level, line in enumerate(factor.rubric, start=1)]
        blocks.append(table(["Level", "What you see in the region"], rows).text)
    return Markdown("\n\n".join(blocks))
