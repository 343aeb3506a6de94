"""The commands of ``samensterk`` (:mod:`widgets.cli` parses the command line and calls them): the
factors and cases, a scenario's score as text or JSON, and the team scan's combined file and report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from widgets import scoring
from widgets.records import fields, loading, responses, scenario_files
from widgets.records.coding import Scenario
from widgets.records.fields import DataError
from widgets.shared import MAX_FILE_BYTES, MAX_FILE_SIZE  # as on the scan page
from widgets.team import answer_files, file_notes
from widgets.views import i18n, profile, traces

TEXT_LEVERS = 5  # the levers in the cooperation's own hands `score` lists


class UsageError(Exception):
    """A command line the program cannot act on."""


def printable(text: str) -> str:
    """Text safe for a terminal: control characters shown as escapes."""
    return "".join(
        char if char.isprintable() or char == " " else f"\\x{ord(char):02x}"
        for char in text
    )


def factors_command(as_json: bool, lang: str = "en") -> str:
    """The factors with labels, lesson, direction and rubric."""
    _ = i18n.translator(lang)
    factors = loading.load_factors()
    if as_json:
        return json.dumps(
            [
                {
                    "key": f.key, "lesson": f.lesson, "label_en": f.label_en, "label_nl": f.label_nl,
                    "direction": f.direction, "sections": list(f.sections), "summary": f.summary_in(lang),
                    "rubric": list(f.rubric_in(lang)),
                }
                for f in factors
            ],
            ensure_ascii=False,
            indent=2,
        )
    blocks = []
    for f in factors:
        sign = _("works against cooperation") if f.direction == "negative" else _("works for cooperation")
        rubric = "\n".join(f"    {level}. {line}" for level, line in enumerate(f.rubric_in(lang), 1))
        lesson = _("lesson {number}").format(number=f.lesson)
        blocks.append(f"{f.key}  ({lesson}: {f.label(lang)}; {sign})\n{rubric}")
    return "\n\n".join(blocks)


def cases_command(as_json: bool) -> str:
    """The case ids and names."""
    cases = loading.load_cases()
    if as_json:
        return json.dumps(
            [{"id": c.id, "name": c.name, "documented_outcome": c.outcome,
              "outcome_confidence": c.outcome_confidence} for c in cases.values()],
            ensure_ascii=False,
            indent=2,
        )
    width = max(len(case_id) for case_id in cases)
    return "\n".join(f"{c.id:<{width}}  {c.name}" for c in cases.values())


def parse_setting(text: str) -> tuple[str, float]:
    """A ``KEY=LEVEL`` override, checked by the model's own rule for a level."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep:
        raise UsageError(f"--set {text!r}: expected KEY=LEVEL, e.g. trust=4")
    if key not in scoring.FACTORS:
        raise UsageError(f"--set {key}: unknown factor; allowed: {', '.join(scoring.FACTORS)}")
    try:
        level: object = float(value)
    except ValueError:
        level = value
    return key, scoring.check_level(f"--set {key}", level)


class TeamScenario:
    """A team file as ``score`` scores it: the team profile (each lesson's median, the Monte Carlo
    drawing from the respondents' own levels), with the scenario's interface."""

    id = ""
    outcome = None
    outcome_confidence = ""

    def __init__(self, combined: responses.Team, changed: dict[str, float] | None = None) -> None:
        self.team = combined
        self.name = combined.name or "team"
        self.changed = dict(changed or {})

    @property
    def profile(self) -> scoring.Profile:
        base = self.team.profile
        if not self.changed:
            return base
        samples = {f: found for f, found in (base.samples or {}).items() if f not in self.changed}
        return scoring.Profile(dict(base.levels) | self.changed, base.confidence, None, samples)

    def with_levels(self, levels: dict[str, float]) -> "TeamScenario":
        return TeamScenario(self.team, self.changed | dict(levels))

    def evaluate(self, horizon: int | None = None) -> scoring.Evaluation:
        return self.profile.evaluate(horizon or scoring.DEFAULT_HORIZON)

    def levers(self, horizon: int | None = None) -> tuple[scoring.Lever, ...]:
        return self.profile.levers(horizon or scoring.DEFAULT_HORIZON)


