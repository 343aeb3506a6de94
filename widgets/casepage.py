"""The pieces of a case page, so each case notebook stays a few lines of calls."""

from __future__ import annotations

from functools import cached_property

from widgets import figures, loading, report, scoring, whatif


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

    def facts(self) -> report.Markdown:
        """Who, when, what was shared, and the outcome the source documents."""
        case = self.case
        municipalities = ", ".join(case.municipalities) or "not named in the source"
        documented = case.outcome or "the source does not say"
        rows = [
            ("Municipalities", municipalities),
            ("Province", case.province or "not stated in the source"),
            ("Period", f"{case.start}-{case.end}: {case.period}"),
            ("What was shared", case.shared),
            ("Source sections", "; ".join(f'"{s}"' for s in case.sections)),
            ("Documented outcome", f"{documented}: {case.outcome_justification}"),
            ("Predicted outcome", f"{self.evaluation.outcome} (readiness score {self.evaluation.score:.0f})"),
        ]
        return report.table(["Fact", "Detail"], rows)

    def codings(self) -> report.Markdown:
        """The coding table: level, confidence, section and evidence per lesson."""
        return report.coding_table(self.case, self.factors)

    def trajectory(self) -> figures.FigureHTML:
        """The predicted trajectory with its band, as documented."""
        figure = figures.trajectory_figure(self.runs[:1], self.case.outcome, f"{self.case.label}. ")
        return figures.show(figure, self._caption(self.runs[0]))

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
        caption = " ".join(parts)
        return figures.show(figure, caption)

    def what_if(self) -> figures.FigureHTML:
        """The what-if figure: a menu switches between precomputed scenarios."""
        figure = figures.trajectory_figure(self.runs, self.case.outcome, f"{self.case.label}. ")
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

    def _caption(self, run: whatif.Run) -> str:
        points = run.evaluation.trajectory
        documented = self.case.outcome or "not said"
        return (
            f"Predicted momentum from {points[0].momentum:.0f} to {points[-1].momentum:.0f} "
            f"over {len(points) - 1} years: {run.evaluation.outcome} (documented: {documented})."
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
