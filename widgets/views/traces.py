"""Plotly figures of the model as plain data (standard library only).

The book's static figures (:mod:`widgets.book.figures`), the ipywidgets explorer and the
live pages in the reader's browser (:mod:`widgets.browser.model_page`, in Pyodide) all draw a
trajectory, its band, the outcome probabilities and the contributions from the
traces and layouts built here, so a figure reads the same wherever it is shown.
Every function returns dicts and lists that plotly.js takes as they are
(``Plotly.react(div, data, layout)``) and that ``plotly.graph_objects`` accepts.
Text that comes from a user (a region's name) is escaped before it goes in.
"""

from __future__ import annotations

import html
from typing import Any, Mapping, Sequence

from widgets import scoring
from widgets.views.i18n import N_, translator
from widgets.views.roles import ROLE_COLOURS, role_name, who

Trace = dict[str, Any]
Layout = dict[str, Any]

OUTCOME_COLOURS: Mapping[str, str] = {
    "thriving": "#1a7f37",
    "continuing": "#0969da",
    "stagnating": "#9a6700",
    "collapsed": "#cf222e",
}
OUTCOME_SHADES: Mapping[str, str] = {
    "thriving": "rgba(26,127,55,0.07)",
    "continuing": "rgba(9,105,218,0.06)",
    "stagnating": "rgba(154,103,0,0.07)",
    "collapsed": "rgba(207,34,46,0.07)",
}
# The outcome classes as the interface names them (translated where shown).
OUTCOME_NAMES: Mapping[str, str] = {
    "thriving": N_("thriving"),
    "continuing": N_("continuing"),
    "stagnating": N_("stagnating"),
    "collapsed": N_("collapsed"),
}
# How a level reads (scoring.reading), as the interface names it.
READING_NAMES: Mapping[str, str] = {
    "strength": N_("strength"),
    "borderline": N_("borderline"),
    "concern": N_("concern"),
}
BAND_FILL = "rgba(110,119,129,0.18)"
REFERENCE_COLOUR = "#6e7781"
POSITIVE_COLOUR, NEGATIVE_COLOUR = "#1a7f37", "#cf222e"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
# Figures fit a phone: titles are short (the page says the rest), the legend sits at the
# bottom of the figure, under the axis and its labels (room kept by the bottom margin),
# and year labels stay level, every other year when there are many.
MARGIN = {"l": 48, "r": 12, "t": 48, "b": 96}
LEGEND = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"}


def year_axis(count: int) -> dict[str, Any]:
    """An x axis of ``count`` years whose labels fit a phone: level, every other year from eight on."""
    return {"dtick": 1 if count <= 7 else 2, "tickangle": 0, "fixedrange": True, "automargin": True}


# The texts of the page, marked for the catalogue here (gettext cannot see into f-strings).
TEXT: Mapping[str, str] = {
    "year": N_('year'),
}


def outcome_name(outcome: str, lang: str = "en") -> str:
    """An outcome class in the reader's language."""
    return translator(lang)(OUTCOME_NAMES[outcome])


def reading_name(factor: str, level: float, lang: str = "en") -> str:
    """How a level reads (strength, borderline, concern) in the reader's language."""
    return translator(lang)(READING_NAMES[scoring.reading(factor, level)])


def probability_text(probabilities: Mapping[str, float], lang: str = "en") -> str:
    """The chances of the classes in words, likeliest first: "collapsed 70%, stagnating 20%"."""
    ranked = sorted(probabilities.items(), key=lambda item: (-item[1], scoring.OUTCOMES.index(item[0])))
    return ", ".join(f"{outcome_name(name, lang)} {share:.0%}" for name, share in ranked if share >= 0.005)


def x_values(evaluation: scoring.Evaluation) -> list[int]:
    """The years of a trajectory: calendar years when the start is known."""
    return [point.when for point in evaluation.trajectory]


