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

    def run(self, key: str) -> scoring.Evaluation:
        """The evaluation of one what-if scenario, by its key (``documented``, ``apply-all``, ...)."""
        for run in self.runs:
            if run.whatif.key == key:
                return run.evaluation
        raise KeyError(f"{self.case.id} has no what-if scenario {key!r}; "
                       f"it has {', '.join(run.whatif.key for run in self.runs)}")

    @staticmethod
    def fate(evaluation: scoring.Evaluation) -> str:
        """How a trajectory ends: the year it breaks up, or its class in its last year."""
        if evaluation.break_up_when is not None:
            return f"breaks up in {evaluation.break_up_when}"
        return f"is still going in {evaluation.final.when} ({evaluation.outcome})"

    def lesson_names(self, keys: list[str]) -> str:
        """Lessons by the names the tables give them: "A", "B" and "C"."""
        quoted = [f'"{self.factors[key].label_en}"' for key in keys]
        return " and ".join([", ".join(quoted[:-1]), quoted[-1]]) if len(quoted) > 1 else "".join(quoted)

    def lever_texts(self, count: int = 3) -> dict[str, str]:
        """Sentences on the best levers, for the page to glue: which they are, whether the source
        says the case lacked them, whether it is silent on them, and whether one step stops a break-up.

        Keys: ``levers``, ``levers_lacked``, ``levers_silent``, ``levers_breaking``, ``top_gain``.
        """
        case = self.case
        levers = case.levers()[:count]
        keys = [lever.factor for lever in levers]
        lacked = [key for key in keys if key in case.lacked]
        silent = [key for key in keys if case.codings[key].confidence == "unknown"]
        saving = [lever.factor for lever in levers
                  if case.profile.with_levels({lever.factor: lever.new_level}).evaluate(case.horizon).broke_up is None]
        if lacked:
            verb = "is" if len(lacked) == 1 else "are"
            lacked_text = (f"Of these, {self.lesson_names(lacked)} {verb} among the lessons the source says "
                           "the case lacked.")
        else:
            lacked_text = "None of them is a lesson the source says the case lacked."
        if silent:
            shows = "that lever shows" if len(silent) == 1 else "those levers show"
            silent_text = (f"On {self.lesson_names(silent)} the source is silent (coded unknown), so {shows} "
                           "where the model is sensitive, not a documented weakness.")
        else:
            silent_text = "Each of them rests on what the source says or implies about the case."
        if self.evaluation.broke_up is None:
            breaking = "As coded the cooperation does not break up within the years shown."
        elif len(saving) == len(levers):
            breaking = "Each of these steps alone keeps the cooperation from breaking up within the years shown."
        elif saving:
            which = (f"The step on {self.lesson_names(saving)}" if len(saving) == 1
                     else f"Each of the steps on {self.lesson_names(saving)}")
            breaking = which + " alone keeps the cooperation from breaking up within the years shown."
        else:
            breaking = ("After any one of these steps alone the cooperation still breaks up in the model, which is "
                        "why they are ranked by the gain in average momentum.")
        return {"levers": self.lesson_names(keys), "levers_lacked": lacked_text, "levers_silent": silent_text,
                "levers_breaking": breaking, "top_gain": f"{levers[0].gain:.1f}"}

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