def resolve(target: str) -> Scenario | TeamScenario:
    """A case by id, or a scenario file (or a team file of the scan) by path."""
    if target in loading.case_ids():
        return loading.load_case(target)
    path = Path(target)
    if path.suffix or path.exists() or "/" in target:
        document = fields.read_toml(path)
        if document.get("kind") == answer_files.TEAM_KIND:
            return TeamScenario(answer_files.parse_team(path.read_bytes(), str(path)))
        return loading.load_scenario(path)
    raise UsageError(
        f"{target!r} is neither a case ({', '.join(loading.case_ids())}) nor a file"
    )


def scored(scenario: Scenario | TeamScenario, settings: dict[str, float], years: int | None,
           lang: str = "en") -> tuple[scoring.Evaluation, profile.ProfileView]:
    """The model's evaluation of a scenario with some levels changed, and what to show of it."""
    changed = scenario.with_levels(settings)
    evaluation = changed.evaluate(years)
    labels = {key: factor.label(lang) for key, factor in loading.factor_map().items()}
    return evaluation, profile.profile_view(evaluation, changed.levers(years), titles=labels, lang=lang)


def score_result(scenario: Scenario | TeamScenario, settings: dict[str, float], years: int | None) -> dict[str, Any]:
    """Everything the model says about a scenario, as plain data (see :func:`result_data`)."""
    return result_data(scenario, *scored(scenario, settings, years))


def result_data(scenario: Scenario | TeamScenario, evaluation: scoring.Evaluation,
                view: profile.ProfileView) -> dict[str, Any]:
    """Everything the model says about a scenario, as plain data.

    ``outcome`` is the likeliest class at the horizon; where the source documents an
    outcome, ``documented_year`` is the last year it dates and ``predicted_then`` the
    likeliest class in that same year, so that the two are compared like for like.
    """
    documented_year = scenario.last_dated_year if scenario.outcome else None
    then = None
    if documented_year is not None:
        try:
            then = evaluation.at(documented_year)
        except scoring.ProfileError:
            then = None
    return {
        "name": scenario.name,
        "case": scenario.id or None,
        "score": round(evaluation.score, 3),
        "outcome": view.outcome,
        "outcome_probabilities": {k: round(v, 4) for k, v in view.probabilities.items()},
        "alive": round(view.alive, 4),
        "documented_outcome": scenario.outcome,
        "documented_year": documented_year if then is not None else None,
        "predicted_then": then.outcome if then is not None else None,
        "probabilities_then": ({k: round(v, 4) for k, v in then.probabilities.items()} if then is not None
                               else None),
        "outcome_confidence": scenario.outcome_confidence or None,
        "broke_up": evaluation.break_up_when,
        "trajectory": [
            {
                "year": point.year,
                "calendar_year": point.calendar_year,
                "momentum": round(point.momentum, 3),
                "low": round(point.low, 3),
                "high": round(point.high, 3),
                "alive": round(point.alive, 4),
                "outcome": point.outcome,
                "probabilities": {k: round(v, 4) for k, v in point.probabilities.items()},
                "election": point.election,
            }
            for point in evaluation.trajectory
        ],
        "levers": [
            {
                "factor": lever.factor,
                "new_level": lever.new_level,
                "gain": lever.gain,
                "gain_low": lever.gain_low,
                "gain_high": lever.gain_high,
                "survival_gain": lever.survival_gain,
                "momentum_gain": lever.momentum_gain,
                "in_hand": lever.in_hand,
            }
            for lever in (lever.rounded() for lever in view.levers)
        ],
        "contributions": {k: round(v, 3) for k, v in evaluation.contributions.items()},
        "factors": dict(evaluation.levels),
    }