def trajectory_traces(evaluation: scoring.Evaluation, *, visible: bool = True, key: str = "",
                      lang: str = "en") -> list[Trace]:
    """Band (upper edge, lower edge filled up to it) and momentum line: three traces."""
    _ = translator(lang)
    x = x_values(evaluation)
    meta = {"scenario": key, "outcome": evaluation.outcome}
    points = evaluation.trajectory
    return [
        {"type": "scatter", "x": x, "y": [p.high for p in points], "mode": "lines", "line": {"width": 0},
         "hoverinfo": "skip", "showlegend": False, "visible": visible, "name": _("band high"),
         "meta": {**meta, "role": "high"}},
        {"type": "scatter", "x": x, "y": [p.low for p in points], "mode": "lines", "line": {"width": 0},
         "fill": "tonexty", "fillcolor": BAND_FILL, "hoverinfo": "skip", "visible": visible,
         "name": _("likely range (10-90%)"), "meta": {**meta, "role": "low"}},
        {"type": "scatter", "x": x, "y": [p.momentum for p in points], "mode": "lines+markers",
         "line": {"color": OUTCOME_COLOURS[evaluation.outcome], "width": 3}, "marker": {"size": 7},
         "name": _("momentum"), "visible": visible, "meta": {**meta, "role": "momentum"},
         "customdata": [outcome_name(p.outcome, lang) for p in points],
         "hovertemplate": "%{x}: " + _("momentum") + " %{y:.0f} (%{customdata})<extra></extra>"},
    ]


def election_key(lang: str = "en") -> Trace:
    """A legend entry (no data) that says what the dashed vertical lines are."""
    _ = translator(lang)
    return {"type": "scatter", "x": [None], "y": [None], "mode": "lines",
            "line": {"color": REFERENCE_COLOUR, "width": 1, "dash": "dash"},
            "name": _("municipal elections"), "hoverinfo": "skip", "meta": {"role": "elections"}}


def comparison_trace(evaluation: scoring.Evaluation, label: str, x: Sequence[int] | None = None,
                     lang: str = "en") -> Trace:
    """Another profile's momentum as a dotted line (``x`` puts it on this page's years)."""
    _ = translator(lang)
    return {
        "type": "scatter", "x": list(x) if x is not None else x_values(evaluation),
        "y": [p.momentum for p in evaluation.trajectory], "mode": "lines",
        "line": {"color": REFERENCE_COLOUR, "width": 2, "dash": "dot"},
        "name": html.escape(label), "meta": {"role": "comparison"},
        "hovertemplate": "%{x}: " + _("momentum") + " %{y:.0f}<extra>" + html.escape(label) + "</extra>",
    }


def outcome_shapes(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> list[dict[str, Any]]:
    """Shaded horizontal bands, one per outcome class, behind the trajectory."""
    edges = {
        "collapsed": (0, params.stagnating_from),
        "stagnating": (params.stagnating_from, params.continuing_from),
        "continuing": (params.continuing_from, params.thriving_from),
        "thriving": (params.thriving_from, 100),
    }
    return [
        {"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": low, "y1": high,
         "fillcolor": OUTCOME_SHADES[name], "line": {"width": 0}, "layer": "below"}
        for name, (low, high) in edges.items()
    ]


def outcome_annotations(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS,
                        lang: str = "en") -> list[dict[str, Any]]:
    """The names of the outcome bands, at the right edge of the plot."""
    middles = {
        "thriving": (params.thriving_from + 100) / 2,
        "continuing": (params.continuing_from + params.thriving_from) / 2,
        "stagnating": (params.stagnating_from + params.continuing_from) / 2,
        "collapsed": params.stagnating_from / 2,
    }
    return [
        {"xref": "paper", "yref": "y", "x": 1, "y": y, "xanchor": "right", "showarrow": False,
         "text": outcome_name(name, lang), "font": {"color": OUTCOME_COLOURS[name], "size": 11}}
        for name, y in middles.items()
    ]


def election_shapes(evaluation: scoring.Evaluation) -> list[dict[str, Any]]:
    """A dashed vertical line in every year with municipal elections."""
    return [
        {"type": "line", "xref": "x", "yref": "paper", "x0": p.when, "x1": p.when, "y0": 0, "y1": 1,
         "line": {"color": REFERENCE_COLOUR, "width": 1, "dash": "dash"}}
        for p in evaluation.trajectory if p.election
    ]


def trajectory_layout(evaluation: scoring.Evaluation, title: str, *, lang: str = "en",
                      params: scoring.Parameters = scoring.DEFAULT_PARAMETERS,
                      marks: Sequence[dict[str, Any]] = ()) -> Layout:
    """Axes, outcome bands, election lines and a title (escape any user text in it first)."""
    _ = translator(lang)
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": "plotly_white", "font": FONT, "height": 420, "margin": dict(MARGIN),
        "shapes": outcome_shapes(params) + election_shapes(evaluation) + list(marks),
        "annotations": outcome_annotations(params, lang),
        "yaxis": {"title": {"text": _("momentum (0-100)")}, "range": [0, 100], "fixedrange": True},
        "xaxis": year_axis(len(evaluation.trajectory)),
        "legend": dict(LEGEND), "hovermode": "closest",
    }


