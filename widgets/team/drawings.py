"""The report's drawings, as inline SVG: the answers on a lesson as dots, the trajectory."""

from __future__ import annotations

import html

from widgets import scoring
from widgets.records import responses
from widgets.team.report_text import esc
from widgets.views import traces
from widgets.views.i18n import number, translator
from widgets.views.roles import ROLE_COLOURS, who
from widgets.views.traces import BAND_FILL, OUTCOME_COLOURS, OUTCOME_SHADES, REFERENCE_COLOUR, outcome_name


def dots_svg(summary: responses.LessonSummary, combined: responses.Team, lang: str) -> str:
    """Who stands where on one lesson: a dot per respondent on the scale 1 to 5, coloured by role,
    the median as a triangle under the line and the levels' numbers below it, clear of both."""
    _ = translator(lang)
    width, height = 180, 36

    def x(level: float) -> float:
        return 10 + (level - scoring.MIN_LEVEL) / (scoring.MAX_LEVEL - scoring.MIN_LEVEL) * (width - 20)

    parts = [f'<line x1="{x(1):.1f}" y1="15" x2="{x(5):.1f}" y2="15" stroke="#8c959f"/>']
    parts += [f'<text x="{x(level):.1f}" y="34" font-size="8" text-anchor="middle" fill="#57606a">{level}</text>'
              for level in range(1, 6)]
    stacked: dict[float, int] = {}
    for respondent in combined.respondents:
        level = respondent.levels.get(summary.factor)
        if level is None:
            continue
        offset = stacked.get(level, 0)
        stacked[level] = offset + 1
        parts.append(f'<circle cx="{x(level):.1f}" cy="{11 - 3 * (offset % 3):.1f}" r="3.2" '
                     f'fill="{ROLE_COLOURS.get(respondent.role, "#57606a")}"><title>'
                     f'{esc(who(respondent, combined, lang))}: {number(level, lang)}</title></circle>')
    if summary.median is not None:
        parts.append(f'<path class="median" d="M{x(summary.median):.1f} 17 l-4 7 h8 z" fill="#1f2328"/>')
    label = _("Answers on a scale from 1 to 5; the triangle is the median.")
    return (f'<svg role="img" aria-label="{esc(label)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>')


def trajectory_svg(evaluation: scoring.Evaluation, lang: str, previous: scoring.Evaluation | None = None,
                   params: scoring.Parameters = scoring.DEFAULT_PARAMETERS) -> str:
    """The predicted momentum with its band and the outcome bands, as an inline SVG chart."""
    _ = translator(lang)
    width, height, left, right, top, bottom = 640, 260, 42, 92, 12, 30
    points = evaluation.trajectory
    span = max(1, len(points) - 1)

    def x(index: int) -> float:
        return left + index / span * (width - left - right)

    def y(value: float) -> float:
        return top + (100 - value) / 100 * (height - top - bottom)

    bands = [("collapsed", 0, params.stagnating_from), ("stagnating", params.stagnating_from, params.continuing_from),
             ("continuing", params.continuing_from, params.thriving_from), ("thriving", params.thriving_from, 100)]
    parts = []
    for name, low, high in bands:
        parts.append(f'<rect x="{left}" y="{y(high):.1f}" width="{width - left - right}" '
                     f'height="{y(low) - y(high):.1f}" fill="{OUTCOME_SHADES[name]}"/>')
        parts.append(f'<text x="{width - right + 6}" y="{(y(low) + y(high)) / 2 + 4:.1f}" font-size="11" '
                     f'fill="{OUTCOME_COLOURS[name]}">{html.escape(outcome_name(name, lang))}</text>')
    band = " ".join(f"{x(i):.1f},{y(p.high):.1f}" for i, p in enumerate(points))
    band += " " + " ".join(f"{x(i):.1f},{y(p.low):.1f}" for i, p in reversed(list(enumerate(points))))
    parts.append(f'<polygon points="{band}" fill="{BAND_FILL}"/>')
    if previous is not None:
        old = " ".join(f"{x(i):.1f},{y(p.momentum):.1f}" for i, p in enumerate(previous.trajectory[: len(points)]))
        parts.append(f'<polyline points="{old}" fill="none" stroke="{REFERENCE_COLOUR}" stroke-width="2" '
                     f'stroke-dasharray="4 3"/>')
    line = " ".join(f"{x(i):.1f},{y(p.momentum):.1f}" for i, p in enumerate(points))
    colour = OUTCOME_COLOURS[evaluation.outcome]
    parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3"/>')
    parts += [f'<circle cx="{x(i):.1f}" cy="{y(p.momentum):.1f}" r="3" fill="{colour}"/>' for i, p in enumerate(points)]
    for value in (0, 20, 40, 60, 80, 100):
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="10" text-anchor="end" '
                     f'fill="#57606a">{value}</text>')
    for i, p in enumerate(points):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 12}" font-size="10" text-anchor="middle" '
                     f'fill="#57606a">{p.when}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 1}" font-size="10" text-anchor="middle" '
                 f'fill="#57606a">{html.escape(_(traces.TEXT["year"]))}</text>')
    label = _("Predicted momentum (0-100) over {years} years, with its likely range.").format(years=span)
    return (f'<svg role="img" aria-label="{html.escape(label)}" width="100%" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="xMinYMin meet">{"".join(parts)}</svg>')
