"""The ``samensterk`` command: list factors and cases, print a template, score a region."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from widgets import loading, scoring
from widgets.app import AppError, serve as serve_app
from widgets.loading import DataError, Scenario
from widgets.scoring import ProfileError

EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141  # as a shell reports a command stopped by SIGPIPE


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


def factors_command(as_json: bool) -> str:
    """The factors with labels, lesson, direction and rubric."""
    factors = loading.load_factors()
    if as_json:
        return json.dumps(
            [
                {
                    "key": f.key,
                    "lesson": f.lesson,
                    "label_en": f.label_en,
                    "label_nl": f.label_nl,
                    "direction": f.direction,
                    "sections": list(f.sections),
                    "summary": f.summary,
                    "rubric": list(f.rubric),
                }
                for f in factors
            ],
            ensure_ascii=False,
            indent=2,
        )
    blocks = []
    for f in factors:
        sign = "works against cooperation" if f.direction == "negative" else "works for cooperation"
        rubric = "\n".join(f"    {level}. {line}" for level, line in enumerate(f.rubric, 1))
        blocks.append(
            f"{f.key}  (lesson {f.lesson}: {f.label_en} / {f.label_nl}; {sign})\n{rubric}"
        )
    return "\n\n".join(blocks)


def cases_command(as_json: bool) -> str:
    """The case ids and names."""
    cases = loading.load_cases()
    if as_json:
        return json.dumps(
            [
                {"id": c.id, "name": c.name, "documented_outcome": c.outcome}
                for c in cases.values()
            ],
            ensure_ascii=False,
            indent=2,
        )
    width = max(len(case_id) for case_id in cases)
    return "\n".join(f"{c.id:<{width}}  {c.name}" for c in cases.values())


def parse_setting(text: str) -> tuple[str, float]:
    """A ``KEY=LEVEL`` override, checked."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep:
        raise UsageError(f"--set {text!r}: expected KEY=LEVEL, e.g. trust=4")
    if key not in scoring.FACTORS:
        raise UsageError(f"--set {key}: unknown factor; allowed: {', '.join(scoring.FACTORS)}")
    try:
        level = float(value)
    except ValueError:
        raise UsageError(f"--set {key}: level must be a number from 1 to 5, got {value!r}") from None
    scoring.validate_profile({**{f: 3 for f in scoring.FACTORS}, key: level})
    return key, level


def resolve(target: str) -> Scenario:
    """A case by id, or a scenario file by path."""
    if target in loading.CASE_IDS:
        return loading.load_case(target)
    path = Path(target)
    if path.suffix or path.exists() or "/" in target:
        return loading.load_scenario(path)
    raise UsageError(
        f"{target!r} is neither a case ({', '.join(loading.CASE_IDS)}) nor a file"
    )


def score_result(scenario: Scenario, settings: dict[str, float], years: int) -> dict[str, Any]:
    """Everything the model says about a scenario, as plain data."""
    levels = {**scenario.levels, **settings}
    evaluation = scoring.evaluate(
        levels, confidence=scenario.confidence, horizon=years, start_year=scenario.start
    )
    levers = scoring.levers(levels, horizon=years, start_year=scenario.start)
    return {
        "name": scenario.name,
        "case": scenario.id or None,
        "score": round(evaluation.score, 3),
        "outcome": evaluation.outcome,
        "documented_outcome": scenario.outcome,
        "trajectory": [
            {
                "year": point.year,
                "calendar_year": point.calendar_year,
                "momentum": round(point.momentum, 3),
                "low": round(point.low, 3),
                "high": round(point.high, 3),
                "election": point.election,
            }
            for point in evaluation.trajectory
        ],
        "levers": [
            {
                "factor": lever.factor,
                "new_level": lever.new_level,
                "gain": round(lever.gain, 3),
                "mean_gain": round(lever.mean_gain, 3),
            }
            for lever in levers
        ],
        "contributions": {k: round(v, 3) for k, v in evaluation.contributions.items()},
        "factors": dict(evaluation.levels),
    }


def score_text(result: dict[str, Any]) -> str:
    """A readable report of a score result."""
    factors = loading.factor_map()
    lines = [printable(result["name"]), ""]
    lines.append(f"Readiness score: {result['score']:.0f} / 100")
    documented = result["documented_outcome"]
    lines.append(
        f"Predicted outcome: {result['outcome']}"
        + (f" (documented: {documented})" if documented else "")
    )
    lines += ["", "Momentum by year (band low-high):"]
    for point in result["trajectory"]:
        when = point["calendar_year"] or f"year {point['year']}"
        mark = "  election" if point["election"] else ""
        bar = "#" * round(point["momentum"] / 4)
        lines.append(
            f"  {when!s:>7}  {point['momentum']:5.1f}  ({point['low']:5.1f}-{point['high']:5.1f})  {bar}{mark}"
        )
    lines += ["", "Factors (level, contribution to the score):"]
    for key, level in result["factors"].items():
        lines.append(
            f"  {factors[key].label_en:<30} {level:>4g}  {result['contributions'][key]:+6.1f}"
        )
    lines += ["", "Levers (one level better, gain in final momentum):"]
    for lever in result["levers"][:5]:
        lines.append(
            f"  {factors[lever['factor']].label_en:<30} to {lever['new_level']:g}: {lever['gain']:+.1f}"
        )
    return "\n".join(lines)


# ------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    parser = _Parser(prog="samensterk", description="Score intermunicipal cooperation with the Samen sterk model.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    factors = commands.add_parser("factors", help="the eleven factors and their rubric")
    factors.add_argument("--json", action="store_true")
    cases = commands.add_parser("cases", help="the coded cases")
    cases.add_argument("--json", action="store_true")
    commands.add_parser("template", help="print a scenario file for a new region")
    score = commands.add_parser("score", help="score a case or a scenario file")
    score.add_argument("target", metavar="CASE_OR_FILE")
    score.add_argument("--set", action="append", default=[], metavar="KEY=LEVEL")
    score.add_argument("--years", type=int, default=scoring.DEFAULT_HORIZON)
    score.add_argument("--json", action="store_true")
    app = commands.add_parser("app", help="the region explorer in the browser (Voila, 127.0.0.1 only)")
    app.add_argument("--case", metavar="ID", help="start from this case (default: a new region)")
    app.add_argument("--port", type=int, metavar="N", help="port (default 8866, or a free one)")
    return parser


def run(argv: Sequence[str]) -> str | None:
    """Carry out one command and return what it prints (``app`` prints as it goes)."""
    args = build_parser().parse_args(argv)
    if args.command == "app":
        serve_app(args.case, args.port)  # prints the URL, runs until Ctrl-C
        return None
    if args.command == "factors":
        return factors_command(args.json)
    if args.command == "cases":
        return cases_command(args.json)
    if args.command == "template":
        return loading.template_text()
    settings = dict(parse_setting(text) for text in args.set)
    result = score_result(resolve(args.target), settings, args.years)
    if args.json:
        return json.dumps(result, ensure_ascii=False)
    return score_text(result)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: print the result, or one line on stderr and exit 2."""
    try:
        output = run(sys.argv[1:] if argv is None else argv)
    except (UsageError, DataError, ProfileError, AppError) as error:
        print(f"samensterk: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if output is not None:
        try:
            print(output, flush=True)
        except BrokenPipeError:  # the reader stopped early (`samensterk factors | head`)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_BROKEN_PIPE
    return 0