def probability_traces(evaluation: scoring.Evaluation, lang: str = "en") -> list[Trace]:
    """The chance of each outcome class in every year, as stacked bars (one trace per class; a
    break-up counts as collapsed), and over them the chance the cooperation still exists: a survival curve."""
    _ = translator(lang)
    x = x_values(evaluation)
    bars: list[Trace] = [
        {"type": "bar", "x": x, "y": [round(100 * p.probabilities.get(name, 0.0), 1) for p in evaluation.trajectory],
         "name": outcome_name(name, lang), "marker": {"color": OUTCOME_COLOURS[name]},
         "meta": {"role": "probability", "outcome": name},
         "hovertemplate": "%{x}: " + outcome_name(name, lang) + " %{y:.0f}%<extra></extra>"}
        for name in reversed(scoring.OUTCOMES)
    ]
    survival: Trace = {
        "type": "scatter", "mode": "lines+markers", "x": x,
        "y": [round(100 * p.alive, 1) for p in evaluation.trajectory], "name": _("still exists"),
        "line": {"color": "#24292f", "width": 2, "dash": "dot"}, "marker": {"size": 5},
        "meta": {"role": "alive"}, "hovertemplate": "%{x}: " + _("still exists") + " %{y:.0f}%<extra></extra>"}
    return [*bars, survival]


def probability_layout(title: str, evaluation: scoring.Evaluation, lang: str = "en") -> Layout:
    """Stacked bars from 0 to 100%."""
    _ = translator(lang)
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": "plotly_white", "font": FONT, "height": 340, "margin": dict(MARGIN),
        "barmode": "stack", "bargap": 0.15,
        "yaxis": {"title": {"text": _("chance (%)")}, "range": [0, 100], "fixedrange": True},
        "xaxis": year_axis(len(evaluation.trajectory)),
        "legend": dict(LEGEND, traceorder="reversed"),
    }


def contribution_trace(evaluation: scoring.Evaluation, titles: Mapping[str, str], lang: str = "en") -> Trace:
    """Each lesson's contribution to the readiness score, as horizontal bars (lesson 1 on top)."""
    _ = translator(lang)
    keys = list(reversed(scoring.FACTORS))
    values = [evaluation.contributions[key] for key in keys]
    return {
        "type": "bar", "orientation": "h", "x": values, "y": [titles[key] for key in keys],
        "marker": {"color": [POSITIVE_COLOUR if v >= 0 else NEGATIVE_COLOUR for v in values]},
        "customdata": [evaluation.levels[key] for key in keys],
        "hovertemplate": "%{y}: " + _("level") + " %{customdata:g}, %{x:+.1f}<extra></extra>",
    }


