"""The team scan in the reader's browser: answers files, the team view and the teamreport.

The scan page ("Samenwerkingsscan") loads Pyodide in a Web Worker with this module,
the model and the loader, and the case data the book exported. Everything a
respondent or facilitator does goes through here as JSON: :func:`answers` turns a
filled-in questionnaire into an answers file, :func:`team_view` combines any
number of answers files (each rejected by name with its reason, the others kept)
into what the page draws, and :func:`report` writes the teamreport. Nothing is sent
anywhere and nothing is stored: the files are the user's. The command line uses
the same functions (``samensterk combine``, ``samensterk report``).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from types import MappingProxyType
from typing import Any, Mapping

from widgets import scoring
from widgets.records import fields, responses
from widgets.records.bundle import EMPTY, CaseData, parse
from widgets.team import advice, answer_files, file_notes
from widgets.team import report as teamreport
from widgets.views import i18n, roles, traces
from widgets.views.i18n import LANGUAGES, plural, translator

_DATA: CaseData = EMPTY  # the case data of the page, set once by load()


def load(bundle: str | Mapping[str, Any]) -> str:
    """Take the case data the book exported (:func:`widgets.records.export.case_bundle`), then run every
    step of a team view once, on an example answers file, so that the facilitator's first team
    view is as quick as the later ones (the start runs while respondents are still answering)."""
    global _DATA
    _DATA = parse(json.loads(bundle) if isinstance(bundle, str) else bundle)
    example = responses.Respondent("", "anders", None, {f: scoring.NEUTRAL_LEVEL for f in scoring.FACTORS})
    found, _name = answer_files.read_respondents(answer_files.answers_text(example, ""), "example.toml")
    for lang in LANGUAGES:
        team_view_of(responses.combine(found), None, lang)
    return "ok"


def _date(text: object) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        raise scoring.ProfileError("date", f"must be a date like 2026-12-01, got {text!r}") from None


def respondent(request: Mapping[str, Any]) -> responses.Respondent:
    """A filled-in questionnaire as one respondent's answers (levels checked; None is "don't know")."""
    role = str(request.get("role") or "")
    if role and role not in roles.ROLES:
        raise scoring.ProfileError("role", f"must be one of {', '.join(roles.ROLES)}")
    given = dict(request.get("levels") or {})
    unknown = sorted(set(given) - set(scoring.FACTORS))
    if unknown:
        raise scoring.ProfileError(unknown[0], "is not a lesson of the scan")
    missing = [f for f in scoring.FACTORS if f not in given]
    if missing:
        raise scoring.ProfileError(missing[0], "choose a level or \"don't know\"")
    levels = {f: None if given[f] is None else scoring.check_level(f, given[f]) for f in scoring.FACTORS}
    comments = {f: str(text).strip()[: fields.MAX_TEXT] for f, text in dict(request.get("comments") or {}).items()
                if f in scoring.FACTORS and str(text).strip()}
    return responses.Respondent(str(request.get("respondent") or "").strip()[: fields.MAX_NAME], role,
                           _date(request.get("date")) or datetime.date.today(), MappingProxyType(levels),
                           MappingProxyType(comments), id=responses.new_id(),
                           organisation=str(request.get("organisation") or "").strip()[: fields.MAX_NAME])


def answers(request: str) -> str:
    """The answers file of one respondent, and which lessons still ask for a comment."""
    try:
        data = json.loads(request)
        answer = respondent(data)
        cooperation = str(data.get("cooperation") or "").strip()[: fields.MAX_NAME]
        text = answer_files.answers_text(answer, cooperation)
    except (scoring.ProfileError, fields.DataError, ValueError, TypeError) as error:
        return json.dumps({"error": str(error)})
    asked = [f for f in scoring.FACTORS if responses.asks_for_comment(answer.levels[f], f) and f not in answer.comments]
    date = answer.date.isoformat() if answer.date else ""
    name = responses.file_name("scan", answer.name or answer.role, date, answer.id[2:8])
    return json.dumps({"file": text, "name": name, "comments_asked": asked})


@dataclasses.dataclass
class Session:
    """What the facilitator has given the page so far, kept in memory only (until "start again")."""

    # The files, read once when added, by an entry of their own (two files may share a name):
    # (file name, its respondents). Answers are counted by their content (responses.intake).
    files: dict[str, tuple[str, list[responses.Respondent]]] = dataclasses.field(default_factory=dict)
    previous: responses.Team | None = None  # an earlier scan to compare with
    entries: int = 0  # entries made so far: the next file's entry is f<entries + 1>


_SESSION = Session()


def _pairs(files: object) -> list[tuple[str, str]]:
    """The files of a request: a list of [name, text] pairs (or, from older pages, a name -> text object)."""
    if isinstance(files, Mapping):
        return [(str(name), str(text)) for name, text in files.items()]
    return [(str(pair[0]), str(pair[1])) for pair in (files if isinstance(files, list) else [])]


def _arrangement() -> str:
    return next((r.cooperation for _name, found in _SESSION.files.values() for r in found
                 if not answer_files.unnamed(r.cooperation)), "")


