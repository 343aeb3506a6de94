"""The pieces of a case page, so each case notebook stays a few lines of calls."""

from __future__ import annotations

from functools import cached_property

from widgets import scoring
from widgets.book import figures, tables, whatif
from widgets.records import history, loading, scenario_files
from widgets.shared import BLANK, PROBABILITIES_ID, TRAJECTORY_ID
from widgets.team import drawings
from widgets.views import traces


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
        return tables.at_last_dated_year(self.case, self.evaluation)

    def facts(self) -> tables.Markdown:
        """Who, when, what was shared, and the outcome the source documents."""
        case = self.case
        point = self.last_dated
        rows = [
            ("Municipalities", ", ".join(case.municipalities) or "not named in the source"),
            ("Province", case.province or "not stated in the source"),
            ("Period", f"{case.start}-{case.end}: {case.period}"),
            ("What was shared", case.shared),
            ("Source sections", "; ".join(f'"{s}"' for s in case.sections)),
            ("Documented outcome", f"{tables.documented_outcome(case)}: {case.outcome_justification}"),
            ("Predicted in " + str(point.when),
             f"{traces.probability_text(point.probabilities)} (a break-up counts as collapsed); chance it "
             f"still exists {point.alive:.0%}, chance of a good outcome (continuing or thriving) {point.good:.0%}"),
        ]
        return tables.table(["Fact", "Detail"], rows)

    def codings(self) -> tables.Markdown:
        """The coding table: level, reading, confidence, section and evidence per lesson, with a note
        under it on the levels read partly from how the case turned out."""
        table = tables.coding_table(self.case, self.factors)
        note = self.from_outcome_text()
        return tables.Markdown(f"{table.text}\n\n{note}") if note else table

    def from_outcome_text(self) -> str:
        """A sentence naming the codings read partly from the outcome (empty if there are none)."""
        keys = [key for key, coding in self.case.codings.items() if coding.from_outcome]
        if not keys:
            return ""
        if len(keys) == 1:
            return (f"The level of {self.lesson_names(keys)} is read partly from the outcome: part of the source's "
                    "evidence for it is how the cooperation turned out, so on this lesson the model's agreement "
                    "with that outcome is partly built in.")
        return (f"The levels of {self.lesson_names(keys)} are read partly from the outcome: part of the source's "
                "evidence for them is how the cooperation turned out, so on these lessons the model's agreement "
                "with that outcome is partly built in.")

    def observations(self) -> tables.Markdown:
        """The states the source dates, against the model's trajectory."""
        return tables.observation_table(self.case, self.evaluation)

    def trajectory(self) -> figures.FigureHTML:
        """The predicted trajectory with its band, as documented."""
        figure = figures.trajectory_figure(self.runs[:1], self.case.last_dated_year)
        return figures.show(figure, self._caption(), div_id=TRAJECTORY_ID + self.case.id,
                            fallback=drawings.trajectory_svg(self.evaluation, "en"))

    def probabilities(self) -> figures.FigureHTML:
        """The chance of each outcome class in every year."""
        figure = figures.probability_figure(self.evaluation, "Chance of each outcome")
        point = self.last_dated
        caption = f"Chances in {point.when}: {traces.probability_text(point.probabilities)}."
        return figures.show(figure, caption, div_id=PROBABILITIES_ID + self.case.id)

    def contributions(self) -> figures.FigureHTML:
        """What sets the level the ten lessons in the cooperation's own hands can carry."""
        figure = figures.contributions_figure(self.evaluation, self.factors)
        best = max(self.evaluation.contributions.items(), key=lambda item: item[1])
        worst = min(self.evaluation.contributions.items(), key=lambda item: item[1])
        parts = [f"The ten lessons in the cooperation's own hands carry momentum towards "
                 f"{self.evaluation.score:.0f} of 100, every one of them weighing the same; the merger threat is not "
                 "among them, it acts on the chance of a break-up."]
        if best[1] > 0:
            parts.append(f"Largest plus: {self.factors[best[0]].label_en} ({best[1]:+.1f}).")
        if worst[1] < 0:
            parts.append(f"Largest minus: {self.factors[worst[0]].label_en} ({worst[1]:+.1f}).")
        return figures.show(figure, " ".join(parts))

    def what_if(self) -> figures.FigureHTML:
        """The what-if figure: a menu switches between precomputed scenarios."""
        figure = figures.trajectory_figure(self.runs, self.case.last_dated_year)
        caption = "Scenarios, with the chance of a good outcome (continuing or thriving) in their last year: " + \
            "; ".join(f"{run.whatif.label}: {run.evaluation.final.good:.0%}" for run in self.runs) + "."
        return figures.show(figure, caption)

    def scenarios(self) -> tables.Markdown:
        """The what-if scenarios as a table."""
        return tables.scenario_table(self.runs)

    def in_hand_levers(self) -> list[scoring.Lever]:
        """The levers in the cooperation's own hands, best first."""
        return [lever for lever in self.case.levers() if lever.in_hand]

    def threat_lever(self) -> scoring.Lever | None:
        """Less merger talk, the lever not in the cooperation's hands (None if the threat is already at 1)."""
        return next((lever for lever in self.case.levers() if not lever.in_hand), None)

    def levers(self, count: int = 3) -> tables.Markdown:
        """The best levers in the cooperation's hands with the source's evidence on them; the merger
        threat in a row of its own below them."""
        year = self.evaluation.final.when
        rows = [self._lever_row(lever) for lever in self.in_hand_levers()[:count]]
        threat = self.threat_lever()
        if threat is not None:
            row = self._lever_row(threat)
            row[0] = f"Not in the cooperation's hands: {row[0]}"
            rows.append(row)
        return tables.table(
            ["Lever", "Level", f"Gain in the chance of a good outcome in {year} (percentage points)",
             "10-90% of the draws", "Gain in the chance it still exists (percentage points)",
             "What the source says"], rows)

    def _lever_row(self, lever: scoring.Lever) -> list[str]:
        coding = self.case.codings[lever.factor]
        return [self.factors[lever.factor].title, f"{coding.level:g} → {lever.new_level:g}", f"{lever.gain:+.1f}",
                f"{lever.gain_low:+.1f} to {lever.gain_high:+.1f}", f"{lever.survival_gain:+.1f}", coding.evidence]

    def run(self, key: str) -> scoring.Evaluation:
        """The evaluation of one what-if scenario, by its key (``documented``, ``apply-all``, ...)."""
        for run in self.runs:
            if run.whatif.key == key:
                return run.evaluation
        raise KeyError(f"{self.case.id} has no what-if scenario {key!r}; "
                       f"it has {', '.join(run.whatif.key for run in self.runs)}")

    @staticmethod
    def fate(evaluation: scoring.Evaluation) -> str:
        """How a trajectory ends, in chances: the first year in which a break-up is likelier than not, if
        there is one, and in the last year the chance it still exists and of a good outcome."""
        final = evaluation.final
        if evaluation.break_up_when is not None:
            then = "then" if evaluation.break_up_when == final.when else f"in {final.when}"
            return (f"is likelier than not to have broken up by {evaluation.break_up_when} "
                    f"({_a(final.alive)} {final.alive:.0%} chance that it still exists {then}, {_a(final.good)} "
                    f"{final.good:.0%} chance of a good outcome)")
        return (f"has {_a(final.alive)} {final.alive:.0%} chance of still existing in {final.when} and "
                f"{_a(final.good)} {final.good:.0%} chance of a good outcome there")

    def lesson_names(self, keys: list[str]) -> str:
        """Lessons by the names the tables give them: "A", "B" and "C"."""
        quoted = [f'"{self.factors[key].label_en}"' for key in keys]
        return " and ".join([", ".join(quoted[:-1]), quoted[-1]]) if len(quoted) > 1 else "".join(quoted)

    def lever_texts(self, count: int = 3) -> dict[str, str]:
        """Sentences on the best levers in the cooperation's hands, for the page to glue: which they are,
        whether the source says the case lacked them, whether it is silent on them, what the best one
        gains and whether one step alone keeps a break-up less likely than not; and the merger threat,
        listed apart because it is not in the cooperation's hands.

        Keys: ``levers``, ``levers_lacked``, ``levers_silent``, ``levers_breaking``, ``levers_threat``,
        ``top_gain``.
        """
        case = self.case
        year = self.evaluation.final.when
        levers = self.in_hand_levers()[:count]
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
        read = [key for key in keys if case.codings[key].from_outcome]
        if read:
            silent_text += (f" The level of {self.lesson_names(read)} is read partly from how the case turned out, "
                            "so that lever leans on the outcome it is meant to explain." if len(read) == 1 else
                            f" The levels of {self.lesson_names(read)} are read partly from how the case turned "
                            "out, so those levers lean on the outcome they are meant to explain.")
        top = levers[0]
        gain_text = (f"One level more of {self.lesson_names([top.factor])} raises the chance of a good outcome "
                     f"in {year} by {top.gain:.1f} percentage points (10-90% of the draws: {top.gain_low:.1f} to "
                     f"{top.gain_high:.1f}) and the chance that the cooperation still exists by "
                     f"{top.survival_gain:.1f}.")
        if self.evaluation.broke_up is None:
            breaking = gain_text + f" As coded, a break-up stays less likely than not up to {year}."
        elif len(saving) == len(levers):
            breaking = gain_text + (f" Each of these steps alone keeps a break-up less likely than not up to "
                                    f"{year}.")
        elif saving:
            which = (f"The step on {self.lesson_names(saving)}" if len(saving) == 1
                     else f"Each of the steps on {self.lesson_names(saving)}")
            breaking = gain_text + f" {which} alone keeps a break-up less likely than not up to {year}."
        else:
            breaking = gain_text + (" After any one of these steps alone a break-up still becomes likelier than "
                                    f"not by {year}: no single step turns the case round.")
        threat = self.threat_lever()
        if threat is None:
            threat_text = ("The merger threat, which is not in the cooperation's hands, is already coded at its "
                           "lowest level.")
        else:
            threat_text = (f"Less merger talk is listed apart, because it is not in the cooperation's hands: one "
                           f"level less of the threat would raise the chance of a good outcome by {threat.gain:.1f} "
                           f"percentage points (10-90%: {threat.gain_low:.1f} to {threat.gain_high:.1f}) and the "
                           f"chance that the cooperation still exists by {threat.survival_gain:.1f}.")
        return {"levers": self.lesson_names(keys), "levers_lacked": lacked_text, "levers_silent": silent_text,
                "levers_breaking": breaking, "levers_threat": threat_text, "top_gain": f"{top.gain:.1f}"}

    def history(self) -> tables.Markdown:
        """What happened next."""
        return tables.history_list(history.load_history()[self.case.id])

    def _caption(self) -> str:
        point = self.last_dated
        broke = self.evaluation.break_up_when
        ending = (f" A break-up becomes likelier than not in {broke}." if broke is not None
                  else f" A break-up stays less likely than not up to {self.evaluation.final.when}.")
        return (
            f"{self.case.label}: in {point.when}, the source's last dated year, the chance that the cooperation "
            f"still exists is {point.alive:.0%}, and where it does its momentum averages {point.momentum:.0f} "
            f"(band: 10-90% of those draws, {point.low:.0f} to {point.high:.0f}).{ending} "
            f"Chances of each class there (a break-up counts as collapsed): "
            f"{traces.probability_text(point.probabilities)}; a good outcome (continuing or thriving) "
            f"{point.good:.0%}. Documented: {tables.documented_outcome(self.case)}."
        )


