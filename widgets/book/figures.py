"""Plotly figures of the book: trajectories, what-ifs, probabilities, contributions, the matrix, the timeline.

Trajectories, probabilities and contributions are drawn from the traces of
:mod:`widgets.views.traces`, as the explorers draw them. Every figure uses only scatter
and bar traces, so the smallest official plotly.js bundle (``plotly.js-basic``)
draws them; :func:`show` renders a figure as HTML that loads nothing from outside
the page.
"""

from __future__ import annotations

import html
import json
import os
import textwrap
from typing import Any, Mapping, Sequence

import plotly.graph_objects as go

from widgets import scoring
from widgets.book import tables
from widgets.book.language import _, book_language, figure_layout, general, text
from widgets.book.whatif import Run
from widgets.records.coding import Factor, Scenario
from widgets.records.history import History
from widgets.views import traces
from widgets.views.i18n import N_

LEVEL_COLOURS = ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"]
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"  # what JupyterLab's plotly renderer draws
# Set while the book is built (_ext/offline_site.py): its pages are static, with no kernel.
BOOK_BUILD_ENV = "SAMENSTERK_BOOK_BUILD"
HOVER_WIDTH = 60  # characters per line in hover text
# The kinds of event in the timeline, as its legend names them.
TIMELINE_NAMES = {"merger": N_("merger (herindeling)"), "cooperation": N_("cooperation continues or deepens"),
                  "ended": N_("talks or plans ended")}


def in_book_build() -> bool:
    """Whether this runs in a notebook executed for the static book (no kernel behind the page)."""
    return bool(os.environ.get(BOOK_BUILD_ENV))


def _wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """Escape text for plotly's hover labels and break it into lines."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width)) or "&nbsp;"


def _base_layout(title: str, height: int) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": "plotly_white", "font": traces.FONT, "height": height, "margin": dict(traces.MARGIN),
        **figure_layout(),
    }


def _in_book_language(figure: go.Figure) -> go.Figure:
    """The figure with the book language's decimal sign on its axes (a decimal comma in Dutch)."""
    layout = figure_layout()
    if layout:
        figure.update_layout(**layout)
    return figure


def run_title(run: Run) -> str:
    """A short title for a scenario: its short label and the predicted class."""
    return traces.scenario_title(run.whatif.short_label, run.evaluation.outcome, book_language())


def trajectory_figure(runs: Sequence[Run], last_dated: int | None = None) -> go.Figure:
    """Momentum with its band for one or more scenarios; a menu switches between several.

    ``last_dated`` marks the source's last dated year of a case with a dotted line.
    """
    if not runs:
        raise ValueError("trajectory_figure needs at least one run")
    lang = book_language()
    first = runs[0].evaluation
    spec = traces.trajectory_figure(first, run_title(runs[0]), last_dated=last_dated, lang=lang)
    figure = _in_book_language(go.Figure(layout=spec["layout"]))
    if len(runs) == 1:
        figure.add_traces(spec["data"])
        return figure
    reference = traces.comparison_trace(first, _("as documented"), lang=lang)
    reference["meta"] = {"scenario": "reference", "role": "reference"}
    figure.add_trace(reference)
    for index, run in enumerate(runs):
        figure.add_traces(traces.trajectory_traces(run.evaluation, visible=index == 0, key=run.whatif.key, lang=lang))
    figure.add_trace(traces.election_key(lang))
    buttons = []  # the reference trace comes first and stays visible
    for index, run in enumerate(runs):
        visible = [True] + [i // 3 == index for i in range(3 * len(runs))] + [True]
        buttons.append({"label": run.whatif.short_label, "method": "update",
                        "args": [{"visible": visible}, {"title.text": run_title(run)}]})
    figure.update_layout(
        updatemenus=[{"type": "dropdown", "buttons": buttons, "x": 0, "xanchor": "left", "y": 1.0,
                      "yanchor": "bottom", "showactive": True, "active": 0, "pad": {"t": 4, "b": 4}}],
        title={"y": 0.99, "yref": "container", "yanchor": "top"},
        margin={**traces.MARGIN, "t": 96}, height=500,
    )
    return figure


def probability_figure(evaluation: scoring.Evaluation, title: str) -> go.Figure:
    """The chance of each outcome class in every year (the Monte Carlo over the coding)."""
    spec = traces.probability_figure(evaluation, title, book_language())
    return _in_book_language(go.Figure(data=spec["data"], layout=spec["layout"]))


def contributions_figure(evaluation: scoring.Evaluation, factors: Mapping[str, Factor]) -> go.Figure:
    """Each factor's contribution to the readiness score, relative to level 3."""
    lang = book_language()
    titles = {key: factor.title_in(lang) for key, factor in factors.items()}
    return _in_book_language(go.Figure(data=[traces.contribution_trace(evaluation, titles, lang)],
                                       layout=traces.contribution_layout(evaluation, lang)))


def coding_matrix_figure(cases: Mapping[str, Scenario], factors: Mapping[str, Factor]) -> go.Figure:
    """Cases (rows) against the eleven lessons (columns): level as colour, confidence as shape."""
    symbols = {"documented": "square", "inferred": "square-open-dot", "unknown": "circle-open"}
    figure = go.Figure()
    case_labels = [case.label for case in cases.values()]
    lesson_labels = [str(factors[k].lesson) for k in scoring.FACTORS]
    for confidence, symbol in symbols.items():
        xs, ys, colours, texts, hovers = [], [], [], [], []
        for case in cases.values():
            for key, label in zip(scoring.FACTORS, lesson_labels):
                coding = case.codings[key]
                if coding.confidence != confidence:
                    continue
                xs.append(label)
                ys.append(case.label)
                colours.append(LEVEL_COLOURS[scoring.whole_level(coding.level) - 1])
                texts.append(general(coding.level))
                hovers.append(
                    f"<b>{html.escape(case.label)}: {html.escape(factors[key].title_in(book_language()))}</b><br>"
                    + _("level {level} ({confidence}; {reading})").format(
                        level=general(coding.level), confidence=tables.confidence_name(confidence),
                        reading=tables.reading_name(key, coding.level))
                    + f"<br>{_wrap(tables.evidence(coding))}"
                )
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers+text", text=texts, textfont={"size": 10},
            marker={"symbol": symbol, "size": 24, "color": colours, "line": {"width": 2, "color": colours}},
            name=tables.confidence_name(confidence), hovertext=hovers, hoverinfo="text",
        ))
    layout = _base_layout(_("The cases against the eleven lessons"), 90 + 34 * len(cases) + 120)
    layout.update(
        xaxis={"categoryorder": "array", "categoryarray": lesson_labels, "side": "top", "fixedrange": True,
               "title": {"text": _("lesson")}},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(case_labels)), "fixedrange": True,
               "automargin": True},
        legend={"title": {"text": _("confidence")}, **traces.LEGEND},
        margin={"l": 10, "r": 10, "t": 110, "b": 70},
    )
    figure.update_layout(**layout)
    return figure


