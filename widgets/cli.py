"""The ``samensterk`` command line: its grammar, and what each command does (:mod:`widgets.commands`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

from widgets import scoring
from widgets.apps.voila import AppError
from widgets.apps.voila import serve as serve_app
from widgets.calibration.fit import FitError
from widgets.commands import (
    EXIT_PARTIAL,
    MAX_FILE_BYTES,
    UsageError,
    cases_command,
    factors_command,
    parse_setting,
    printable,
    resolve,
    result_data,
    score_result,
    score_text,
    scored,
    team_command,
)
from widgets.records import scenario_files
from widgets.records.fields import DataError
from widgets.records.responses import TeamError
from widgets.scoring import ProfileError
from widgets.team import answer_files, file_notes
from widgets.views import i18n

# What the tests and scripts reach through the command line's module.
__all__ = ["EXIT_BAD_INPUT", "EXIT_BROKEN_PIPE", "EXIT_PARTIAL", "MAX_FILE_BYTES", "UsageError", "build_parser",
           "main", "run", "score_result"]

EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141  # as a shell reports a command stopped by SIGPIPE


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a bad command line in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


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
