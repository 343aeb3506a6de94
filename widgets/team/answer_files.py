"""The team scan's files: one respondent's answers, a team's file, reading many at once, the questionnaire as a file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import tomli_w

from widgets import scoring
from widgets.records import responses
from widgets.records.coding import SCENARIO_CONFIDENCE, Coding, Factor, Scenario
from widgets.records.fields import (
    MAX_NAME,
    DataError,
    Fields,
    as_table,
    date_of,
    identifier_of,
    parse_toml_text,
)
from widgets.records.loading import load_factors, parse_coding, parse_scenario, parse_scenario_text
from widgets.records.responses import Intake, Team
from widgets.records.scenario_files import compact_level, scenario_text
from widgets.scoring import FACTORS
from widgets.views import roles

TEAM_KIND = "team"  # `kind` of a file that holds a whole team's answers


def parse_answers(raw: bytes | str, source: str) -> responses.Respondent:
    """One respondent's answers file (a scenario file; respondent, role, date and comments optional)."""
    document = parse_toml_text(raw, source)
    if document.get("kind") == TEAM_KIND:
        raise DataError(source, "kind", "this is a team file, not one respondent's answers: load it as a team")
    return replace(parse_scenario(document, source).answers, source=source)


def _respondent_from_table(table: Mapping[str, Any], source: str, where: str) -> responses.Respondent:
    fields = Fields(source, table, where)
    factor_tables = fields.table_of("factors", True)
    unknown = sorted(set(factor_tables) - set(FACTORS))
    if unknown:
        raise fields.fail(f"factors.{unknown[0]}", f"unknown factor; allowed: {', '.join(FACTORS)}")
    levels: dict[str, float | None] = {}
    comments: dict[str, str] = {}
    for key in FACTORS:
        if key not in factor_tables:
            raise fields.fail(f"factors.{key}", "missing factor (a level, or dont_know = true)")
        coding = parse_coding(as_table(factor_tables[key], source, f"{where}factors.{key}"), source,
                               f"{where}factors.{key}.", False, SCENARIO_CONFIDENCE)
        levels[key] = None if coding.dont_know else coding.level
        if coding.comment:
            comments[key] = coding.comment
    fields.text("source", False, MAX_NAME)  # written by earlier versions; a path is not kept
    respondent = responses.Respondent(
        name=fields.text("respondent", False, MAX_NAME), role=fields.choice("role", roles.ROLES, ""),
        date=date_of(fields, "date"), levels=MappingProxyType(levels), comments=MappingProxyType(comments),
        id=identifier_of(fields, "id"), organisation=fields.text("organisation", False, MAX_NAME),
    )
    fields.no_unknown_keys()
    return respondent


def parse_team(raw: bytes | str, source: str) -> responses.Team:
    """A team file written by ``samensterk combine`` or the scan page."""
    return _team_from_document(parse_toml_text(raw, source), source)


def _team_from_document(document: Mapping[str, Any], source: str) -> responses.Team:
    fields = Fields(source, document)
    if fields.get("kind", True) != TEAM_KIND:
        raise fields.fail("kind", f"must be {TEAM_KIND!r}: this is not a team file")
    name = fields.text("name", False, MAX_NAME)
    date = date_of(fields, "date")
    named = fields.get("names_shown", False)
    if named is not None and not isinstance(named, bool):
        raise fields.fail("names_shown", "must be true or false")
    tables = fields.tables("respondents")
    if not tables:
        raise fields.fail("respondents", "a team file needs at least one respondent")
    if len(tables) > responses.MAX_RESPONDENTS:
        raise fields.fail("respondents", f"at most {responses.MAX_RESPONDENTS}, got {len(tables)}")
    respondents = [replace(_respondent_from_table(table, source, f"respondents[{index}]."), cooperation=name)
                   for index, table in enumerate(tables)]
    fields.no_unknown_keys()
    return responses.combine(respondents, name, date, bool(named))


def team_document(combined: responses.Team) -> dict[str, Any]:
    """The TOML document of a team file: every respondent's answers, as given, each with its id (so
    that answers loaded again beside it count once). Names only where every respondent agreed to be
    named (``names_shown``); the files' names and paths never."""
    document: dict[str, Any] = {"kind": TEAM_KIND}
    if combined.name:
        document["name"] = combined.name
    if combined.date:
        document["date"] = combined.date
    if combined.named:
        document["names_shown"] = True
    rows = []
    for respondent in combined.respondents:
        row: dict[str, Any] = {"id": respondent.key}
        if respondent.name and combined.named:
            row["respondent"] = respondent.name
        for key in ("role", "organisation", "date"):
            value = getattr(respondent, key)
            if value:
                row[key] = value
        row["factors"] = {key: _answer_entry(respondent, key) for key in FACTORS}
        rows.append(row)
    document["respondents"] = rows
    return document


def _answer_entry(respondent: responses.Respondent, key: str) -> dict[str, Any]:
    """One answer in a team file: the level (or dont_know) and the comment, if any."""
    level = respondent.levels[key]
    entry: dict[str, Any] = {"dont_know": True} if level is None else {"level": compact_level(level)}
    if respondent.comments.get(key):
        entry["comment"] = respondent.comments[key]
    return entry


def team_text(combined: responses.Team) -> str:
    """A team file as TOML text (checked to read back)."""
    text = tomli_w.dumps(team_document(combined))
    parse_team(text, "team file")
    return text


