"""Plotly figures of the book: trajectories, what-ifs, contributions, the coding matrix, the timeline.

Every figure uses only scatter and bar traces, so the smallest official plotly.js
bundle (``plotly.js-basic``) draws them. :func:`show` renders a figure as HTML that
loads nothing from outside the page.
"""

from __future__ import annotations

import html
import json
import os
import textwrap
from typing import Mapping, Sequence

import plotly.graph_objects as go

from widgets import scoring
from widgets.loading import Factor, History, Scenario
from widgets.whatif import Run

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
LEVEL_COLOURS = ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"]
REFERENCE_COLOUR = "#6e7781"
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"  # what JupyterLab's plotly renderer draws
# Set while the book is built (_ext/offline_site.py): its pages are static, with no kernel.
BOOK_BUILD_ENV = "SAMENSTERK_BOOK_BUILD"
HOVER_WIDTH = 60  # characters per line in hover text


def in_book_build() -> bool:
    """Whether this runs in a notebook executed for the static book (no kernel behind the page)."""
    return bool(os.environ.get(BOOK_BUILD_ENV))


def _wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """Escape text for plotly's hover labels and break it into lines."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width)) or "&nbsp;"


def _base_layout(title: str, height: int) -> dict:
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=15)),
        template="plotly_white",
        font=FONT,
        height=height,
        margin=dict(l=60, r=30, t=90, b=50),
    )


def _x_values(evaluation: scoring.Evaluation) -> list[int]:
    return [
        point.calendar_year if point.calendar_year is not None else point.year
        for point in evaluation.trajectory
    ]


def outcome_bands(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> list[dict]:
    """Shaded horizontal bands, one per outcome class, behind the trajectory."""
    edges = {
        "collapsed": (0, params.stagnating_from),
        "stagnating": (params.stagnating_from, params.continuing_from),
        "continuing": (params.continuing_from, params.thriving_from),
        "thriving": (params.thriving_from, 100),
    }
    return [
        dict(type="rect", xref="paper", yref="y", x0=0, x1=1, y0=low, y1=high,
             fillcolor=OUTCOME_SHADES[name], line=dict(width=0), layer="below")
        for name, (low, high) in edges.items()
    ]


def outcome_labels(params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> list[dict]:
    middles = {
        "thriving": (params.thriving_from + 100) / 2,
        "continuing": (params.continuing_from + params.thriving_from) / 2,
        "stagnating": (params.stagnating_from + params.continuing_from) / 2,
        "collapsed": params.stagnating_from / 2,
    }
    return [
        dict(xref="paper", yref="y", x=1, y=y, xanchor="right", showarrow=False,
             text=name, font=dict(color=OUTCOME_COLOURS[name], size=11))
        for name, y in middles.items()
    ]


def _run_title(run: Run, documented: str | None) -> str:
    evaluation = run.evaluation
    text = f"{run.whatif.label}: predicted <b>{evaluation.outcome}</b> (score {evaluation.score:.0f})"
    if documented:
        text += f"<br><span style='font-size:12px'>documented outcome: {documented}</span>"
    return text


def _run_traces(run: Run, visible: bool) -> list[go.Scatter]:
    """Band and momentum line of one scenario (three traces)."""
    evaluation = run.evaluation
    x = _x_values(evaluation)
    colour = OUTCOME_COLOURS[evaluation.outcome]
    meta = {"scenario": run.whatif.key, "outcome": evaluation.outcome}
    return [
        go.Scatter(x=x, y=[p.high for p in evaluation.trajectory], mode="lines",
                   line=dict(width=0), hoverinfo="skip", showlegend=False, visible=visible,
                   meta={**meta, "role": "high"}, name="band high"),
        go.Scatter(x=x, y=[p.low for p in evaluation.trajectory], mode="lines",
                   line=dict(width=0), fill="tonexty", fillcolor="rgba(110,119,129,0.18)",
                   hoverinfo="skip", name="uncertainty band", visible=visible,
                   meta={**meta, "role": "low"}),
        go.Scatter(x=x, y=[p.momentum for p in evaluation.trajectory], mode="lines+markers",
                   line=dict(color=colour, width=3), marker=dict(size=7),
                   name=f"momentum ({evaluation.outcome})", visible=visible,
                   meta={**meta, "role": "momentum"},
                   hovertemplate="%{x}: momentum %{y:.0f}<extra></extra>"),
    ]


def trajectory_figure(
    runs: Sequence[Run],
    documented: str | None = None,
    title_prefix: str = "",
) -> go.Figure:
    """Momentum with its band for one or more scenarios; a menu switches between several."""
    if not runs:
        raise ValueError("trajectory_figure needs at least one run")
    first = runs[0]
    figure = go.Figure()
    if len(runs) > 1:
        reference = first.evaluation
        figure.add_trace(go.Scatter(
            x=_x_values(reference), y=[p.momentum for p in reference.trajectory], mode="lines",
            line=dict(color=REFERENCE_COLOUR, width=1.5, dash="dot"), name="as documented",
            meta={"scenario": "reference", "role": "reference"}, hoverinfo="skip"))
    for index, run in enumerate(runs):
        for trace in _run_traces(run, visible=index == 0):
            figure.add_trace(trace)
    shapes = outcome_bands()
    for point in first.evaluation.trajectory:
        if point.election:
            x = point.calendar_year if point.calendar_year is not None else point.year
            shapes.append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1,
                               line=dict(color=REFERENCE_COLOUR, width=1, dash="dash")))
    annotations = outcome_labels()
    layout = _base_layout(title_prefix + _run_title(first, documented), 440)
    layout.update(
        shapes=shapes,
        annotations=annotations,
        yaxis=dict(title=dict(text="momentum (0-100)"), range=[0, 100], fixedrange=True),
        xaxis=dict(title=dict(text="year (dashed: municipal elections)"), dtick=1, fixedrange=True),
        legend=dict(orientation="h", y=-0.2),
    )
    if len(runs) > 1:
        buttons = []  # the reference trace comes first and stays visible
        for index, run in enumerate(runs):
            visible = [True] + [i // 3 == index for i in range(3 * len(runs))]
            buttons.append(dict(
                label=f"{run.whatif.label} → {run.evaluation.outcome}",
                method="update",
                args=[{"visible": visible}, {"title.text": title_prefix + _run_title(run, documented)}],
            ))
        layout["updatemenus"] = [dict(type="dropdown", buttons=buttons, x=0, xanchor="left",
                                      y=1.03, yanchor="bottom", showactive=True, active=0)]
        layout["title"].update(y=0.98, yref="container", yanchor="top")
        layout["margin"] = dict(l=60, r=30, t=150, b=50)
        layout["height"] = 500
    figure.update_layout(**layout)
    return figure


def contributions_figure(evaluation: scoring.Evaluation, factors: Mapping[str, Factor]) -> go.Figure:
    """Each factor's contribution to the readiness score, relative to level 3."""
    keys = list(reversed(scoring.FACTORS))
    values = [evaluation.contributions[key] for key in keys]
    labels = [f"{factors[key].lesson}. {factors[key].label_en}" for key in keys]
    figure = go.Figure(go.Bar(
        x=values, y=labels, orientation="h",
        marker=dict(color=["#1a7f37" if v >= 0 else "#cf222e" for v in values]),
        customdata=[evaluation.levels[key] for key in keys],
        hovertemplate="%{y}: level %{customdata:g}, %{x:+.1f} points<extra></extra>",
    ))
    layout = _base_layout(f"Readiness score {evaluation.score:.0f}: what each lesson adds or takes away", 420)
    layout.update(xaxis=dict(title=dict(text="points relative to every factor at level 3"), zeroline=True,
                             fixedrange=True),
                  yaxis=dict(fixedrange=True, automargin=True), margin=dict(l=10, r=30, t=60, b=50))
    figure.update_layout(**layout)
    return figure