def _entries() -> list[dict[str, str]]:
    return [{"id": key, "name": name} for key, (name, _found) in _SESSION.files.items()]


def add(request: str) -> str:
    """Read answers files (or team files); each one that cannot be used is rejected by name with
    the reason, and the others are kept. Answers found twice count once; files that share a name
    each count; a file that scores another arrangement is refused. At most 50 respondents in all.
    Says what it did, in the page's language."""
    data = json.loads(request)
    lang = str(data.get("lang") or "en")
    rejected: list[dict[str, str]] = []
    added = []
    for name, text in _pairs(data.get("files")):
        try:
            found, cooperation = answer_files.read_respondents(text, name)
        except fields.DataError as error:
            rejected.append({"name": name, "reason": file_notes.refusal(error, lang)})
            continue
        arrangement = _arrangement()
        if arrangement and not answer_files.same_arrangement(arrangement, cooperation):
            rejected.append({"name": name, "reason": file_notes.other_arrangement(name, cooperation, arrangement,
                                                                                   lang)})
            continue
        taken = responses.intake([*(entry for entry in _SESSION.files.values()), (name, found)])
        if len(taken.respondents) > responses.MAX_RESPONDENTS:
            full = fields.DataError(name, "respondents",
                                     f"at most {responses.MAX_RESPONDENTS} respondents in one scan")
            rejected.append({"name": name, "reason": file_notes.refusal(full, lang)})
            continue
        _SESSION.entries += 1
        key = f"f{_SESSION.entries}"
        _SESSION.files[key] = (name, [replace_source(r, name) for r in found])
        added.append(key)
    return json.dumps(_state(lang) | {"added": added, "rejected": rejected})


def _state(lang: str) -> dict[str, Any]:
    """The files loaded and what the scan made of them, for the page to show."""
    taken = responses.intake(list(_SESSION.files.values()))
    respondents = len(taken.respondents)
    return {"files": _entries(), "respondents": respondents,
            "summary": file_notes.files_read(len(_SESSION.files), respondents, lang),
            "notes": file_notes.intake_notes(taken, lang)}


def replace_source(respondent: responses.Respondent, source: str) -> responses.Respondent:
    """The respondent with the file it came from (kept in memory only)."""
    return dataclasses.replace(respondent, source=source)


def remove(request: str) -> str:
    """Leave one file out of the scan again (by its entry, not its name: two files may share one)."""
    data = json.loads(request)
    _SESSION.files.pop(str(data.get("id")), None)
    return json.dumps(_state(str(data.get("lang") or "en")))


def clear(request: str = "{}") -> str:
    """Forget every file (the page's "start again")."""
    _SESSION.files.clear()
    _SESSION.previous = None
    return json.dumps({"files": []})


def set_previous(request: str) -> str:
    """An earlier team file (or answers files) to compare the scan with."""
    data = json.loads(request)
    lang = str(data.get("lang") or "en")
    files = _pairs(data.get("files"))
    try:
        read = answer_files.read_team_files(files)
    except fields.DataError as error:
        return json.dumps({"rejected": [{"name": name, "reason": file_notes.refusal(error, lang)}
                                        for name, _text in files]})
    _SESSION.previous = read.team
    count = len(read.team.respondents)
    ngettext = plural(lang)
    return json.dumps({"rejected": [{"name": name, "reason": file_notes.refusal(error, lang)}
                                    for name, error in read.rejected],
                       "respondents": count,
                       "summary": ngettext("Earlier scan loaded: {count} respondent.",
                                               "Earlier scan loaded: {count} respondents.", count).format(count=count)})


def current(name: str = "", named: bool = False) -> responses.Team:
    """The team of the files added so far: every respondent once."""
    respondents = list(responses.intake(list(_SESSION.files.values())).respondents)
    if not respondents:
        raise responses.TeamError("no answers yet: add the respondents' answers files")
    return responses.combine(respondents, name, datetime.date.today(), named)


