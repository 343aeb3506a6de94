"""The model in the reader's browser: what a live page asks, and what it draws (standard library only).

A case page (and "Your region") loads Pyodide in a Web Worker with this module,
:mod:`widgets.scoring`, :mod:`widgets.views.traces` and :mod:`widgets.views.i18n`, and the
case data the book exported when it was built (:func:`widgets.records.export.case_bundle`), which
:func:`load` reads once into a typed :class:`~widgets.records.bundle.CaseData`. Every change
of a control sends the levels; :func:`update` evaluates them and returns, as JSON,
the figures to draw (``Plotly.react``), the outcome and its chances in words, and
the three best levers. The page's JavaScript only passes levels in and draws what
comes back: every rule lives here and in the model.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from widgets import scoring
from widgets.records.bundle import EMPTY, CaseData, parse
from widgets.shared import BLANK  # "Your region": a new region, every factor at 3
from widgets.views import traces
from widgets.views.i18n import translator
from widgets.views.profile import LEVER_COUNT, profile_view

_DATA: CaseData = EMPTY  # the case data of the page, set once by load()


def load(bundle: str | Mapping[str, Any]) -> str:
    """Take the exported case data (JSON text or a mapping) for the page; returns the case ids, as JSON."""
    global _DATA
    _DATA = parse(json.loads(bundle) if isinstance(bundle, str) else bundle)
    return json.dumps(list(_DATA.cases))


def loaded() -> CaseData:
    """The case data :func:`load` took."""
    return _DATA


def base_profile(case_id: str, data: CaseData) -> tuple[scoring.Profile, int, int | None, str]:
    """The profile a page starts from: the case as coded, or a new region with every factor at 3."""
    if case_id == BLANK:
        neutral = {name: scoring.NEUTRAL_LEVEL for name in scoring.FACTORS}
        return scoring.Profile(neutral, {name: "inferred" for name in scoring.FACTORS}), \
            scoring.DEFAULT_HORIZON, None, ""
    if case_id not in data.cases:
        raise scoring.ProfileError("case", f"unknown case {case_id!r}")
    case = data.cases[case_id]
    return case.profile, case.horizon, case.last_dated, case.label


def address(levels: Mapping[str, float], base: Mapping[str, float], compare: str = "") -> str:
    """The page address of a scenario: the levels that differ from the base, and the comparison."""
    parts = [f"{name}={levels[name]:g}" for name in scoring.FACTORS if levels[name] != base[name]]
    if compare:
        parts.append(f"compare={compare}")
    return "#" + "&".join(parts) if parts else ""


def parse_address(text: str, data: CaseData) -> tuple[dict[str, float], str]:
    """The levels and comparison an address asks for; ProfileError names a bad part."""
    levels: dict[str, float] = {}
    compare = ""
    for part in text.lstrip("#").split("&"):
        if not part:
            continue
        key, _sep, value = part.partition("=")
        if key == "compare":
            if value and value not in data.cases:
                raise scoring.ProfileError("compare", f"unknown case {value!r}")
            compare = value
        elif key in scoring.FACTORS:
            try:
                number: object = float(value)
            except ValueError:
                number = value
            levels[key] = scoring.check_level(key, number)
        else:
            raise scoring.ProfileError(key, "is not a factor")
    return levels, compare


def rubric_text(factor: str, level: float, lang: str, data: CaseData) -> str:
    """The rubric line of a level and its reading, as shown beside the control."""
    line = data.rubric_in(lang)[factor][scoring.whole_level(level) - 1]
    return f"{level:g} ({traces.reading_name(factor, level, lang)}): {line}"


def respond(request: Mapping[str, Any], data: CaseData | None = None) -> dict[str, Any]:
    """Evaluate one request of a live page and say what to draw, from the case data (by default
    what :func:`load` took).

    ``kind`` is ``change`` (the controls' levels), ``reset`` (back to the case as coded)
    or ``address`` (the levels the page address asks for, e.g. after the back button).
    """
    data = _DATA if data is None else data
    lang = str(request.get("lang", "en"))
    _ = translator(lang)
    case_id = str(request.get("case", BLANK))
    profile, horizon, last_dated, label = base_profile(case_id, data)
    kind = request.get("kind", "change")
    notice = ""
    compare = str(request.get("compare") or "")
    if kind == "reset":
        asked: dict[str, float] = {}
    elif kind == "address":
        try:
            asked, compare = parse_address(str(request.get("address") or ""), data)
        except scoring.ProfileError as error:
            asked, compare = {}, ""
            notice = _("The address asks for what the model cannot use ({problem}); the page shows the documented levels.").format(problem=error)  # noqa: E501
    else:
        asked = dict(request.get("levels") or {})
    changes = scoring.validate_profile({**profile.levels, **asked})
    documented = all(changes[name] == profile.levels[name] for name in scoring.FACTORS)
    changed = profile.with_levels(changes)
    evaluation = changed.evaluate(horizon)
    name = str(request.get("name") or "").strip()
    if documented and label:
        title_label = _("{case} as documented").format(case=label)
    else:
        title_label = name or (_("{case}, your scenario").format(case=label) if label else _("Your region"))
    comparison = None
    if compare:
        other_profile, _horizon, _last, other_label = base_profile(compare, data)
        other = scoring.Profile(other_profile.levels, other_profile.confidence, profile.start).evaluate(horizon)
        comparison = traces.comparison_trace(
            other, _("{case} as documented").format(case=other_label)
            + f" ({traces.outcome_name(other.outcome, lang)})", traces.x_values(evaluation), lang)
    view = profile_view(evaluation, changed.levers(horizon), titles=data.titles_in(lang),
                        when=last_dated, lang=lang)
    levers = [{
        "factor": lever.factor, "title": lever.title, "from": lever.old_level, "to": lever.new_level,
        "gain": round(lever.gain, 1), "in_hand": lever.in_hand, "text": lever.sentence(view.horizon),
    } for lever in view.shown_levers(LEVER_COUNT)]
    return {
        "trajectory": traces.trajectory_figure(evaluation, traces.scenario_title(title_label, evaluation.outcome, lang),
                                               last_dated=last_dated, comparison=comparison, lang=lang),
        "probabilities": traces.probability_figure(evaluation, _("Chance of each outcome"), lang),
        "outcome": view.outcome,
        "when": view.when,
        "probabilities_at": dict(view.probabilities),
        "chances": view.chances,
        "summary": (notice + " " + view.summary).strip(),
        "levers": levers,
        "levels": changes,
        "rubric": {name: rubric_text(name, changes[name], lang, data) for name in scoring.FACTORS},
        "compare": compare,
        "address": address(changes, profile.levels, compare),
        "documented": documented,
        "kind": kind,
    }


def update(request: str) -> str:
    """:func:`respond` for JSON text in and out; a bad request answers ``{"error": ...}``."""
    try:
        return json.dumps(respond(json.loads(request)))
    except (scoring.ProfileError, ValueError, KeyError, TypeError) as error:
        return json.dumps({"error": str(error)})