def answers_text(respondent: responses.Respondent, cooperation: str) -> str:
    """One respondent's answers as a file in the scenario format (checked to read back)."""
    codings = {
        key: Coding(scoring.NEUTRAL_LEVEL, "unknown", comment=respondent.comments.get(key, ""), dont_know=True)
        if level is None else Coding(level, SCENARIO_CONFIDENCE, comment=respondent.comments.get(key, ""))
        for key, level in respondent.levels.items()
    }
    scenario = Scenario(name=cooperation or respondent.cooperation or DEFAULT_COOPERATION,
                        codings=MappingProxyType(codings), respondent=respondent.name, role=respondent.role,
                        date=respondent.date, respondent_id=respondent.id, organisation=respondent.organisation)
    text = scenario_text(scenario)
    parse_scenario_text(text, "answers")
    return text


def read_respondents(raw: bytes | str, source: str) -> tuple[list[responses.Respondent], str]:
    """The respondents in one file, which holds one respondent's answers or a whole team file,
    and the name of the arrangement it scores."""
    document = parse_toml_text(raw, source)
    if document.get("kind") == TEAM_KIND:
        found = _team_from_document(document, source)
        return [replace(r, source=source) for r in found.respondents], found.name
    scenario = parse_scenario(document, source)
    return [replace(scenario.answers, source=source)], scenario.name


def same_arrangement(first: str, other: str) -> bool:
    """Whether two names of the arrangement scored are the same one (case and spaces aside; a name
    left empty, or the answers file's default, fits any)."""
    return unnamed(first) or unnamed(other) or _norm(first) == _norm(other)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def unnamed(arrangement: str) -> bool:
    """Whether the name of an arrangement was left empty (or at the answers file's default)."""
    return _norm(arrangement) in ("", _norm(DEFAULT_COOPERATION))


DEFAULT_COOPERATION = "Our cooperation"  # the name an answers file gets when the respondent left it empty


@dataclass(frozen=True)
class TeamFiles:
    """Files read for one scan: the team, why any file was left out (by file, in order), and how
    answers found twice or files sharing a name were counted."""

    team: Team
    rejected: tuple[tuple[str, DataError], ...]
    intake: Intake


def read_team_files(sources: Mapping[str, bytes | str] | Sequence[tuple[str, bytes | str]], name: str = "",
                    named: bool = False) -> TeamFiles:
    """Combine files that each hold one respondent's answers or a whole team. A file that cannot be
    used is left out with the reason (the others still count); so is a file that scores another
    arrangement than the first one read (one scan per arrangement). Answers are known by their
    content: found twice, they count once; two files with the same name both count."""
    pairs = list(sources.items()) if isinstance(sources, Mapping) else list(sources)
    rejected: list[tuple[str, DataError]] = []
    files: list[tuple[str, list[responses.Respondent]]] = []
    arrangement = name
    for source, raw in pairs:
        try:
            found, cooperation = read_respondents(raw, source)
        except DataError as error:
            rejected.append((source, error))
            continue
        if arrangement and not same_arrangement(arrangement, cooperation):
            rejected.append((source, DataError(source, "name", f"scores {cooperation!r}, the scan {arrangement!r}: "
                                                               "one scan per arrangement")))
            continue
        if not unnamed(cooperation):
            arrangement = arrangement or cooperation
        files.append((source, found))
    taken = responses.intake(files)
    if len(taken.respondents) > responses.MAX_RESPONDENTS:
        raise DataError("answers", "respondents", f"at most {responses.MAX_RESPONDENTS}, got {len(taken.respondents)}")
    if not taken.respondents:
        nothing = DataError("answers", "files", "no file could be read: " + "; ".join(str(e) for _s, e in rejected))
        nothing.rejected = tuple(rejected)
        raise nothing
    combined = responses.combine(list(taken.respondents), arrangement, datetime.date.today(), named)
    return TeamFiles(combined, tuple(rejected), taken)


def read_team_or_answers(sources: Mapping[str, bytes | str] | Sequence[tuple[str, bytes | str]],
                         name: str = "") -> tuple[responses.Team, dict[str, str]]:
    """:func:`read_team_files`, as the team and, by file name, why any file was rejected."""
    read = read_team_files(sources, name)
    return read.team, {source: str(error) for source, error in read.rejected}


def scan_template_text(lang: str = "en", factors: tuple[Factor, ...] | None = None) -> str:
    """The questionnaire as an answers file to fill in: every lesson "don't know" until answered."""
    from widgets.views.i18n import translator

    _ = translator(lang)
    factors = factors or load_factors()
    lines = [
        "# " + _("Samen sterk team scan: one respondent's answers."),
        "# " + _("For every lesson, read the five levels and replace `dont_know = true` by `level = 1` to `5`;"),
        "# " + _("keep `dont_know = true` where you cannot judge. Explain a level 1 or 2 in `comment`."),
        "# " + _("Lesson 11 runs the other way: there a high level is bad, and a level 4 or 5 asks for a comment."),
        "# " + _("Roles: {roles}.").format(roles=", ".join(roles.ROLES)),
        "# " + _("Then give the file to the facilitator (samensterk combine, or the scan page of the book)."),
        "",
        'name = ""          # ' + _("the arrangement you score (one gemeenschappelijke regeling or shared service)"),
        'respondent = ""    # ' + _("your name (optional; the report shows it only if every respondent agrees)"),
        'organisation = ""  # ' + _("the municipality or organisation you speak for"),
        'role = "anders"',
        f"date = {datetime.date.today().isoformat()}",
        "",
    ]
    for factor in factors:
        lines.append(f"# {factor.title_in(lang)}")
        if responses.reversed_scale(factor.key):
            note = _("NOTE: here a HIGH level is BAD (a strong push for a merger); explain a level 4 or 5.")
            lines.append("# " + note)
        for level, line in enumerate(factor.rubric_in(lang), start=1):
            lines.append(f"#   {level}: {' '.join(line.split())}")
        lines += [f"[factors.{factor.key}]", "dont_know = true", 'comment = ""', ""]
    return "\n".join(lines)