def coding_matrix_figure(cases: Mapping[str, Scenario], factors: Mapping[str, Factor]) -> go.Figure:
    """Cases (rows) against the eleven lessons (columns): level as colour, confidence as shape."""
    symbols = {"documented": "square", "inferred": "square-open-dot", "unknown": "circle-open"}
    figure = go.Figure()
    case_labels = [case.label for case in cases.values()]
    lesson_labels = [f"{factors[k].lesson}. {factors[k].label_en}" for k in scoring.FACTORS]
    for confidence, symbol in symbols.items():
        xs, ys, colours, texts, hovers = [], [], [], [], []
        for case in cases.values():
            for key, label in zip(scoring.FACTORS, lesson_labels):
                coding = case.codings[key]
                if coding.confidence != confidence:
                    continue
                xs.append(label)
                ys.append(case.label)
                colours.append(LEVEL_COLOURS[min(4, max(0, int(coding.level + 0.5) - 1))])
                texts.append(f"{coding.level:g}")
                hovers.append(
                    f"<b>{html.escape(case.label)}: {html.escape(label)}</b><br>"
                    f"level {coding.level:g} ({confidence})<br>{_wrap(coding.evidence)}"
                )
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers+text", text=texts, textfont=dict(size=11),
            marker=dict(symbol=symbol, size=30, color=colours, line=dict(width=2, color=colours)),
            name=confidence, hovertext=hovers, hoverinfo="text",
        ))
    layout = _base_layout("The cases against the eleven lessons (level 1-5; lesson 11: higher = stronger threat)",
                          90 + 38 * len(cases) + 170)
    layout.update(
        xaxis=dict(categoryorder="array", categoryarray=lesson_labels, tickangle=-40, side="bottom",
                   fixedrange=True),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(case_labels)), fixedrange=True,
                   automargin=True),
        legend=dict(title=dict(text="confidence"), orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=110, b=10),
    )
    figure.update_layout(**layout)
    return figure


