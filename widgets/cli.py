"""The ``samensterk`` command: list factors and cases, print a template, score a region, fit the model."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from widgets import scoring
from widgets.apps.voila import AppError
from widgets.apps.voila import serve as serve_app
from widgets.calibration.fit import FitError
from widgets.records import fields, loading, responses, scenario_files
from widgets.records.coding import Scenario
from widgets.records.fields import DataError
from widgets.records.responses import TeamError
from widgets.scoring import ProfileError
from widgets.shared import MAX_FILE_BYTES, MAX_FILE_SIZE  # as on the scan page
from widgets.team import answer_files, file_notes
from widgets.views import i18n, profile, traces

EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141  # as a shell reports a command stopped by SIGPIPE
TEXT_LEVERS = 5  # the levers in the cooperation's own hands `score` lists


class UsageError(Exception):
    """A command line the program cannot act on."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a bad command line in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def printable(text: str) -> str:
    """Text safe for a terminal: control characters shown as escapes."""
    return "".join(
        char if char.isprintable() or char == " " else f"\\x{ord(char):02x}"
        for char in text
    )


# ---------------------------------------------------------------------- commands


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


# ------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    parser = _Parser(prog="samensterk", description="Score intermunicipal cooperation with the Samen sterk model.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE,
                         help="language of the output (en or nl)")
        return sub

    factors = command("factors", "the eleven factors and their rubric")
    factors.add_argument("--json", action="store_true")
    cases = command("cases", "the coded cases")
    cases.add_argument("--json", action="store_true")
    template = command("template", "print a scenario file for a new region (or, with --scan, the questionnaire)")
    template.add_argument("--scan", action="store_true", help="the team scan's questionnaire, an answers file")
    score = command("score", "score a case or a scenario file")
    score.add_argument("target", metavar="CASE_OR_FILE")
    score.add_argument("--set", action="append", default=[], metavar="KEY=LEVEL")
    score.add_argument("--years", type=int, default=None, help="years from the start (default: the case's)")
    score.add_argument("--json", action="store_true")
    app = command("app", "the region explorer in the browser (Voila, 127.0.0.1 only)")
    app.add_argument("--case", metavar="ID", help="start from this case (default: a new region)")
    app.add_argument("--port", type=int, metavar="N", help="port (default 8866, or a free one)")
    app.add_argument("--scan", action="store_true",
                     help="the team scan's questionnaire instead of the explorer (in --lang)")
    combine = command("combine", "combine respondents' answers files (or team files) into one team file")
    combine.add_argument("files", nargs="+", metavar="FILE")
    combine.add_argument("-o", "--output", required=True, metavar="TEAM.toml")
    combine.add_argument("--name", default="", help="the arrangement's name (default: from the answers)")
    combine.add_argument("--names", action="store_true",
                         help="keep the respondents' names in the team file (only if every respondent agreed)")
    report = command("report", "write the team scan's report: one HTML file that prints to A4")
    report.add_argument("files", nargs="+", metavar="FILE", help="a team file, or the respondents' answers files")
    report.add_argument("--previous", metavar="TEAM.toml", help="an earlier team file, to show what changed")
    report.add_argument("-o", "--output", required=True, metavar="REPORT.html")
    qca_parser = command("qca", "fuzzy-set QCA of the twelve cases (the chapter 'Comparing the cases')")
    qca_parser.add_argument("--conditions", metavar="A,B,C", help="factor keys (default: the chapter's four)")
    qca_parser.add_argument("--threshold", metavar="X", help="consistency threshold from 0 to 1 (default 0.8)")
    qca_parser.add_argument("--anchors", metavar="E,C,I", help="fully out, crossover, fully in on the 1-5 scale")
    qca_parser.add_argument("--unknown", metavar="HOW", help="unknown codings: as-coded or crossover")
    qca_parser.add_argument("--negate", action="store_true", help="analyse the negated outcome (~HOLDS)")
    qca_parser.add_argument("--json", action="store_true")
    command("calibrate", "fit the model to the source's dated observations (needs the fit extra)")
    return parser


def run(argv: Sequence[str]) -> str | None:
    """Carry out one command and return what it prints (``app`` and ``calibrate`` print as they go)."""
    args = build_parser().parse_args(argv)
    if args.command == "app":
        serve_app(args.case, args.port, scan=args.scan, lang=args.lang)  # prints the URL, runs until Ctrl-C
        return None
    if args.command == "calibrate":
        from widgets.calibration.fit import calibrate

        calibrate()
        return None
    if args.command == "factors":
        return factors_command(args.json, args.lang)
    if args.command == "cases":
        return cases_command(args.json)
    if args.command == "template":
        return answer_files.scan_template_text(args.lang) if args.scan else scenario_files.template_text()
    if args.command in ("combine", "report"):
        return team_command(args)
    if args.command == "qca":
        from widgets import qca
        from widgets.browser import qca_page

        try:
            return qca_page.command(args.conditions, args.threshold, args.anchors, args.negate, args.unknown,
                                    args.json)
        except qca.QcaError as error:
            raise UsageError(qca_page.option_error(error)) from None
    settings = dict(parse_setting(text) for text in args.set)
    if args.years is not None:
        scoring.check_horizon(args.years)
    scenario = resolve(args.target)
    evaluation, view = scored(scenario, settings, args.years, args.lang)
    result = result_data(scenario, evaluation, view)
    if args.json:
        return json.dumps(result, ensure_ascii=False)
    return score_text(result, view)


def language_of(argv: Sequence[str]) -> str:
    """The --lang of a command line, read without parsing it (for its error messages)."""
    for index, word in enumerate(argv):
        value = word.split("=", 1)[1] if word.startswith("--lang=") else (
            argv[index + 1] if word == "--lang" and index + 1 < len(argv) else "")
        if value in i18n.LANGUAGES:
            return value
    return i18n.DEFAULT_LANGUAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: print the result, or one line on stderr and exit 2."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        output = run(argv)
    except (UsageError, DataError, ProfileError, AppError, FitError, TeamError) as error:
        lang = language_of(argv)
        message = str(error)
        if isinstance(error, DataError) and (lang != i18n.DEFAULT_LANGUAGE or error.rejected):

            message = file_notes.refusal(error, lang)
        _ = i18n.translator(lang)
        print(_("samensterk: error: {message}").format(message=printable(message)), file=sys.stderr)
        return EXIT_BAD_INPUT
    if output is not None:
        try:
            print(output, flush=True)
        except BrokenPipeError:  # the reader stopped early (`samensterk factors | head`)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_BROKEN_PIPE
    return int(getattr(output, "exit_code", 0))