def _a(share: float) -> str:
    """The article before a percentage as it is read aloud: "an 80% chance", "a 70% chance"."""
    digits = f"{share:.0%}".rstrip("%")
    return "an" if digits.startswith("8") or digits in ("11", "18") else "a"


def overview() -> tuple[tables.Markdown, figures.FigureHTML, figures.FigureHTML]:
    """The comparison of all cases: calibration table, coding matrix and timeline."""
    cases = loading.load_cases()
    factors = loading.factor_map()
    matrix = figures.coding_matrix_figure(cases, factors)
    timeline = figures.timeline_figure(cases, history.load_history())
    return (
        tables.calibration_table(cases),
        figures.show(matrix, "Levels of every case on the eleven lessons; hover for the evidence."),
        figures.show(timeline, "The years each case covers in the source and what followed."),
    )


class RegionPage:
    """The figures of "Your region": a new region with every lesson at level 3, for the live controls."""

    KEY = BLANK

    def __init__(self) -> None:
        scenario = scenario_files.new_scenario("Your region")
        self.run = whatif.Run(
            whatif.WhatIf(self.KEY, "Every lesson at 3", "a new region, every lesson at the middle level",
                          scenario.levels),
            scenario.evaluate(),
        )

    def trajectory(self) -> figures.FigureHTML:
        """The trajectory of a region with every lesson at 3, redrawn by the live controls."""
        evaluation = self.run.evaluation
        final = evaluation.final
        caption = (f"A region with every lesson at level 3: after {len(evaluation.trajectory) - 1} years the "
                   f"chance that the cooperation still exists is {final.alive:.0%}, and where it does its momentum "
                   f"averages {final.momentum:.0f} (from {evaluation.trajectory[0].momentum:.0f} at the start); "
                   f"chances then (a break-up counts as collapsed): "
                   f"{traces.probability_text(evaluation.outcome_probabilities)}; a good outcome {final.good:.0%}.")
        return figures.show(figures.trajectory_figure([self.run]), caption, div_id=TRAJECTORY_ID + self.KEY,
                            fallback=drawings.trajectory_svg(evaluation, "en"))

    def probabilities(self) -> figures.FigureHTML:
        """The chance of each outcome class in every year."""
        evaluation = self.run.evaluation
        return figures.show(figures.probability_figure(evaluation, "Chance of each outcome"),
                            f"Chances after {len(evaluation.trajectory) - 1} years (a break-up counts as "
                            f"collapsed): {traces.probability_text(evaluation.outcome_probabilities)}.",
                            div_id=PROBABILITIES_ID + self.KEY)