def timeline_figure(cases: Mapping[str, Scenario], history: Mapping[str, History],
                    source_year: int = 2007) -> go.Figure:
    """The period each case covers in the source, and what happened to it afterwards."""
    labels = [case.label for case in cases.values()]
    starts = [case.start for case in cases.values()]
    lengths = [max(1, (case.end or case.start) - case.start + 1) for case in cases.values()]
    figure = go.Figure(go.Bar(
        y=labels, x=lengths, base=starts, orientation="h", name="period in the source",
        marker=dict(color=[OUTCOME_COLOURS.get(case.outcome or "", REFERENCE_COLOUR) for case in cases.values()]),
        hovertext=[f"<b>{html.escape(c.name)}</b><br>{c.start}-{c.end}; documented: {c.outcome or 'not said'}"
                   for c in cases.values()],
        hoverinfo="text",
    ))
    symbols = {"merger": "x", "cooperation": "diamond", "ended": "square"}
    for kind, symbol in symbols.items():
        xs, ys, hovers = [], [], []
        for case_id, case in cases.items():
            for event in history[case_id].events:
                if event.kind != kind:
                    continue
                xs.append(event.date.year + (event.date.timetuple().tm_yday - 1) / 366)
                ys.append(case.label)
                hovers.append(f"{event.date.isoformat()}: {_wrap(event.text)}")
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", name={"merger": "merger (herindeling)",
                                              "cooperation": "cooperation continues or deepens",
                                              "ended": "talks or plans ended"}[kind],
            marker=dict(symbol=symbol, size=11, color="#24292f", line=dict(width=1.5, color="#24292f")),
            hovertext=hovers, hoverinfo="text",
        ))
    layout = _base_layout("The cases: the years the source covers (bars, coloured by documented outcome) and after", 560)
    layout.update(
        shapes=[dict(type="line", xref="x", yref="paper", x0=source_year + 1, x1=source_year + 1, y0=0, y1=1,
                     line=dict(color=REFERENCE_COLOUR, dash="dash"))],
        annotations=[dict(xref="x", yref="paper", x=source_year + 1, y=1.02, showarrow=False,
                          text="the source (2007)", font=dict(size=11, color=REFERENCE_COLOUR))],
        xaxis=dict(range=[1999.5, 2025.5], dtick=2, fixedrange=True, title=dict(text="year")),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(labels)), fixedrange=True,
                   automargin=True),
        legend=dict(orientation="h", y=-0.15),
        barmode="overlay",
    )
    figure.update_layout(**layout)
    return figure


class FigureHTML:
    """A figure as page HTML: a caption for screen readers and the plot, no script downloads."""

    def __init__(self, figure: go.Figure, caption: str = "") -> None:
        self.figure = figure
        self.caption = caption

    def _repr_html_(self) -> str:
        plot = self.figure.to_html(
            include_plotlyjs=False, include_mathjax=False, full_html=False, config=PLOTLY_CONFIG
        )
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return f'<figure class="samensterk-figure">{plot}{caption}</figure>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The page HTML; outside the book's build also plotly's own JSON, which JupyterLab
        draws with its plotly renderer (the HTML expects the page to have loaded plotly.js)."""
        bundle = {"text/html": self._repr_html_(), "text/plain": self.caption or "plotly figure"}
        if not in_book_build():
            bundle[PLOTLY_MIMETYPE] = {**json.loads(self.figure.to_json()), "config": PLOTLY_CONFIG}
        return bundle


def show(figure: go.Figure, caption: str = "") -> FigureHTML:
    """Display a figure in a built page (and in Jupyter)."""
    return FigureHTML(figure, caption)