def view(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the team view shows for the files added so far (and an earlier scan, if given)."""
    return team_view_of(current(str(data.get("name") or ""), data.get("named") is True), _SESSION.previous,
                        str(data.get("lang") or "en"))


def team_view_of(combined: responses.Team, previous: responses.Team | None, lang: str,
                 data: CaseData | None = None) -> dict[str, Any]:
    """What the team view shows for a team, beside an earlier scan if there is one, from the case
    data (by default what :func:`load` took)."""
    _ = translator(lang)
    data = _DATA if data is None else data
    titles = data.titles[lang]
    evaluation = combined.profile.evaluate()
    comparison = None
    if previous is not None:
        comparison = traces.comparison_trace(previous.profile.evaluate(), _("the earlier scan"),
                                             traces.x_values(evaluation), lang)
    context = teamreport.context(data, lang)
    nearest, distance = responses.nearest_case(combined.levels, {k: v[1] for k, v in context.cases.items()})
    lessons = []
    for factor, summary in combined.lessons.items():
        lessons.append({
            "factor": factor, "title": titles[factor],
            "median": summary.median, "low": summary.low, "high": summary.high, "spread": summary.spread,
            "dont_know": summary.dont_know, "discuss_first": summary.discuss_first,
            "median_text": "?" if summary.median is None else i18n.number(summary.median, lang),
            "spread_text": i18n.number(summary.spread, lang),
            "range_text": "" if summary.low is None else
            f"{i18n.number(summary.low, lang)}–{i18n.number(summary.high, lang)}",
            "reading": traces.reading_name(factor, summary.median, lang) if summary.median is not None else "",
            "comments": [{"who": roles.who(r, combined, lang), "text": c} for r, c in combined.comments(factor)],
            "previous": previous.lessons[factor].median if previous is not None else None,
        })
    found = advice.advice(combined, evaluation, lang)
    years = len(evaluation.trajectory) - 1
    levers = [{"title": titles[a.factor], "from": a.old, "to": a.new, "gain": round(a.gain),
               "text": "{title}: {step} {gain}".format(
                   title=titles[a.factor],
                   step=_("From level {old} to {new}:").format(old=i18n.number(a.old, lang),
                                                               new=i18n.number(a.new, lang)),
                   gain=advice.gain_text(a, years, lang))}
              for a in found.actions]
    return {
        "name": combined.name,
        "respondents": [{"who": roles.who(r, combined, lang), "role": roles.role_name(r.role, lang),
                         "organisation": r.organisation, "date": r.date.isoformat() if r.date else ""}
                        for r in combined.respondents],
        "partners": [{"organisation": key, "medians": {f: i18n.level_text(m, lang) for f, m in medians.items()}}
                     for key, medians in sorted(responses.groups(combined, "organisation").items())],
        "lessons": lessons,
        "discuss_first": [titles[f] for f in combined.discuss_first],
        "dots": _fit_dots(traces.team_dots(combined, titles, lang)),
        "trajectory": _fit_title(traces.trajectory_figure(
            evaluation, traces.scenario_title(combined.name or _("Your team"), evaluation.outcome, lang),
            comparison=comparison, lang=lang)),
        "probabilities": traces.probability_figure(evaluation, _("Chance of each outcome"), lang),
        "summary": _("After {years} years: {chances}.").format(
            years=years, chances=advice.chances_text(evaluation, combined, lang)),
        "no_lever": found.reason,
        "thin": [titles[f] for f in found.thin],
        "thin_text": _("Too few answers (fewer than three) to weigh a step on: {lessons}.").format(
            lessons=", ".join(titles[f] for f in found.thin)) if found.thin and combined.answered else "",
        "outcome": evaluation.outcome,
        "probabilities_at": dict(evaluation.outcome_probabilities),
        "levers": levers,
        "nearest": {"case": context.cases[nearest][0], "distance": round(distance, 2)},
        "nearest_text": _("Closest case of the source: {case} (distance {distance} levels).").format(
            case=context.cases[nearest][0], distance=i18n.number(distance, lang)),
    }


def _fit_title(figure: dict[str, Any]) -> dict[str, Any]:
    """The trajectory's title on two lines (the arrangement's name, then its outcome), so that a
    long name is not cut off on a narrow screen."""
    title = figure["layout"]["title"]
    name, _colon, outcome = str(title["text"]).rpartition(": ")
    if name:
        title["text"] = f"{name}:<br>{outcome}"
        figure["layout"]["margin"] = dict(figure["layout"].get("margin") or {}) | {"t": 66}
    return figure


def _fit_dots(figure: dict[str, Any]) -> dict[str, Any]:
    """The dot plot's axis title clear of its numbers at any width (a phone included)."""
    axis = figure["layout"]["xaxis"]
    axis["title"] = dict(axis.get("title") or {}) | {"standoff": 14}
    axis["automargin"] = True
    return figure


def _answer(function: Any, request: str) -> str:
    try:
        return json.dumps(function(json.loads(request)))
    except (fields.DataError, scoring.ProfileError, responses.TeamError, ValueError, TypeError, KeyError) as error:
        return json.dumps({"error": str(error)})


def team_view(request: str) -> str:
    """:func:`view` for JSON text; a problem answers ``{"error": ...}``."""
    return _answer(view, request)


def team_file(request: str = "{}") -> str:
    """The team file of the scan (every respondent's answers), to keep for the next scan."""
    def make(data: Mapping[str, Any]) -> dict[str, str]:
        combined = current(str(data.get("name") or ""), data.get("named") is True)
        return {"file": answer_files.team_text(combined), "name": responses.file_name("team", combined.name)}

    return _answer(make, request)


def report(request: str) -> str:
    """The report of the scan as one HTML file."""
    def make(data: Mapping[str, Any]) -> dict[str, str]:
        lang = str(data.get("lang") or "en")
        combined = current(str(data.get("name") or ""), data.get("named") is True)
        html = teamreport.render(combined, teamreport.context(_DATA, lang), lang, _SESSION.previous)
        return {"html": html, "name": responses.file_name("samenwerkingsscan", combined.name, suffix=".html")}

    return _answer(make, request)