def timeline_figure(cases: Mapping[str, Scenario], history: Mapping[str, History],
                    source_year: int = 2007) -> go.Figure:
    """The period each case covers in the source, and what happened to it afterwards."""
    labels = [case.label for case in cases.values()]
    starts = [case.start for case in cases.values()]
    lengths = [max(1, (case.end or case.start or 0) - (case.start or 0) + 1) for case in cases.values()]
    figure = go.Figure(go.Bar(
        y=labels, x=lengths, base=starts, orientation="h", name=_("period in the source"),
        marker={"color": [traces.OUTCOME_COLOURS.get(case.outcome or "", traces.REFERENCE_COLOUR)
                          for case in cases.values()]},
        hovertext=[f"<b>{html.escape(text(c, 'name'))}</b>"
                   f"<br>{c.start}-{c.end}; " + _("documented: {outcome} ({confidence})")
                   .format(outcome=tables.outcome_name(c.outcome) if c.outcome else _("not said"),
                           confidence=tables.confidence_name(c.outcome_confidence) if c.outcome_confidence
                           else _("n/a"))
                   for c in cases.values()],
        hoverinfo="text",
    ))
    symbols = {"merger": "x", "cooperation": "diamond", "ended": "square"}
    names = {key: _(name) for key, name in TIMELINE_NAMES.items()}
    for kind, symbol in symbols.items():
        xs, ys, hovers = [], [], []
        for case_id, case in cases.items():
            for event in history[case_id].events:
                if event.kind != kind:
                    continue
                xs.append(event.date.year + (event.date.timetuple().tm_yday - 1) / 366)
                ys.append(case.label)
                hovers.append(f"{event.date.isoformat()}: {_wrap(text(event, 'text'))}")
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", name=names[kind],
            marker={"symbol": symbol, "size": 11, "color": "#24292f", "line": {"width": 1.5, "color": "#24292f"}},
            hovertext=hovers, hoverinfo="text",
        ))
    layout = _base_layout(_("The cases, in the source and after"), 600)
    layout.update(
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": source_year + 1, "x1": source_year + 1,
                 "y0": 0, "y1": 1, "line": {"color": traces.REFERENCE_COLOUR, "dash": "dash"}}],
        annotations=[{"xref": "x", "yref": "paper", "x": source_year + 1, "y": 1.02, "showarrow": False,
                      "text": _("the source ({year})").format(year=source_year),
                      "font": {"size": 11, "color": traces.REFERENCE_COLOUR}}],
        xaxis={"range": [1999.5, 2025.5], "dtick": 5, "tickangle": 0, "fixedrange": True},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(labels)), "fixedrange": True,
               "automargin": True},
        legend=dict(traces.LEGEND),
        margin={**traces.MARGIN, "b": 130},
        barmode="overlay",
    )
    figure.update_layout(**layout)
    return figure


class FigureHTML:
    """A figure as page HTML: the plot and a caption (also for screen readers), no script downloads;
    ``fallback`` (an inline SVG) is what a reader without JavaScript sees instead of the plot."""

    def __init__(self, figure: go.Figure, caption: str = "", div_id: str | None = None, fallback: str = "") -> None:
        self.figure = figure
        self.caption = caption
        self.div_id = div_id
        self.fallback = fallback

    def _repr_html_(self) -> str:
        plot = self.figure.to_html(include_plotlyjs=False, include_mathjax=False, full_html=False,
                                   config=PLOTLY_CONFIG, div_id=self.div_id)
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        fallback = f"<noscript>{self.fallback}</noscript>" if self.fallback else ""
        return f'<figure class="samensterk-figure">{plot}{fallback}{caption}</figure>'

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The page HTML; outside the book's build also plotly's own JSON, which JupyterLab
        draws with its plotly renderer (the HTML expects the page to have loaded plotly.js)."""
        bundle: dict[str, Any] = {"text/html": self._repr_html_(), "text/plain": self.caption or "plotly figure"}
        if not in_book_build():
            bundle[PLOTLY_MIMETYPE] = {**json.loads(self.figure.to_json()), "config": PLOTLY_CONFIG}
        return bundle


def show(figure: go.Figure, caption: str = "", div_id: str | None = None, fallback: str = "") -> FigureHTML:
    """Display a figure in a built page (and in Jupyter)."""
    return FigureHTML(figure, caption, div_id, fallback)