def contribution_layout(evaluation: scoring.Evaluation, lang: str = "en") -> Layout:
    """Axes of the contributions chart, its title naming the score."""
    _ = translator(lang)
    return {
        "title": {"text": _("Readiness score {score}").format(score=f"{evaluation.score:.0f}"),
                  "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": "plotly_white", "font": FONT, "height": 420,
        "margin": {"l": 10, "r": 12, "t": 48, "b": 40},
        "xaxis": {"title": {"text": _("points")}, "zeroline": True, "fixedrange": True},
        "yaxis": {"fixedrange": True, "automargin": True},
    }


def source_year_mark(year: int) -> dict[str, Any]:
    """A vertical dotted line at the source's last dated year of a case."""
    return {"type": "line", "xref": "x", "yref": "paper", "x0": year, "x1": year, "y0": 0, "y1": 1,
            "line": {"color": "#24292f", "width": 1.5, "dash": "dot"}}


def scenario_title(label: str, outcome: str, lang: str = "en") -> str:
    """A short title: the scenario (escaped) and its predicted class, which fits a phone."""
    return f"{html.escape(label)}: <b>{outcome_name(outcome, lang)}</b>"


def trajectory_figure(evaluation: scoring.Evaluation, title: str, *, last_dated: int | None = None,
                      comparison: Trace | None = None, lang: str = "en",
                      params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> dict[str, Any]:
    """The trajectory figure as ``{"data", "layout"}``: band, momentum and, if given, a comparison."""
    marks = [source_year_mark(last_dated)] if last_dated is not None else []
    data = trajectory_traces(evaluation, lang=lang) + ([comparison] if comparison else []) + [election_key(lang)]
    return {"data": data, "layout": trajectory_layout(evaluation, title, lang=lang, params=params, marks=marks)}


def probability_figure(evaluation: scoring.Evaluation, title: str, lang: str = "en") -> dict[str, Any]:
    """The outcome probabilities per year as ``{"data", "layout"}``."""
    return {"data": probability_traces(evaluation, lang), "layout": probability_layout(title, evaluation, lang)}


def team_dots(combined: Any, titles: Mapping[str, str], lang: str = "en") -> dict[str, Any]:
    """Who stands where: on every lesson, a dot per role and level given, sized by how many
    respondents of that role gave it (on hover their role and organisation; names only where every
    respondent agreed to be named), each role in its own lane, and the
    median as a diamond (``combined`` is a :class:`widgets.records.responses.Team`)."""
    _ = translator(lang)
    order = list(reversed(scoring.FACTORS))  # lesson 1 on top
    row = {factor: index for index, factor in enumerate(order)}
    roles = [role for role in ROLE_COLOURS if any(r.role == role for r in combined.respondents)]
    lane = 0.8 / max(1, len(roles))
    data = []
    for number, role in enumerate(roles):
        offset = (number - (len(roles) - 1) / 2) * lane
        groups: dict[tuple[str, float], list[str]] = {}
        for respondent in combined.respondents:
            if respondent.role != role:
                continue
            for factor in order:
                level = respondent.levels.get(factor)
                if level is not None:
                    groups.setdefault((factor, level), []).append(html.escape(who(respondent, combined, lang)))
        keys = sorted(groups, key=lambda key: (row[key[0]], key[1]))
        data.append({
            "type": "scatter", "mode": "markers", "name": role_name(role, lang),
            "x": [level for _f, level in keys], "y": [row[factor] + offset for factor, _l in keys],
            "marker": {"color": ROLE_COLOURS[role], "opacity": 0.8, "line": {"width": 0},
                       "size": [7 + 3 * len(groups[key]) ** 0.5 for key in keys]},
            "text": [f"{titles[factor]}, {level:g}: {', '.join(groups[(factor, level)])}" for factor, level in keys],
            "hoverinfo": "text", "meta": {"role": "respondents", "group": role,
                                          "counts": [len(groups[key]) for key in keys]},
        })
    medians = [(row[f], combined.lessons[f].median, titles[f]) for f in order if combined.lessons[f].median is not None]
    data.append({"type": "scatter", "mode": "markers", "x": [m for _y, m, _t in medians],
                 "y": [y for y, _m, _t in medians], "text": [t for _y, _m, t in medians],
                 "name": _("median"), "marker": {"symbol": "diamond-open", "size": 16, "color": "#1f2328",
                                                 "line": {"width": 2}},
                 "hovertemplate": "%{text}: " + _("median") + " %{x:g}<extra></extra>", "meta": {"role": "median"}})
    layout = {
        "title": {"text": _("Who stands where"), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": "plotly_white", "font": FONT, "height": 520, "margin": {"l": 10, "r": 12, "t": 48, "b": 96},
        "xaxis": {"range": [0.6, 5.4], "dtick": 1, "title": {"text": _("level")}, "fixedrange": True},
        "yaxis": {"tickmode": "array", "tickvals": list(range(len(order))), "ticktext": [titles[f] for f in order],
                  "range": [-0.6, len(order) - 0.4], "automargin": True, "fixedrange": True, "showgrid": True},
        "legend": dict(LEGEND),
    }
    return {"data": data, "layout": layout}