def score_text(result: dict[str, Any], view: profile.ProfileView) -> str:
    """A readable report of a score result, in the language of its view."""
    lang = view.lang
    _ = i18n.translator(lang)
    factors = loading.factor_map()
    lines = [printable(result["name"]), ""]
    lines.append(_("Level the lessons can carry: {score} / 100").format(score=f"{result['score']:.0f}"))
    lines += [view.outcome_line, view.chances_line]
    if result["documented_year"] is not None:
        then = _("In {year}, the last year the source dates: predicted {predicted}, documented {documented}")
        lines.append(then.format(year=result["documented_year"],
                                 predicted=traces.outcome_name(result["predicted_then"], lang),
                                 documented=traces.outcome_name(result["documented_outcome"], lang)))
    lines += ["", _("Chance it still exists, and its momentum if it does (likely range):")]
    for point in result["trajectory"]:
        when = point["calendar_year"] or _("year {number}").format(number=point["year"])
        mark = "  " + _("election") if point["election"] else ""
        bar = "#" * round(point["momentum"] / 4)
        lines.append(
            f"  {when!s:>7}  {point['alive']:4.0%}  {point['momentum']:5.1f}  "
            f"({point['low']:5.1f}-{point['high']:5.1f})  {bar}{mark}"
        )
    lines += ["", _("Factors (level, reading, contribution to the level):")]
    for key, level in result["factors"].items():
        reading = traces.reading_name(key, level, lang)
        lines.append(
            f"  {factors[key].label(lang):<32} {level:>4g}  {reading:<11} {result['contributions'][key]:+6.1f}"
        )
    lines += ["", _("Levers (one level better: change in the chance of a good outcome, in percentage points):")]
    lines += ["  " + lever.rounded().line() for lever in view.shown_levers(TEXT_LEVERS)]
    return "\n".join(lines)


def read_files(paths: Sequence[str]) -> tuple[list[tuple[str, bytes]], list[tuple[str, DataError]]]:
    """The files named on the command line, in order (the same name twice stays twice: the scan
    counts the same answers once, by their content), and those that cannot be read or are too
    large, each with the reason."""
    found, unread = [], []
    for name in paths:
        path = Path(name)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                unread.append((name, DataError(name, "file", f"larger than {MAX_FILE_SIZE}")))
                continue
            found.append((name, path.read_bytes()))
        except OSError as error:
            unread.append((name, DataError(name, "file", f"cannot be read ({error.strerror})")))
    return found, unread


EXIT_PARTIAL = 1  # the output was written, but a file given could not be used


class Partial(str):
    """What a command prints when it wrote its output without some of the files it was given."""

    exit_code = EXIT_PARTIAL


def team_command(args: argparse.Namespace) -> str:
    """``combine`` and ``report``: every file is read; a file that cannot be used is named with the
    reason on stderr while the others count (and the command exits non-zero); none usable: an error.
    Answers found twice count once, and it says so."""
    from widgets.records import export
    from widgets.team import report

    _ = i18n.translator(args.lang)
    ngettext = i18n.plural(args.lang)
    readable, unread = read_files(args.files)
    try:
        read = answer_files.read_team_files(readable, getattr(args, "name", ""), getattr(args, "names", False))
    except DataError as error:  # no file usable: each one's reason, the unreadable ones too
        error.rejected = tuple(unread) + error.rejected
        raise
    combined = read.team
    rejected = list(unread) + list(read.rejected)
    notes = [_("samensterk: not used: {reason}").format(reason=printable(file_notes.refusal(error, args.lang)))
             for _source, error in rejected]
    notes += ["samensterk: " + printable(note) for note in file_notes.intake_notes(read.intake, args.lang)]
    count = len(combined.respondents)
    if args.command == "combine":
        scenario_files.write_atomically(args.output, answer_files.team_text(combined))
        done = ngettext("{count} respondent -> {output}", "{count} respondents -> {output}", count).format(
            count=count, output=args.output)
    else:
        previous = None
        if args.previous:
            earlier, unread_earlier = read_files([args.previous])
            if unread_earlier:
                raise unread_earlier[0][1]
            previous = answer_files.read_team_files(earlier).team
        html = report.render(combined, report.context(export.case_data(), args.lang), args.lang, previous)
        scenario_files.write_atomically(args.output, html)
        done = ngettext("report of {count} respondent -> {output}", "report of {count} respondents -> {output}",
                        count).format(count=count, output=args.output)
    for note in notes:
        print(note, file=sys.stderr)
    return Partial(done) if rejected else done
