"""The pieces of a case page, so each case notebook stays a few lines of calls."""

from __future__ import annotations

from functools import cached_property

from widgets import scoring
from widgets.book import figures, tables, whatif
from widgets.book.language import _, book_language, decimal, listing, percent, signed, text
from widgets.records import history, loading, scenario_files
from widgets.shared import BLANK, PROBABILITIES_ID, TRAJECTORY_ID
from widgets.team import drawings
from widgets.views import traces

# The band of the draws that the pages show, put into messages as "{band}" (a literal "% o" in a message
# reads to gettext's tools as a printf conversion that the Dutch "% v" cannot match).
BAND = "10-90%"


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
            (_("Municipalities"), ", ".join(case.municipalities) or _("not named in the source")),
            (_("Province"), case.province or _("not stated in the source")),
            (_("Period"), f"{case.start}-{case.end}: {text(case, 'period')}"),
            (_("What was shared"), text(case, "shared")),
            (_("Source sections"), "; ".join(f'"{s}"' for s in case.sections)),
            (_("Documented outcome"), f"{tables.documented_outcome(case)}: {text(case, 'outcome_justification')}"),
            (_("Predicted in {year}").format(year=point.when),
             _("{chances} (a break-up counts as collapsed); chance it still exists {alive}, chance of a good "
               "outcome (continuing or thriving) {good}").format(
                 chances=traces.probability_text(point.probabilities, book_language()),
                 alive=percent(point.alive), good=percent(point.good))),
        ]
        return tables.table([_("Fact"), _("Detail")], rows)

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
            return _("The level of {lessons} is read partly from the outcome: part of the source's evidence for it "
                     "is how the cooperation turned out, so on this lesson the model's agreement with that outcome "
                     "is partly built in.").format(lessons=self.lesson_names(keys))
        return _("The levels of {lessons} are read partly from the outcome: part of the source's evidence for "
                 "them is how the cooperation turned out, so on these lessons the model's agreement with that "
                 "outcome is partly built in.").format(lessons=self.lesson_names(keys))

    def observations(self) -> tables.Markdown:
        """The states the source dates, against the model's trajectory."""
        return tables.observation_table(self.case, self.evaluation)

    def trajectory(self) -> figures.FigureHTML:
        """The predicted trajectory with its band, as documented."""
        figure = figures.trajectory_figure(self.runs[:1], self.case.last_dated_year)
        return figures.show(figure, self._caption(), div_id=TRAJECTORY_ID + self.case.id,
                            fallback=drawings.trajectory_svg(self.evaluation, book_language()))

    def probabilities(self) -> figures.FigureHTML:
        """The chance of each outcome class in every year."""
        figure = figures.probability_figure(self.evaluation, _("Chance of each outcome"))
        point = self.last_dated
        caption = _("Chances in {year}: {chances}.").format(
            year=point.when, chances=traces.probability_text(point.probabilities, book_language()))
        return figures.show(figure, caption, div_id=PROBABILITIES_ID + self.case.id)

    def contributions(self) -> figures.FigureHTML:
        """What sets the level the ten lessons in the cooperation's own hands can carry."""
        figure = figures.contributions_figure(self.evaluation, self.factors)
        best = max(self.evaluation.contributions.items(), key=lambda item: item[1])
        worst = min(self.evaluation.contributions.items(), key=lambda item: item[1])
        lang = book_language()
        parts = [_("The ten lessons in the cooperation's own hands carry momentum towards {score} of 100, every one "
                   "of them weighing the same; the merger threat is not among them, it acts on the chance of a "
                   "break-up.").format(score=f"{self.evaluation.score:.0f}")]
        if best[1] > 0:
            parts.append(_("Largest plus: {lesson} ({value}).").format(
                lesson=self.factors[best[0]].label(lang), value=signed(best[1])))
        if worst[1] < 0:
            parts.append(_("Largest minus: {lesson} ({value}).").format(
                lesson=self.factors[worst[0]].label(lang), value=signed(worst[1])))
        return figures.show(figure, " ".join(parts))

    def what_if(self) -> figures.FigureHTML:
        """The what-if figure: a menu switches between precomputed scenarios."""
        figure = figures.trajectory_figure(self.runs, self.case.last_dated_year)
        caption = _("Scenarios, with the chance of a good outcome (continuing or thriving) in their last year: "
                    "{scenarios}.").format(scenarios="; ".join(
                        f"{run.whatif.label}: {percent(run.evaluation.final.good)}" for run in self.runs))
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
            row[0] = _("Not in the cooperation's hands: {lever}").format(lever=row[0])
            rows.append(row)
        return tables.table(
            [_("Lever"), _("Level"), _("Gain in the chance of a good outcome in {year} (percentage points)").format(
                year=year), _("{band} of the draws").format(band=BAND),
             _("Gain in the chance it still exists (percentage points)"), _("What the source says")], rows)

    def _lever_row(self, lever: scoring.Lever) -> list[str]:
        coding = self.case.codings[lever.factor]
        return [self.factors[lever.factor].title_in(book_language()),
                f"{tables.level(coding.level)} → {tables.level(lever.new_level)}", signed(lever.gain),
                _("{low} to {high}").format(low=signed(lever.gain_low), high=signed(lever.gain_high)),
                signed(lever.survival_gain), tables.evidence(coding)]

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
        alive, good = _chance(final.alive), _chance(final.good)
        if evaluation.break_up_when is not None:
            then = _("then") if evaluation.break_up_when == final.when else _("in {year}").format(year=final.when)
            return _("is likelier than not to have broken up by {year} ({alive} chance that it still exists "
                     "{then}, {good} chance of a good outcome)").format(
                         year=evaluation.break_up_when, alive=alive, then=then, good=good)
        return _("has {alive} chance of still existing in {year} and {good} chance of a good outcome "
                 "there").format(alive=alive, year=final.when, good=good)

    def lesson_names(self, keys: list[str]) -> str:
        """Lessons by the names the tables give them: "A", "B" and "C"."""
        lang = book_language()
        return listing([f'"{self.factors[key].label(lang)}"' for key in keys])

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
            lacked_text = (_("Of these, {lessons} is among the lessons the source says the case lacked.")
                           if len(lacked) == 1 else
                           _("Of these, {lessons} are among the lessons the source says the case lacked.")
                           ).format(lessons=self.lesson_names(lacked))
        else:
            lacked_text = _("None of them is a lesson the source says the case lacked.")
        if silent:
            silent_text = (_("On {lessons} the source is silent (coded unknown), so that lever shows where the "
                             "model is sensitive, not a documented weakness.") if len(silent) == 1 else
                           _("On {lessons} the source is silent (coded unknown), so those levers show where the "
                             "model is sensitive, not a documented weakness.")).format(
                               lessons=self.lesson_names(silent))
        else:
            silent_text = _("Each of them rests on what the source says or implies about the case.")
        read = [key for key in keys if case.codings[key].from_outcome]
        if read:
            silent_text += " " + (_("The level of {lessons} is read partly from how the case turned out, so that "
                                    "lever leans on the outcome it is meant to explain.") if len(read) == 1 else
                                  _("The levels of {lessons} are read partly from how the case turned out, so "
                                    "those levers lean on the outcome they are meant to explain.")).format(
                                      lessons=self.lesson_names(read))
        top = levers[0]
        gain_text = _("One level more of {lesson} raises the chance of a good outcome in {year} by {gain} "
                      "percentage points ({band} of the draws: {low} to {high}) and the chance that the "
                      "cooperation still exists by {survival}.").format(
                          band=BAND, lesson=self.lesson_names([top.factor]), year=year, gain=decimal(top.gain, 1),
                          low=decimal(top.gain_low, 1), high=decimal(top.gain_high, 1),
                          survival=decimal(top.survival_gain, 1))
        if self.evaluation.broke_up is None:
            after = _("As coded, a break-up stays less likely than not up to {year}.").format(year=year)
        elif len(saving) == len(levers):
            after = _("Each of these steps alone keeps a break-up less likely than not up to {year}.").format(
                year=year)
        elif saving:
            after = (_("The step on {lessons} alone keeps a break-up less likely than not up to {year}.")
                     if len(saving) == 1 else
                     _("Each of the steps on {lessons} alone keeps a break-up less likely than not up to {year}.")
                     ).format(lessons=self.lesson_names(saving), year=year)
        else:
            after = _("After any one of these steps alone a break-up still becomes likelier than not by {year}: no "
                      "single step turns the case round.").format(year=year)
        breaking = f"{gain_text} {after}"
        threat = self.threat_lever()
        if threat is None:
            threat_text = _("The merger threat, which is not in the cooperation's hands, is already coded at its "
                            "lowest level.")
        else:
            threat_text = _("Less merger talk is listed apart, because it is not in the cooperation's hands: one "
                            "level less of the threat would raise the chance of a good outcome by {gain} percentage "
                            "points (10-90%: {low} to {high}) and the chance that the cooperation still exists by "
                            "{survival}.").format(gain=decimal(threat.gain, 1), low=decimal(threat.gain_low, 1),
                                                  high=decimal(threat.gain_high, 1),
                                                  survival=decimal(threat.survival_gain, 1))
        return {"levers": self.lesson_names(keys), "levers_lacked": lacked_text, "levers_silent": silent_text,
                "levers_breaking": breaking, "levers_threat": threat_text, "top_gain": decimal(top.gain, 1)}

    def history(self) -> tables.Markdown:
        """What happened next."""
        return tables.history_list(history.load_history()[self.case.id])

    def _caption(self) -> str:
        point = self.last_dated
        broke = self.evaluation.break_up_when
        ending = (_("A break-up becomes likelier than not in {year}.").format(year=broke) if broke is not None
                  else _("A break-up stays less likely than not up to {year}.").format(
                      year=self.evaluation.final.when))
        return _(
            "{case}: in {year}, the source's last dated year, the chance that the cooperation still exists is "
            "{alive}, and where it does its momentum averages {momentum} (band: {band} of those draws, {low} to "
            "{high}). {ending} Chances of each class there (a break-up counts as collapsed): {chances}; a good "
            "outcome (continuing or thriving) {good}. Documented: {documented}."
        ).format(case=self.case.label, year=point.when, band=BAND, alive=percent(point.alive),
                 momentum=f"{point.momentum:.0f}", low=f"{point.low:.0f}", high=f"{point.high:.0f}", ending=ending,
                 chances=traces.probability_text(point.probabilities, book_language()), good=percent(point.good),
                 documented=tables.documented_outcome(self.case))


