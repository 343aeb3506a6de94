"""The pieces of a case page, so each case notebook stays a few lines of calls."""

from __future__ import annotations

from functools import cached_property

from widgets import figures, loading, report, scoring, traces, whatif


class CasePage:
    """Everything a case page shows, computed from the data and the model."""

    def __init__(self, case_id: str) -> None:
        self.case = loading.load_case(case_id)
        self.factors = loading.factor_map()

    @cached_property
    def runs(self) -> list[whatif.Run]:
        """The what-if scenarios of this case, evaluated."""
        return whatif.runs(self.case, self.factors)

    @property
    def evaluation(self) -> scoring.Evaluation:
        """The model's evaluation of the case as documented."""
        return self.runs[0].evaluation

    @property
    def last_dated(self) -> scoring.YearPoint:
        """The trajectory in the source's last dated year of the case."""
        return report.at_last_dated_year(self.case, self.evaluation)

    def facts(self) -> report.Markdown:
        """Who, when, what was shared, and the outcome the source documents."""
        case = self.case
        point = self.last_dated
        rows = [
            ("Municipalities", ", ".join(case.municipalities) or "not named in the source"),
            ("Province", case.province or "not stated in the source"),
            ("Period", f"{case.start}-{case.end}: {case.period}"),
            ("What was shared", case.shared),
            ("Source sections", "; ".join(f'"{s}"' for s in case.sections)),
            ("Documented outcome", f"{report.documented_outcome(case)}: {case.outcome_justification}"),
            ("Predicted in " + str(point.when),
             f"{traces.probability_text(point.probabilities)} (readiness score {self.evaluation.score:.0f})"),
        ]
        return report.table(["Fact", "Detail"], rows)

    def codings(self) -> report.Markdown:
        """The coding table: level, reading, confidence, section and evidence per lesson."""
        return report.coding_table(self.case, self.factors)

    def observations(self) -> report.Markdown:
        """The states the source dates, against the model's trajectory."""
        return report.observation_table(self.case, self.evaluation)

    def trajectory(self) -> figures.FigureHTML:
        """The predicted trajectory with its band, as documented."""
        figure = figures.trajectory_figure(self.runs[:1], self.case.last_dated_year)
        return figures.show(figure, self._caption(), div_id=f"samensterk-trajectory-{self.case.id}",
                            fallback=traces.trajectory_svg(self.evaluation, "en"))

    def probabilities(self) -> figures.FigureHTML:
        """The chance of each outcome class in every year."""
        figure = figures.probability_figure(self.evaluation, "Chance of each outcome")
        point = self.last_dated
        caption = f"Chances in {point.when}: {traces.probability_text(point.probabilities)}."
        return figures.show(figure, caption, div_id=f"samensterk-probabilities-{self.case.id}")

    def contributions(self) -> figures.FigureHTML:
        """What drives the readiness score."""
        figure = figures.contributions_figure(self.evaluation, self.factors)
        best = max(self.evaluation.contributions.items(), key=lambda item: item[1])
        worst = min(self.evaluation.contributions.items(), key=lambda item: item[1])
        parts = [f"Readiness score {self.evaluation.score:.0f}."]
        if best[1] > 0:
            parts.append(f"Largest plus: {self.factors[best[0]].label_en} ({best[1]:+.1f}).")
        if worst[1] < 0:
            parts.append(f"Largest minus: {self.factors[worst[0]].label_en} ({worst[1]:+.1f}).")
        return figures.show(figure, " ".join(parts))

    def what_if(self) -> figures.FigureHTML:
        """The what-if figure: a menu switches between precomputed scenarios."""
        figure = figures.trajectory_figure(self.runs, self.case.last_dated_year)
        caption = "Scenarios: " + "; ".join(
            f"{run.whatif.label}: {run.evaluation.outcome}" for run in self.runs
        ) + "."
        return figures.show(figure, caption)

    def scenarios(self) -> report.Markdown:
        """The what-if scenarios as a table."""
        return report.scenario_table(self.runs)

    def levers(self, count: int = 3) -> report.Markdown:
        """The best levers with the source's evidence on them."""
        return report.lever_table(self.case, self.factors, count)

    def history(self) -> report.Markdown:
        """What happened next."""
        return report.history_list(loading.load_history()[self.case.id])

    def live(self) -> object | None:
        """The live explorer for this case when the notebook runs in Jupyter (None in the book)."""
        from widgets import explorer  # ipywidgets: only for a notebook run live

        return explorer.live(self.case.id)

    def _caption(self) -> str:
        points = self.evaluation.trajectory
        point = self.last_dated
        broke = self.evaluation.break_up_when
        ending = f"; it breaks up in {broke}" if broke is not None else ""
        return (
            f"{self.case.label}: predicted momentum from {points[0].momentum:.0f} in {points[0].when} to "
            f"{point.momentum:.0f} in {point.when}, the source's last dated year{ending}. "
            f"Chances there: {traces.probability_text(point.probabilities)}; documented: "
            f"{report.documented_outcome(self.case)}. The band is the 10-90% range of the draws."
        )


def overview() -> tuple[report.Markdown, figures.FigureHTML, figures.FigureHTML]:
    """The comparison of all cases: calibration table, coding matrix and timeline."""
    cases = loading.load_cases()
    factors = loading.factor_map()
    matrix = figures.coding_matrix_figure(cases, factors)
    timeline = figures.timeline_figure(cases, loading.load_history())
    return (
        report.calibration_table(cases),
        figures.show(matrix, "Levels of every case on the eleven lessons; hover for the evidence."),
        figures.show(timeline, "The years each case covers in the source and what followed."),
    )


class RegionPage:
    """The figures of "Your region": a new region with every lesson at level 3, for the live controls."""

    KEY = "blank"

    def __init__(self) -> None:
        scenario = loading.new_scenario("Your region")
        self.run = whatif.Run(
            whatif.WhatIf(self.KEY, "Every lesson at 3", "a new region, every lesson at the middle level",
                          scenario.levels),
            scenario.evaluate(),
        )

    def trajectory(self) -> figures.FigureHTML:
        """The trajectory of a region with every lesson at 3, redrawn by the live controls."""
        evaluation = self.run.evaluation
        caption = (f"A region with every lesson at level 3: momentum from {evaluation.trajectory[0].momentum:.0f} "
                   f"to {evaluation.final_momentum:.0f} after {len(evaluation.trajectory) - 1} years; chances then: "
                   f"{traces.probability_text(evaluation.outcome_probabilities)}.")
        return figures.show(figures.trajectory_figure([self.run]), caption, div_id=f"samensterk-trajectory-{self.KEY}",
                            fallback=traces.trajectory_svg(evaluation, "en"))

    def probabilities(self) -> figures.FigureHTML:
        """The chance of each outcome class in every year."""
        evaluation = self.run.evaluation
        return figures.show(figures.probability_figure(evaluation, "Chance of each outcome"),
                            f"Chances after {len(evaluation.trajectory) - 1} years: "
                            f"{traces.probability_text(evaluation.outcome_probabilities)}.",
                            div_id=f"samensterk-probabilities-{self.KEY}")