def _a(share: float) -> str:
    """The article before a percentage as it is read aloud: "an 80% chance", "a 70% chance"."""
    digits = f"{share:.0%}".rstrip("%")
    return "an" if digits.startswith("8") or digits in ("11", "18") else "a"


def _chance(share: float) -> str:
    """A percentage as it stands before "chance": "an 80%" in English (with its article), "80%" in Dutch."""
    return f"{_a(share)} {percent(share)}" if book_language() == "en" else percent(share)


def overview() -> tuple[tables.Markdown, figures.FigureHTML, figures.FigureHTML]:
    """The comparison of all cases: calibration table, coding matrix and timeline."""
    cases = loading.load_cases()
    factors = loading.factor_map()
    matrix = figures.coding_matrix_figure(cases, factors)
    timeline = figures.timeline_figure(cases, history.load_history())
    return (
        tables.calibration_table(cases),
        figures.show(matrix, _("Levels of every case on the eleven lessons; hover for the evidence.")),
        figures.show(timeline, _("The years each case covers in the source and what followed.")),
    )


class RegionPage:
    """The figures of "Your region": a new region with every lesson at level 3, for the live controls."""

    KEY = BLANK

    def __init__(self) -> None:
        scenario = scenario_files.new_scenario(_("Your region"))
        self.run = whatif.Run(
            whatif.WhatIf(self.KEY, _("Every lesson at 3"), _("a new region, every lesson at the middle level"),
                          scenario.levels),
            scenario.evaluate(),
        )

    def trajectory(self) -> figures.FigureHTML:
        """The trajectory of a region with every lesson at 3, redrawn by the live controls."""
        evaluation = self.run.evaluation
        final = evaluation.final
        caption = _("A region with every lesson at level 3: after {years} years the chance that the cooperation "
                    "still exists is {alive}, and where it does its momentum averages {momentum} (from {start} at "
                    "the start); chances then (a break-up counts as collapsed): {chances}; a good outcome "
                    "{good}.").format(
                        years=len(evaluation.trajectory) - 1, alive=percent(final.alive),
                        momentum=f"{final.momentum:.0f}", start=f"{evaluation.trajectory[0].momentum:.0f}",
                        chances=traces.probability_text(evaluation.outcome_probabilities, book_language()),
                        good=percent(final.good))
        return figures.show(figures.trajectory_figure([self.run]), caption, div_id=TRAJECTORY_ID + self.KEY,
                            fallback=drawings.trajectory_svg(evaluation, book_language()))

    def probabilities(self) -> figures.FigureHTML:
        """The chance of each outcome class in every year."""
        evaluation = self.run.evaluation
        return figures.show(figures.probability_figure(evaluation, _("Chance of each outcome")),
                            _("Chances after {years} years (a break-up counts as collapsed): {chances}.").format(
                                years=len(evaluation.trajectory) - 1,
                                chances=traces.probability_text(evaluation.outcome_probabilities, book_language())),
                            div_id=PROBABILITIES_ID + self.KEY)
